"""The access-policy matrix: every rule of reintegra/access/policy.py, line by line.

Expectations are written out by hand (not derived from the policy's own tables), so a
change to a rule breaks a test here.
"""

import pytest
from django.utils import timezone

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.models import Membership
from reintegra.accounts.tests.factories import UserFactory, actor_for, member
from reintegra.cases.choices import CaseRole
from reintegra.cases.models import Case, CaseNote, CaseTeamMember, Task
from reintegra.cases.selectors import case_list
from reintegra.cases.tests.factories import CaseFactory, NoteFactory, TaskFactory, TeamMemberFactory
from reintegra.core.actors import Actor
from reintegra.core.choices import DataCategory as C
from reintegra.people.models import Household, Person
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db

ALL = set(C.values)
MENTOR = {C.IDENTITY, C.CONTACT_LOCATION, C.FAMILY_CHILDREN, C.CASE_NOTES, C.OUTCOMES}
PROVIDER = {C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES}
NONE: set[str] = set()

# viewer -> (view, change, manage_team, reopen, categories seen)
MATRIX = {
    "case_manager": (True, True, True, False, ALL),
    "psychologist": (True, False, False, False, ALL),
    "mentor": (True, False, False, False, MENTOR),
    "provider": (True, False, False, False, PROVIDER),
    "supervisor": (True, True, True, True, ALL),
    "colleague": (False, False, False, False, NONE),
    "me_officer": (False, False, False, False, NONE),
    "dual": (False, False, False, False, NONE),
    "other_supervisor": (False, False, False, False, NONE),
    "other_worker": (False, False, False, False, NONE),
}
AGENCY_B_USERS = {"other_supervisor", "other_worker"}


def _actor(world, name: str) -> Actor:
    return world.actor(name, world.agency_b if name in AGENCY_B_USERS else world.agency_a)


def _sees_case(actor: Actor, case: Case, action: Action = Action.VIEW, category: str | None = None) -> bool:
    return Case.objects.filter(policy.case_scope(actor, action, category)).filter(pk=case.pk).exists()


@pytest.mark.parametrize("viewer", MATRIX)
@pytest.mark.parametrize(
    ("action", "column"),
    [(Action.VIEW, 0), (Action.CHANGE, 1), (Action.MANAGE_TEAM, 2), (Action.REOPEN, 3)],
)
def test_case_actions(world, viewer, action, column):
    # given the matrix row for this viewer
    expected = MATRIX[viewer][column]
    # when the policy scopes cases for the action
    allowed = _sees_case(_actor(world, viewer), world.case, action)
    # then
    assert allowed is expected


@pytest.mark.parametrize("viewer", MATRIX)
@pytest.mark.parametrize("category", C.values)
def test_case_categories_by_scope_and_by_row_agree(world, viewer, category):
    # given the viewer's expected categories
    expected = category in MATRIX[viewer][4]
    actor = _actor(world, viewer)
    # when asking the Q (lists, search) and the per-row function (pages, API)
    by_scope = _sees_case(actor, world.case, Action.VIEW, category)
    row = case_list(actor=actor).filter(pk=world.case.pk).first()
    by_row = row is not None and category in policy.case_categories(actor, row, row.actor_role)
    # then both say the same, and what the matrix says
    assert by_scope is expected
    assert by_row is expected


@pytest.mark.parametrize("viewer", MATRIX)
def test_notes_visible_only_in_seen_categories(world, viewer):
    # given one note per category on the case
    for category in C.values:
        NoteFactory(case=world.case, category=category, author=world.users["case_manager"])
    # when the viewer lists notes
    seen = set(
        CaseNote.objects.filter(policy.note_scope(_actor(world, viewer))).values_list("category", flat=True)
    )
    # then exactly the categories of the matrix
    assert seen == MATRIX[viewer][4]


def test_team_member_acting_for_another_agency_sees_nothing(world):
    # given the case manager is also a member of agency B and acts for B
    Membership.objects.create(user=world.users["case_manager"], agency=world.agency_b, role=R.CASE_WORKER)
    actor = world.actor("case_manager", world.agency_b)
    # then the case of agency A is out of reach
    assert _sees_case(actor, world.case) is False


def test_ended_team_membership_grants_nothing(world):
    # given the mentor's place on the team has ended
    CaseTeamMember.objects.filter(case=world.case, user=world.users["mentor"]).update(ended_at=timezone.now())
    # then the mentor no longer sees the case
    assert _sees_case(world.actor("mentor"), world.case) is False


def test_inactive_supervisor_membership_grants_nothing(world):
    # given the supervisor role was withdrawn
    Membership.objects.filter(user=world.users["supervisor"]).update(is_active=False)
    # then the actor built from active memberships sees nothing
    assert _sees_case(world.actor("supervisor"), world.case) is False


def test_supervisor_sees_only_own_agency(world):
    # given a case led by agency B
    other = CaseFactory(lead_agency=world.agency_b)
    # then A's supervisor does not see it and B's does
    assert _sees_case(world.actor("supervisor"), other) is False
    assert _sees_case(world.actor("other_supervisor", world.agency_b), other) is True


def test_no_superuser_bypass(world):
    # given a superuser with no membership, and one who is a member but not on the team
    root = UserFactory(is_superuser=True, is_staff=True)
    staff_root = member(world.agency_a, R.CASE_WORKER, user=UserFactory(is_superuser=True))
    # then neither sees the case nor the person
    for actor in (actor_for(root, world.agency_a), actor_for(staff_root, world.agency_a)):
        assert _sees_case(actor, world.case) is False
        assert Person.objects.filter(policy.person_scope(actor)).exists() is False


def test_actor_without_agency_or_user_sees_nothing(world):
    # given actors missing an agency or a user
    for actor in (Actor(user_id=world.users["case_manager"].pk, name="x"), Actor(user_id=None, name="anon")):
        # then every scope is empty
        assert Case.objects.filter(policy.case_scope(actor)).exists() is False
        assert Person.objects.filter(policy.person_scope(actor)).exists() is False
        assert Household.objects.filter(policy.household_scope(actor)).exists() is False
        assert CaseNote.objects.filter(policy.note_scope(actor)).exists() is False
        assert Task.objects.filter(policy.task_scope(actor)).exists() is False


@pytest.mark.parametrize("viewer", MATRIX)
def test_person_follows_the_case(world, viewer):
    # when the viewer looks for the case's person
    seen = Person.objects.filter(policy.person_scope(_actor(world, viewer))).filter(pk=world.case.person_id)
    # then they see the person exactly when they see the case
    assert seen.exists() is MATRIX[viewer][0]


def test_registered_person_without_case_is_seen_by_registrar_and_supervisor(world):
    # given a colleague registered a person who has no case yet
    person = PersonFactory(registering_agency=world.agency_a, created_by=world.users["colleague"])
    visible = {
        name: Person.objects.filter(policy.person_scope(_actor(world, name))).filter(pk=person.pk).exists()
        for name in MATRIX
    }
    # then only the registrar and the supervisor see them
    assert {name for name, seen in visible.items() if seen} == {"colleague", "supervisor"}
    # and once someone else opens a case for the person, the registrar no longer sees them
    CaseFactory(person=person, lead_agency=world.agency_a)
    assert (
        Person.objects.filter(policy.person_scope(world.actor("colleague"))).filter(pk=person.pk).exists()
        is False
    )


def test_person_categories_are_the_union_of_seen_cases(world):
    # given the mentor is also psychologist on a second case of the same person
    second = CaseFactory(person=world.case.person, lead_agency=world.agency_a)
    TeamMemberFactory(case=second, user=world.users["mentor"], role=CaseRole.PSYCHOLOGIST)
    actor = world.actor("mentor")
    rows = list(case_list(actor=actor).filter(person=world.case.person))
    # when combining what each case shows
    merged = policy.person_categories(
        actor, world.case.person, [policy.case_categories(actor, c, c.actor_role) for c in rows]
    )
    # then the person is seen with every category the psychologist role gives
    assert merged == ALL


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("case_manager", True),
        ("mentor", True),
        ("provider", False),
        ("colleague", False),
        ("supervisor", True),
    ],
)
def test_household_needs_family_category(world, viewer, expected):
    # given the case's person lives in a household
    household = HouseholdFactory(registering_agency=world.agency_a)
    HouseholdMemberFactory(household=household, person=world.case.person)
    # then only viewers who see the family category see the household
    seen = Household.objects.filter(policy.household_scope(_actor(world, viewer))).filter(pk=household.pk)
    assert seen.exists() is expected


def test_household_change_needs_change_on_a_member(world):
    household = HouseholdFactory(registering_agency=world.agency_a)
    HouseholdMemberFactory(household=household, person=world.case.person)
    changers = {
        name
        for name in MATRIX
        if Household.objects.filter(policy.household_scope(_actor(world, name), Action.CHANGE))
        .filter(pk=household.pk)
        .exists()
    }
    assert changers == {"case_manager", "supervisor"}


def test_empty_household_is_seen_by_its_creator_and_supervisor(world):
    household = HouseholdFactory(registering_agency=world.agency_a, created_by=world.users["colleague"])
    seers = {
        name
        for name in MATRIX
        if Household.objects.filter(policy.household_scope(_actor(world, name)))
        .filter(pk=household.pk)
        .exists()
    }
    assert seers == {"colleague", "supervisor"}


def test_task_scope(world):
    # given a task on the case for the mentor, and a personal task of the colleague
    on_case = TaskFactory(case=world.case, assignee=world.users["mentor"])
    personal = TaskFactory(case=None, assignee=world.users["colleague"])

    def can(name, task, action=Action.VIEW):
        return Task.objects.filter(policy.task_scope(_actor(world, name), action)).filter(pk=task.pk).exists()

    # then case tasks follow the case, and the assignee may complete theirs
    assert can("mentor", on_case) is True
    assert can("mentor", on_case, Action.CHANGE) is True
    assert can("provider", on_case) is True
    assert can("provider", on_case, Action.CHANGE) is False
    assert can("case_manager", on_case, Action.CHANGE) is True
    assert can("colleague", on_case) is False
    # and personal tasks belong to their assignee and author only
    assert can("colleague", personal, Action.CHANGE) is True
    assert can("supervisor", personal) is False
    assert can("other_worker", on_case) is False


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((R.CASE_WORKER,), True),
        ((R.SUPERVISOR,), True),
        ((R.MENTOR,), False),
        ((R.PSYCHOLOGIST,), False),
        ((R.ME_OFFICER,), False),
        ((R.AGENCY_ADMIN,), False),
        ((R.DATA_PROTECTION_OFFICER,), False),
    ],
)
def test_who_registers_people_and_opens_cases(world, roles, expected):
    actor = actor_for(member(world.agency_a, *roles), world.agency_a)
    assert policy.may_register_people(actor) is expected
    assert policy.may_open_cases(actor) is expected
