"""Sharing pages: a partner sees exactly what protocol and consent allow, on every page;
withdrawal takes effect on the next request; who may sign, break the glass and export."""

import pytest
from django.urls import reverse

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import member
from reintegra.cases.choices import CaseRole
from reintegra.cases.tests.factories import TeamMemberFactory
from reintegra.core.models import AuditEvent
from reintegra.sharing.models import BreakGlassGrant, ProtocolSignature, SharingBasis
from reintegra.sharing.tests.factories import basis_for, protocol_between

pytestmark = pytest.mark.django_db


def _case_page(client, world) -> str:
    response = client.get(reverse("cases:case_detail", kwargs={"case_id": world.case.pk}) + "?tab=notes")
    assert response.status_code == 200
    return response.content.decode()


def test_partner_sees_shared_categories_and_nothing_else(shared, login):
    client = login(shared.users["other_worker"], shared.agency_b)
    page = _case_page(client, shared)
    # Identity and case notes are shared
    assert shared.case.person.given_name_latin in page
    assert "Attended the vocational class" in page
    # Health is in the protocol but not in the consent; contact is not for this partner
    assert "Sleep problems discussed" not in page
    person_page = client.get(reverse("people:person_detail", kwargs={"person_id": shared.case.person.pk}))
    assert person_page.status_code == 200
    assert "Uses a hearing aid" not in person_page.content.decode()
    assert "555 0101" not in person_page.content.decode()
    # The read is audited with the protocol and the consent it was made under
    event = AuditEvent.objects.filter(
        action="case.viewed", actor_user_id=shared.users["other_worker"].pk
    ).last()
    assert event.protocol_ref == f"{shared.version.protocol.code} v1"
    assert event.basis_ref == shared.basis.code


def test_partner_search_finds_the_person_without_unshared_fields(shared, login):
    client = login(shared.users["other_worker"], shared.agency_b)
    response = client.get(reverse("people:person_list"), {"q": shared.case.person.given_name_latin})
    assert shared.case.person.code in response.content.decode()
    assert "555 0101" not in response.content.decode()


def test_withdrawal_takes_effect_on_the_partners_next_request(shared, login):
    partner = login(shared.users["other_worker"], shared.agency_b)
    assert "Attended the vocational class" in _case_page(partner, shared)
    manager = login(shared.users["case_manager"], shared.agency_a)
    response = manager.post(
        reverse("sharing:basis_withdraw", kwargs={"basis_id": shared.basis.pk}),
        {"reason": "She asked us to stop sharing."},
    )
    assert response.status_code == 302
    partner = login(shared.users["other_worker"], shared.agency_b)
    url = reverse("cases:case_detail", kwargs={"case_id": shared.case.pk})
    assert partner.get(url).status_code == 404


def test_consent_page_is_for_the_lead_team(shared, login):
    url = reverse("sharing:person_bases", kwargs={"person_id": shared.case.person.pk})
    assert shared.basis.code in login(shared.users["case_manager"], shared.agency_a).get(url).content.decode()
    # the partner may see the person's identity but not manage their consents
    assert login(shared.users["other_worker"], shared.agency_b).get(url).status_code == 404


def test_case_sharing_page_names_what_is_missing(world, login):
    client = login(world.users["case_manager"], world.agency_a)
    url = reverse("sharing:case_sharing", kwargs={"case_id": world.case.pk})
    page = client.get(url, {"partner": world.agency_b.pk}).content.decode()
    assert "No information-sharing protocol includes both" in page
    # a mentor on the team may not share the case: 404, as for any case they may not change
    assert login(world.users["mentor"], world.agency_a).get(url).status_code == 404


def test_signing_needs_a_recent_authentication(world, login):
    version = protocol_between(
        world.agency_a,
        world.agency_b,
        world.users["supervisor"],
        categories=["identity"],
        receives=["identity"],
        state="partly_signed",
    )
    party = version.parties.get(agency=world.agency_b)
    url = reverse("sharing:party_sign", kwargs={"party_id": party.pk})
    data = {"signatory_title": "Director", "confirm": "on"}
    stale = login(world.users["other_supervisor"], world.agency_b, recently=False)
    response = stale.post(url, data)
    assert response.status_code == 302
    assert "reauthenticate" in response.url
    assert not ProtocolSignature.objects.filter(party=party).exists()
    fresh = login(world.users["other_supervisor"], world.agency_b)
    fresh.post(url, data)
    assert ProtocolSignature.objects.filter(party=party).exists()


def test_a_case_worker_cannot_sign_for_the_agency(world, login):
    version = protocol_between(
        world.agency_a,
        world.agency_b,
        world.users["supervisor"],
        categories=["identity"],
        receives=["identity"],
        state="partly_signed",
    )
    party = version.parties.get(agency=world.agency_b)
    login(world.users["other_worker"], world.agency_b).post(
        reverse("sharing:party_sign", kwargs={"party_id": party.pk}),
        {"signatory_title": "Case worker", "confirm": "on"},
    )
    assert not ProtocolSignature.objects.filter(party=party).exists()


def test_break_glass_is_flagged_and_reviewed(world, login):
    dpo = member(world.agency_a, R.DATA_PROTECTION_OFFICER)
    client = login(world.users["other_supervisor"], world.agency_b)
    detail = reverse("cases:case_detail", kwargs={"case_id": world.case.pk})
    assert client.get(detail).status_code == 404
    response = client.post(
        reverse("sharing:break_glass"),
        {"case_code": world.case.code, "reason": "Imminent threat reported by the police this morning."},
    )
    assert response.status_code == 302
    assert client.get(detail).status_code == 200
    assert AuditEvent.objects.filter(action="case.viewed", flagged=True, case_id=world.case.pk).exists()
    grant = BreakGlassGrant.objects.get()
    review = login(dpo, world.agency_a).post(
        reverse("sharing:break_glass_review", kwargs={"grant_id": grant.pk}),
        {"outcome": "justified", "notes": "Police report on file."},
    )
    assert review.status_code == 302
    grant.refresh_from_db()
    assert grant.review_outcome == "justified"
    assert not grant.is_open


def test_break_glass_refused_to_a_mentor(world, login):
    response = login(world.users["mentor"], world.agency_a).post(
        reverse("sharing:break_glass"),
        {"case_code": world.case.code, "reason": "Imminent threat reported by the police this morning."},
    )
    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_disclosure_report_is_an_audited_export(shared, login):
    # given the partner read the case
    _case_page(login(shared.users["other_worker"], shared.agency_b), shared)
    client = login(shared.users["case_manager"], shared.agency_a)
    url = reverse("sharing:disclosure_report", kwargs={"person_id": shared.case.person.pk, "fmt": "json"})
    body = client.get(url).json()
    partner_reads = [d for d in body["disclosures"] if d["agency"] == shared.agency_b.name]
    assert partner_reads
    assert partner_reads[0]["protocol"] == f"{shared.version.protocol.code} v1"
    assert AuditEvent.objects.filter(action="export.created", person_id=shared.case.person.pk).exists()
    pdf = client.get(url.replace(".json", ".pdf"))
    assert pdf.content.startswith(b"%PDF")
    # a mentor on the team does not get it, and neither does the partner
    assert login(shared.users["mentor"], shared.agency_a).get(url).status_code == 404
    assert login(shared.users["other_worker"], shared.agency_b).get(url).status_code == 404


def test_partner_is_told_when_the_protocol_is_overdue_for_review(world, login):
    TeamMemberFactory(
        case=world.case,
        user=world.users["other_worker"],
        agency=world.agency_b,
        role=CaseRole.SERVICE_PROVIDER,
    )
    protocol_between(
        world.agency_a,
        world.agency_b,
        world.users["supervisor"],
        categories=["identity"],
        receives=["identity"],
        state="review_overdue",
    )
    basis_for(
        world.case.person,
        recipient=world.agency_b,
        other=world.agency_a,
        user=world.users["case_manager"],
        recording_agency=world.agency_a,
        categories=["identity"],
    )
    page = _case_page(login(world.users["other_worker"], world.agency_b), world)
    assert "overdue for review" in page


def test_the_consent_form_names_community_actors(shared, login):
    from reintegra.services.tests.factories import ProviderFactory

    imam = ProviderFactory(name="Imam of the old mosque")
    client = login(shared.users["case_manager"], shared.agency_a)
    url = reverse("sharing:basis_create", kwargs={"person_id": shared.case.person.pk})
    assert "Imam of the old mosque" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "consent",
            "recipient_community_actors": [imam.pk],
            "categories": ["identity"],
            "purposes": ["service_provision"],
            "valid_from": "2026-11-01",
            "method": "written",
        },
    )
    assert response.status_code == 302
    basis = SharingBasis.objects.get(recipient_community_actors=imam)
    page = client.get(reverse("sharing:person_bases", kwargs={"person_id": shared.case.person.pk}))
    assert basis.code in page.content.decode()
    assert "Imam of the old mosque" in page.content.decode()
