"""Plans, acceptance, reviews, sessions and mentoring: the rules the services enforce."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.cases.choices import TaskStatus
from reintegra.cases.models import Task
from reintegra.core.models import AuditEvent
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory
from reintegra.plans import services
from reintegra.plans.choices import (
    ActionStatus,
    GoalDimension,
    GoalStatus,
    MenteeKind,
    PlanStatus,
    ReviewStatus,
)
from reintegra.plans.models import PlanReview
from reintegra.plans.tests.factories import accept, action_for, goal_for, plan_for, session_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cm(world):
    return world.actor("case_manager")


def test_a_plan_starts_as_a_draft_and_schedules_its_first_review(world, cm):
    plan = plan_for(cm, world.case, review_every_weeks=8)
    review = PlanReview.objects.get(plan=plan)
    assert plan.status == PlanStatus.DRAFT
    assert review.due_on == plan.started_on + timedelta(weeks=8)
    assert review.task.assignee_id == world.users["case_manager"].pk
    assert review.task.status == TaskStatus.OPEN


def test_one_open_plan_per_case(world, cm):
    plan_for(cm, world.case)
    with pytest.raises(ValidationError, match="already has a plan"):
        plan_for(cm, world.case)


def test_acceptance_freezes_a_version_with_the_participants_words(world, cm):
    plan = plan_for(cm, world.case)
    work = goal_for(cm, plan)
    school = goal_for(cm, plan, GoalDimension.EDUCATION, "Children back at school")
    version = accept(cm, plan, [work])
    work.refresh_from_db()
    school.refresh_from_db()
    plan.refresh_from_db()
    assert version.number == 1
    assert "take care of my children" in version.participant_words
    assert {g["title"]: g["accepted"] for g in version.snapshot["goals"]} == {
        "Find stable work": True,
        "Children back at school": False,
    }
    assert (work.accepted_in_id, work.status) == (version.pk, GoalStatus.IN_PROGRESS)
    assert (school.accepted_in_id, school.status) == (None, GoalStatus.PROPOSED)
    assert plan.status == PlanStatus.ACTIVE
    assert AuditEvent.objects.filter(action="plan.accepted", case_id=world.case.pk).exists()


def test_acceptance_needs_goals_of_this_plan_and_the_participants_words(world, cm):
    plan = plan_for(cm, world.case)
    goal = goal_for(cm, plan)
    with pytest.raises(ValidationError):
        services.plan_accept(
            actor=cm,
            plan=plan,
            goals=[goal],
            accepted_on=timezone.localdate(),
            method="in_person",
            participant_words=" ",
            expected_version=plan.version,
        )
    with pytest.raises(ValidationError):
        services.plan_accept(
            actor=cm,
            plan=plan,
            goals=[],
            accepted_on=timezone.localdate(),
            method="in_person",
            participant_words="Yes.",
            expected_version=plan.version,
        )


def test_rewording_an_accepted_goal_asks_for_acceptance_again(world, cm):
    plan = plan_for(cm, world.case)
    goal = goal_for(cm, plan)
    accept(cm, plan, [goal])
    goal.refresh_from_db()
    moved = services.goal_update(
        actor=cm, goal=goal, values={"target_date": timezone.localdate()}, expected_version=goal.version
    )
    assert moved.is_accepted  # a new date is not a new goal
    reworded = services.goal_update(
        actor=cm, goal=moved, values={"title": "Open a small shop"}, expected_version=moved.version
    )
    assert not reworded.is_accepted


def test_a_goal_takes_the_category_of_its_life_area(world, cm):
    plan = plan_for(cm, world.case)
    assert goal_for(cm, plan, GoalDimension.PSYCHOSOCIAL).category == "health_psychosocial"
    assert goal_for(cm, plan, GoalDimension.SPIRITUAL).category == "belief_ideology"
    assert goal_for(cm, plan, GoalDimension.LEGAL).category == "legal_status"
    goal = goal_for(cm, plan, GoalDimension.ECONOMIC)
    moved = services.goal_update(
        actor=cm, goal=goal, values={"dimension": GoalDimension.FAMILY}, expected_version=goal.version
    )
    assert moved.category == "family_children"


def test_an_action_names_who_is_responsible(world, cm):
    plan = plan_for(cm, world.case)
    goal = goal_for(cm, plan)
    with pytest.raises(ValidationError) as error:
        services.action_add(
            actor=cm,
            goal=goal,
            values={"description": "x", "responsible_kind": "user", "target_date": timezone.localdate()},
        )
    assert "responsible_user" in error.value.message_dict
    with pytest.raises(ValidationError, match="case team"):
        action_for(cm, goal, user=world.users["colleague"])  # not on the team
    action = action_for(cm, goal, user=world.users["mentor"])
    assert action.responsible_user_id == world.users["mentor"].pk


def test_an_action_past_its_date_is_overdue_until_done(world, cm):
    plan = plan_for(cm, world.case)
    action = action_for(cm, goal_for(cm, plan), due=timezone.localdate() - timedelta(days=2))
    assert action.is_overdue
    done = services.action_set_status(actor=world.actor("mentor"), action=action, status=ActionStatus.DONE)
    assert not done.is_overdue
    assert done.done_on == timezone.localdate()


def test_recording_a_review_closes_its_task_and_schedules_the_next(world, cm):
    plan = plan_for(cm, world.case, review_every_weeks=4)
    review = plan.reviews.get()
    services.review_record(actor=cm, review=review, held_on=timezone.localdate(), notes="Work goal on track.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.HELD
    assert review.task.status == TaskStatus.DONE
    upcoming = plan.reviews.get(status=ReviewStatus.SCHEDULED)
    assert upcoming.due_on == timezone.localdate() + timedelta(weeks=4)
    with pytest.raises(ValidationError):
        services.review_record(actor=cm, review=review, held_on=timezone.localdate(), notes="again")


def test_closing_a_plan_cancels_open_reviews(world, cm):
    plan = plan_for(cm, world.case)
    closed = services.plan_close(actor=cm, plan=plan, expected_version=plan.version)
    assert closed.status == PlanStatus.CLOSED
    assert plan.reviews.get().task.status == TaskStatus.CANCELLED
    with pytest.raises(ValidationError, match="closed"):
        goal_for(cm, closed)


def test_every_team_member_logs_their_own_sessions_in_the_types_they_may_see(world):
    mentor = world.actor("mentor")
    session = session_for(mentor, world.case, "mentor", "mentoring")
    assert (session.facilitator_id, session.category) == (world.users["mentor"].pk, "case_notes")
    with pytest.raises(ValidationError) as error:
        session_for(mentor, world.case, "mentor", "psychotherapy")  # health data: not for a mentor
    assert "session_type" in error.value.message_dict
    assert session_for(world.actor("psychologist"), world.case, "psychologist", "psychotherapy").category == (
        "health_psychosocial"
    )


def test_a_note_is_written_only_in_a_category_its_author_may_read(world):
    with pytest.raises(ValidationError) as error:
        session_for(world.actor("mentor"), world.case, "mentor", note_category="risk_assessment")
    assert "note_category" in error.value.message_dict


def test_a_non_attendance_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        services.session_log(
            actor=world.actor("mentor"),
            case=world.case,
            team_role="mentor",
            values={
                "session_type": "mentoring",
                "occurred_on": timezone.localdate(),
                "attendance": "did_not_attend",
            },
        )
    assert "non_attendance_reason" in error.value.message_dict


def test_a_concern_alerts_the_case_manager_until_resolved(world):
    session = session_for(
        world.actor("mentor"), world.case, "mentor", concern=True, note="Says old contacts called him."
    )
    task = Task.objects.get(pk=session.concern_task_id)
    assert task.assignee_id == world.users["case_manager"].pk
    assert session.code in task.title
    assert "old contacts" not in task.title  # the title says where to look, not what was said
    with pytest.raises(ValidationError):
        session_for(world.actor("mentor"), world.case, "mentor", concern=True, note="")
    resolved = services.session_concern_resolve(
        actor=world.actor("case_manager"), session=session, resolution="Met him."
    )
    assert not resolved.concern_open
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_a_concern_can_be_raised_later_with_a_note(world):
    session = session_for(world.actor("mentor"), world.case, "mentor")
    raised = services.session_raise_concern(
        actor=world.actor("mentor"),
        session=session,
        team_role="mentor",
        category="case_notes",
        body="Missed work twice.",
    )
    assert raised.concern_open
    assert raised.notes.filter(is_concern=True).count() == 1


def test_mentors_for_the_participant_and_a_family_member(world, cm):
    participant = services.mentor_assign(
        actor=cm, case=world.case, mentor=world.users["mentor"], mentee_kind=MenteeKind.PARTICIPANT
    )
    assert participant.category == "case_notes"
    household = HouseholdFactory()
    HouseholdMemberFactory(household=household, person=world.case.person)
    wife = PersonFactory()
    HouseholdMemberFactory(household=household, person=wife)
    family = services.mentor_assign(
        actor=cm,
        case=world.case,
        mentor=world.users["mentor"],
        mentee_kind=MenteeKind.FAMILY_MEMBER,
        mentee_person=wife,
        focus="Finding work",
    )
    assert family.category == "family_children"
    with pytest.raises(ValidationError, match="case team"):
        services.mentor_assign(
            actor=cm, case=world.case, mentor=world.users["colleague"], mentee_kind=MenteeKind.PARTICIPANT
        )
    with pytest.raises(ValidationError):
        services.mentor_assign(
            actor=cm, case=world.case, mentor=world.users["mentor"], mentee_kind=MenteeKind.SIGNIFICANT_OTHER
        )
    ended = services.mentor_end(
        actor=cm, assignment=family, ended_on=timezone.localdate(), end_reason="Found work."
    )
    assert not ended.is_active


def test_goals_actions_and_the_accepted_snapshot_are_encrypted_at_rest(world, cm):
    from django.db import connection

    plan = plan_for(cm, world.case)
    goal = goal_for(cm, plan, GoalDimension.SPIRITUAL, "Talk with the imam about the group")
    action_for(cm, goal)
    version = accept(cm, plan, [goal])
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM plans_goal")
        (title,) = cursor.fetchone()
        cursor.execute("SELECT snapshot_text, participant_words FROM plans_planversion")
        snapshot, words = cursor.fetchone()
        cursor.execute("SELECT description FROM plans_planaction")
        (description,) = cursor.fetchone()
    assert all(value.startswith("rg1$") for value in (title, snapshot, words, description))
    assert "imam" not in title + snapshot + words + description
    # the application reads them back, the snapshot as the JSON it was written as
    version.refresh_from_db()
    assert [g["title"] for g in version.snapshot["goals"]] == ["Talk with the imam about the group"]
