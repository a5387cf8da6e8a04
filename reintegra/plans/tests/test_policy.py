"""Who sees and changes plans, goals, sessions and mentor assignments, by role on the case
and data category, written out by hand."""

import pytest

from reintegra.access.policy import Action
from reintegra.plans import services
from reintegra.plans.choices import GoalDimension, MenteeKind, SessionType
from reintegra.plans.selectors import (
    goal_list,
    mentor_assignment_list,
    plan_action_progress_get,
    plan_list,
    session_editable_get,
    session_list,
    session_note_list,
)
from reintegra.plans.tests.factories import action_for, goal_for, plan_for, session_for

pytestmark = pytest.mark.django_db

VIEWERS = [
    "case_manager",
    "psychologist",
    "mentor",
    "provider",
    "supervisor",
    "colleague",
    "other_supervisor",
]
AGENCY_B = {"other_supervisor"}
ALL_AREAS = set(GoalDimension.values)
# viewer -> life areas of goals they see (their categories on the case)
GOALS_SEEN = {
    "case_manager": ALL_AREAS,
    "psychologist": ALL_AREAS,
    "supervisor": ALL_AREAS,
    "mentor": {"economic", "social", "education", "family"},
    "provider": {"economic", "social", "education"},
    "colleague": set(),
    "other_supervisor": set(),
}
CHANGES_PLANS = {"case_manager", "supervisor"}


def _actor(world, name):
    return world.actor(name, world.agency_b if name in AGENCY_B else world.agency_a)


@pytest.fixture
def plan(world):
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    for area in GoalDimension.values:
        goal_for(cm, plan, area, "A goal in " + area)
    return plan


@pytest.mark.parametrize("viewer", VIEWERS)
def test_goals_by_life_area(world, plan, viewer):
    actor = _actor(world, viewer)
    seen = set(goal_list(actor=actor).filter(plan=plan).values_list("dimension", flat=True))
    assert seen == GOALS_SEEN[viewer]
    changeable = set(
        goal_list(actor=actor, action=Action.CHANGE).filter(plan=plan).values_list("dimension", flat=True)
    )
    assert changeable == (ALL_AREAS if viewer in CHANGES_PLANS else set())


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_plan_itself_is_case_notes(world, plan, viewer):
    sees = plan_list(actor=_actor(world, viewer)).filter(pk=plan.pk).exists()
    assert sees is (viewer not in {"colleague", "other_supervisor"})


# viewer -> session types they see
SESSIONS_SEEN = {
    "case_manager": {"mentoring", "psychotherapy", "dialogue", "family_meeting"},
    "psychologist": {"mentoring", "psychotherapy", "dialogue", "family_meeting"},
    "supervisor": {"mentoring", "psychotherapy", "dialogue", "family_meeting"},
    "mentor": {"mentoring", "family_meeting"},
    "provider": {"mentoring"},
    "colleague": set(),
    "other_supervisor": set(),
}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_sessions_by_type(world, viewer):
    cm = world.actor("case_manager")
    for kind in (
        SessionType.MENTORING,
        SessionType.PSYCHOTHERAPY,
        SessionType.DIALOGUE,
        SessionType.FAMILY_MEETING,
    ):
        session_for(cm, world.case, "case_manager", kind)
    seen = set(session_list(actor=_actor(world, viewer)).values_list("session_type", flat=True))
    assert seen == SESSIONS_SEEN[viewer]


def test_a_note_is_shown_only_with_its_own_category_and_its_session(world):
    cm = world.actor("case_manager")
    mentoring = session_for(cm, world.case, "case_manager", "mentoring", note="Talked about work.")
    services.session_note_add(
        actor=cm,
        session=mentoring,
        team_role="case_manager",
        category="health_psychosocial",
        body="Sleeps badly.",
    )
    therapy = session_for(cm, world.case, "case_manager", "psychotherapy", note="Session went well.")
    mentor_notes = {note.body for note in session_note_list(actor=world.actor("mentor"))}
    assert mentor_notes == {"Talked about work."}  # not the health note, nor any note of the therapy session
    assert session_note_list(actor=cm).filter(session=therapy).count() == 1


def test_the_facilitator_corrects_their_session_and_the_responsible_colleague_reports_progress(world):
    session = session_for(world.actor("mentor"), world.case, "mentor")
    assert session_editable_get(actor=world.actor("mentor"), session_id=session.pk) == session
    other = session_for(world.actor("case_manager"), world.case, "case_manager")
    with pytest.raises(Exception, match="Not found"):
        session_editable_get(actor=world.actor("mentor"), session_id=other.pk)
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    action = action_for(cm, goal_for(cm, plan), user=world.users["mentor"])
    assert plan_action_progress_get(actor=world.actor("mentor"), action_id=action.pk) == action
    with pytest.raises(Exception, match="Not found"):
        plan_action_progress_get(actor=world.actor("provider"), action_id=action.pk)


def test_a_family_members_mentoring_is_family_data(world):
    cm = world.actor("case_manager")
    services.mentor_assign(
        actor=cm, case=world.case, mentor=world.users["mentor"], mentee_kind=MenteeKind.PARTICIPANT
    )
    services.mentor_assign(
        actor=cm,
        case=world.case,
        mentor=world.users["mentor"],
        mentee_kind=MenteeKind.SIGNIFICANT_OTHER,
        mentee_description="Older brother",
    )
    assert mentor_assignment_list(actor=world.actor("provider")).count() == 1  # case notes only
    assert mentor_assignment_list(actor=world.actor("mentor")).count() == 2
    assert mentor_assignment_list(actor=world.actor("mentor"), action=Action.CHANGE).count() == 0
