"""The assessment lifecycle: draft, sign, countersign, return, correct; and the survey."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reintegra.assessments import services
from reintegra.assessments.choices import AssessmentContext, AssessmentStatus, SurveyWave, VersionStatus
from reintegra.assessments.models import INSUFFICIENT, ItemRating
from reintegra.assessments.services import RatingInput
from reintegra.assessments.tests.factories import (
    default_survey,
    open_template,
    signed_assessment,
)
from reintegra.cases.choices import CaseStage, TaskStatus
from reintegra.cases.models import Case, Task
from reintegra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _start(world, name="case_manager", role="case_manager"):
    return services.assessment_start(
        actor=world.actor(name),
        case=world.case,
        version=open_template(),
        team_role=role,
        context=AssessmentContext.COMMUNITY,
    )


def _countersign(world, assessment, name="psychologist", role="psychologist", **kwargs):
    return services.assessment_countersign(
        actor=world.actor(name),
        assessment=assessment,
        team_role=role,
        comment=kwargs.get("comment", ""),
        dissent=kwargs.get("dissent", False),
        expected_version=assessment.version,
    )


def test_a_qualified_member_starts_a_draft_with_a_default_reassessment_date(world):
    assessment = _start(world)
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.category == "risk_assessment"
    assert assessment.reassessment_due == services.add_months(assessment.assessed_on, 6)
    assert AuditEvent.objects.filter(action="assessment.created", case_id=world.case.pk).exists()


@pytest.mark.parametrize(("name", "role"), [("mentor", "mentor"), ("provider", "service_provider")])
def test_unqualified_team_members_cannot_start_one(world, name, role):
    with pytest.raises(PermissionDenied):
        _start(world, name, role)


def test_a_rating_must_be_an_option_of_its_scale_and_have_evidence_and_a_source(world):
    assessment = _start(world)
    ratings = {
        "accommodation": RatingInput(values={"need": "enormous"}, evidence="x", sources=["interview"]),
        "family": RatingInput(values={"need": "some_need"}),
        "legal_status": RatingInput(values={"need": "some_need"}, evidence="Court letter."),
    }
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=world.actor("case_manager"),
            assessment=assessment,
            team_role="case_manager",
            values={},
            ratings=ratings,
            expected_version=assessment.version,
        )
    assert set(error.value.message_dict) == {
        "accommodation.need",
        "family.evidence",
        "family.sources",
        "legal_status.sources",
    }
    assert not ItemRating.objects.filter(assessment=assessment).exists()


def test_insufficient_information_is_recorded_apart_from_the_scale(world):
    assessment = _start(world)
    services.assessment_save(
        actor=world.actor("case_manager"),
        assessment=assessment,
        team_role="case_manager",
        values={},
        ratings={
            "family": RatingInput(
                values={"need": INSUFFICIENT, "strength": INSUFFICIENT}, evidence="Family not met yet."
            )
        },
        expected_version=assessment.version,
    )
    row = ItemRating.objects.get(assessment=assessment, item__code="family")
    assert row.values == {"need": INSUFFICIENT, "strength": INSUFFICIENT}
    assert row.sources == []  # no source needed to say information is missing


def test_only_the_assessor_writes_their_draft(world):
    assessment = _start(world)
    with pytest.raises(PermissionDenied):
        services.assessment_save(
            actor=world.actor("psychologist"),
            assessment=assessment,
            team_role="psychologist",
            values={},
            ratings={},
            expected_version=assessment.version,
        )


def test_signing_needs_every_item_a_formulation_a_judgement_and_its_reasons(world):
    assessment = _start(world)
    with pytest.raises(ValidationError) as error:
        services.assessment_sign(
            actor=world.actor("case_manager"),
            assessment=assessment,
            team_role="case_manager",
            expected_version=assessment.version,
        )
    assert {"__all__", "formulation", "judgement", "judgement_rationale"} <= set(error.value.message_dict)


def test_signing_locks_it_and_creates_the_reassessment_task(world):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    task = Task.objects.get(pk=assessment.reassessment_task_id)
    assert (task.due_on, task.assignee_id) == (assessment.reassessment_due, world.users["case_manager"].pk)
    assert assessment.code in task.title
    assert "moderate" not in task.title  # the title carries no rating
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.assessment_save(
            actor=world.actor("case_manager"),
            assessment=assessment,
            team_role="case_manager",
            values={"formulation": "x"},
            ratings={},
            expected_version=assessment.version,
        )


def test_the_assessor_never_countersigns_their_own(world):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    with pytest.raises(PermissionDenied):
        _countersign(world, assessment, "case_manager", "case_manager")


def test_a_second_qualified_user_countersigns_and_may_record_dissent(world):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    with pytest.raises(ValidationError):
        _countersign(world, assessment, dissent=True)  # dissent needs a comment
    done = _countersign(world, assessment, dissent=True, comment="I would rate family support lower.")
    assert done.status == AssessmentStatus.COUNTERSIGNED
    assert done.countersigned_by_id == world.users["psychologist"].pk
    assert done.countersigner_dissents


def test_a_supervisor_outside_the_team_is_qualified_to_countersign(world):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    assert _countersign(world, assessment, "supervisor", None).status == AssessmentStatus.COUNTERSIGNED


def test_returning_unlocks_the_draft_and_cancels_its_task(world):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    task_id = assessment.reassessment_task_id
    returned = services.assessment_return(
        actor=world.actor("psychologist"),
        assessment=assessment,
        team_role="psychologist",
        reason="Evidence for family is thin.",
        expected_version=assessment.version,
    )
    assert returned.status == AssessmentStatus.DRAFT
    assert returned.returned_reason
    assert Task.objects.get(pk=task_id).status == TaskStatus.CANCELLED


def test_a_correction_is_a_new_revision_and_supersedes_the_original_once_countersigned(world):
    original = _countersign(world, signed_assessment(world.actor("case_manager"), world.case))
    revision = services.assessment_correct(
        actor=world.actor("case_manager"),
        assessment=original,
        team_role="case_manager",
        reason="Wrong date of interview.",
    )
    assert (revision.revision, revision.supersedes_id, revision.status) == (
        2,
        original.pk,
        AssessmentStatus.DRAFT,
    )
    assert (
        ItemRating.objects.filter(assessment=revision).count()
        == ItemRating.objects.filter(assessment=original).count()
    )
    with pytest.raises(ValidationError, match="already"):
        services.assessment_correct(
            actor=world.actor("case_manager"), assessment=original, team_role="case_manager", reason="x"
        )
    revision = services.assessment_sign(
        actor=world.actor("case_manager"),
        assessment=revision,
        team_role="case_manager",
        expected_version=revision.version,
    )
    _countersign(world, revision)
    original.refresh_from_db()
    assert original.status == AssessmentStatus.SUPERSEDED
    assert Task.objects.get(pk=original.reassessment_task_id).status == TaskStatus.CANCELLED


def test_a_retired_or_expired_instrument_is_not_used_for_new_assessments(world):
    version = open_template()
    version.status = VersionStatus.RETIRED
    version.save()
    with pytest.raises(ValidationError):
        _start(world)


def test_a_closed_case_receives_no_assessment(world):
    Case.objects.filter(pk=world.case.pk).update(stage=CaseStage.CLOSED, outcome="completed")
    world.case.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        _start(world)


def test_the_reassessment_date_must_follow_the_assessment(world):
    assessment = _start(world)
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            actor=world.actor("case_manager"),
            assessment=assessment,
            team_role="case_manager",
            values={"reassessment_due": assessment.assessed_on},
            ratings={},
            expected_version=assessment.version,
        )
    assert "reassessment_due" in error.value.message_dict


def test_a_stale_draft_is_refused(world):
    assessment = _start(world)
    services.assessment_save(
        actor=world.actor("case_manager"),
        assessment=assessment,
        team_role="case_manager",
        values={"formulation": "a"},
        ratings={},
        expected_version=1,
    )
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.assessment_save(
            actor=world.actor("case_manager"),
            assessment=assessment,
            team_role="case_manager",
            values={"formulation": "b"},
            ratings={},
            expected_version=1,
        )


# --- surveys -------------------------------------------------------------------------------


def _survey(world, answers, wave=SurveyWave.INTAKE, name="case_manager", role="case_manager"):
    return services.survey_record(
        actor=world.actor(name),
        case=world.case,
        question_set=default_survey(),
        team_role=role,
        wave=wave,
        conducted_on=timezone.localdate(),
        answers=answers,
    )


def test_a_survey_is_scored_from_its_answers(world):
    survey = _survey(
        world, {"economic_satisfaction": "very_satisfied", "food_cut": "never", "distress": "dont_know"}
    )
    assert survey.economic_score == 1
    assert survey.social_score is None
    assert survey.psychosocial_score is None  # the only psychosocial answer was "don't know"
    assert not survey.complete


def test_one_intake_per_case_and_unknown_answers_refused(world):
    _survey(world, {})
    with pytest.raises(ValidationError, match="intake"):
        _survey(world, {})
    with pytest.raises(ValidationError):
        _survey(world, {"economic_satisfaction": "ecstatic"}, wave=SurveyWave.FOLLOW_UP)


def test_a_mentor_does_not_take_the_survey(world):
    with pytest.raises(PermissionDenied):
        _survey(world, {}, name="mentor", role="mentor")


def test_correcting_a_survey_rescores_it(world):
    survey = _survey(world, {"economic_satisfaction": "very_dissatisfied"})
    updated = services.survey_update(
        actor=world.actor("case_manager"),
        survey=survey,
        team_role="case_manager",
        wave=survey.wave,
        conducted_on=survey.conducted_on - timedelta(days=1),
        answers={"economic_satisfaction": "very_satisfied"},
        expected_version=survey.version,
    )
    assert updated.economic_score == 1
    assert updated.version == 2
