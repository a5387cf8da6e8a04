"""The justice API: the same policy as the pages, 404 for what you may not see, 400 with
field errors, 409 for stale versions, categorised fields absent, audited reads."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.cases.models import Task
from reintegra.core.models import AuditEvent
from reintegra.justice.choices import LegalStatus
from reintegra.justice.models import CheckIn, LegalEvent, ReturnEvent
from reintegra.justice.tests.factories import FacilityFactory, K, days_ago, record
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/justice/"


def api_for(user, agency=None) -> APIClient:
    client = APIClient()
    client.force_login(user)
    if agency is not None:
        session = client.session
        session["reintegra_active_agency"] = agency.pk
        session.save()
    return client


@pytest.fixture
def cm(world) -> APIClient:
    return api_for(world.users["case_manager"])


def person_url(person, action="") -> str:
    return "{b}people/{p}/{a}".format(b=BASE, p=person.pk, a=action + "/" if action else "")


def test_record_events_and_read_the_derived_status(world, cm):
    person = world.case.person
    prison = FacilityFactory()
    response = cm.post(
        person_url(person, "events"),
        {"kind": "pre_trial_detention", "occurred_on": days_ago(10).isoformat(), "facility": prison.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    status = cm.get(person_url(person)).json()
    assert status["status"] == LegalStatus.PRE_TRIAL_DETENTION
    assert status["in_custody"] is True
    assert status["facility"] == prison.pk
    assert AuditEvent.objects.filter(action="justice.timeline_viewed", channel="api").exists()
    events = cm.get(person_url(person, "events")).json()
    assert [e["kind"] for e in events] == ["pre_trial_detention"]


def test_validation_errors_are_400_with_fields(world, cm):
    response = cm.post(
        person_url(world.case.person, "events"),
        {"kind": "bail", "occurred_on": days_ago(1).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "conditions" in response.json()
    response = cm.post(
        person_url(world.case.person, "events"),
        {"kind": "custody", "occurred_on": days_ago(1).isoformat(), "facility": 999999},
        format="json",
    )
    assert response.status_code == 400
    assert "facility" in response.json()


def test_correct_void_and_stale_versions(world, cm):
    event = record(world.actor("case_manager"), world.case.person, K.ARREST, 9)
    url = "{b}legal-events/{e}/".format(b=BASE, e=event.pk)
    assert (
        cm.patch(url, {"occurred_on": days_ago(8).isoformat()}, format="json").status_code == 400
    )  # version needed
    assert (
        cm.patch(url, {"version": 1, "occurred_on": days_ago(8).isoformat()}, format="json").status_code
        == 200
    )
    assert (
        cm.patch(url, {"version": 1, "occurred_on": days_ago(7).isoformat()}, format="json").status_code
        == 409
    )
    response = cm.post(url + "void/", {"version": 2, "reason": "Duplicate"}, format="json")
    assert response.status_code == 200
    assert response.json()["entered_in_error"] is True


def test_what_others_may_not_see_is_404(world):
    record(world.actor("case_manager"), world.case.person, K.ARREST, 3)
    mentor = api_for(world.users["mentor"])
    other = api_for(world.users["other_worker"], world.agency_b)
    for client in (mentor, other):
        assert client.get(person_url(world.case.person)).status_code == 404
        assert client.get(person_url(world.case.person, "events")).status_code == 404
        assert client.get(BASE + "people/").json()["count"] == 0
    event = LegalEvent.objects.get()
    assert mentor.get("{b}legal-events/{e}/".format(b=BASE, e=event.pk)).status_code == 404
    assert (
        mentor.post(
            person_url(world.case.person, "events"),
            {"kind": "trial", "occurred_on": days_ago(1).isoformat()},
            format="json",
        ).status_code
        == 404
    )


def test_measures_and_check_ins(world, cm):
    person = world.case.person
    response = cm.post(
        person_url(person, "measures"),
        {
            "kind": "reporting",
            "case": str(world.case.pk),
            "starts_on": days_ago(14).isoformat(),
            "responsible_officer": world.users["case_manager"].pk,
            "frequency": "weekly",
            "weekday": days_ago(14).weekday(),
            "location": "Police station",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    measure_id = response.json()["id"]
    logged = cm.post(
        "{b}measures/{m}/check-ins/".format(b=BASE, m=measure_id),
        {"due_on": days_ago(14).isoformat(), "status": "missed", "reason": "No show"},
        format="json",
    )
    assert logged.status_code == 201
    assert logged.json()["follow_up_task"]
    detail = cm.get("{b}measures/{m}/".format(b=BASE, m=measure_id)).json()
    assert detail["missed_count"] >= 1
    assert any(row["missed"] for row in detail["check_ins"])
    assert cm.get(BASE + "measures/", {"missed": "true"}).json()["count"] == 1
    ended = cm.post(
        "{b}measures/{m}/end/".format(b=BASE, m=measure_id),
        {"version": 1, "ended_on": days_ago(0).isoformat(), "end_reason": "completed"},
        format="json",
    )
    assert ended.status_code == 200
    assert ended.json()["ended_on"] == days_ago(0).isoformat()


def test_an_officer_not_on_the_team_is_refused(world, cm):
    response = cm.post(
        person_url(world.case.person, "measures"),
        {
            "kind": "voluntary_programme",
            "case": str(world.case.pk),
            "starts_on": days_ago(1).isoformat(),
            "responsible_officer": world.users["colleague"].pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "responsible_officer" in response.json()


def test_child_and_care_fields_follow_categories(world, cm):
    child = PersonFactory(
        birth_year=timezone.localdate().year - 8,
        registering_agency=world.agency_a,
        created_by=world.users["case_manager"],
    )
    from reintegra.cases.tests.factories import CaseFactory, TeamMemberFactory

    case = CaseFactory(person=child, lead_agency=world.agency_a, programme=world.programme)
    TeamMemberFactory(case=case, user=world.users["case_manager"])
    TeamMemberFactory(case=case, user=world.users["mentor"], role="mentor")
    TeamMemberFactory(case=case, user=world.users["provider"], role="service_provider")
    url = person_url(child, "child")
    assert cm.get(url).status_code == 404  # nothing recorded yet
    saved = cm.put(
        url,
        {
            "guardian_description": "Aunt",
            "guardian_consent": "given",
            "guardian_consent_on": days_ago(1).isoformat(),
            "school_status": "enrolled",
        },
        format="json",
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["juvenile_justice"] is False
    assert cm.put(url, {"school_status": "requested"}, format="json").status_code == 400  # version needed
    # a mentor reads family fields but not the legal-status ones
    data = api_for(world.users["mentor"]).get(url).json()
    assert data["guardian_description"] == "Aunt"
    assert "juvenile_justice" not in data
    # a service provider does not see the family category at all
    assert api_for(world.users["provider"]).get(url).status_code == 404
    care = person_url(world.case.person, "care")
    assert (
        cm.put(care, {"practitioner": "female", "specific_needs": "Woman doctor"}, format="json").status_code
        == 200
    )
    provider_view = api_for(world.users["provider"]).get(care).json()
    assert provider_view["practitioner"] == "female"
    assert "specific_needs" not in provider_view


def test_returns_and_family(world, cm):
    household = HouseholdFactory(registering_agency=world.agency_a)
    HouseholdMemberFactory(household=household, person=world.case.person, relationship="reference")
    response = cm.post(
        BASE + "returns/",
        {
            "returned_on": days_ago(45).isoformat(),
            "from_country": "IQ",
            "kind": "repatriation",
            "household": str(household.pk),
            "members": [{"person": str(world.case.person.pk), "role": "principal"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    ret = ReturnEvent.objects.get()
    body = response.json()
    assert len(body["checklist"]) == 11
    assert body["members"][0]["screening_outcome"] == ""
    need = cm.post("{b}returns/{r}/needs/".format(b=BASE, r=ret.pk), {"kind": "shelter"}, format="json")
    assert need.status_code == 201
    step = body["checklist"][0]["id"]
    assert (
        cm.post(
            "{b}returns/{r}/checklist/{s}/".format(b=BASE, r=ret.pk, s=step), {"done": True}, format="json"
        ).json()["done"]
        is True
    )
    member = body["members"][0]["id"]
    patched = cm.patch(
        "{b}returns/{r}/members/{m}/".format(b=BASE, r=ret.pk, m=member),
        {"version": 1, "identity_papers": "valid"},
        format="json",
    )
    assert patched.status_code == 200
    assert cm.get(BASE + "returns/").json()["count"] == 1
    family = cm.get("{b}families/{h}/".format(b=BASE, h=household.pk)).json()
    assert family["members"][0]["legal_status"] == LegalStatus.AWAITING_SCREENING
    goal = cm.post(
        "{b}families/{h}/goals/".format(b=BASE, h=household.pk),
        {"dimension": "housing", "goal": "A home"},
        format="json",
    )
    assert goal.status_code == 201
    updated = cm.patch(
        "{b}family-goals/{g}/".format(b=BASE, g=goal.json()["id"]),
        {"version": 1, "status": "achieved"},
        format="json",
    )
    assert updated.status_code == 200
    # the mentor sees the family but not the legal status column
    mentor = api_for(world.users["mentor"]).get("{b}families/{h}/".format(b=BASE, h=household.pk)).json()
    assert "legal_status" not in mentor["members"][0]


def test_custody_records(world, cm):
    person = world.case.person
    assert (
        cm.post(
            person_url(person, "participations"),
            {"kind": "education", "title": "Literacy", "started_on": days_ago(5).isoformat()},
            format="json",
        ).status_code
        == 201
    )
    assert (
        cm.post(
            person_url(person, "visits"),
            {"visited_on": days_ago(2).isoformat(), "visitors": "Mother"},
            format="json",
        ).status_code
        == 201
    )
    assert (
        cm.post(
            person_url(person, "custody-notes"), {"category": "legal_status", "body": "Calm"}, format="json"
        ).status_code
        == 201
    )
    data = cm.get(person_url(person, "custody")).json()
    assert [len(data[k]) for k in ("participations", "visits", "notes")] == [1, 1, 1]
    assert (
        api_for(world.users["mentor"])
        .post(
            person_url(person, "visits"),
            {"visited_on": days_ago(2).isoformat(), "visitors": "x"},
            format="json",
        )
        .status_code
        == 404
    )


def test_facilities_and_register_filters(world, cm):
    FacilityFactory(name="A prison")
    assert cm.get(BASE + "facilities/").json()["count"] == 1
    record(
        world.actor("case_manager"),
        world.case.person,
        K.SENTENCE,
        100,
        sentence_type="custodial",
        sentence_months=6,
        expected_release=timezone.localdate() + timedelta(days=30),
    )
    rows = cm.get(BASE + "people/", {"release_within": 90}).json()["results"]
    assert [r["person"] for r in rows] == [str(world.case.person.pk)]
    assert cm.get(BASE + "people/", {"status": "bogus"}).status_code == 400
    assert Task.objects.filter(title__startswith="Plan for release").count() == 1
    assert CheckIn.objects.count() == 0


def test_schema_lists_the_justice_endpoints(world, cm):
    text = cm.get("/api/schema/").content.decode()
    assert "/api/v1/justice/people/{id}/events/" in text
    assert "/api/v1/justice/measures/{id}/check-ins/" in text
