"""The directory and referrals through the API: same rules, same audit, categorised output."""

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.conftest import sign_in
from reintegra.core.choices import DataCategory as C
from reintegra.core.models import AuditEvent
from reintegra.services.choices import ReferralStatus as S
from reintegra.services.models import Referral
from reintegra.services.tests.factories import ServiceFactory
from reintegra.sharing.tests.factories import basis_for, protocol_between

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def client_for(user) -> Client:
    return sign_in(Client(), user)


@pytest.fixture
def cm(world) -> Client:
    return client_for(world.users["case_manager"])


@pytest.fixture
def desk(directory) -> Client:
    return client_for(directory.users["desk"])


def draft(cm, world, directory, **extra):
    body = {
        "case": str(world.case.pk),
        "services": [directory.service.pk],
        "priority": "urgent",
        "reason": "Needs a job; worked as a baker.",
        "requested_categories": [C.IDENTITY, C.CASE_NOTES],
        **extra,
    }
    response = cm.post(API + "referrals/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    return response.json()


def sent(cm, world, directory):
    data = draft(cm, world, directory)
    ref = data["referral"]
    response = cm.post(
        API + "referrals/{id}/send/".format(id=ref["id"]),
        {"version": ref["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    return response.json()


def test_directory_search_by_place_code_and_need(world, directory, cm):
    response = cm.get(API + "services/", {"place": "t-north-town", "need": "psychosocial"})
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert names == {directory.service.name, directory.informal_service.name}
    assert cm.get(API + "services/", {"place": "nowhere"}).status_code == 400


def test_service_types_in_the_requests_language(world, directory, cm):
    response = cm.get(API + "service-types/", headers={"Accept-Language": "fr"})
    labels = {row["code"]: row["label"] for row in response.json()}
    assert labels["housing"] == "Logement"


def test_a_referral_goes_from_draft_to_completed_through_the_api(world, directory, cm, desk):
    data = sent(cm, world, directory)
    ref = data["referral"]
    assert ref["status"] == S.SENT
    assert ref["due_by"]
    assert "send" not in data["actions"]
    # the desk answers
    url = API + "referrals/{id}/".format(id=ref["id"])
    accepted = desk.post(
        url + "accept/",
        {"version": ref["version"], "assignee": directory.users["desk2"].pk},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.json()
    version = accepted.json()["referral"]["version"]
    session = desk.post(
        url + "attendance/",
        {"session_on": timezone.localdate().isoformat(), "attendance": "attended"},
        content_type="application/json",
    )
    assert session.status_code == 201
    version = desk.get(url).json()["referral"]["version"]
    done = desk.post(
        url + "complete/", {"version": version, "outcome": "partly"}, content_type="application/json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["referral"]["status"] == S.COMPLETED
    assert done.json()["referral"]["outcome"] == "partly"


def test_the_desk_gets_only_travelling_fields(world, directory, cm, desk):
    # without a protocol: no name, no reason, not even as null
    ref = sent(cm, world, directory)["referral"]
    body = desk.get(API + "referrals/{id}/".format(id=ref["id"])).json()
    assert "person_name" not in body["referral"]
    assert "reason" not in body["referral"]
    assert set(body["shared"]) == {"case_code", "categories", "withheld"}
    assert body["shared"]["withheld"] == [C.IDENTITY, C.CASE_NOTES]
    # with protocol and consent for identity only
    user = world.users["supervisor"]
    protocol_between(world.agency_a, directory.agency_p, user, categories=[C.IDENTITY], receives=[C.IDENTITY])
    basis_for(
        world.case.person,
        recipient=directory.agency_p,
        other=world.agency_b,
        user=user,
        recording_agency=world.agency_a,
        categories=[C.IDENTITY],
    )
    body = desk.get(API + "referrals/{id}/".format(id=ref["id"])).json()
    assert body["shared"]["name"] == world.case.person.display_name
    assert "reason" not in body["shared"]
    assert "phone" not in body["shared"]
    assert body["shared"]["categories"] == [C.IDENTITY]


def test_the_referrer_sees_the_reason_and_the_name(world, directory, cm):
    ref = sent(cm, world, directory)["referral"]
    body = cm.get(API + "referrals/{id}/".format(id=ref["id"])).json()
    assert body["referral"]["reason"] == "Needs a job; worked as a baker."
    assert body["referral"]["person_name"] == world.case.person.display_name


def test_lists_by_side_are_audited(world, directory, cm, desk):
    ref = sent(cm, world, directory)["referral"]
    mine = cm.get(API + "referrals/").json()["results"]
    assert [r["reference"] for r in mine] == [ref["reference"]]
    incoming = desk.get(API + "referrals/", {"side": "incoming"}).json()["results"]
    assert [r["reference"] for r in incoming] == [ref["reference"]]
    assert "person_name" not in incoming[0]
    assert desk.get(API + "referrals/").json()["results"] == []  # the desk refers no case
    assert AuditEvent.objects.filter(action="referral.listed", channel="api").count() == 3


def test_outsiders_get_404_and_partners_cannot_refer(world, directory, cm, desk):
    ref = draft(cm, world, directory)["referral"]
    assert desk.get(API + "referrals/{id}/".format(id=ref["id"])).status_code == 404
    other = client_for(world.users["other_worker"])
    assert other.get(API + "referrals/{id}/".format(id=ref["id"])).status_code == 404
    body = {
        "case": str(world.case.pk),
        "services": [directory.service.pk],
        "priority": "normal",
        "reason": "x",
        "requested_categories": [],
    }
    assert desk.post(API + "referrals/", body, content_type="application/json").status_code == 404


def test_validation_errors_are_400_and_stale_versions_409(world, directory, cm):
    other = ServiceFactory()
    response = cm.post(
        API + "referrals/",
        {
            "case": str(world.case.pk),
            "services": [directory.service.pk, other.pk],
            "priority": "normal",
            "reason": "x",
            "requested_categories": [],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "services" in response.json()
    ref = draft(cm, world, directory)["referral"]
    stale = cm.post(
        API + "referrals/{id}/send/".format(id=ref["id"]),
        {"version": ref["version"] + 3},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert Referral.objects.get(pk=ref["id"]).status == S.DRAFT


def test_drafts_are_edited_and_discarded(world, directory, cm):
    ref = draft(cm, world, directory)["referral"]
    url = API + "referrals/{id}/".format(id=ref["id"])
    edited = cm.patch(
        url, {"version": ref["version"], "priority": "emergency"}, content_type="application/json"
    )
    assert edited.status_code == 200
    assert edited.json()["referral"]["priority"] == "emergency"
    assert cm.delete(url).status_code == 204
    assert not Referral.objects.filter(pk=ref["id"]).exists()


def test_the_sheet_through_the_api(world, directory, cm):
    ref = sent(cm, world, directory)["referral"]
    response = cm.get(API + "referrals/{id}/sheet/".format(id=ref["id"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_the_sheet_through_the_api_needs_a_recent_authentication(world, directory, cm):
    ref = sent(cm, world, directory)["referral"]
    stale = sign_in(Client(), world.users["case_manager"], recently=False)
    response = stale.get(API + "referrals/{id}/sheet/".format(id=ref["id"]))
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"


def test_provider_staff_update_capacity(world, directory, desk):
    response = desk.patch(
        API + "services/{id}/".format(id=directory.service.pk),
        {"version": directory.service.version, "waiting_days": 21, "accepting_referrals": False},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["waiting_days"] == 21
    other = desk.patch(
        API + "services/{id}/".format(id=directory.informal_service.pk),
        {"version": 1, "waiting_days": 1},
        content_type="application/json",
    )
    assert other.status_code == 404
