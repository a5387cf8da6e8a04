"""The community API: the same policy as the pages, fields absent rather than empty,
suppressed figures as null with their display text, 400 for bad input, 409 for stale edits."""

import pytest
from django.utils import timezone

from reintegra.communities.models import CommunityIncident, CommunityPlan, SurveyResponse
from reintegra.communities.services import Respondent, survey_response_record
from reintegra.core.models import AuditEvent

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def test_community_list_and_detail(cworld):
    client = cworld.client("c_worker")
    listing = client.get(API + "communities/").json()
    assert listing["count"] == 1
    detail = client.get(API + "communities/{pk}/".format(pk=cworld.community.pk)).json()
    assert detail["name"] == cworld.community.name
    assert detail["caseload"]["total"] == {"value": 0, "n": 0, "suppressed": False, "display": "0"}


def test_community_create_needs_an_editor_role_and_a_known_place(cworld):
    assert cworld.client("c_worker").post(API + "communities/", {"place": "x"}).status_code == 403
    response = cworld.client("c_pm").post(API + "communities/", {"place": "nowhere"})
    assert response.status_code == 400
    assert "place" in response.json()


def test_stale_community_edit_is_409(cworld):
    client = cworld.client("a_pm")
    url = API + "communities/{pk}/".format(pk=cworld.community.pk)
    ok = client.patch(url, {"version": 1, "population_estimate": 20000}, content_type="application/json")
    assert ok.status_code == 200
    stale = client.patch(url, {"version": 1, "population_estimate": 1}, content_type="application/json")
    assert stale.status_code == 409
    # an outsider gets 404, not 403: the record's changeability is not revealed
    other = cworld.client("c_pm").patch(url, {"version": 2}, content_type="application/json")
    assert other.status_code == 404


def test_stakeholder_contact_fields_absent_for_outsiders(cworld):
    url = API + "stakeholders/{pk}/".format(pk=cworld.imam.pk)
    inside = cworld.client("b_worker").get(url).json()
    outside = cworld.client("c_pm").get(url).json()
    assert inside["contact_name"] == "Sheikh Example"
    assert "contact_name" not in outside
    assert "contact_phone" not in outside
    assert outside["name"] == "Imam of the old-town mosque"
    # the list never carries contact fields
    listing = cworld.client("a_pm").get(API + "stakeholders/", {"community": cworld.community.pk}).json()
    assert "contact_phone" not in listing["results"][0]


def test_stakeholder_contacts_endpoint_is_404_for_outsiders(cworld):
    url = API + "stakeholders/{pk}/contacts/".format(pk=cworld.imam.pk)
    assert cworld.client("c_pm").get(url).status_code == 404
    created = cworld.client("a_worker").post(
        url, {"contacted_on": "2024-02-01", "channel": "visit", "summary": "Visited after Friday prayers."}
    )
    assert created.status_code == 201
    assert len(cworld.client("a_worker").get(url).json()) == 1


def test_stakeholder_create_via_api(cworld):
    response = cworld.client("b_pm").post(
        API + "stakeholders/",
        {
            "community": cworld.community.pk,
            "name": "Youth club",
            "kind": "youth_group",
            "influence": 2,
            "interest": 4,
            "contact_name": "Coach",
        },
    )
    assert response.status_code == 201
    assert response.json()["owning_agency"] == cworld.agencies["b"].pk
    assert response.json()["contact_name"] == "Coach"


def test_survey_responses_through_the_api(cworld):
    url = API + "survey-waves/{pk}/responses/".format(pk=cworld.wave.pk)
    body = {
        "group": "residents",
        "sex": "male",
        "age_band": "18-24",
        "collected_on": timezone.localdate().isoformat(),
        "answers": {"trust_1": 5, "civic_1": None},
    }
    assert cworld.client("a_supervisor").post(url, body, content_type="application/json").status_code == 404
    created = cworld.client("a_me").post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["answers"] == {"trust_1": 5, "civic_1": None}
    assert SurveyResponse.objects.get().source == "api"
    bad = cworld.client("a_me").post(
        url, {**body, "answers": {"trust_1": 9}}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "trust_1" in bad.json()
    listing = cworld.client("a_me").get(url)
    assert listing.json()["count"] == 1
    assert AuditEvent.objects.filter(action="survey.responses_viewed").exists()


def test_wave_results_are_null_when_suppressed(cworld):
    for _ in range(2):
        survey_response_record(
            actor=cworld.actor("a_me"),
            wave=cworld.wave,
            respondent=Respondent(
                "returnees_families", "female", "25-34", cworld.wave.starts_on, {"trust_1": 5}
            ),
        )
    results = (
        cworld.client("c_pm").get(API + "survey-waves/{pk}/".format(pk=cworld.wave.pk)).json()["results"]
    )
    cell = results["scores"]["trust"]["returnees_families"]
    assert cell["value"] is None
    assert cell["n"] is None
    assert cell["suppressed"] is True
    assert results["respondents"]["returnees_families"]["display"] == "fewer than 5"
    exact = cworld.client("a_me").get(API + "survey-waves/{pk}/".format(pk=cworld.wave.pk)).json()["results"]
    assert exact["scores"]["trust"]["returnees_families"]["value"] == 100


def test_safety_incident_through_the_api(cworld):
    url = API + "community-incidents/{pk}/".format(pk=cworld.safety_incident.pk)
    assert cworld.client("a_worker").get(url).status_code == 404
    assert cworld.client("a_dpo").get(url).status_code == 200
    codes = {i["code"] for i in cworld.client("a_worker").get(API + "community-incidents/").json()["results"]}
    assert cworld.safety_incident.code not in codes
    assert cworld.newspaper_incident.code in codes


def test_incident_and_response_created_through_the_api(cworld):
    client = cworld.client("a_pm")
    created = client.post(
        API + "community-incidents/",
        {
            "community": cworld.community.pk,
            "occurred_on": timezone.localdate().isoformat(),
            "kind": "protest",
            "title": "Protest at the town hall",
            "description": "About twenty people.",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    incident = CommunityIncident.objects.get(title="Protest at the town hall")
    response = client.post(
        API + "community-incidents/{pk}/responses/".format(pk=incident.pk),
        {
            "stakeholder": str(cworld.imam.pk),
            "asked_on": timezone.localdate().isoformat(),
            "request": "Calm the crowd",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    # a stakeholder of another community is refused
    outsider = client.post(
        API + "community-incidents/{pk}/responses/".format(pk=incident.pk),
        {"agency": 999999, "asked_on": "2024-01-01", "request": "x"},
        content_type="application/json",
    )
    assert outsider.status_code == 400


def test_plan_through_the_api(cworld):
    client = cworld.client("a_pm")
    created = client.post(API + "community-plans/", {"title": "API plan", "community": cworld.community.pk})
    assert created.status_code == 201
    plan = CommunityPlan.objects.get(title="API plan")
    step = client.post(
        API + "community-plans/{pk}/steps/".format(pk=plan.pk),
        {"step": "objectives", "status": "in_progress"},
    )
    assert step.status_code == 200
    detail = cworld.client("c_worker").get(API + "community-plans/{pk}/".format(pk=plan.pk)).json()
    assert {s["step"]: s["status"] for s in detail["steps"]}["objectives"] == "in_progress"
    assert (
        cworld.client("c_pm")
        .post(
            API + "community-plans/{pk}/steps/".format(pk=plan.pk), {"step": "objectives", "status": "done"}
        )
        .status_code
        == 404
    )


def test_instruments_are_listed_with_items(cworld):
    client = cworld.client("c_worker")
    listing = client.get(API + "survey-instruments/").json()
    detail = client.get(API + "survey-instruments/{pk}/".format(pk=listing["results"][0]["id"])).json()
    assert len(detail["items"]) == 18
    assert {item["dimension"] for item in detail["items"]} == {
        "trust",
        "belonging",
        "shared_identity",
        "attitudes",
        "collective_action",
        "civic_engagement",
    }


def test_api_schema_builds(cworld):
    response = cworld.client("c_worker").get("/api/schema/")
    assert response.status_code == 200
