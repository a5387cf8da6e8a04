"""The referral and directory rules of reintegra/access/policy.py, line by line.

Expectations are written out by hand. The sharing tests use real protocols and consents
(reintegra/sharing), so they prove what a provider sees follows the sharing policy.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.access import policy
from reintegra.access.policy import Action, ReferralAction
from reintegra.cases.choices import CaseRole
from reintegra.cases.tests.factories import CaseFactory, TeamMemberFactory
from reintegra.core.choices import DataCategory as C
from reintegra.people.tests.factories import PersonFactory
from reintegra.services import selectors, services
from reintegra.services.choices import ReferralPriority
from reintegra.services.models import Provider, Referral, Service
from reintegra.services.tests.factories import ProviderFactory, ServiceFactory
from reintegra.sharing import services as sharing_services
from reintegra.sharing.choices import BasisKind, ConsentMethod, SharingPurpose
from reintegra.sharing.models import SharingBasis
from reintegra.sharing.tests.factories import basis_for, protocol_between

pytestmark = pytest.mark.django_db

ASKED = [C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES, C.RISK_ASSESSMENT]


def make(world, directory, *, service=None, send=True, categories=ASKED, case=None, actor=None):
    actor = actor or world.actor("case_manager")
    referral = services.referral_create(
        actor=actor,
        case=case or world.case,
        services=[service or directory.service],
        priority=ReferralPriority.NORMAL,
        reason="Wants to train as an electrician.",
        safety_notes="Meet in the open office.",
        requested_categories=categories,
        case_role=CaseRole.CASE_MANAGER,
    )
    if send:
        referral = services.referral_send(actor=actor, referral=referral, expected_version=referral.version)
    return referral


def actor_of(world, directory, name):
    if name in directory.users:
        return directory.actor(name)
    agency = world.agency_b if name in ("other_supervisor", "other_worker") else world.agency_a
    return world.actor(name, agency)


def allowed(actor, referral, action=ReferralAction.VIEW) -> bool:
    return Referral.objects.filter(policy.referral_scope(actor, action), pk=referral.pk).exists()


# viewer -> (view, refer, respond) for a SENT referral to the provider agency
MATRIX = {
    "case_manager": (True, True, False),
    "mentor": (True, False, False),
    "provider": (True, False, False),  # lead-agency staff in the service-provider case role
    "psychologist": (True, False, False),
    "supervisor": (True, True, False),
    "colleague": (False, False, False),
    "me_officer": (False, False, False),
    "dual": (False, False, False),
    "other_supervisor": (False, False, False),
    "other_worker": (False, False, False),
    "desk": (True, False, True),
    "desk2": (True, False, True),
    "p_supervisor": (True, False, True),
    "p_psychologist": (False, False, False),  # not on the desk, not assigned
}


@pytest.mark.parametrize("viewer", MATRIX)
@pytest.mark.parametrize(
    ("action", "column"), [(ReferralAction.VIEW, 0), (ReferralAction.REFER, 1), (ReferralAction.RESPOND, 2)]
)
def test_who_sees_makes_and_answers_a_sent_referral(world, directory, viewer, action, column):
    referral = make(world, directory)
    assert allowed(actor_of(world, directory, viewer), referral, action) is MATRIX[viewer][column]


@pytest.mark.parametrize("viewer", ["desk", "desk2", "p_supervisor"])
def test_a_draft_never_reaches_the_provider(world, directory, viewer):
    referral = make(world, directory, send=False)
    assert not allowed(directory.actor(viewer), referral)
    assert allowed(world.actor("case_manager"), referral)


def test_an_assigned_staff_member_outside_the_desk_sees_it(world, directory):
    referral = make(world, directory)
    psychologist = directory.users["p_psychologist"]
    services.referral_assign(
        actor=directory.actor("desk"), referral=referral, user=psychologist, expected_version=referral.version
    )
    actor = directory.actor("p_psychologist")
    assert allowed(actor, referral)
    assert allowed(actor, referral, ReferralAction.RESPOND)


def test_the_referring_side_answers_for_a_community_actor_without_accounts(world, directory):
    referral = make(world, directory, service=directory.informal_service)
    assert allowed(world.actor("case_manager"), referral, ReferralAction.RESPOND)
    assert allowed(world.actor("supervisor"), referral, ReferralAction.RESPOND)
    assert not allowed(world.actor("mentor"), referral, ReferralAction.RESPOND)
    assert not allowed(directory.actor("desk"), referral)


def test_a_desk_sees_nothing_of_referrals_to_other_providers_or_of_other_cases(world, directory):
    # given a referral to the provider, and another case referred elsewhere
    mine = make(world, directory)
    other_case = CaseFactory(
        person=PersonFactory(registering_agency=world.agency_a),
        lead_agency=world.agency_a,
        programme=world.programme,
    )
    TeamMemberFactory(case=other_case, user=world.users["case_manager"], role=CaseRole.CASE_MANAGER)
    elsewhere = make(world, directory, service=directory.informal_service, case=other_case)
    desk = directory.actor("desk")
    # then the desk sees only its own referral
    visible = set(Referral.objects.filter(policy.referral_scope(desk)).values_list("pk", flat=True))
    assert visible == {mine.pk}
    assert elsewhere.pk not in visible
    # and neither case through the case policy (nobody of the provider is on a team yet)
    from reintegra.cases.selectors import case_list

    assert not case_list(actor=desk).filter(pk__in=[world.case.pk, other_case.pk]).exists()


def test_a_partner_on_the_team_does_not_see_where_else_the_person_was_referred(world, directory):
    # given the desk member assigned and on the team, and another referral of the same case
    desk_user = directory.users["desk"]
    referral = make(world, directory)
    services.referral_accept(
        actor=directory.actor("desk"),
        referral=referral,
        expected_version=referral.version,
        assignee=desk_user,
    )
    other = make(world, directory, service=directory.informal_service)
    # then the desk member sees only the referral to their agency
    visible = set(
        Referral.objects.filter(policy.referral_scope(directory.actor("desk"))).values_list("pk", flat=True)
    )
    assert visible == {referral.pk}
    assert other.pk not in visible


# --- what travels -------------------------------------------------------------------------


def _share(world, directory, *, protocol, consent, state="in_force"):
    """A signed protocol A → P for `protocol` categories and the person's consent for `consent`."""
    user = world.users["supervisor"]
    protocol_between(world.agency_a, directory.agency_p, user, categories=protocol, receives=protocol)
    return basis_for(
        world.case.person,
        recipient=directory.agency_p,
        other=world.agency_b,
        user=user,
        recording_agency=world.agency_a,
        categories=consent,
        state=state,
    )


def _seen_by_desk(directory, referral, name="desk"):
    actor = directory.actor(name)
    row = selectors.referral_get(actor=actor, referral_id=referral.pk)
    return selectors.seen_referral(actor, row).categories


def test_without_a_protocol_nothing_travels_beyond_the_case_code(world, directory):
    referral = make(world, directory)
    assert policy.referral_travel_categories(referral) == frozenset()
    assert _seen_by_desk(directory, referral) == frozenset()


def test_what_travels_is_asked_for_and_protocol_and_consent(world, directory):
    # given a protocol for identity, contact, case notes and health, and consent without contact
    _share(
        world,
        directory,
        protocol=[C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL],
        consent=[C.IDENTITY, C.CASE_NOTES, C.HEALTH_PSYCHOSOCIAL],
    )
    # when the referral asks for identity, contact, case notes and risk
    referral = make(world, directory)
    # then only identity and case notes travel (health was not asked, contact not consented,
    # risk in neither protocol nor consent)
    expected = {C.IDENTITY, C.CASE_NOTES}
    assert policy.referral_travel_categories(referral) == expected
    assert set(referral.sent_categories) == expected
    assert _seen_by_desk(directory, referral) == expected
    # and someone of the provider agency who is not on the desk sees nothing
    assert (
        not selectors.referral_list(actor=directory.actor("p_psychologist")).filter(pk=referral.pk).exists()
    )


def test_withdrawing_consent_stops_the_flow_at_the_next_view(world, directory):
    basis = _share(world, directory, protocol=[C.IDENTITY, C.CASE_NOTES], consent=[C.IDENTITY, C.CASE_NOTES])
    referral = make(world, directory)
    assert _seen_by_desk(directory, referral) == {C.IDENTITY, C.CASE_NOTES}
    SharingBasis.objects.filter(pk=basis.pk).update(withdrawn_at=timezone.now())
    assert _seen_by_desk(directory, referral) == frozenset()
    # the record of what was shared when sent stays
    assert set(Referral.objects.get(pk=referral.pk).sent_categories) == {C.IDENTITY, C.CASE_NOTES}


def consent_naming(world, actors, categories, purposes=(SharingPurpose.SERVICE_PROVISION,)):
    return sharing_services.basis_record(
        actor=world.actor("case_manager"),
        person=world.case.person,
        kind=BasisKind.CONSENT,
        categories=categories,
        purposes=purposes,
        recipient_community_actors=actors,
        values={"method": ConsentMethod.WRITTEN, "valid_from": timezone.localdate()},
    )


def test_a_community_actor_gets_nothing_beyond_the_case_code_without_a_consent_naming_them(world, directory):
    # a protocol and a consent towards the provider agency do not reach a community actor
    _share(world, directory, protocol=[C.IDENTITY, C.CASE_NOTES], consent=[C.IDENTITY, C.CASE_NOTES])
    referral = make(world, directory, service=directory.informal_service)
    assert policy.referral_travel_categories(referral) == frozenset()
    # nor does a consent naming another community actor, or one for another purpose
    consent_naming(world, [ProviderFactory(name="Another club")], [C.IDENTITY])
    consent_naming(world, [directory.informal], [C.IDENTITY], purposes=[SharingPurpose.CASE_MANAGEMENT])
    assert policy.referral_travel_categories(referral) == frozenset()


def test_a_consent_naming_a_community_actor_lets_what_it_covers_travel_on_paper(world, directory):
    referral = make(world, directory, service=directory.informal_service)
    # when the person agrees that this football school may know who they are and how to reach them
    basis = consent_naming(
        world, [directory.informal], [C.IDENTITY, C.CONTACT_LOCATION, C.HEALTH_PSYCHOSOCIAL]
    )
    # then what the referral asked for and the consent covers travels (health was not asked)
    assert policy.referral_travel_categories(referral) == {C.IDENTITY, C.CONTACT_LOCATION}
    # and a withdrawal stops it at the next print
    sharing_services.basis_withdraw(
        actor=world.actor("case_manager"), basis=basis, reason="Changed their mind"
    )
    assert policy.referral_travel_categories(referral) == frozenset()


def test_only_community_actors_are_named_as_such(world, directory):
    with pytest.raises(ValidationError) as error:
        consent_naming(world, [directory.provider], [C.IDENTITY])
    assert "recipient_community_actors" in error.value.message_dict


def test_an_internal_referral_carries_what_was_asked(world, directory):
    # given the lead agency itself in the directory
    own = ProviderFactory(kind="agency", agency=world.agency_a, name=world.agency_a.name)
    service = ServiceFactory(provider=own, areas=[directory.places["north"]])
    referral = make(world, directory, service=service)
    assert policy.referral_travel_categories(referral) == set(ASKED)


def test_the_referring_side_sees_the_referral_as_it_sees_the_case(world, directory):
    referral = make(world, directory)
    for name, expected in (
        ("case_manager", set(C.values)),
        ("mentor", {C.IDENTITY, C.CONTACT_LOCATION, C.FAMILY_CHILDREN, C.CASE_NOTES, C.OUTCOMES}),
    ):
        actor = world.actor(name)
        row = selectors.referral_get(actor=actor, referral_id=referral.pk)
        assert selectors.seen_referral(actor, row).categories == expected


@pytest.mark.parametrize(
    ("on_desk", "by_provider", "categories", "expected"),
    [
        (True, True, frozenset(), True),
        (True, False, frozenset(), False),
        (True, False, frozenset({C.CASE_NOTES}), True),
        (False, True, frozenset({C.CASE_NOTES}), True),
        (False, True, frozenset({C.IDENTITY}), False),
    ],
)
def test_notes_feedback_and_sessions_follow_case_notes(on_desk, by_provider, categories, expected):
    assert (
        policy.referral_record_visible(categories=categories, on_desk=on_desk, by_provider=by_provider)
        is expected
    )


# --- the directory ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "changes_any", "changes_own"),
    [
        ("supervisor", True, True),
        ("case_manager", False, False),
        ("desk", False, True),
        ("p_supervisor", True, True),
        ("p_psychologist", False, False),
    ],
)
def test_who_keeps_the_directory(world, directory, viewer, changes_any, changes_own):
    actor = actor_of(world, directory, viewer)
    providers = Provider.objects.filter(policy.provider_scope(actor, Action.CHANGE))
    services_ = Service.objects.filter(policy.service_scope(actor, Action.CHANGE))
    assert providers.filter(pk=directory.informal.pk).exists() is changes_any
    assert providers.filter(pk=directory.provider.pk).exists() is changes_own
    assert services_.filter(pk=directory.service.pk).exists() is changes_own
    # everyone signed in reads it
    assert Provider.objects.filter(policy.provider_scope(actor)).count() == Provider.objects.count()
