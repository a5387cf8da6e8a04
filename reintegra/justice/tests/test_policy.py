"""The justice section of the access policy (J1–J5), line by line, written out by hand."""

import pytest

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.choices import AgencyType
from reintegra.cases.tests.factories import CaseFactory, TeamMemberFactory
from reintegra.core.choices import DataCategory as C
from reintegra.justice import selectors, services
from reintegra.justice.choices import NeedKind, ParticipationKind, ReturnRole
from reintegra.justice.models import CustodyParticipation
from reintegra.justice.tests.factories import K, days_ago, record
from reintegra.people.models import Person
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# viewer -> (sees legal status, changes, records custody in a coordination case,
#            records custody when the lead agency is a prison)
MATRIX = {
    "case_manager": (True, True, True, True),
    "psychologist": (True, False, False, True),
    "mentor": (False, False, False, False),
    "provider": (False, False, False, False),
    "supervisor": (True, True, True, True),
    "colleague": (False, False, False, False),
    "me_officer": (False, False, False, False),
    "dual": (False, False, False, False),
    "other_supervisor": (False, False, False, False),
    "other_worker": (False, False, False, False),
}
AGENCY_B = {"other_supervisor", "other_worker"}


def _actor(world, name):
    return world.actor(name, world.agency_b if name in AGENCY_B else world.agency_a)


def _in(scope, person) -> bool:
    return Person.objects.filter(scope).filter(pk=person.pk).exists()


@pytest.mark.parametrize("viewer", MATRIX)
def test_legal_status_is_seen_through_the_case(world, viewer):
    actor = _actor(world, viewer)
    assert _in(policy.justice_person_scope(actor, Action.VIEW), world.case.person) is MATRIX[viewer][0]


@pytest.mark.parametrize("viewer", MATRIX)
def test_justice_records_are_changed_by_who_changes_the_case(world, viewer):
    actor = _actor(world, viewer)
    assert (
        _in(policy.justice_person_scope(actor, Action.CHANGE, None), world.case.person) is MATRIX[viewer][1]
    )


@pytest.mark.parametrize("viewer", MATRIX)
def test_custody_records_in_a_coordination_case(world, viewer):
    actor = _actor(world, viewer)
    assert _in(policy.justice_custody_scope(actor), world.case.person) is MATRIX[viewer][2]


@pytest.mark.parametrize("agency_type", [AgencyType.GOV_PRISON, AgencyType.GOV_PROBATION])
@pytest.mark.parametrize("viewer", MATRIX)
def test_prison_and_probation_teams_record_custody_and_check_ins(world, viewer, agency_type):
    # given the lead agency is a prison (or probation) service
    world.agency_a.agency_type = agency_type
    world.agency_a.save()
    actor = _actor(world, viewer)
    # then team members who see legal status record custody and check-ins (J3)
    assert _in(policy.justice_custody_scope(actor), world.case.person) is MATRIX[viewer][3]
    # but viewing and changing the timeline do not change
    assert _in(policy.justice_person_scope(actor, Action.VIEW), world.case.person) is MATRIX[viewer][0]
    assert (
        _in(policy.justice_person_scope(actor, Action.CHANGE, None), world.case.person) is MATRIX[viewer][1]
    )


@pytest.mark.parametrize("viewer", MATRIX)
def test_page_categories_agree_with_the_scope(world, viewer):
    # the categories a page shows (person_categories) and the Q lists use must agree
    actor = _actor(world, viewer)
    person = world.case.person
    visible = Person.objects.filter(policy.person_scope(actor)).filter(pk=person.pk).exists()
    shown = selectors.person_categories(actor=actor, person=person) if visible else frozenset()
    for category in C.values:
        assert _in(policy.justice_person_scope(actor, Action.VIEW, category), person) is (category in shown)


def test_a_person_without_a_case_is_seen_by_their_registrar_and_supervisors(world):
    person = PersonFactory(registering_agency=world.agency_a, created_by=world.users["colleague"])
    assert _in(policy.justice_person_scope(world.actor("colleague")), person)
    assert _in(policy.justice_person_scope(world.actor("supervisor")), person)
    assert not _in(policy.justice_person_scope(world.actor("case_manager")), person)


def test_a_legal_timeline_is_per_person_seen_through_any_of_their_cases(world):
    # given the person has a second case in another agency, where the other worker is on the team
    other_case = CaseFactory(
        person=world.case.person, lead_agency=world.agency_b, programme__lead_agency=world.agency_b
    )
    TeamMemberFactory(case=other_case, user=world.users["other_worker"])
    record(world.actor("case_manager"), world.case.person, K.ARREST, 3)
    # then the other agency's team member sees the same timeline
    actor = world.actor("other_worker", world.agency_b)
    assert selectors.legal_event_list(actor=actor).count() == 1


def test_records_with_their_own_category(world):
    # given a religious-counselling participation (belief) and an education one (legal status)
    cm = world.actor("case_manager")
    person = world.case.person
    for kind in (ParticipationKind.RELIGIOUS, ParticipationKind.EDUCATION):
        services.participation_add(
            actor=cm, person=person, values={"kind": kind, "title": "x", "started_on": days_ago(3)}
        )
    scope = policy.justice_categorised_scope
    categories = selectors.PARTICIPATION_CATEGORY_SET
    seen = {
        name: set(
            CustodyParticipation.objects.filter(scope(_actor(world, name), categories)).values_list(
                "kind", flat=True
            )
        )
        for name in ("case_manager", "mentor", "provider", "other_worker")
    }
    assert seen["case_manager"] == {ParticipationKind.RELIGIOUS, ParticipationKind.EDUCATION}
    assert seen["mentor"] == set()  # a mentor sees neither belief nor legal status
    assert seen["provider"] == set()
    assert seen["other_worker"] == set()


def test_arrival_needs_follow_their_category(world):
    # given a medical need and a shelter need of the returnee
    cm = world.actor("case_manager")
    ret, _n = services.return_record(
        actor=cm,
        values={"returned_on": days_ago(5), "from_country": "IQ", "kind": "repatriation"},
        members=[(world.case.person, ReturnRole.PRINCIPAL, False)],
    )
    for kind in (NeedKind.MEDICAL, NeedKind.SHELTER, NeedKind.CASH):
        services.arrival_need_add(actor=cm, ret=ret, values={"kind": kind, "person": world.case.person})
    # when the psychologist (all categories) and the case manager read the return
    detail = selectors.return_detail(actor=world.actor("psychologist"), return_id=ret.pk)
    assert {n.kind for n in detail.needs} == {NeedKind.MEDICAL, NeedKind.SHELTER, NeedKind.CASH}
    # a mentor does not see legal status, so not the return at all
    with pytest.raises(Exception, match="Not found"):
        selectors.return_detail(actor=world.actor("mentor"), return_id=ret.pk)


def test_family_goals_follow_the_household(world):
    from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory

    household = HouseholdFactory(registering_agency=world.agency_a)
    HouseholdMemberFactory(household=household, person=world.case.person)
    services.family_goal_add(
        actor=world.actor("case_manager"),
        household=household,
        values={"dimension": "education", "goal": "School"},
    )
    assert (
        selectors.family_goal_list(actor=world.actor("mentor"), household=None).count() == 1
    )  # family category
    assert selectors.family_goal_list(actor=world.actor("provider"), household=None).count() == 0
    with pytest.raises(Exception, match="Not found"):
        selectors.family_goal_get(actor=world.actor("mentor"), goal_id=household.family_goals.get().pk)
    assert selectors.family_goal_get(
        actor=world.actor("case_manager"), goal_id=household.family_goals.get().pk
    )
