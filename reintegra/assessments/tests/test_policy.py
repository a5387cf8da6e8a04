"""Who sees and who may work on assessments and surveys: the rules of the policy's
"assessments, plans and sessions" section, written out by hand."""

import copy
import json

import pytest

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import actor_for, member
from reintegra.assessments import importer, services
from reintegra.assessments.choices import AssessmentContext, VersionStatus
from reintegra.assessments.models import ASSESSMENT_CATEGORIES, Assessment
from reintegra.assessments.selectors import assessment_list, survey_list
from reintegra.assessments.tests.factories import default_survey, signed_assessment
from reintegra.cases.choices import CaseRole
from reintegra.cases.selectors import case_list
from reintegra.cases.tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

# viewer -> (sees risk assessments, qualified to assess, sees surveys)
MATRIX = {
    "case_manager": (True, True, True),
    "psychologist": (True, True, True),
    "supervisor": (True, True, True),
    "mentor": (False, False, True),
    "provider": (False, False, False),
    "colleague": (False, False, False),
    "me_officer": (False, False, False),
    "other_supervisor": (False, False, False),
    "other_worker": (False, False, False),
}
AGENCY_B = {"other_supervisor", "other_worker"}


def _actor(world, name):
    return world.actor(name, world.agency_b if name in AGENCY_B else world.agency_a)


@pytest.fixture
def assessment(world):
    return signed_assessment(world.actor("case_manager"), world.case)


@pytest.mark.parametrize("viewer", MATRIX)
def test_risk_assessments_by_role(world, assessment, viewer):
    sees, qualified, _surveys = MATRIX[viewer]
    actor = _actor(world, viewer)
    assert assessment_list(actor=actor).filter(pk=assessment.pk).exists() is sees
    assert assessment_list(actor=actor, action=Action.CHANGE).filter(pk=assessment.pk).exists() is qualified
    row = case_list(actor=actor).filter(pk=world.case.pk).first()
    by_row = row is not None and policy.is_qualified_assessor(actor, row, row.actor_role, assessment.category)
    assert by_row is qualified  # the per-record answer agrees with the query


@pytest.mark.parametrize("viewer", MATRIX)
def test_surveys_by_role(world, viewer):
    survey = services.survey_record(
        actor=world.actor("case_manager"),
        case=world.case,
        question_set=default_survey(),
        team_role="case_manager",
        wave="intake",
        conducted_on=world.case.opened_on,
        answers={},
    )
    assert survey_list(actor=_actor(world, viewer)).filter(pk=survey.pk).exists() is MATRIX[viewer][2]


def test_a_religious_counsellor_sees_belief_instruments_but_never_risk_ones(world, assessment):
    # given an instrument whose assessments are belief-and-ideology data, and a counsellor on the team
    manager = actor_for(member(world.agency_a, R.PROGRAMME_MANAGER), world.agency_a)
    data = copy.deepcopy(importer.shipped_documents(importer.SHIPPED_TEMPLATES)[0])
    data.update(code="dialogue-review", kind="other", category="belief_ideology")
    version = services.instrument_import(actor=manager, raw=json.dumps(data))
    services.instrument_set_status(actor=manager, instrument=version, status=VersionStatus.PUBLISHED)
    belief = services.assessment_start(
        actor=world.actor("case_manager"),
        case=world.case,
        version=version,
        team_role="case_manager",
        context=AssessmentContext.COMMUNITY,
    )
    counsellor = member(world.agency_a, R.RELIGIOUS_COUNSELLOR)
    TeamMemberFactory(case=world.case, user=counsellor, role=CaseRole.RELIGIOUS_COUNSELLOR)
    visible = set(assessment_list(actor=actor_for(counsellor, world.agency_a)).values_list("pk", flat=True))
    # then
    assert visible == {belief.pk}
    assert Assessment.objects.get(pk=assessment.pk).category == "risk_assessment"


def test_every_assessment_category_is_one_the_policy_can_scope(world):
    scope = policy.assessment_scope(world.actor("case_manager"), Action.VIEW, ASSESSMENT_CATEGORIES)
    assert Assessment.objects.filter(scope).count() == 0  # a valid query for every category


def test_instrument_managers(world):
    manager = actor_for(member(world.agency_a, R.PROGRAMME_MANAGER), world.agency_a)
    admin = actor_for(member(world.agency_a, R.AGENCY_ADMIN), world.agency_a)
    assert policy.may_manage_instruments(manager)
    assert policy.may_manage_instruments(admin)
    assert not policy.may_manage_instruments(world.actor("supervisor"))
    assert not policy.may_manage_instruments(world.actor("psychologist"))
