"""Evidence, the person's view, formulations, rationales, countersigners' comments and
session notes are encrypted at rest: canaries written through the services never appear in
plain text anywhere in the database (their tables, the audit trail, any other table)."""

import pytest

from reintegra.assessments import services
from reintegra.assessments.choices import AssessmentContext
from reintegra.assessments.models import Assessment, ItemRating
from reintegra.assessments.services import RatingInput
from reintegra.assessments.tests.factories import full_ratings, open_template
from reintegra.plans import services as plan_services
from reintegra.plans.models import SessionNote
from reintegra.tests.test_encryption_canary import leaks

pytestmark = pytest.mark.django_db


def canary(label: str) -> str:
    return "CANARY-{label}-4b20e1".format(label=label)


def test_sensitive_text_of_assessments_and_sessions_is_encrypted(world):
    cm, psychologist = world.actor("case_manager"), world.actor("psychologist")
    version = open_template()
    assessment = services.assessment_start(
        actor=cm,
        case=world.case,
        version=version,
        team_role="case_manager",
        context=AssessmentContext.CUSTODY,
    )
    ratings = full_ratings(version)
    ratings["family"] = RatingInput(
        values=ratings["family"].values,
        evidence=canary("evidence"),
        sources=["family"],
        person_view=canary("view"),
    )
    assessment = services.assessment_save(
        actor=cm,
        assessment=assessment,
        team_role="case_manager",
        values={
            "formulation": canary("formulation"),
            "judgement": "light",
            "judgement_rationale": canary("rationale"),
        },
        ratings=ratings,
        expected_version=assessment.version,
    )
    assessment = services.assessment_sign(
        actor=cm, assessment=assessment, team_role="case_manager", expected_version=assessment.version
    )
    services.assessment_countersign(
        actor=psychologist,
        assessment=assessment,
        team_role="psychologist",
        comment=canary("comment"),
        dissent=True,
        expected_version=assessment.version,
    )
    plan_services.session_log(
        actor=cm,
        case=world.case,
        team_role="case_manager",
        values={
            "session_type": "counselling",
            "occurred_on": assessment.assessed_on,
            "attendance": "attended",
        },
        note=canary("session"),
        note_category="health_psychosocial",
    )
    # the values read back through the models
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.formulation == canary("formulation")
    assert stored.countersign_comment == canary("comment")
    assert ItemRating.objects.get(assessment=stored, item__code="family").person_view == canary("view")
    assert SessionNote.objects.get().body == canary("session")
    # and never in plain text in the database
    labels = ("evidence", "view", "formulation", "rationale", "comment", "session")
    assert leaks([canary(label) for label in labels]) == []
