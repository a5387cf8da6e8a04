"""The case pages: what each user sees and may do there, the errors that change nothing,
the audit rows a page writes, and query budgets that must not grow with the data."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reintegra.access import policy
from reintegra.cases.choices import CaseRole, CaseStage, TaskStatus
from reintegra.cases.models import Case, CaseNote, CaseStageChange, CaseTeamMember, Task
from reintegra.cases.tests.factories import (
    CaseFactory,
    NoteFactory,
    TaskFactory,
    TeamMemberFactory,
    beneficiary_type,
)
from reintegra.core.choices import DataCategory
from reintegra.core.models import AuditEvent
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

STALE = "Someone else changed this record"


def client_for(user, agency=None) -> Client:
    """A separate signed-in client, so one test can act as several users."""
    client = Client()
    client.force_login(user)
    if agency is not None:
        session = client.session
        session["reintegra_active_agency"] = agency.pk
        session.save()
    return client


def html(response) -> str:
    return response.content.decode()


def case_url(case, name="case_detail") -> str:
    return reverse("cases:{name}".format(name=name), kwargs={"case_id": case.pk})


def cases_for(world, user, count: int, role=CaseRole.CASE_MANAGER, **names) -> list[Case]:
    """`count` more cases of agency A with `user` on each team."""
    cases = []
    for _ in range(count):
        person = PersonFactory(registering_agency=world.agency_a, created_by=user, **names)
        case = CaseFactory(
            person=person, lead_agency=world.agency_a, programme=world.programme, created_by=user
        )
        TeamMemberFactory(case=case, user=user, role=role)
        cases.append(case)
    return cases


@pytest.fixture
def cm(world, login) -> Client:
    return login(world.users["case_manager"])


# --- pages render for an allowed user -----------------------------------------------------


def test_dashboard_lists_my_cases_and_tasks(world, cm):
    # given a task for the case manager on the world's case
    TaskFactory(case=world.case, assignee=world.users["case_manager"], title="Call the family")
    # when
    response = cm.get(reverse("cases:dashboard"))
    # then
    assert response.status_code == 200
    assert world.case.code in html(response)
    assert "Call the family" in html(response)


def test_case_list_shows_visible_cases(world, cm):
    other = CaseFactory(lead_agency=world.agency_b)
    response = cm.get(reverse("cases:case_list"))
    assert response.status_code == 200
    assert world.case.code in html(response)
    assert other.code not in html(response)


def test_case_list_search_by_code_and_name(world, cm):
    # given a second case whose person has a distinct name
    (extra,) = cases_for(world, world.users["case_manager"], 1, given_name_latin="Zubair")
    # when searching by case code
    by_code = html(cm.get(reverse("cases:case_list"), {"q": world.case.code}))
    # then only that case is listed
    assert world.case.code in by_code
    assert extra.code not in by_code
    # and a name search finds the other one across spellings
    by_name = html(cm.get(reverse("cases:case_list"), {"q": "Zoubeir"}))
    assert extra.code in by_name
    assert world.case.code not in by_name


def test_case_list_filters_by_stage(world, cm):
    (later,) = cases_for(world, world.users["case_manager"], 1)
    Case.objects.filter(pk=later.pk).update(stage=CaseStage.SUPPORT)
    page = html(cm.get(reverse("cases:case_list"), {"stage": CaseStage.SUPPORT}))
    assert later.code in page
    assert world.case.code not in page


def test_an_invalid_filter_is_ignored_and_the_others_still_apply(world, cm):
    (other,) = cases_for(world, world.users["case_manager"], 1)
    response = cm.get(reverse("cases:case_list"), {"q": other.code, "stage": "no-such-stage"})
    assert response.status_code == 200
    assert other.code in html(response)
    assert world.case.code not in html(response)
    assert response.context["form"].errors["stage"]


def test_case_list_filter_mine_excludes_supervised_cases(world, login):
    # given a case of agency A nobody told the supervisor about, and one they are on
    (own,) = cases_for(world, world.users["supervisor"], 1)
    client = login(world.users["supervisor"])
    # when filtering to "only cases I am on"
    page = html(client.get(reverse("cases:case_list"), {"mine": "on"}))
    # then
    assert own.code in page
    assert world.case.code not in page
    # while without the filter the supervisor sees both
    everything = html(client.get(reverse("cases:case_list")))
    assert own.code in everything
    assert world.case.code in everything


def test_case_list_paginates(world, cm):
    cases_for(world, world.users["case_manager"], 30)
    first = cm.get(reverse("cases:case_list"), {"ordering": "code"})
    second = cm.get(reverse("cases:case_list"), {"ordering": "code", "page": 2})
    assert first.status_code == second.status_code == 200
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 6
    assert "Page 2 of 2" in html(second)
    codes_first = {row.obj.code for row in first.context["rows"]}
    codes_second = {row.obj.code for row in second.context["rows"]}
    assert not codes_first & codes_second


def test_case_list_htmx_request_gets_only_the_results(world, cm):
    response = cm.get(reverse("cases:case_list"), {"q": world.case.code}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = html(response)
    assert world.case.code in body
    assert "<html" not in body
    assert 'role="search"' not in body


def test_case_detail_renders_every_tab(world, cm):
    NoteFactory(case=world.case, body="Met at the centre.", author=world.users["case_manager"])
    TaskFactory(case=world.case, assignee=world.users["mentor"], title="Find a workshop place")
    response = cm.get(case_url(world.case), {"tab": "notes"})
    assert response.status_code == 200
    body = html(response)
    for key in ("overview", "household", "team", "notes", "tasks", "history"):
        assert 'id="tab-{key}"'.format(key=key) in body
    assert "Met at the centre." in body
    assert "Find a workshop place" in body
    assert response.context["tab"] == "notes"
    assert 'aria-controls="tab-notes" aria-selected="true"' in body
    assert 'aria-controls="tab-overview" aria-selected="false"' in body


@pytest.mark.parametrize("tab", ["household", "nonsense"])
def test_a_tab_the_user_does_not_have_opens_the_overview(world, login, tab):
    # given a service provider (no family category, so no household tab)
    body = html(login(world.users["provider"]).get(case_url(world.case), {"tab": tab}))
    # then the overview is open rather than an empty page
    assert 'aria-controls="tab-overview" aria-selected="true"' in body
    assert 'class="tab-pane fade show active" id="tab-overview"' in body


def test_the_justice_tab_opens_from_a_link(world, cm):
    body = html(cm.get(case_url(world.case), {"tab": "justice"}))
    assert 'aria-controls="tab-justice" aria-selected="true"' in body


def test_a_child_is_never_labelled_an_offender(world, cm):
    # given a 15-year-old recorded as a convicted offender
    person = world.case.person
    person.birth_year = timezone.localdate().year - 15
    person.save()
    Case.objects.filter(pk=world.case.pk).update(beneficiary_type=beneficiary_type("convicted_offender"))
    # then the case page and the case list say "Child" (the list's filter still offers the type)
    page = html(cm.get(case_url(world.case)))
    assert "Convicted offender" not in page
    assert "· Child" in page
    rows = html(cm.get(reverse("cases:case_list")))
    assert "<td>Convicted offender</td>" not in rows
    assert "<td>Child</td>" in rows


def test_case_detail_household_tab_lists_visible_relatives(world, cm):
    household = HouseholdFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    HouseholdMemberFactory(household=household, person=world.case.person, relationship="reference")
    child = PersonFactory(
        registering_agency=world.agency_a, created_by=world.users["case_manager"], given_name_latin="Amina"
    )
    HouseholdMemberFactory(household=household, person=child, relationship="child")
    body = html(cm.get(case_url(world.case), {"tab": "household"}))
    assert household.code in body
    assert "Amina" in body


def test_case_open_page_and_post(world, login):
    user = world.users["case_manager"]
    person = PersonFactory(registering_agency=world.agency_a, created_by=user)
    client = login(user)
    page = client.get(reverse("cases:case_open"), {"person": person.pk})
    assert page.status_code == 200
    assert person.code in html(page)
    response = client.post(
        reverse("cases:case_open"),
        {
            "person": person.pk,
            "programme": world.programme.pk,
            "beneficiary_type": world.case.beneficiary_type_id,
            "referral_source": "Prison service",
        },
    )
    case = Case.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == case_url(case)
    assert case.stage == CaseStage.REFERRAL
    assert case.team.get().user == user


def test_second_open_case_in_a_programme_is_refused_clearly(world, cm):
    response = cm.post(
        reverse("cases:case_open"),
        {
            "person": world.case.person.pk,
            "programme": world.programme.pk,
            "beneficiary_type": world.case.beneficiary_type_id,
        },
    )
    assert response.status_code == 200
    assert "This person already has an open case in this programme." in html(response)
    assert Case.objects.count() == 1


def test_a_user_without_an_agency_is_told_so(db, client):
    from reintegra.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 403
    assert "You are not a member of any agency yet" in html(response)


def test_case_open_invalid_post_saves_nothing(world, cm):
    before = Case.objects.count()
    response = cm.post(reverse("cases:case_open"), {"programme": world.programme.pk})
    assert response.status_code == 200
    assert "This field is required." in html(response)
    assert Case.objects.count() == before


def test_the_case_edit_form_is_an_audited_disclosure(world, cm):
    cm.get(case_url(world.case, "case_edit"))
    event = AuditEvent.objects.get(action="case.viewed")
    assert event.case_id == world.case.pk


def test_case_edit_saves_changes(world, cm):
    page = cm.get(case_url(world.case, "case_edit"))
    assert page.status_code == 200
    response = cm.post(
        case_url(world.case, "case_edit"),
        {
            "version": world.case.version,
            "beneficiary_type": world.case.beneficiary_type_id,
            "referral_source": "Family",
            "opened_on": world.case.opened_on.isoformat(),
        },
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.referral_source == "Family"
    assert world.case.version == 2


def test_case_edit_with_stale_version_changes_nothing(world, cm):
    # given someone saved the case after the form was opened (version 1 → 2)
    Case.objects.filter(pk=world.case.pk).update(version=2, referral_source="Court")
    # when the old form is posted
    response = cm.post(
        case_url(world.case, "case_edit"),
        {
            "version": 1,
            "beneficiary_type": world.case.beneficiary_type_id,
            "referral_source": "Family",
            "opened_on": world.case.opened_on.isoformat(),
        },
    )
    # then the page says so and the record is untouched
    assert response.status_code == 200
    assert STALE in html(response)
    world.case.refresh_from_db()
    assert world.case.referral_source == "Court"
    assert world.case.version == 2


def test_transition_moves_the_case(world, cm):
    response = cm.post(
        case_url(world.case, "case_transition"),
        {"version": 1, "to_stage": CaseStage.ASSESSMENT, "reason": "Consent signed"},
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.stage == CaseStage.ASSESSMENT
    assert CaseStageChange.objects.filter(case=world.case, to_stage=CaseStage.ASSESSMENT).exists()


def test_invalid_transition_is_refused_clearly(world, cm):
    response = cm.post(case_url(world.case, "case_transition"), {"version": 1, "to_stage": CaseStage.SUPPORT})
    assert response.status_code == 400
    assert "A case cannot move from" in html(response)
    world.case.refresh_from_db()
    assert world.case.stage == CaseStage.INTAKE
    assert world.case.version == 1


def test_transition_with_stale_version_changes_nothing(world, cm):
    Case.objects.filter(pk=world.case.pk).update(version=3)
    response = cm.post(
        case_url(world.case, "case_transition"), {"version": 1, "to_stage": CaseStage.ASSESSMENT}
    )
    assert response.status_code == 400
    assert STALE in html(response)
    world.case.refresh_from_db()
    assert world.case.stage == CaseStage.INTAKE
    assert world.case.version == 3


def test_closing_without_outcome_changes_nothing(world, cm):
    response = cm.post(case_url(world.case, "case_close"), {"version": 1, "outcome": ""})
    assert response.status_code == 400
    assert "This field is required." in html(response)
    world.case.refresh_from_db()
    assert world.case.stage == CaseStage.INTAKE


def test_close_then_supervisor_reopens(world, cm, world_supervisor):
    response = cm.post(case_url(world.case, "case_close"), {"version": 1, "outcome": "withdrawn"})
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert (world.case.stage, world.case.outcome) == (CaseStage.CLOSED, "withdrawn")
    # the case manager cannot reopen: the page says who can, and the action is not there
    page = html(cm.get(case_url(world.case)))
    assert "Only a supervisor can reopen it." in page
    assert case_url(world.case, "case_reopen") not in page
    denied = cm.post(case_url(world.case, "case_reopen"), {"version": 2, "reason": "Back"})
    assert denied.status_code == 404
    # the supervisor can
    assert case_url(world.case, "case_reopen") in html(world_supervisor.get(case_url(world.case)))
    response = world_supervisor.post(
        case_url(world.case, "case_reopen"), {"version": 2, "reason": "Returned to the programme"}
    )
    assert response.status_code == 302
    world.case.refresh_from_db()
    assert (world.case.stage, world.case.outcome) == (CaseStage.INTAKE, "")


def test_reopen_without_reason_changes_nothing(world, world_supervisor):
    Case.objects.filter(pk=world.case.pk).update(stage=CaseStage.CLOSED, outcome="withdrawn", version=2)
    response = world_supervisor.post(case_url(world.case, "case_reopen"), {"version": 2, "reason": ""})
    assert response.status_code == 400
    world.case.refresh_from_db()
    assert world.case.stage == CaseStage.CLOSED


@pytest.fixture
def world_supervisor(world) -> Client:
    return client_for(world.users["supervisor"])


def test_team_add_and_end(world, cm):
    colleague = world.users["colleague"]
    response = cm.post(
        case_url(world.case, "case_team_add"), {"user": colleague.pk, "role": CaseRole.CO_WORKER}
    )
    assert response.status_code == 302
    assert response.url.endswith("?tab=team")
    member = CaseTeamMember.objects.get(case=world.case, user=colleague, ended_at__isnull=True)
    assert member.role == CaseRole.CO_WORKER
    response = cm.post(
        reverse("cases:case_team_end", kwargs={"case_id": world.case.pk, "member_id": member.pk})
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.ended_at is not None


def test_team_add_of_another_agencys_user_is_refused(world, cm):
    response = cm.post(
        case_url(world.case, "case_team_add"),
        {"user": world.users["other_worker"].pk, "role": CaseRole.MENTOR},
    )
    assert response.status_code == 400
    assert not CaseTeamMember.objects.filter(case=world.case, user=world.users["other_worker"]).exists()


def test_last_case_manager_cannot_leave(world, cm):
    member = CaseTeamMember.objects.get(case=world.case, user=world.users["case_manager"])
    response = cm.post(
        reverse("cases:case_team_end", kwargs={"case_id": world.case.pk, "member_id": member.pk}), follow=True
    )
    assert "A case needs a case manager" in html(response)
    member.refresh_from_db()
    assert member.ended_at is None


def test_note_add(world, cm):
    response = cm.post(
        case_url(world.case, "case_note_add"),
        {"category": DataCategory.HEALTH_PSYCHOSOCIAL, "body": "Sleeps badly."},
    )
    assert response.status_code == 302
    note = CaseNote.objects.get(case=world.case)
    assert (note.category, note.body) == (DataCategory.HEALTH_PSYCHOSOCIAL, "Sleeps badly.")


def test_mentor_cannot_write_a_health_note(world, login):
    client = login(world.users["mentor"])
    response = client.post(
        case_url(world.case, "case_note_add"),
        {"category": DataCategory.HEALTH_PSYCHOSOCIAL, "body": "Sleeps badly."},
    )
    assert response.status_code == 400
    assert not CaseNote.objects.exists()


def test_task_add_and_status(world, cm):
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = cm.post(
        case_url(world.case, "case_task_add"),
        {"title": "Visit the family", "due_on": due, "assignee": world.users["mentor"].pk},
    )
    assert response.status_code == 302
    task = Task.objects.get(case=world.case)
    assert task.assignee == world.users["mentor"]
    response = cm.post(
        reverse("cases:task_status", kwargs={"task_id": task.pk}), {"status": TaskStatus.DONE, "next": "case"}
    )
    assert response.status_code == 302
    assert response.url == case_url(world.case) + "?tab=tasks"
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_at is not None


def test_task_for_someone_off_the_team_is_refused(world, cm):
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = cm.post(
        case_url(world.case, "case_task_add"),
        {"title": "Visit", "due_on": due, "assignee": world.users["colleague"].pk},
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_my_tasks_lists_open_tasks_and_finished_on_request(world, cm):
    user = world.users["case_manager"]
    TaskFactory(case=world.case, assignee=user, title="Open one")
    TaskFactory(case=world.case, assignee=user, title="Done one", status=TaskStatus.DONE)
    TaskFactory(case=world.case, assignee=world.users["mentor"], title="Not mine")
    page = html(cm.get(reverse("cases:my_tasks")))
    assert "Open one" in page
    assert "Done one" not in page
    assert "Not mine" not in page
    assert "Done one" in html(cm.get(reverse("cases:my_tasks"), {"done": "1"}))


def test_assignee_marks_own_task_done_from_my_tasks(world, login):
    task = TaskFactory(case=world.case, assignee=world.users["mentor"])
    client = login(world.users["mentor"])
    response = client.post(reverse("cases:task_status", kwargs={"task_id": task.pk}), {"status": "done"})
    assert response.status_code == 302
    assert response.url == reverse("cases:my_tasks")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


# --- denied paths --------------------------------------------------------------------------

POST_ACTIONS = [
    ("case_edit", {"version": 1, "referral_source": "x"}),
    ("case_transition", {"version": 1, "to_stage": CaseStage.ASSESSMENT}),
    ("case_close", {"version": 1, "outcome": "withdrawn"}),
    ("case_reopen", {"version": 1, "reason": "x"}),
    ("case_team_add", {"user": 1, "role": CaseRole.MENTOR}),
    ("case_note_add", {"category": DataCategory.CASE_NOTES, "body": "x"}),
    ("case_task_add", {"title": "x", "due_on": "2030-01-01", "assignee": 1}),
]


@pytest.mark.parametrize("name", ["other_worker", "other_supervisor", "colleague"])
def test_outsiders_get_404_on_the_case_page_and_actions(world, name):
    # given a user of agency B, or a case worker of agency A who is not on the team
    client = client_for(world.users[name])
    # then the page and every action answer 404, and nothing changes
    assert client.get(case_url(world.case)).status_code == 404
    assert client.get(case_url(world.case, "case_edit")).status_code == 404
    for action, data in POST_ACTIONS:
        assert client.post(case_url(world.case, action), data).status_code == 404, action
    member = CaseTeamMember.objects.filter(case=world.case).first()
    end_url = reverse("cases:case_team_end", kwargs={"case_id": world.case.pk, "member_id": member.pk})
    assert client.post(end_url).status_code == 404
    task = TaskFactory(case=world.case, assignee=world.users["case_manager"])
    assert (
        client.post(reverse("cases:task_status", kwargs={"task_id": task.pk}), {"status": "done"}).status_code
        == 404
    )
    world.case.refresh_from_db()
    assert (world.case.stage, world.case.version, world.case.referral_source) == (CaseStage.INTAKE, 1, "")
    assert not CaseNote.objects.exists()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_dual_member_acting_for_agency_b_cannot_open_agency_a_case(world):
    # given `dual` acting for B (they are a case worker in A too, but not on the team)
    client = client_for(world.users["dual"], world.agency_b)
    assert client.get(case_url(world.case)).status_code == 404


def test_mentor_does_not_see_health_or_risk_notes(world, login):
    author = world.users["case_manager"]
    NoteFactory(
        case=world.case, category=DataCategory.HEALTH_PSYCHOSOCIAL, body="HEALTH-SECRET", author=author
    )
    NoteFactory(case=world.case, category=DataCategory.RISK_ASSESSMENT, body="RISK-SECRET", author=author)
    NoteFactory(case=world.case, category=DataCategory.CASE_NOTES, body="Ordinary note", author=author)
    client = login(world.users["mentor"])
    body = html(client.get(case_url(world.case), {"tab": "notes"}))
    assert "Ordinary note" in body
    assert "HEALTH-SECRET" not in body
    assert "RISK-SECRET" not in body
    # nor can they choose those categories for a new note
    assert 'value="health_psychosocial"' not in body
    assert 'value="risk_assessment"' not in body


def test_mentor_cannot_change_the_case(world, login):
    client = login(world.users["mentor"])
    body = html(client.get(case_url(world.case)))
    assert case_url(world.case, "case_edit") not in body
    assert case_url(world.case, "case_transition") not in body
    response = client.post(case_url(world.case, "case_transition"), {"version": 1, "to_stage": "assessment"})
    assert response.status_code == 404
    world.case.refresh_from_db()
    assert world.case.stage == CaseStage.INTAKE


def test_service_provider_does_not_see_the_household_tab(world, login):
    household = HouseholdFactory(registering_agency=world.agency_a)
    HouseholdMemberFactory(household=household, person=world.case.person, relationship="reference")
    provider = html(login(world.users["provider"]).get(case_url(world.case)))
    assert 'id="tab-household"' not in provider
    assert household.code not in provider
    mentor = html(client_for(world.users["mentor"]).get(case_url(world.case)))
    assert 'id="tab-household"' in mentor


@pytest.mark.parametrize("name", ["me_officer", "psychologist", "mentor", "provider"])
def test_users_without_an_intake_role_cannot_open_cases(world, login, name):
    client = login(world.users[name])
    assert client.get(reverse("cases:case_open")).status_code == 403
    response = client.post(
        reverse("cases:case_open"),
        {
            "person": world.case.person.pk,
            "programme": world.programme.pk,
            "beneficiary_type": world.case.beneficiary_type_id,
        },
    )
    assert response.status_code == 403
    assert Case.objects.count() == 1
    assert "Open a case" not in html(client.get(reverse("cases:case_list")))


def test_signed_out_user_is_sent_to_login(world, client):
    response = client.get(case_url(world.case))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- audit -----------------------------------------------------------------------------------


def test_viewing_a_case_writes_one_case_viewed_event(world, login):
    mentor = world.users["mentor"]
    client = login(mentor)
    before = AuditEvent.objects.count()
    client.get(case_url(world.case))
    events = AuditEvent.objects.filter(action="case.viewed", case_id=world.case.pk)
    assert events.count() == 1
    event = events.get()
    assert event.actor_user_id == mentor.pk
    assert event.channel == "page"
    assert event.person_id == world.case.person_id
    assert event.categories == sorted(policy.CASE_ROLE_CATEGORIES[CaseRole.MENTOR])
    assert AuditEvent.objects.count() == before + 1


def test_a_case_search_writes_case_searched(world, cm):
    cm.get(reverse("cases:case_list"), {"q": "Someone", "stage": "intake"})
    event = AuditEvent.objects.get(action="case.searched")
    assert event.actor_user_id == world.users["case_manager"].pk
    assert event.changes == {
        "filters": {"stage": "intake", "ordering": "-opened_on"},
        "query_given": True,
        "shown": 0,
    }
    assert "Someone" not in str(event.changes)


def test_a_case_list_names_every_case_it_shows(world, cm):
    # given the list shows the world's case
    cm.get(reverse("cases:case_list"))
    event = AuditEvent.objects.get(action="case.searched")
    # then the person appears in the audit row's subjects, and so in their disclosure log
    assert event.subjects == [[str(world.case.person_id), str(world.case.pk)]]
    assert event.categories == ["identity", "legal_status"]
    log = cm.get(reverse("people:person_disclosures", args=[world.case.person_id]))
    assert "Searched cases" in log.content.decode()


# --- query budgets --------------------------------------------------------------------------


def _count_queries(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_case_list_query_count_does_not_grow_with_rows(world, cm, django_assert_max_num_queries):
    user = world.users["case_manager"]
    cases_for(world, user, 4)  # 5 visible cases
    few = _count_queries(cm, reverse("cases:case_list"))
    cases_for(world, user, 25)  # 30 visible cases, a full page of 25
    many = _count_queries(cm, reverse("cases:case_list"))
    assert few == many
    with django_assert_max_num_queries(25):
        response = cm.get(reverse("cases:case_list"))
    assert len(response.context["rows"]) == 25


def test_dashboard_query_budget(world, cm, django_assert_max_num_queries):
    user = world.users["case_manager"]
    for case in cases_for(world, user, 12):
        TaskFactory(case=case, assignee=user)
    few = _count_queries(cm, reverse("cases:dashboard"))
    for case in cases_for(world, user, 5):
        TaskFactory(case=case, assignee=user)
    assert _count_queries(cm, reverse("cases:dashboard")) == few
    with django_assert_max_num_queries(20):
        cm.get(reverse("cases:dashboard"))


def test_my_tasks_query_budget(world, cm, django_assert_max_num_queries):
    user = world.users["case_manager"]
    for case in cases_for(world, user, 3):
        TaskFactory(case=case, assignee=user)
    few = _count_queries(cm, reverse("cases:my_tasks"))
    for case in cases_for(world, user, 20):
        TaskFactory(case=case, assignee=user)
    assert _count_queries(cm, reverse("cases:my_tasks")) == few
    # 16: PostgreSQL takes the audit chain's advisory lock as one more statement.
    with django_assert_max_num_queries(16):
        cm.get(reverse("cases:my_tasks"))


def test_case_detail_query_budget(world, cm, django_assert_max_num_queries):
    user = world.users["case_manager"]
    for index in range(10):
        NoteFactory(case=world.case, author=world.users["mentor"], body="note {i}".format(i=index))
        TaskFactory(case=world.case, assignee=world.users["mentor" if index % 2 else "case_manager"])
    household = HouseholdFactory(registering_agency=world.agency_a, created_by=user)
    HouseholdMemberFactory(household=household, person=world.case.person, relationship="reference")
    for _ in range(3):
        HouseholdMemberFactory(
            household=household, person=PersonFactory(registering_agency=world.agency_a, created_by=user)
        )
    with django_assert_max_num_queries(40):
        response = cm.get(case_url(world.case))
    assert response.status_code == 200


# --- errors stay visible when the form they belong to is no longer offered -----------------


def test_stale_transition_after_someone_closed_the_case_says_why(world, cm, world_supervisor):
    # given the case manager's page offers "Assessment", but a supervisor closes the case
    world_supervisor.post(case_url(world.case, "case_close"), {"version": 1, "outcome": "withdrawn"})
    # when the case manager submits the move from their old page
    response = cm.post(
        case_url(world.case, "case_transition"), {"version": 1, "to_stage": CaseStage.ASSESSMENT}
    )
    # then the page explains, although the move form is no longer shown, and nothing changed
    assert response.status_code == 400
    assert STALE in html(response)
    world.case.refresh_from_db()
    assert (world.case.stage, world.case.version) == (CaseStage.CLOSED, 2)


def test_stale_close_after_someone_closed_the_case_says_why(world, cm, world_supervisor):
    world_supervisor.post(case_url(world.case, "case_close"), {"version": 1, "outcome": "withdrawn"})
    response = cm.post(case_url(world.case, "case_close"), {"version": 1, "outcome": "completed"})
    assert response.status_code == 400
    assert STALE in html(response)
    world.case.refresh_from_db()
    assert world.case.outcome == "withdrawn"


def test_note_on_a_closed_case_is_refused_visibly(world, cm):
    Case.objects.filter(pk=world.case.pk).update(stage=CaseStage.CLOSED, outcome="withdrawn")
    response = cm.post(case_url(world.case, "case_note_add"), {"category": "case_notes", "body": "Late note"})
    assert response.status_code == 400
    assert "A closed case cannot receive new notes" in html(response)
    assert not CaseNote.objects.exists()


def test_rerendered_move_form_offers_only_allowed_stages(world, cm):
    # given someone moved the case on to assessment after the page was opened
    Case.objects.filter(pk=world.case.pk).update(stage=CaseStage.ASSESSMENT, version=2)
    # when the old form is submitted
    response = cm.post(
        case_url(world.case, "case_transition"), {"version": 1, "to_stage": CaseStage.ASSESSMENT}
    )
    # then the form shown again offers the moves allowed from the current stage only
    assert response.status_code == 400
    choices = [value for value, _label in response.context["transition_form"].fields["to_stage"].choices]
    assert choices == [CaseStage.PLANNING, CaseStage.INTAKE]


def test_htmx_history_restore_gets_the_full_page(world, cm):
    response = cm.get(
        reverse("cases:case_list"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" in html(response)


def test_team_of_a_closed_case_cannot_change(world, cm):
    Case.objects.filter(pk=world.case.pk).update(stage=CaseStage.CLOSED, outcome="withdrawn")
    cm.post(case_url(world.case, "case_team_add"), {"user": world.users["colleague"].pk, "role": "mentor"})
    assert not CaseTeamMember.objects.filter(case=world.case, user=world.users["colleague"]).exists()


def test_an_edit_without_the_version_field_is_refused(world, cm):
    # a hand-made POST that leaves out the version must not skip the stale-edit check
    response = cm.post(
        case_url(world.case, "case_edit"),
        {
            "beneficiary_type": world.case.beneficiary_type_id,
            "referral_source": "Forged",
            "opened_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "out of date" in response.content.decode()
    world.case.refresh_from_db()
    assert world.case.referral_source != "Forged"
