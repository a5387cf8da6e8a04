"""The plans, sessions and mentoring API."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.plans.choices import GoalDimension
from reintegra.plans.tests.factories import action_for, goal_for, plan_for, session_for

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_plan_from_creation_to_acceptance(world):
    client = api(world.users["case_manager"])
    created = client.post("/api/v1/plans/", {"case": str(world.case.pk), "summary": "Settle."}, format="json")
    assert created.status_code == 201, created.content
    plan = created.json()
    goal = client.post(
        "/api/v1/plan-goals/", {"plan": plan["id"], "dimension": "economic", "title": "Work"}, format="json"
    ).json()
    action = client.post(
        "/api/v1/plan-actions/",
        {
            "goal": goal["id"],
            "description": "CV",
            "responsible_kind": "user",
            "responsible_user": world.users["mentor"].pk,
            "target_date": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert action.status_code == 201, action.content
    accepted = client.post(
        "/api/v1/plans/{id}/accept/".format(id=plan["id"]),
        {
            "version": plan["version"],
            "goals": [goal["id"]],
            "accepted_on": timezone.localdate().isoformat(),
            "method": "signed",
            "participant_words": "I agree.",
        },
        format="json",
    )
    assert accepted.status_code == 201, accepted.content
    detail = client.get("/api/v1/plans/{id}/".format(id=plan["id"])).json()
    assert detail["status"] == "active"
    assert detail["goals"][0]["accepted_in_version"] == 1
    assert detail["goals"][0]["actions"][0]["responsible_user"] == world.users["mentor"].pk


def test_the_mentor_sees_only_goals_of_their_categories_and_reports_progress(world):
    cm = world.actor("case_manager")
    plan = plan_for(cm, world.case)
    work = goal_for(cm, plan)
    goal_for(cm, plan, GoalDimension.HEALTH, "See a doctor")
    action = action_for(cm, work, user=world.users["mentor"], due=timezone.localdate() - timedelta(days=1))
    client = api(world.users["mentor"])
    detail = client.get("/api/v1/plans/{id}/".format(id=plan.pk)).json()
    assert [g["title"] for g in detail["goals"]] == ["Find stable work"]
    overdue = client.get("/api/v1/plan-actions/", {"overdue": "true"}).json()["results"]
    assert [a["id"] for a in overdue] == [str(action.pk)]
    done = client.post(
        "/api/v1/plan-actions/{id}/status/".format(id=action.pk), {"status": "done"}, format="json"
    )
    assert done.json()["status"] == "done"
    assert (
        client.post(
            "/api/v1/plan-goals/",
            {"plan": str(plan.pk), "dimension": "economic", "title": "x"},
            format="json",
        ).status_code
        == 404
    )


def test_sessions_and_notes_through_the_api(world):
    client = api(world.users["mentor"])
    created = client.post(
        "/api/v1/sessions/",
        {
            "case": str(world.case.pk),
            "session_type": "mentoring",
            "occurred_on": timezone.localdate().isoformat(),
            "attendance": "late",
            "note": "Came late, bus was full.",
            "note_category": "case_notes",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    session = created.json()
    assert session["notes"][0]["body"] == "Came late, bus was full."
    refused = client.post(
        "/api/v1/sessions/",
        {
            "case": str(world.case.pk),
            "session_type": "psychotherapy",
            "occurred_on": timezone.localdate().isoformat(),
            "attendance": "attended",
        },
        format="json",
    )
    assert refused.status_code == 400
    concern = client.post(
        "/api/v1/sessions/{id}/notes/".format(id=session["id"]),
        {"category": "case_notes", "body": "Worried about money.", "is_concern": True},
        format="json",
    )
    assert concern.status_code == 201
    cm = api(world.users["case_manager"])
    resolved = cm.post(
        "/api/v1/sessions/{id}/resolve/".format(id=session["id"]), {"resolution": "Referred."}, format="json"
    )
    assert resolved.json()["concern_open"] is False
    assert (
        client.post(
            "/api/v1/sessions/{id}/resolve/".format(id=session["id"]), {"resolution": "x"}, format="json"
        ).status_code
        == 404
    )


def test_psychotherapy_sessions_are_absent_for_a_mentor(world):
    session_for(world.actor("psychologist"), world.case, "psychologist", "psychotherapy")
    session_for(world.actor("mentor"), world.case, "mentor", "mentoring")
    rows = api(world.users["mentor"]).get("/api/v1/sessions/", {"case": str(world.case.pk)}).json()["results"]
    assert [r["session_type"] for r in rows] == ["mentoring"]


def test_mentor_assignments_through_the_api(world):
    client = api(world.users["case_manager"])
    created = client.post(
        "/api/v1/mentor-assignments/",
        {"case": str(world.case.pk), "mentor": world.users["mentor"].pk, "mentee_kind": "participant"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert (
        client.post(
            "/api/v1/mentor-assignments/",
            {"case": str(world.case.pk), "mentor": world.users["colleague"].pk, "mentee_kind": "participant"},
            format="json",
        ).status_code
        == 400
    )
    ended = client.post(
        "/api/v1/mentor-assignments/{id}/end/".format(id=created.json()["id"]),
        {"ended_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert ended.json()["ended_on"] == timezone.localdate().isoformat()
