"""Architecture rules that keep the access policy the only gate to personal data."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin

PACKAGE = Path(__file__).resolve().parents[1]
PROTECTED = (
    "Person", "PersonAlias", "IdentityDocument", "Household", "HouseholdMember",
    "Case", "CaseNote", "CaseTeamMember", "CaseStageChange", "Task", "AuditEvent", "AuditSubject",
    "SharingBasis", "SharingBasisTerm", "BreakGlassGrant",
    "LegalEvent", "PersonLegalStatus", "SupervisionMeasure", "CheckIn", "CustodyParticipation",
    "FamilyVisit", "CustodyNote", "ReturnEvent", "ReturnMember", "ArrivalNeed", "ReceptionItem",
    "ChildSafeguard", "CarePreference", "FamilyGoal",
    "Referral", "ReferralStatusChange", "ReferralFeedback", "ReferralAttendance",
    "Community", "CommunityProfile", "Stakeholder", "StakeholderContact", "SurveyWave", "SurveyResponse",
    "SurveyAnswer", "CommunityIncident", "IncidentResponse", "CommunityPlan",
    "Assessment", "ItemRating", "Plan", "PlanVersion", "Goal", "PlanAction", "PlanReview", "Session",
    "SessionNote", "MentorAssignment",
)  # fmt: skip
DIRECT_QUERY = re.compile(
    r"\b(?:{names})\.(?:objects|_default_manager|_base_manager)\b".format(names="|".join(PROTECTED))
)
INTERFACE_GLOBS = ("*/views.py", "*/api/*.py", "*/forms.py", "*/templatetags/*.py", "*/admin.py")


def _interface_files() -> list[Path]:
    return sorted(path for pattern in INTERFACE_GLOBS for path in PACKAGE.glob(pattern))


def test_interface_code_reads_protected_records_only_through_selectors():
    # given every view, API, form, template-tag and admin module
    offenders = [
        "{file}:{line}: {code}".format(file=path.relative_to(PACKAGE), line=number, code=text.strip())
        for path in _interface_files()
        for number, text in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT_QUERY.search(text)
    ]
    # then none of them touches a protected model's manager
    assert offenders == [], "use the app's selectors (they apply reintegra/access/policy.py)"


def test_the_guard_sees_the_files_it_guards():
    # a glob typo must not make the test above pass vacuously
    names = {path.relative_to(PACKAGE).as_posix() for path in _interface_files()}
    assert {"cases/views.py", "people/views.py", "cases/api/views.py", "people/forms.py"} <= names


def test_the_guard_catches_a_direct_query():
    assert DIRECT_QUERY.search("case = Case.objects.get(pk=pk)")
    assert DIRECT_QUERY.search("AuditEvent._default_manager.all()")
    assert not DIRECT_QUERY.search("case = case_get(actor=actor, case_id=pk)")


@pytest.mark.parametrize("name", PROTECTED)
def test_personal_data_is_not_in_the_admin(name):
    # the admin has no access policy, so personal data must never be registered there
    models = [m for m in apps.get_models() if m.__name__ == name]
    assert models, name
    assert not any(admin.site.is_registered(model) for model in models)


def test_no_domain_signals():
    # signals hide side effects from the services that must audit them
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in {
                "django.db.models.signals",
                "django.dispatch",
            }:
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []
