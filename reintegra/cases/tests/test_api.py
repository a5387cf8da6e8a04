"""The case, task and agency API: the same policy as the pages, 404 for what you may not
see, 400 with field errors, 409 for stale versions, audited reads on the "api" channel."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.cases.choices import CaseRole, CaseStage, TaskStatus
from reintegra.cases.models import Case, CaseNote, CaseTeamMember, Task
from reintegra.cases.tests.factories import CaseFactory, NoteFactory, TaskFactory, TeamMemberFactory
from reintegra.core.choices import DataCategory
from reintegra.core.models import AuditEvent
from reintegra.people.tests.factories import PersonFactory

CASES = "/api/v1/cases/"


def api_for(user, agency=None) -> APIClient:
    client = APIClient()
    client.force_login(user)
    if agency is not None:
        session = client.session
        session["reintegra_active_agency"] = agency.pk
        session.save()
    return client


def case_api(case, action="") -> str:
    return "{base}{pk}/{action}".format(base=CASES, pk=case.pk, action=action + "/" if action else "")


@pytest.fixture
def cm(world) -> APIClient:
    return api_for(world.users["case_manager"])


# --- cases: read ---------------------------------------------------------------------------


def test_case_list_returns_visible_cases_only(world, cm):
    CaseFactory(lead_agency=world.agency_b)
    response = cm.get(CASES)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    (row,) = response.json()["results"]
    assert row["code"] == world.case.code
    assert row["my_role"] == CaseRole.CASE_MANAGER
    assert row["person_name"] == world.case.person.display_name
    assert "identity" in row["categories"]


def test_case_list_filters_by_programme_and_stage(world, cm):
    response = cm.get(CASES, {"programme": world.programme.code, "stage": "intake", "mine": "true"})
    assert [r["code"] for r in response.json()["results"]] == [world.case.code]
    assert cm.get(CASES, {"stage": "support"}).json()["count"] == 0


def test_case_list_search_by_name(world, cm):
    response = cm.get(CASES, {"q": world.case.person.given_name_latin})
    assert [r["code"] for r in response.json()["results"]] == [world.case.code]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"programme": "no-such-programme"}, "programme"),
        ({"beneficiary_type": "no-such-type"}, "beneficiary_type"),
        ({"stage": "flying"}, "stage"),
        ({"age_band": "old"}, "age_band"),
        ({"sex": "robot"}, "sex"),
    ],
)
def test_case_list_refuses_unknown_filters(world, cm, params, field):
    response = cm.get(CASES, params)
    assert response.status_code == 400
    assert field in response.json()


def test_case_list_filters_by_age_band_and_sex(world, cm):
    # the world's person is a woman born in 1990
    age = timezone.localdate().year - 1990
    band = "35-49" if 35 <= age <= 49 else "25-34"
    assert cm.get(CASES, {"age_band": band, "sex": "female"}).json()["count"] == 1
    assert cm.get(CASES, {"sex": "male"}).json()["count"] == 0


def test_case_retrieve_and_audit_on_the_api_channel(world, cm):
    response = cm.get(case_api(world.case))
    assert response.status_code == 200
    assert response.json()["code"] == world.case.code
    event = AuditEvent.objects.get(action="case.viewed")
    assert event.channel == "api"
    assert event.case_id == world.case.pk
    assert event.actor_user_id == world.users["case_manager"].pk


def test_a_case_search_is_audited_on_the_api_channel(world, cm):
    cm.get(CASES, {"q": "x"})
    assert AuditEvent.objects.get(action="case.searched").channel == "api"


def test_fields_of_unseen_categories_are_absent(world):
    # given a closed case (outcomes) with a referral source (case notes)
    Case.objects.filter(pk=world.case.pk).update(
        stage=CaseStage.CLOSED, outcome="completed", closed_on=timezone.localdate(), referral_source="Court"
    )
    # a service provider sees case notes (the referral source) but not outcomes
    provider = api_for(world.users["provider"]).get(case_api(world.case)).json()
    assert "outcome" not in provider
    assert "closed_on" not in provider
    assert provider["referral_source"] == "Court"
    assert "person_name" in provider
    # a mentor sees outcomes
    mentor = api_for(world.users["mentor"]).get(case_api(world.case)).json()
    assert mentor["outcome"] == "completed"
    assert "health_psychosocial" not in mentor["categories"]


@pytest.mark.parametrize("name", ["other_worker", "other_supervisor", "colleague"])
def test_outsiders_get_404_for_the_case_and_its_actions(world, name):
    client = api_for(world.users[name])
    assert client.get(case_api(world.case)).status_code == 404
    for action in ("team", "notes", "tasks"):
        assert client.get(case_api(world.case, action)).status_code == 404, action
    writes = [
        ("patch", "", {"version": 1, "referral_source": "x"}),
        ("post", "transition", {"version": 1, "to_stage": "assessment"}),
        ("post", "close", {"version": 1, "outcome": "withdrawn"}),
        ("post", "reopen", {"version": 1, "reason": "x"}),
        ("post", "team", {"user": world.users[name].pk, "role": "mentor"}),
        ("post", "notes", {"category": "case_notes", "body": "x"}),
        ("post", "tasks", {"title": "x", "due_on": "2030-01-01", "assignee": world.users[name].pk}),
    ]
    for method, action, data in writes:
        assert getattr(client, method)(case_api(world.case, action), data).status_code == 404, action
    world.case.refresh_from_db()
    assert (world.case.stage, world.case.version, world.case.referral_source) == ("intake", 1, "")
    assert not CaseNote.objects.exists()
    assert not Task.objects.exists()
    assert CaseTeamMember.objects.filter(case=world.case).count() == 4


def test_signed_out_and_agencyless_users_are_refused(world, db):
    from reintegra.accounts.tests.factories import UserFactory

    assert APIClient().get(CASES).status_code == 403
    assert api_for(UserFactory()).get(CASES).status_code == 403


# --- cases: write --------------------------------------------------------------------------


def test_case_create(world, cm):
    person = PersonFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    response = cm.post(
        CASES,
        {"person": str(person.pk), "programme": world.programme.code, "beneficiary_type": "returnee"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["stage"] == CaseStage.REFERRAL
    assert body["my_role"] == CaseRole.CASE_MANAGER
    case = Case.objects.get(pk=body["id"])
    assert case.person == person


def test_case_create_with_unknown_codes_is_400(world, cm):
    person = PersonFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    response = cm.post(CASES, {"person": str(person.pk), "programme": "nope", "beneficiary_type": "returnee"})
    assert response.status_code == 400
    assert "programme" in response.json()
    response = cm.post(CASES, {"person": str(person.pk), "programme": world.programme.code})
    assert response.status_code == 400
    assert "beneficiary_type" in response.json()
    assert not Case.objects.filter(person=person).exists()


@pytest.mark.parametrize("name", ["me_officer", "psychologist"])
def test_case_create_without_intake_role_is_403(world, name):
    person = world.case.person
    response = api_for(world.users[name]).post(
        CASES, {"person": str(person.pk), "programme": world.programme.code, "beneficiary_type": "returnee"}
    )
    assert response.status_code == 403
    assert Case.objects.count() == 1


def test_case_partial_update_and_stale_version(world, cm):
    response = cm.patch(case_api(world.case), {"version": 1, "referral_source": "Family"})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["referral_source"] == "Family"
    stale = cm.patch(case_api(world.case), {"version": 1, "referral_source": "Court"})
    assert stale.status_code == 409
    assert "Someone else changed this record" in stale.json()["non_field_errors"][0]
    world.case.refresh_from_db()
    assert (world.case.referral_source, world.case.version) == ("Family", 2)


def test_case_partial_update_ignores_fields_it_does_not_accept(world, cm):
    """Mass assignment: stage, lead agency, code and person move only through their own services."""
    before = (world.case.stage, world.case.lead_agency_id, world.case.code, world.case.person_id)
    response = cm.patch(
        case_api(world.case),
        {
            "version": 1,
            "referral_source": "Family",
            "stage": "closed",
            "outcome": "completed",
            "lead_agency": world.agency_b.pk,
            "code": "C-FORGED",
            "person": str(PersonFactory(registering_agency=world.agency_a).pk),
        },
        format="json",
    )
    assert response.status_code == 200
    world.case.refresh_from_db()
    assert (world.case.stage, world.case.lead_agency_id, world.case.code, world.case.person_id) == before
    assert (world.case.referral_source, world.case.outcome) == ("Family", "")


def test_case_partial_update_needs_a_version(world, cm):
    response = cm.patch(case_api(world.case), {"referral_source": "Family"})
    assert response.status_code == 400
    assert "version" in response.json()


def test_case_partial_update_with_unknown_beneficiary_type_is_400(world, cm):
    response = cm.patch(case_api(world.case), {"version": 1, "beneficiary_type": "nope"})
    assert response.status_code == 400
    assert "beneficiary_type" in response.json()


def test_mentor_cannot_update_the_case(world):
    response = api_for(world.users["mentor"]).patch(
        case_api(world.case), {"version": 1, "referral_source": "x"}
    )
    assert response.status_code == 404


def test_transition_close_and_reopen(world, cm):
    moved = cm.post(case_api(world.case, "transition"), {"version": 1, "to_stage": "assessment"})
    assert moved.status_code == 200
    assert (moved.json()["stage"], moved.json()["version"]) == ("assessment", 2)
    closed = cm.post(case_api(world.case, "close"), {"version": 2, "outcome": "completed"})
    assert closed.status_code == 200
    assert closed.json()["stage"] == "closed"
    assert closed.json()["outcome"] == "completed"
    # only a supervisor reopens
    assert cm.post(case_api(world.case, "reopen"), {"version": 3, "reason": "Back"}).status_code == 404
    reopened = api_for(world.users["supervisor"]).post(
        case_api(world.case, "reopen"), {"version": 3, "reason": "Back"}
    )
    assert reopened.status_code == 200
    assert reopened.json()["stage"] == "assessment"


def test_invalid_transition_is_400_non_field_error(world, cm):
    response = cm.post(case_api(world.case, "transition"), {"version": 1, "to_stage": "support"})
    assert response.status_code == 400
    assert "A case cannot move from" in response.json()["non_field_errors"][0]
    world.case.refresh_from_db()
    assert (world.case.stage, world.case.version) == ("intake", 1)


def test_stale_transition_is_409(world, cm):
    Case.objects.filter(pk=world.case.pk).update(version=2)
    response = cm.post(case_api(world.case, "transition"), {"version": 1, "to_stage": "assessment"})
    assert response.status_code == 409
    world.case.refresh_from_db()
    assert world.case.stage == "intake"


def test_close_without_outcome_is_400(world, cm):
    response = cm.post(case_api(world.case, "close"), {"version": 1})
    assert response.status_code == 400
    assert "outcome" in response.json()
    world.case.refresh_from_db()
    assert world.case.stage == "intake"


def test_reopen_without_reason_is_400(world):
    Case.objects.filter(pk=world.case.pk).update(stage="closed", outcome="completed")
    response = api_for(world.users["supervisor"]).post(case_api(world.case, "reopen"), {"version": 1})
    assert response.status_code == 400
    assert "reason" in response.json()


def test_team_list_and_add(world, cm):
    listed = cm.get(case_api(world.case, "team"))
    assert listed.status_code == 200
    assert {m["role"] for m in listed.json()} == {
        "case_manager",
        "mentor",
        "service_provider",
        "psychologist",
    }
    added = cm.post(case_api(world.case, "team"), {"user": world.users["colleague"].pk, "role": "co_worker"})
    assert added.status_code == 201
    assert added.json()["user"] == world.users["colleague"].pk
    assert CaseTeamMember.objects.filter(case=world.case, user=world.users["colleague"]).exists()


def test_team_add_of_a_user_of_another_agency_is_400(world, cm):
    response = cm.post(
        case_api(world.case, "team"), {"user": world.users["other_worker"].pk, "role": "mentor"}
    )
    assert response.status_code == 400
    assert "user" in response.json()


def test_team_add_of_someone_already_on_it_is_400(world, cm):
    response = cm.post(case_api(world.case, "team"), {"user": world.users["mentor"].pk, "role": "co_worker"})
    assert response.status_code == 400


def test_mentor_cannot_manage_the_team(world):
    response = api_for(world.users["mentor"]).post(
        case_api(world.case, "team"), {"user": world.users["colleague"].pk, "role": "mentor"}
    )
    assert response.status_code == 404


def test_notes_list_only_readable_categories(world):
    author = world.users["case_manager"]
    NoteFactory(case=world.case, category=DataCategory.HEALTH_PSYCHOSOCIAL, body="HEALTH", author=author)
    NoteFactory(case=world.case, category=DataCategory.CASE_NOTES, body="Ordinary", author=author)
    mentor = api_for(world.users["mentor"]).get(case_api(world.case, "notes"))
    assert mentor.status_code == 200
    assert [n["body"] for n in mentor.json()["results"]] == ["Ordinary"]
    manager = api_for(author).get(case_api(world.case, "notes"))
    assert {n["body"] for n in manager.json()["results"]} == {"HEALTH", "Ordinary"}


def test_reading_notes_is_audited(world):
    NoteFactory(case=world.case, category=DataCategory.CASE_NOTES, author=world.users["case_manager"])
    api_for(world.users["mentor"]).get(case_api(world.case, "notes"))
    events = AuditEvent.objects.filter(case_id=world.case.pk, actor_user_id=world.users["mentor"].pk)
    assert events.exists()
    assert all(e.channel == "api" for e in events)
    assert any(DataCategory.CASE_NOTES in e.categories for e in events)


def test_note_add_and_category_refused(world, cm):
    added = cm.post(case_api(world.case, "notes"), {"category": "risk_assessment", "body": "Low risk."})
    assert added.status_code == 201
    assert added.json()["category"] == "risk_assessment"
    refused = api_for(world.users["mentor"]).post(
        case_api(world.case, "notes"), {"category": "risk_assessment", "body": "Guess."}
    )
    assert refused.status_code == 400
    assert "category" in refused.json()
    assert CaseNote.objects.count() == 1


def test_note_without_body_is_400(world, cm):
    response = cm.post(case_api(world.case, "notes"), {"category": "case_notes"})
    assert response.status_code == 400
    assert "body" in response.json()


def test_tasks_list_and_add(world, cm):
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    added = cm.post(
        case_api(world.case, "tasks"), {"title": "Call", "due_on": due, "assignee": world.users["mentor"].pk}
    )
    assert added.status_code == 201
    assert added.json()["case"] == str(world.case.pk)
    assert added.json()["status"] == "open"
    listed = cm.get(case_api(world.case, "tasks"))
    assert [t["title"] for t in listed.json()] == ["Call"]


def test_task_for_someone_off_the_team_is_400(world, cm):
    response = cm.post(
        case_api(world.case, "tasks"),
        {"title": "Call", "due_on": "2030-01-01", "assignee": world.users["colleague"].pk},
    )
    assert response.status_code == 400
    assert "assignee" in response.json()
    assert not Task.objects.exists()


# --- tasks and agencies --------------------------------------------------------------------


def test_my_tasks_and_status(world):
    mine = TaskFactory(case=world.case, assignee=world.users["mentor"], title="Mine")
    TaskFactory(case=world.case, assignee=world.users["case_manager"], title="Theirs")
    client = api_for(world.users["mentor"])
    listed = client.get("/api/v1/tasks/")
    assert listed.status_code == 200
    assert [t["title"] for t in listed.json()["results"]] == ["Mine"]
    every = client.get("/api/v1/tasks/", {"mine": "false"})
    assert {t["title"] for t in every.json()["results"]} == {"Mine", "Theirs"}
    assert client.get("/api/v1/tasks/{pk}/".format(pk=mine.pk)).json()["title"] == "Mine"
    done = client.post("/api/v1/tasks/{pk}/status/".format(pk=mine.pk), {"status": "done"})
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    mine.refresh_from_db()
    assert mine.status == TaskStatus.DONE


def test_task_status_refusals(world):
    theirs = TaskFactory(case=world.case, assignee=world.users["case_manager"])
    mentor = api_for(world.users["mentor"])
    # a mentor sees the task on their case but may not change someone else's
    assert (
        mentor.post("/api/v1/tasks/{pk}/status/".format(pk=theirs.pk), {"status": "done"}).status_code == 404
    )
    # nobody outside the agency sees it
    other = api_for(world.users["other_worker"])
    assert other.get("/api/v1/tasks/{pk}/".format(pk=theirs.pk)).status_code == 404
    # an unknown status is a field error
    manager = api_for(world.users["case_manager"])
    bad = manager.post("/api/v1/tasks/{pk}/status/".format(pk=theirs.pk), {"status": "maybe"})
    assert bad.status_code == 400
    assert "status" in bad.json()
    theirs.refresh_from_db()
    assert theirs.status == TaskStatus.OPEN


def test_agencies(world, cm):
    listed = cm.get("/api/v1/agencies/")
    assert listed.status_code == 200
    assert {a["name"] for a in listed.json()["results"]} >= {"Agency A", "Agency B"}
    one = cm.get("/api/v1/agencies/{pk}/".format(pk=world.agency_a.pk))
    assert one.json()["name"] == "Agency A"
    assert cm.get("/api/v1/agencies/999999/").status_code == 404


# --- the schema and the docs ---------------------------------------------------------------


def test_openapi_schema_renders(world, cm):
    response = cm.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/cases/{id}/transition/" in text
    assert "/api/v1/persons/" in text


def test_api_docs_load(world, cm):
    response = cm.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_api_case_list_query_count_does_not_grow(world, cm, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count):
        for _ in range(count):
            case = CaseFactory(lead_agency=world.agency_a, programme=world.programme)
            TeamMemberFactory(case=case, user=world.users["case_manager"])

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert cm.get(CASES).status_code == 200
        return len(captured)

    add(4)
    few = count_queries()
    add(26)
    assert count_queries() == few
    with django_assert_max_num_queries(20):
        cm.get(CASES)
