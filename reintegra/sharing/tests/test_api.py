"""Sharing in the API: the same rules and audit as the pages, 400 with field errors, 404 for
what is not yours, 403 with a code when a step-up is needed."""

import pytest

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import AgencyFactory, member
from reintegra.core.models import AuditEvent
from reintegra.sharing.models import BreakGlassGrant, ProtocolSignature, SharingBasis
from reintegra.sharing.tests.factories import protocol_between

pytestmark = pytest.mark.django_db
API = "/api/v1/sharing"


def test_partner_reads_only_shared_fields_through_the_api(shared, login):
    client = login(shared.users["other_worker"], shared.agency_b)
    person = client.get(f"/api/v1/persons/{shared.case.person.pk}/").json()
    assert person["given_name_latin"] == shared.case.person.given_name_latin
    assert "phone" not in person
    assert "disability_notes" not in person
    listed = client.get("/api/v1/persons/", {"q": shared.case.person.given_name_latin}).json()["results"]
    assert listed
    assert "phone" not in listed[0]


def test_protocols_list_and_detail(shared, login):
    client = login(shared.users["other_supervisor"], shared.agency_b)
    rows = client.get(f"{API}/protocols/").json()["results"]
    assert [(r["code"], r["state"]) for r in rows] == [(shared.version.protocol.code, "active")]
    detail = client.get(f"{API}/protocols/{shared.version.protocol_id}/").json()
    assert {p["agency"] for p in detail["versions"][0]["parties"]} == {
        shared.agency_a.name,
        shared.agency_b.name,
    }
    # an agency that is no party sees no protocol
    other = member(AgencyFactory(), R.SUPERVISOR)
    outsider = login(other)
    assert outsider.get(f"{API}/protocols/{shared.version.protocol_id}/").status_code == 404


def test_sign_needs_step_up_then_signs(world, login):
    version = protocol_between(
        world.agency_a,
        world.agency_b,
        world.users["supervisor"],
        categories=["identity"],
        receives=["identity"],
        state="partly_signed",
    )
    party = version.parties.get(agency=world.agency_b)
    url = f"{API}/protocols/{version.protocol_id}/sign/"
    data = {"party": party.pk, "signatory_title": "Director", "confirm": True}
    stale = login(world.users["other_supervisor"], world.agency_b, recently=False)
    refused = stale.post(url, data, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "reauthentication_required"
    fresh = login(world.users["other_supervisor"], world.agency_b)
    assert fresh.post(url, {**data, "confirm": False}, content_type="application/json").status_code == 400
    assert fresh.post(url, data, content_type="application/json").status_code == 200
    assert ProtocolSignature.objects.filter(party=party).exists()


def test_record_and_withdraw_a_consent(shared, login):
    client = login(shared.users["case_manager"], shared.agency_a)
    payload = {
        "person": str(shared.case.person.pk),
        "kind": "consent",
        "recipient_agencies": [shared.agency_b.pk],
        "categories": ["identity", "health_psychosocial"],
        "purposes": ["case_management"],
        "valid_from": "2026-11-01",
        "method": "written",
    }
    # bad input: 400 with the field named, nothing recorded
    bad = client.post(f"{API}/bases/", {**payload, "categories": []}, content_type="application/json")
    assert bad.status_code == 400
    assert "categories" in bad.json()
    created = client.post(f"{API}/bases/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    assert AuditEvent.objects.filter(action="consent.recorded", person_id=shared.case.person.pk).exists()
    listed = client.get(f"{API}/bases/", {"person": str(shared.case.person.pk)}).json()["results"]
    assert code in {b["code"] for b in listed}
    basis_id = created.json()["id"]
    withdrawn = client.post(
        f"{API}/bases/{basis_id}/withdraw/", {"reason": "Asked to stop."}, content_type="application/json"
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["in_force"] is False


def test_partner_cannot_list_or_record_consents(shared, login):
    client = login(shared.users["other_worker"], shared.agency_b)
    person = str(shared.case.person.pk)
    assert client.get(f"{API}/bases/", {"person": person}).status_code == 404
    refused = client.post(
        f"{API}/bases/",
        {"person": person, "kind": "consent", "recipient_agencies": [shared.agency_b.pk],
         "categories": ["health_psychosocial"], "purposes": ["case_management"], "valid_from": "2026-11-01"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
    assert SharingBasis.objects.count() == 1


def test_sharing_check_explains(world, login):
    client = login(world.users["case_manager"], world.agency_a)
    body = client.get(f"{API}/checks/{world.case.pk}/", {"partner": world.agency_b.pk}).json()
    assert body["categories"] == []
    assert "No information-sharing protocol" in body["blockers"][0]
    assert client.get(f"{API}/checks/{world.case.pk}/").status_code == 400
    mentor = login(world.users["mentor"], world.agency_a)
    assert mentor.get(f"{API}/checks/{world.case.pk}/", {"partner": world.agency_b.pk}).status_code == 404


def test_break_glass_through_the_api(world, login):
    dpo = member(world.agency_a, R.DATA_PROTECTION_OFFICER)
    client = login(world.users["other_supervisor"], world.agency_b)
    short = client.post(
        f"{API}/break-glass/",
        {"case_code": world.case.code, "reason": "now"},
        content_type="application/json",
    )
    assert short.status_code == 400
    assert "reason" in short.json()
    reason = "Imminent threat reported by the police this morning."
    created = client.post(
        f"{API}/break-glass/",
        {"case_code": world.case.code, "reason": reason},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["is_open"] is True
    assert client.get(f"/api/v1/cases/{world.case.pk}/").status_code == 200
    grant = created.json()["id"]
    # the holder cannot review their own access; the lead agency's DPO does
    assert client.post(f"{API}/break-glass/{grant}/review/", {"outcome": "justified", "notes": "x"},
                       content_type="application/json").status_code == 403  # fmt: skip
    reviewed = login(dpo, world.agency_a).post(
        f"{API}/break-glass/{grant}/review/", {"outcome": "justified", "notes": "On file."},
        content_type="application/json",
    )  # fmt: skip
    assert reviewed.status_code == 200
    assert reviewed.json()["review_outcome"] == "justified"
    assert BreakGlassGrant.objects.get().is_open is False


def test_mentor_cannot_break_the_glass_by_api(world, login):
    client = login(world.users["mentor"], world.agency_a)
    reason = "Imminent threat reported by the police this morning."
    response = client.post(
        f"{API}/break-glass/",
        {"case_code": world.case.code, "reason": reason},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_disclosure_report_api(shared, login):
    url = f"{API}/disclosures/{shared.case.person.pk}/"
    body = login(shared.users["case_manager"], shared.agency_a).get(url).json()
    assert body["person"]["code"] == shared.case.person.code
    assert login(shared.users["mentor"], shared.agency_a).get(url).status_code == 404
    stale = login(shared.users["case_manager"], shared.agency_a, recently=False)
    assert stale.get(url).status_code == 403


def test_a_consent_can_name_community_actors_without_accounts(shared, login):
    from reintegra.services.tests.factories import ProviderFactory

    imam = ProviderFactory(name="Imam of the old mosque")
    agency_provider = ProviderFactory(kind="agency", agency=shared.agency_b, name=shared.agency_b.name)
    client = login(shared.users["case_manager"], shared.agency_a)
    payload = {
        "person": str(shared.case.person.pk),
        "kind": "consent",
        "recipient_community_actors": [imam.pk],
        "categories": ["identity"],
        "purposes": ["service_provision"],
        "valid_from": "2026-11-01",
        "method": "written",
    }
    # an id that is no community actor (an agency's provider entry, or nothing) is a 400, nothing recorded
    for wrong in (agency_provider.pk, 999_999):
        refused = client.post(
            f"{API}/bases/",
            {**payload, "recipient_community_actors": [wrong]},
            content_type="application/json",
        )
        assert refused.status_code == 400
        assert "recipient_community_actors" in refused.json()
    assert not SharingBasis.objects.filter(recipient_community_actors__isnull=False).exists()
    created = client.post(f"{API}/bases/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["recipient_community_actors"] == [imam.pk]
    row = AuditEvent.objects.get(action="consent.recorded", target_id=created.json()["id"])
    assert row.changes["community_actors"] == [imam.pk]
