"""The PAVE family in the demo world has assessments over time, surveys, an accepted plan,
sessions with a concern, and mentors for the father and a child."""

from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.models import Assessment, SurveyResponse
from reintegra.plans.models import Goal, MentorAssignment, Plan, Session


def test_the_pave_family_has_assessments_surveys_a_plan_and_sessions(demo):
    father = Assessment.objects.filter(case__person__given_name_latin="Emir").order_by("assessed_on")
    assert [a.status for a in father] == [AssessmentStatus.COUNTERSIGNED, AssessmentStatus.SIGNED]
    assert father[0].assessor_id != father[0].countersigned_by_id
    assert SurveyResponse.objects.filter(case__person__given_name_latin="Emir").count() == 2
    plan = Plan.objects.get(case__person__given_name_latin="Emir")
    version = plan.versions.get()
    assert "my goals" in version.participant_words
    assert Goal.objects.filter(plan=plan, accepted_in=version).count() == 5
    assert Goal.objects.filter(plan=plan, accepted_in__isnull=True).count() == 1
    assert Session.objects.filter(case=plan.case, concern=True, concern_resolved_at__isnull=True).count() == 1
    assert set(MentorAssignment.objects.filter(case=plan.case).values_list("mentee_kind", flat=True)) == {
        "participant",
        "family_member",
    }
