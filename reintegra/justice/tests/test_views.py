"""Justice pages: what each user sees and may do, errors that change nothing, child-safe
wording, audit rows, and query budgets that do not grow with the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.cases.choices import TaskStatus
from reintegra.cases.models import Task
from reintegra.cases.tests.factories import CaseFactory, TeamMemberFactory, beneficiary_type
from reintegra.core.models import AuditEvent
from reintegra.justice.choices import LegalStatus, ReturnRole, SentenceType
from reintegra.justice.models import CheckIn, FamilyGoal, LegalEvent, ReturnEvent
from reintegra.justice.tests.factories import FacilityFactory, K, days_ago, record, reporting
from reintegra.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user, agency=None) -> Client:
    client = Client()
    client.force_login(user)
    if agency is not None:
        session = client.session
        session["reintegra_active_agency"] = agency.pk
        session.save()
    return client


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def cm(world) -> Client:
    return client_for(world.users["case_manager"])


@pytest.fixture
def actor(world):
    return world.actor("case_manager")


def pathway(person, tab=""):
    url = reverse("justice:pathway", args=[person.pk])
    return "{u}?tab={t}".format(u=url, t=tab) if tab else url


def more_people(world, count, **person):
    """`count` more cases of agency A managed by the world's case manager, each with an arrest."""
    user = world.users["case_manager"]
    cases = []
    for _ in range(count):
        p = PersonFactory(registering_agency=world.agency_a, created_by=user, **person)
        case = CaseFactory(person=p, lead_agency=world.agency_a, programme=world.programme, created_by=user)
        TeamMemberFactory(case=case, user=user)
        record(world.actor("case_manager"), p, K.ARREST, 5)
        cases.append(case)
    return cases


def count_queries(client, url) -> int:
    client.get(url)  # warm: the first request of a client fills caches once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- the pathway page ----------------------------------------------------------------------


def test_pathway_shows_status_and_timeline(world, cm, actor):
    person = world.case.person
    prison = FacilityFactory(name="Central Prison")
    record(actor, person, K.ARREST, 30, authority="Police unit 7")
    record(actor, person, K.PRE_TRIAL_DETENTION, 29, facility=prison)
    response = cm.get(pathway(person))
    page = html(response)
    assert response.status_code == 200
    assert "In pre-trial detention" in page
    assert "Central Prison" in page
    assert "Police unit 7" in page
    assert "Record a legal event" in page
    assert AuditEvent.objects.filter(action="justice.pathway_viewed", person_id=person.pk).exists()


def test_a_mentor_sees_no_legal_status_and_cannot_record(world, actor):
    record(actor, world.case.person, K.ARREST, 3, authority="Police unit 7")
    mentor = client_for(world.users["mentor"])
    page = html(mentor.get(pathway(world.case.person)))
    assert "Police unit 7" not in page
    assert "Current legal status" not in page
    assert mentor.get(reverse("justice:event_add", args=[world.case.person.pk])).status_code == 404


@pytest.mark.parametrize("user", ["colleague", "other_worker", "me_officer"])
def test_outsiders_get_404(world, user):
    agency = world.agency_b if user == "other_worker" else None
    assert client_for(world.users[user], agency).get(pathway(world.case.person)).status_code == 404


def test_recording_an_event_through_the_page(world, cm):
    person = world.case.person
    url = reverse("justice:event_add", args=[person.pk])
    # the kind picker, then the form for one kind
    assert "Pre-trial detention" in html(cm.get(url))
    form_page = html(cm.get(url, {"kind": "bail"}))
    assert 'name="conditions"' in form_page
    # the form names the person: an audited read
    assert AuditEvent.objects.filter(action="justice.pathway_viewed", purpose="justice_form").exists()
    assert 'name="facility"' not in form_page
    # a missing required field changes nothing
    bad = cm.post(url + "?kind=bail", {"kind": "bail", "occurred_on": days_ago(2).isoformat()})
    assert bad.status_code == 200
    assert "This field is required" in html(bad)
    assert not LegalEvent.objects.exists()
    # a complete form records the event and shows the new status
    ok = cm.post(
        url + "?kind=bail",
        {"kind": "bail", "occurred_on": days_ago(2).isoformat(), "conditions": "Weekly reporting"},
    )
    assert ok.status_code == 302
    assert "On bail" in html(cm.get(ok.url))


def test_correct_and_void_an_event(world, cm, actor):
    event = record(actor, world.case.person, K.ARREST, 5)
    edit = reverse("justice:event_edit", args=[event.pk])
    assert cm.get(edit).status_code == 200
    response = cm.post(edit, {"version": 1, "occurred_on": days_ago(6).isoformat()})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.occurred_on == days_ago(6)
    stale = cm.post(edit, {"version": 1, "occurred_on": days_ago(7).isoformat()})
    assert "Someone else changed this record" in html(stale)
    void = reverse("justice:event_void", args=[event.pk])
    assert cm.post(void, {"version": 2, "reason": ""}).status_code == 200  # reason required
    assert cm.post(void, {"version": 2, "reason": "Wrong person"}).status_code == 302
    assert "entered in error" in html(cm.get(pathway(world.case.person)))
    assert cm.get(edit).status_code == 404


def test_pre_release_task_is_shown_with_a_notice_when_impossible(world, cm, actor):
    release = timezone.localdate() + timedelta(days=60)
    record(
        actor,
        world.case.person,
        K.SENTENCE,
        300,
        sentence_type=SentenceType.CUSTODIAL,
        sentence_months=12,
        expected_release=release,
    )
    page = html(cm.get(pathway(world.case.person)))
    assert "Pre-release planning" in page
    task = Task.objects.get(title__startswith="Plan for release")
    assert task.due_on == timezone.localdate()


# --- children: child-appropriate wording ----------------------------------------------------


def test_a_minors_case_is_never_labelled_with_offender_wording(world, cm, actor):
    # given a child whose case carries an adult justice label
    child = PersonFactory(birth_year=timezone.localdate().year - 15, registering_agency=world.agency_a)
    case = CaseFactory(
        person=child,
        lead_agency=world.agency_a,
        programme=world.programme,
        beneficiary_type=beneficiary_type("convicted_offender"),
    )
    TeamMemberFactory(case=case, user=world.users["case_manager"])
    record(actor, child, K.ARREST, 40, alleged_offence_on=days_ago(45))
    record(actor, child, K.PRE_TRIAL_DETENTION, 39, facility=FacilityFactory())
    # then the justice pages call the child a child, in child-appropriate terms
    for url in (pathway(child), reverse("justice:register")):
        page = html(cm.get(url))
        assert "Convicted offender" not in page
        assert "Child" in page
    page = html(cm.get(pathway(child)))
    assert "Deprived of liberty before trial (juvenile justice)" in page
    assert "Juvenile justice applies" in page


def test_child_safeguards_form(world, cm):
    child = PersonFactory(birth_year=timezone.localdate().year - 9, registering_agency=world.agency_a)
    case = CaseFactory(person=child, lead_agency=world.agency_a, programme=world.programme)
    TeamMemberFactory(case=case, user=world.users["case_manager"])
    household = HouseholdFactory(registering_agency=world.agency_a)
    HouseholdMemberFactory(household=household, person=child)
    HouseholdMemberFactory(household=household, person=world.case.person, relationship="parent")
    url = reverse("justice:child_edit", args=[child.pk])
    form = html(cm.get(url))
    assert world.case.person.code in form  # the parent is offered as guardian
    response = cm.post(
        url,
        {
            "guardian": world.case.person.pk,
            "guardian_consent": "given",
            "guardian_consent_on": days_ago(2).isoformat(),
            "child_views": "I want to go to school",
            "child_views_on": days_ago(2).isoformat(),
            "school_status": "requested",
        },
    )
    assert response.status_code == 302
    page = html(cm.get(pathway(child, "child")))
    assert "I want to go to school" in page
    assert "Enrolment requested" in page
    # the mentor sees the family category, so the child's views; not an adult's case record
    assert "I want to go to school" not in html(
        client_for(world.users["provider"]).get(pathway(child, "child"))
    )


def test_care_preferences_follow_their_categories(world, cm):
    url = reverse("justice:care_edit", args=[world.case.person.pk])
    cm.post(url, {"practitioner": "female", "specific_needs": "A woman doctor", "interpreter_language": ""})
    page = html(cm.get(pathway(world.case.person, "care")))
    assert "A woman practitioner" in page
    assert "A woman doctor" in page
    # a service provider reads case notes (the practitioner) but not health (specific needs)
    provider = html(client_for(world.users["provider"]).get(pathway(world.case.person, "care")))
    assert "A woman practitioner" in provider
    assert "A woman doctor" not in provider


# --- measures and check-ins -----------------------------------------------------------------


def test_measure_page_logs_check_ins_and_alerts(world, cm, actor):
    measure = reporting(actor, world.case, world.users["case_manager"], start_days_ago=14)
    url = reverse("justice:measure_detail", args=[measure.pk])
    assert "Log a check-in" in html(cm.get(url))
    bad = cm.post(
        reverse("justice:check_in_log", args=[measure.pk]),
        {"due_on": days_ago(-3).isoformat(), "status": "attended"},
    )
    assert bad.status_code == 400
    response = cm.post(
        reverse("justice:check_in_log", args=[measure.pk]),
        {"due_on": measure.starts_on.isoformat(), "status": "missed", "reason": "No answer"},
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get(measure=measure)
    assert check_in.follow_up_task.status == TaskStatus.OPEN
    page = html(cm.get(url))
    assert "No answer" in page
    assert "Record a breach" in page
    # the missed check-in is on the officer's dashboard
    dashboard = html(cm.get(reverse("cases:dashboard")))
    assert "missed check-in" in dashboard
    assert world.case.person.code in dashboard


def test_add_a_measure_through_the_page(world, cm):
    url = reverse("justice:measure_add", args=[world.case.person.pk])
    assert "Community service" in html(cm.get(url))
    response = cm.post(
        url + "?kind=community_service",
        {
            "kind": "community_service",
            "case": world.case.pk,
            "starts_on": days_ago(7).isoformat(),
            "responsible_officer": world.users["case_manager"].pk,
            "frequency": "weekly",
            "weekday": days_ago(7).weekday(),
            "hours_ordered": 80,
        },
    )
    assert response.status_code == 302, html(response)
    page = html(cm.get(response.url))
    assert "0 of 80 hours" in page


def test_measure_list_filters_and_budget(world, cm, actor, django_assert_max_num_queries):
    for case in more_people(world, 3):
        reporting(actor, case, world.users["case_manager"])
    few = count_queries(cm, reverse("justice:measure_list"))
    for case in more_people(world, 27):
        reporting(actor, case, world.users["case_manager"])
    assert count_queries(cm, reverse("justice:measure_list")) == few
    with django_assert_max_num_queries(20):
        response = cm.get(reverse("justice:measure_list"), {"mine": "on", "kind": "reporting"})
    assert len(response.context["rows"]) == 25
    assert (
        cm.get(reverse("justice:measure_list"), {"kind": "community_service"}).context["page"].paginator.count
        == 0
    )
    assert cm.get(reverse("justice:measure_list"), {"state": "ended"}).context["page"].paginator.count == 0


def test_register_lists_statuses_with_a_bounded_budget(world, cm, django_assert_max_num_queries):
    more_people(world, 4)
    few = count_queries(cm, reverse("justice:register"))
    more_people(world, 26)
    assert count_queries(cm, reverse("justice:register")) == few
    with django_assert_max_num_queries(20):
        response = cm.get(reverse("justice:register"))
    assert len(response.context["rows"]) == 25
    assert "Held after arrest" in html(response)
    event = AuditEvent.objects.filter(action="justice.searched").last()
    assert len(event.subjects) == 25
    # filters: in custody, status
    assert (
        cm.get(reverse("justice:register"), {"status": LegalStatus.ON_BAIL}).context["page"].paginator.count
        == 0
    )
    assert cm.get(reverse("justice:register"), {"in_custody": "on"}).context["page"].paginator.count == 30
    # htmx returns the results only
    partial = cm.get(reverse("justice:register"), HTTP_HX_REQUEST="true")
    assert "<html" not in html(partial)


def test_register_hides_what_others_may_not_see(world, actor):
    record(actor, world.case.person, K.ARREST, 3)
    assert world.case.person.code not in html(
        client_for(world.users["mentor"]).get(reverse("justice:register"))
    )


# --- returns and the family overview --------------------------------------------------------


@pytest.fixture
def family(world):
    household = HouseholdFactory(registering_agency=world.agency_a, label="Returning family")
    HouseholdMemberFactory(household=household, person=world.case.person, relationship="reference")
    child = PersonFactory(
        birth_year=timezone.localdate().year - 6, registering_agency=world.agency_a, given_name_latin="Lejla"
    )
    HouseholdMemberFactory(household=household, person=child, relationship="child")
    child_case = CaseFactory(
        person=child,
        lead_agency=world.agency_a,
        programme=world.programme,
        beneficiary_type=beneficiary_type("family_member"),
    )
    TeamMemberFactory(case=child_case, user=world.users["case_manager"])
    return household, child


def test_record_a_return_for_a_family(world, cm, family):
    household, child = family
    url = reverse("justice:return_add") + "?household={h}".format(h=household.pk)
    page = html(cm.get(url))
    assert "Lejla" in page
    prefix = "m_{c}".format(c=child.code)
    father = "m_{c}".format(c=world.case.person.code)
    data = {
        "returned_on": days_ago(45).isoformat(),
        "from_country": "IQ",
        "from_location": "Camp",
        "kind": "repatriation",
        father: "on",
        father + "_role": ReturnRole.PRINCIPAL,
        prefix: "on",
        prefix + "_role": ReturnRole.CHILD,
        prefix + "_abroad": "on",
    }
    response = cm.post(url, data)
    assert response.status_code == 302, html(response)
    ret = ReturnEvent.objects.get()
    assert ret.household == household
    detail = html(cm.get(response.url))
    assert "Reception checklist" in detail
    assert "Not registered" in detail
    # add a need, tick a checklist step, update documents
    assert (
        cm.post(
            reverse("justice:need_add", args=[ret.pk]),
            {"kind": "medical", "person": child.pk, "urgency": "immediate"},
        ).status_code
        == 302
    )
    need = ret.needs.get()
    assert (
        cm.post(
            reverse("justice:need_status", args=[ret.pk, need.pk]), {"version": 1, "status": "met"}
        ).status_code
        == 302
    )
    item = ret.checklist.first()
    cm.post(reverse("justice:reception_item", args=[ret.pk, item.pk]), {"done": "on"})
    item.refresh_from_db()
    assert item.done
    member = ret.members.get(person=child)
    member_url = reverse("justice:return_member_edit", args=[ret.pk, member.pk])
    assert (
        cm.post(
            member_url,
            {
                "version": 1,
                "role": "child",
                "born_abroad": "on",
                "identity_papers": "none",
                "citizenship": "pending",
                "birth_registration": "in_process",
            },
        ).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.birth_registration == "in_process"
    # the return list names the returnees in its audit row
    cm.get(reverse("justice:return_list"))
    listed = AuditEvent.objects.filter(action="justice.returns_listed").last()
    assert len(listed.subjects) == 2


def test_a_return_needs_someone_who_came_back(world, cm, family):
    household, _child = family
    url = reverse("justice:return_add") + "?household={h}".format(h=household.pk)
    response = cm.post(
        url, {"returned_on": days_ago(4).isoformat(), "from_country": "IQ", "kind": "repatriation"}
    )
    assert response.status_code == 200
    assert "Choose at least one person" in html(response)
    assert not ReturnEvent.objects.exists()


def test_family_overview(world, cm, actor, family):
    household, _child = family
    record(actor, world.case.person, K.BAIL, 5, conditions="Report weekly")
    url = reverse("justice:family", args=[household.pk])
    page = html(cm.get(url))
    assert "On bail or pre-trial conditions" in page
    assert world.case.code in page
    assert "Child" in page
    event = AuditEvent.objects.filter(action="justice.family_viewed").last()
    assert len(event.subjects) == 2
    # a mentor sees the family (family category) but not legal status
    mentor = html(client_for(world.users["mentor"]).get(url))
    assert "On bail" not in mentor
    # goals
    assert (
        cm.post(
            reverse("justice:goal_add", args=[household.pk]),
            {"dimension": "education", "goal": "Both children in school", "status": "open"},
        ).status_code
        == 302
    )
    goal = FamilyGoal.objects.get()
    assert "Both children in school" in html(cm.get(url))
    response = cm.post(
        reverse("justice:goal_edit", args=[goal.pk]),
        {
            "version": 1,
            "dimension": "education",
            "goal": "Both children in school",
            "status": "achieved",
            "agreed_on": days_ago(1).isoformat(),
        },
    )
    assert response.status_code == 302
    assert (
        client_for(world.users["mentor"]).get(reverse("justice:goal_edit", args=[goal.pk])).status_code == 404
    )


def test_family_overview_query_budget(world, cm, actor, family, django_assert_max_num_queries):
    household, _child = family
    url = reverse("justice:family", args=[household.pk])
    few = count_queries(cm, url)
    for case in more_people(world, 5):
        HouseholdMemberFactory(household=household, person=case.person)
    assert count_queries(cm, url) <= few + 6  # one person.viewed row is not written here; audit is one row
    with django_assert_max_num_queries(30):
        cm.get(url)


# --- custody, facilities, the case panel, languages -----------------------------------------


def test_custody_records_through_the_pages(world, cm):
    person = world.case.person
    prison = FacilityFactory(name="Wadi Prison")
    assert (
        cm.post(
            reverse("justice:participation_add", args=[person.pk]),
            {
                "kind": "peer_coaching",
                "title": "Peer coaching",
                "started_on": days_ago(10).isoformat(),
                "status": "active",
                "facility": prison.pk,
            },
        ).status_code
        == 302
    )
    assert (
        cm.post(
            reverse("justice:visit_add", args=[person.pk]),
            {"visited_on": days_ago(2).isoformat(), "kind": "in_person", "visitors": "Mother"},
        ).status_code
        == 302
    )
    assert (
        cm.post(
            reverse("justice:custody_note_add", args=[person.pk]),
            {"category": "legal_status", "body": "Calm week"},
        ).status_code
        == 302
    )
    page = html(cm.get(pathway(person, "custody")))
    for text in ("Peer coaching", "Mother", "Calm week", "Wadi Prison"):
        assert text in page
    # the mentor cannot record custody
    assert (
        client_for(world.users["mentor"]).get(reverse("justice:visit_add", args=[person.pk])).status_code
        == 404
    )


def test_facility_register_counts_only_visible_people(world, cm, actor):
    prison = FacilityFactory(name="North Prison")
    record(actor, world.case.person, K.PRE_TRIAL_DETENTION, 3, facility=prison)
    page = html(cm.get(reverse("justice:facility_list")))
    assert "North Prison" in page
    assert cm.get(reverse("justice:facility_list")).context["page"].object_list[0].held == 1
    other = client_for(world.users["other_worker"])
    assert other.get(reverse("justice:facility_list")).context["page"].object_list[0].held == 0
    detail = html(cm.get(reverse("justice:facility_detail", args=[prison.pk])))
    assert world.case.person.code in detail or world.case.person.given_name_latin in detail
    assert world.case.person.given_name_latin not in html(
        other.get(reverse("justice:facility_detail", args=[prison.pk]))
    )


def test_the_case_page_has_a_justice_tab(world, cm, actor):
    record(actor, world.case.person, K.BAIL, 4, conditions="x")
    page = html(cm.get(reverse("cases:case_detail", args=[world.case.pk])))
    assert reverse("justice:case_panel", args=[world.case.pk]) in page
    panel = cm.get(reverse("justice:case_panel", args=[world.case.pk]), HTTP_HX_REQUEST="true")
    assert "On bail or pre-trial conditions" in html(panel)
    # a mentor has neither the tab nor the panel
    mentor = client_for(world.users["mentor"])
    assert reverse("justice:case_panel", args=[world.case.pk]) not in html(
        mentor.get(reverse("cases:case_detail", args=[world.case.pk]))
    )
    assert mentor.get(reverse("justice:case_panel", args=[world.case.pk])).status_code == 404


def test_pages_in_arabic_are_right_to_left(world, cm, actor):
    record(actor, world.case.person, K.ARREST, 3)
    cm.cookies["django_language"] = "ar"
    for url in (
        pathway(world.case.person),
        reverse("justice:register"),
        reverse("justice:measure_list"),
        reverse("justice:return_list"),
        reverse("justice:facility_list"),
    ):
        page = html(cm.get(url))
        assert 'dir="rtl"' in page


def test_no_inline_script_or_style_in_justice_templates():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text()
        assert "style=" not in text, path
        assert "<script" not in text, path
        assert " on" + "click" not in text, path


def test_record_a_breach_of_a_measure_from_its_page(world, cm, actor):
    measure = reporting(actor, world.case, world.users["case_manager"], start_days_ago=14)
    url = reverse("justice:event_add", args=[world.case.person.pk])
    form = html(cm.get(url, {"kind": "breach", "measure": measure.pk}))
    assert 'name="measure"' in form
    response = cm.post(
        url + "?kind=breach",
        {
            "kind": "breach",
            "occurred_on": days_ago(1).isoformat(),
            "measure": measure.pk,
            "breach_response": "warning",
            "details": "Missed without notice",
        },
    )
    assert response.status_code == 302, html(response)
    assert "Missed without notice" in html(cm.get(reverse("justice:measure_detail", args=[measure.pk])))


def test_facilities_are_kept_in_the_audited_admin(world, client):
    from reintegra.accounts.tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:justice_facility_add"),
        {"name": "East Prison", "kind": "prison", "population": "men", "is_active": "on"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="admin.facility_added").exists()
