"""Rule 1b (partners) and 1c (break-glass) of the access policy, as a matrix.

A partner sees category C of a case only when: it is on the team for its agency, a live
protocol (active or review overdue within the grace period) lets the lead agency share C
with it, and a consent or legal basis in force covers its agency, C and a purpose.
Expectations are written out, not derived from the code under test.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import AgencyFactory, actor_for, member
from reintegra.cases.choices import CaseRole
from reintegra.cases.models import Case, CaseNote
from reintegra.cases.selectors import case_list
from reintegra.cases.tests.factories import CaseFactory, NoteFactory, TeamMemberFactory
from reintegra.core.choices import DataCategory as C
from reintegra.people.models import Person
from reintegra.people.tests.factories import PersonFactory
from reintegra.sharing.models import BreakGlassGrant
from reintegra.sharing.tests.factories import (
    BASIS_STATES,
    COVERING,
    PROTOCOL_STATES,
    SHARING,
    basis_for,
    protocol_between,
)

pytestmark = pytest.mark.django_db

PROTOCOL_CATEGORIES = {C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL, C.BELIEF_IDEOLOGY}
PARTNER_RECEIVES = {C.IDENTITY, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL}
CONSENTED = {C.IDENTITY, C.CASE_NOTES, C.BELIEF_IDEOLOGY, C.LEGAL_STATUS}
#: receives ∩ protocol ∩ consent: health lacks consent, belief is not for this partner,
#: legal status is not in the protocol.
SHARED = {C.IDENTITY, C.CASE_NOTES}


@pytest.fixture
def partner_world(world):
    """The `world` case, with B's case worker put on its team as a service provider."""
    TeamMemberFactory(
        case=world.case,
        user=world.users["other_worker"],
        agency=world.agency_b,
        role=CaseRole.SERVICE_PROVIDER,
    )
    world.agency_c = AgencyFactory(name="Agency C")
    return world


def _partner(world):
    return world.actor("other_worker", world.agency_b)


def _seen(actor, case) -> set[str]:
    by_scope = {
        c
        for c in C.values
        if Case.objects.filter(policy.case_scope(actor, Action.VIEW, c), pk=case.pk).exists()
    }
    row = case_list(actor=actor).filter(pk=case.pk).first()
    by_row = set(policy.case_categories(actor, row, row.actor_role)) if row is not None else set()
    assert by_scope == by_row, "the list rule and the record rule disagree"
    return by_scope


def _setup(world, protocol_state: str, basis_state: str, *, via_protocol: bool = False):
    version = protocol_between(
        world.agency_a,
        world.agency_b,
        world.users["supervisor"],
        categories=PROTOCOL_CATEGORIES,
        receives=PARTNER_RECEIVES,
        state=protocol_state,
    )
    basis_for(
        world.case.person,
        recipient=world.agency_b,
        other=world.agency_c,
        user=world.users["case_manager"],
        recording_agency=world.agency_a,
        categories=CONSENTED,
        state=basis_state,
        via_protocol=version.protocol if via_protocol else None,
    )
    return version


@pytest.mark.parametrize("basis_state", BASIS_STATES)
@pytest.mark.parametrize("protocol_state", PROTOCOL_STATES)
def test_partner_matrix(partner_world, protocol_state, basis_state):
    # given a protocol and a consent (or legal basis) in the given states
    _setup(partner_world, protocol_state, basis_state)
    # then the partner sees exactly the shared categories, or nothing
    expected = SHARED if protocol_state in SHARING and basis_state in COVERING else set()
    assert _seen(_partner(partner_world), partner_world.case) == expected


def test_consent_to_every_party_of_a_protocol(partner_world):
    _setup(partner_world, "active", "in_force", via_protocol=True)
    assert _seen(_partner(partner_world), partner_world.case) == SHARED


@pytest.mark.parametrize("viewer", ["dual", "other_supervisor"])
def test_partner_staff_not_on_the_team_see_nothing(partner_world, viewer):
    # given sharing is fully in place for B's case worker
    _setup(partner_world, "active", "in_force")
    # then B's staff who are not on the team (a supervisor included) see nothing
    assert _seen(partner_world.actor(viewer, partner_world.agency_b), partner_world.case) == set()


def test_a_protocol_with_another_agency_does_not_help(partner_world):
    # given a protocol and consent with agency C only
    member(partner_world.agency_c, R.CASE_WORKER, user=partner_world.users["other_worker"])
    protocol_between(
        partner_world.agency_a,
        partner_world.agency_c,
        partner_world.users["supervisor"],
        categories=PROTOCOL_CATEGORIES,
        receives=PARTNER_RECEIVES,
    )
    basis_for(
        partner_world.case.person,
        recipient=partner_world.agency_c,
        other=partner_world.agency_b,
        user=partner_world.users["case_manager"],
        recording_agency=partner_world.agency_a,
        categories=CONSENTED,
    )
    # then B's worker on the team sees nothing, and acting for C (not on the team for C) neither
    assert _seen(_partner(partner_world), partner_world.case) == set()
    assert _seen(partner_world.actor("other_worker", partner_world.agency_c), partner_world.case) == set()


def test_own_agency_rules_do_not_change(partner_world):
    _setup(partner_world, "active", "in_force")
    assert _seen(partner_world.actor("mentor"), partner_world.case) == set(
        policy.CASE_ROLE_CATEGORIES[CaseRole.MENTOR]
    )
    assert _seen(partner_world.actor("colleague"), partner_world.case) == set()


def test_partners_never_change_the_case(partner_world):
    _setup(partner_world, "active", "in_force")
    actor = _partner(partner_world)
    for action in (Action.CHANGE, Action.MANAGE_TEAM, Action.REOPEN):
        assert not Case.objects.filter(policy.case_scope(actor, action), pk=partner_world.case.pk).exists()
    row = case_list(actor=actor).get(pk=partner_world.case.pk)
    assert policy.note_categories_writable(actor, partner_world.case, row.actor_role) == frozenset()


def test_partner_notes_person_and_shareable_categories_follow(partner_world):
    _setup(partner_world, "active", "in_force")
    for category in C.values:
        NoteFactory(case=partner_world.case, category=category, author=partner_world.users["case_manager"])
    actor = _partner(partner_world)
    notes = set(CaseNote.objects.filter(policy.note_scope(actor)).values_list("category", flat=True))
    assert notes == SHARED
    assert Person.objects.filter(policy.person_scope(actor), pk=partner_world.case.person_id).exists()
    assert policy.shareable_categories(partner_world.case, partner_world.agency_b.pk) == SHARED


def test_break_glass_shows_one_case_read_only_until_it_ends(partner_world):
    # given a colleague of the lead agency, not on the team, breaks the glass
    actor = partner_world.actor("colleague")
    other_case = CaseFactory(lead_agency=partner_world.agency_a)
    grant = BreakGlassGrant.objects.create(
        case=partner_world.case,
        user=partner_world.users["colleague"],
        agency=partner_world.agency_a,
        reason="Emergency: threat reported",
        expires_at=timezone.now() + timedelta(hours=4),
    )
    # then every category of that case, read only, and nothing of other cases
    assert _seen(actor, partner_world.case) == set(C.values)
    assert _seen(actor, other_case) == set()
    assert not Case.objects.filter(policy.case_scope(actor, Action.CHANGE), pk=partner_world.case.pk).exists()
    # and once it expires, nothing again
    BreakGlassGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _seen(actor, partner_world.case) == set()


def test_break_glass_is_bound_to_the_agency_it_was_granted_for(partner_world):
    BreakGlassGrant.objects.create(
        case=partner_world.case,
        user=partner_world.users["dual"],
        agency=partner_world.agency_a,
        reason="Emergency: threat reported",
        expires_at=timezone.now() + timedelta(hours=4),
    )
    assert _seen(partner_world.actor("dual", partner_world.agency_a), partner_world.case) == set(C.values)
    assert _seen(partner_world.actor("dual", partner_world.agency_b), partner_world.case) == set()


class SharingMachine(RuleBasedStateMachine):
    """Random sequences of consent, withdrawal, expiry and review; after every step the
    partner's next request sees exactly what the facts allow."""

    @initialize()
    def setup(self):
        lead, partner, other = AgencyFactory(), AgencyFactory(), AgencyFactory()
        self.supervisor = member(lead, R.SUPERVISOR)
        self.worker = member(partner, R.SERVICE_PROVIDER_STAFF)
        self.lead, self.partner, self.other = lead, partner, other
        self.case = CaseFactory(lead_agency=lead, person=PersonFactory(registering_agency=lead))
        TeamMemberFactory(case=self.case, user=self.worker, agency=partner, role=CaseRole.SERVICE_PROVIDER)
        self.version = protocol_between(
            lead, partner, self.supervisor, categories=PROTOCOL_CATEGORIES, receives=PARTNER_RECEIVES
        )
        self.protocol_live = True
        self.bases: list = []

    @rule(categories=st.sets(st.sampled_from([C.IDENTITY, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL]), min_size=1))
    def consent(self, categories):
        basis = basis_for(
            self.case.person,
            recipient=self.partner,
            other=self.other,
            user=self.supervisor,
            recording_agency=self.lead,
            categories=categories,
        )
        self.bases.append(basis)

    @rule(data=st.data())
    def withdraw(self, data):
        live = [b for b in self.bases if b.withdrawn_at is None]
        if live:
            basis = data.draw(st.sampled_from(live))
            basis.withdrawn_at = timezone.now()
            basis.save()

    @rule()
    def expire_protocol(self):
        self.version.expires_on = timezone.localdate() - timedelta(days=1)
        self.version.save()
        self.protocol_live = False

    @invariant()
    def partner_sees_what_the_facts_allow(self):
        if not hasattr(self, "case"):
            return
        covered = (
            set().union(
                *[
                    {t.value for t in b.terms.filter(kind="category")}
                    for b in self.bases
                    if b.withdrawn_at is None
                ]
            )
            if self.bases
            else set()
        )
        expected = covered & PARTNER_RECEIVES & PROTOCOL_CATEGORIES if self.protocol_live else set()
        assert _seen(actor_for(self.worker, self.partner), self.case) == expected


@pytest.mark.django_db
def test_withdrawal_and_expiry_apply_to_the_next_request():
    run = SharingMachine.TestCase
    run.settings = settings(
        max_examples=15,
        stateful_step_count=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    run().runTest()
