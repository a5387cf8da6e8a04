"""Directory and referral pages: what each side sees and may do, errors that change
nothing, audit rows, and query budgets that do not grow with the data."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reintegra.cases.choices import CaseRole
from reintegra.cases.models import CaseTeamMember
from reintegra.cases.tests.factories import CaseFactory, TeamMemberFactory
from reintegra.conftest import sign_in
from reintegra.core.choices import DataCategory as C
from reintegra.core.models import AuditEvent
from reintegra.people.tests.factories import PersonFactory
from reintegra.services import services
from reintegra.services.choices import ReferralPriority, Willingness
from reintegra.services.choices import ReferralStatus as S
from reintegra.services.models import Referral, Service
from reintegra.services.tests.factories import ServiceFactory, service_type
from reintegra.sharing.tests.factories import basis_for, protocol_between

pytestmark = pytest.mark.django_db


def client_for(user, agency=None) -> Client:
    return sign_in(Client(), user, agency)


def html(response) -> str:
    return response.content.decode()


def url(name, **kwargs) -> str:
    return reverse("services:{n}".format(n=name), kwargs=kwargs)


def make(world, directory, *, service=None, send=True, case=None, priority=ReferralPriority.NORMAL):
    actor = world.actor("case_manager")
    referral = services.referral_create(
        actor=actor,
        case=case or world.case,
        services=[service or directory.service],
        priority=priority,
        reason="Wants to train as an electrician; speaks Tamazight at home.",
        safety_notes="Meet in the open office.",
        requested_categories=[C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES, C.RISK_ASSESSMENT],
        case_role=CaseRole.CASE_MANAGER,
    )
    if send:
        referral = services.referral_send(actor=actor, referral=referral, expected_version=referral.version)
    return referral


@pytest.fixture
def cm(world) -> Client:
    return client_for(world.users["case_manager"])


@pytest.fixture
def desk(directory) -> Client:
    return client_for(directory.users["desk"])


# --- directory ----------------------------------------------------------------------------


def test_directory_lists_services_and_marks_stale_ones(world, directory, cm):
    Service.objects.filter(pk=directory.informal_service.pk).update(
        last_verified_on=timezone.localdate() - timedelta(days=400)
    )
    page = html(cm.get(url("directory")))
    assert directory.service.name in page
    assert directory.informal_service.name in page
    assert page.count("not verified for 6 months") == 1


def test_directory_searches_by_need_type_place_and_language(world, directory, cm):
    housing = ServiceFactory(
        service_type=service_type("housing"), languages=["fr"], areas=[directory.places["south_town"]]
    )
    by_need = html(cm.get(url("directory"), {"need": "social"}))
    assert housing.name in by_need
    assert directory.service.name not in by_need
    by_type = html(cm.get(url("directory"), {"service_type": service_type("housing").pk}))
    assert housing.name in by_type
    by_language = html(cm.get(url("directory"), {"language": "fr"}))
    assert housing.name in by_language  # the default factories speak Arabic and French too
    only_arabic = ServiceFactory(languages=["ar"], areas=[directory.places["south"]])
    assert only_arabic.name not in html(cm.get(url("directory"), {"language": "fr"}))


def test_a_service_serving_a_region_is_found_in_each_of_its_towns(world, directory, cm):
    # directory.service serves the North region; the informal one the North town only
    in_town = html(cm.get(url("directory"), {"place": directory.places["north_town"].pk}))
    assert directory.service.name in in_town
    assert directory.informal_service.name in in_town
    # and searching the region also finds the town's services
    in_region = html(cm.get(url("directory"), {"place": directory.places["north"].pk}))
    assert directory.informal_service.name in in_region
    elsewhere = html(cm.get(url("directory"), {"place": directory.places["south_town"].pk}))
    assert directory.service.name not in elsewhere


def test_suitability_for_a_case_uses_its_persons_age_sex_and_town_and_is_audited(world, directory, cm):
    # given the person: a woman born 1990 in the North town; services for men, for children,
    # and for the South only
    for_men = ServiceFactory(sexes="male", areas=[directory.places["north"]])
    for_children = ServiceFactory(max_age=17, areas=[directory.places["north"]])
    south = ServiceFactory(areas=[directory.places["south"]])
    page = html(cm.get(url("directory"), {"case": world.case.code}))
    assert directory.service.name in page
    for excluded in (for_men, for_children, south):
        assert excluded.name not in page
    event = AuditEvent.objects.filter(action="services.matched").latest("seq")
    assert event.case_id == world.case.pk
    assert set(event.categories) == {C.IDENTITY, C.CONTACT_LOCATION, C.LEGAL_STATUS}


def test_an_unknown_or_hidden_case_code_is_an_error_not_a_leak(world, directory, cm):
    hidden = CaseFactory(lead_agency=world.agency_b)
    response = cm.get(url("directory"), {"case": hidden.code})
    assert response.status_code == 200
    assert "No case with this code that you can see." in html(response)


def test_directory_query_budget_does_not_grow(world, directory, cm, django_assert_max_num_queries):
    for _ in range(30):
        ServiceFactory(areas=[directory.places["north"], directory.places["south_town"]])
    cm.get(url("directory"))
    with django_assert_max_num_queries(20):
        response = cm.get(url("directory"), {"place": directory.places["north_town"].pk, "language": "ar"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25


def test_service_page_shows_quality_risks_and_focal_point(world, directory, cm):
    Service.objects.filter(pk=directory.service.pk).update(
        quality_rating=4,
        quality_evidence="Monitoring visit, March",
        risk_stigma="high",
        focal_point_name="Samira",
        willingness=Willingness.CASE_BY_CASE,
    )
    page = html(cm.get(url("service_detail", service_id=directory.service.pk)))
    for text in ("Monitoring visit, March", "Samira", "Case by case", "4 – good"):
        assert text in page


def test_directory_managers_add_providers_and_services(world, directory):
    client = client_for(world.users["supervisor"])
    response = client.post(
        url("provider_create"),
        {
            "kind": "informal",
            "name": "Women's sewing circle",
            "provider_type": "community_group",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    provider_id = int(response["Location"].rstrip("/").split("/")[-1])
    response = client.post(
        url("service_create", provider_id=provider_id),
        {
            "service_type": service_type("vocational_training").pk,
            "name": "Sewing course",
            "sexes": "female",
            "areas_served": [directory.places["south_town"].pk],
            "languages": ["ar"],
            "cost": "free",
            "risk_stigma": "low",
            "risk_security": "none",
            "risk_data_exposure": "none",
            "willingness": "yes",
            "accepting_referrals": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Service.objects.filter(name="Sewing course", provider_id=provider_id).exists()


def test_case_workers_do_not_add_providers(world, directory, cm):
    assert cm.get(url("provider_create")).status_code == 403
    assert cm.get(url("service_create", provider_id=directory.informal.pk)).status_code == 404


def test_a_bad_service_form_changes_nothing(world, directory):
    client = client_for(world.users["supervisor"])
    service = directory.service
    response = client.post(
        url("service_edit", service_id=service.pk),
        {"version": service.version, "name": "", "min_age": 30, "max_age": 20},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Service.objects.get(pk=service.pk).name == service.name


def test_provider_staff_verify_their_own_services(world, directory, desk):
    Service.objects.filter(pk=directory.service.pk).update(
        last_verified_on=timezone.localdate() - timedelta(days=300)
    )
    response = desk.post(url("service_verify", service_id=directory.service.pk), {"version": 1})
    assert response.status_code == 302
    assert Service.objects.get(pk=directory.service.pk).last_verified_on == timezone.localdate()


def test_provider_pages_render(world, directory, cm):
    assert directory.provider.name in html(cm.get(url("provider_list")))
    page = html(cm.get(url("provider_detail", provider_id=directory.informal.pk)))
    assert directory.informal_service.name in page
    assert "no Reintegra accounts" in page


# --- referral pages -----------------------------------------------------------------------


def test_a_referral_is_drafted_previewed_and_sent_from_the_pages(
    world, directory, cm, django_capture_on_commit_callbacks
):
    # when the case manager drafts a referral from the directory's "Refer" link
    form = cm.get(url("referral_new"), {"case": world.case.pk, "service": directory.service.pk})
    assert form.status_code == 200
    response = cm.post(
        url("referral_new"),
        {
            "case": world.case.pk,
            "services": [directory.service.pk],
            "priority": ReferralPriority.URGENT,
            "reason": "Needs help finding work.",
            "requested_categories": [C.IDENTITY, C.CASE_NOTES],
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(case=world.case)
    # then the draft page previews what the provider will see: nothing beyond the code
    page = html(cm.get(response["Location"]))
    assert "The provider will see" in page
    assert "Nothing beyond the case code" in page
    # and sending it mails the desk
    with django_capture_on_commit_callbacks(execute=True):
        sent = cm.post(url("referral_send", referral_id=referral.pk), {"version": referral.version})
    assert sent.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == S.SENT
    assert mail.outbox


def test_a_referral_form_error_changes_nothing(world, directory, cm):
    response = cm.post(
        url("referral_new"),
        {
            "case": world.case.pk,
            "services": [directory.service.pk, directory.informal_service.pk],
            "priority": "normal",
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["services"]
    assert not Referral.objects.exists()


def test_the_provider_desk_sees_only_the_case_code_without_a_protocol(world, directory, desk):
    referral = make(world, directory)
    page = html(desk.get(url("referral_detail", referral_id=referral.pk)))
    assert referral.reference in page
    assert world.case.code in page
    person = world.case.person
    for secret in (person.given_name_latin, "electrician", "open office"):
        assert secret not in page
    event = AuditEvent.objects.filter(action="referral.viewed").latest("seq")
    assert event.categories == []
    assert event.actor_agency_id == directory.agency_p.pk


def test_the_provider_desk_sees_exactly_the_shared_categories(world, directory, desk):
    # given a protocol and consent for identity and case notes
    user = world.users["supervisor"]
    protocol_between(
        world.agency_a,
        directory.agency_p,
        user,
        categories=[C.IDENTITY, C.CASE_NOTES],
        receives=[C.IDENTITY, C.CASE_NOTES],
    )
    basis_for(
        world.case.person,
        recipient=directory.agency_p,
        other=world.agency_b,
        user=user,
        recording_agency=world.agency_a,
        categories=[C.IDENTITY, C.CASE_NOTES],
    )
    person = world.case.person
    person.phone = "+222 555 0199"
    person.save()
    referral = make(world, directory)
    page = html(desk.get(url("referral_detail", referral_id=referral.pk)))
    assert person.given_name_latin in page  # identity
    assert "electrician" in page  # the reason travels as case notes
    assert "+222 555 0199" not in page  # contact was asked but not consented
    assert "open office" not in page  # safety notes are risk assessment: not shared
    assert "Contact and location" in page  # named as withheld
    event = AuditEvent.objects.filter(action="referral.viewed").latest("seq")
    assert set(event.categories) == {C.IDENTITY, C.CASE_NOTES}


def test_outsiders_get_404(world, directory):
    referral = make(world, directory)
    for user, agency in (
        (world.users["other_worker"], world.agency_b),
        (world.users["colleague"], None),
        (directory.users["p_psychologist"], None),
    ):
        assert (
            client_for(user, agency).get(url("referral_detail", referral_id=referral.pk)).status_code == 404
        )
    assert (
        client_for(directory.users["desk"])
        .get(url("referral_detail", referral_id=make(world, directory, send=False).pk))
        .status_code
        == 404
    )


def test_the_desk_accepts_assigns_records_and_completes(world, directory, desk):
    referral = make(world, directory)
    staff = directory.users["desk2"]
    response = desk.post(
        url("referral_accept", referral_id=referral.pk), {"version": referral.version, "assignee": staff.pk}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert CaseTeamMember.objects.filter(case=world.case, user=staff, role=CaseRole.SERVICE_PROVIDER).exists()
    response = desk.post(
        url("referral_attendance", referral_id=referral.pk),
        {"session_on": timezone.localdate().isoformat(), "attendance": "attended", "duration_minutes": 90},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.IN_PROGRESS
    desk.post(
        url("referral_feedback", referral_id=referral.pk), {"kind": "progress", "body": "Comes every week."}
    )
    response = desk.post(
        url("referral_complete", referral_id=referral.pk),
        {"version": referral.version, "outcome": "achieved"},
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == S.COMPLETED
    # the referrer reads the feedback and the sessions (they see case notes)
    page = html(client_for(world.users["case_manager"]).get(url("referral_detail", referral_id=referral.pk)))
    assert "Comes every week." in page
    assert "Attended" in page


def test_an_invalid_answer_rerenders_with_its_errors(world, directory, desk):
    referral = make(world, directory)
    response = desk.post(
        url("referral_decline", referral_id=referral.pk), {"version": referral.version, "reason": "other"}
    )
    assert response.status_code == 400
    assert "Say why the referral is declined." in html(response)
    assert Referral.objects.get(pk=referral.pk).status == S.SENT


def test_a_stale_answer_changes_nothing(world, directory, desk):
    referral = make(world, directory)
    response = desk.post(url("referral_accept", referral_id=referral.pk), {"version": referral.version - 1})
    assert response.status_code == 400
    assert Referral.objects.get(pk=referral.pk).status == S.SENT


def test_the_referrer_cannot_answer_for_an_agency_provider(world, directory, cm):
    referral = make(world, directory)
    assert (
        cm.post(url("referral_accept", referral_id=referral.pk), {"version": referral.version}).status_code
        == 404
    )


def test_the_referrer_records_answers_for_a_community_actor(world, directory, cm):
    referral = make(world, directory, service=directory.informal_service)
    page = html(cm.get(url("referral_detail", referral_id=referral.pk)))
    assert "has no Reintegra accounts" in page
    response = cm.post(url("referral_accept", referral_id=referral.pk), {"version": referral.version})
    assert response.status_code == 302
    change = Referral.objects.get(pk=referral.pk).status_changes.get(to_status=S.ACCEPTED)
    assert change.by_provider is False


def test_the_referral_sheet_is_a_pdf_and_printing_is_audited(world, directory, cm):
    referral = make(world, directory, service=directory.informal_service)
    response = cm.get(url("referral_sheet", referral_id=referral.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="referral.printed", target_id=str(referral.pk)).exists()


def test_printing_the_sheet_needs_a_recent_authentication(world, directory):
    referral = make(world, directory, service=directory.informal_service)
    stale = sign_in(Client(), world.users["case_manager"], recently=False)
    response = stale.get(url("referral_sheet", referral_id=referral.pk))
    assert response.status_code == 302
    assert "reauthenticate" in response.url
    assert not AuditEvent.objects.filter(action="referral.printed").exists()


def test_the_provider_desk_cannot_print_the_sheet(world, directory, desk):
    referral = make(world, directory)
    assert desk.get(url("referral_sheet", referral_id=referral.pk)).status_code == 404


def test_withdrawing_tells_the_provider(world, directory, cm, django_capture_on_commit_callbacks):
    referral = make(world, directory)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = cm.post(
            url("referral_withdraw", referral_id=referral.pk),
            {"withdraw-version": referral.version, "withdraw-reason": "withdrawn"},
        )
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == S.ENDED
    assert {m.to[0] for m in mail.outbox} >= {directory.users["desk"].email}


def test_discarding_a_draft(world, directory, cm):
    referral = make(world, directory, send=False)
    assert cm.post(url("referral_discard", referral_id=referral.pk)).status_code == 302
    assert not Referral.objects.filter(pk=referral.pk).exists()


# --- lists --------------------------------------------------------------------------------


def test_sent_list_tabs_and_overdue_badge(world, directory, cm):
    late = make(world, directory, priority=ReferralPriority.EMERGENCY)
    Referral.objects.filter(pk=late.pk).update(due_by=timezone.now() - timedelta(hours=2))
    make(world, directory, send=False)
    response = cm.get(url("referral_list"))
    assert response.status_code == 200
    counts = response.context["result"].counts
    assert counts["open"] == 1
    assert counts["overdue"] == 1
    assert counts["drafts"] == 1
    assert "overdue by" in html(response)
    assert world.case.person.given_name_latin in html(response)  # the referrer sees the name


def test_incoming_list_tabs_show_no_personal_data(world, directory, desk):
    referral = make(world, directory)
    response = desk.get(url("referral_incoming"))
    assert response.status_code == 200
    page = html(response)
    assert referral.reference in page
    assert world.case.person.given_name_latin not in page
    assert response.context["result"].counts["unassigned"] == 1
    event = AuditEvent.objects.filter(action="referral.listed").latest("seq")
    assert event.changes["side"] == "incoming"
    assert event.subjects == [[str(world.case.person_id), str(world.case.pk)]]
    mine = desk.get(url("referral_incoming"), {"tab": "mine"})
    assert mine.context["result"].counts["mine"] == 0


def _many_cases(world, directory, count):
    for _ in range(count):
        case = CaseFactory(
            person=PersonFactory(registering_agency=world.agency_a),
            lead_agency=world.agency_a,
            programme=world.programme,
        )
        TeamMemberFactory(case=case, user=world.users["case_manager"], role=CaseRole.CASE_MANAGER)
        make(world, directory, case=case)


def test_referral_lists_query_budget_does_not_grow(world, directory, cm, desk, django_assert_max_num_queries):
    _many_cases(world, directory, 3)
    cm.get(url("referral_list"))
    with django_assert_max_num_queries(30) as few:
        cm.get(url("referral_list"))
    with django_assert_max_num_queries(30) as few_in:
        desk.get(url("referral_incoming"))
    _many_cases(world, directory, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cm.get(url("referral_list"))
    assert len(response.context["rows"]) == 25
    with django_assert_max_num_queries(len(few_in.captured_queries)):
        response = desk.get(url("referral_incoming"))
    assert len(response.context["rows"]) == 25


def test_referral_page_query_budget(world, directory, desk, django_assert_max_num_queries):
    referral = make(world, directory)
    with django_assert_max_num_queries(40):
        assert desk.get(url("referral_detail", referral_id=referral.pk)).status_code == 200


# --- the service-gap report ---------------------------------------------------------------


def test_gap_report_counts_needs_against_services_in_the_persons_town(world, directory, cm):
    # the person is a returnee in the North town: legal, psychosocial, economic, family, health
    response = cm.get(url("gap_report"))
    assert response.status_code == 200
    report = response.context["report"]
    town = directory.places["north_town"].pk
    cells = report.cells[town]
    assert cells["psychosocial"].services == 2  # both fixture services are psychosocial support
    assert cells["legal"].is_gap
    gap = report.page.object_list[0]
    assert gap.case_code == world.case.code
    assert "psychosocial" not in gap.unmet
    assert "legal" in gap.unmet
    event = AuditEvent.objects.filter(action="services.gap_report_viewed").latest("seq")
    assert event.subjects == [[str(world.case.person_id), str(world.case.pk)]]


def test_gap_report_uses_plan_goals_when_there_are_some(world, directory, cm):
    from reintegra.plans import services as plans_services

    actor = world.actor("case_manager")
    plan = plans_services.plan_create(actor=actor, case=world.case)
    plans_services.goal_add(
        actor=actor, plan=plan, values={"dimension": "education", "title": "Finish school"}
    )
    report = cm.get(url("gap_report")).context["report"]
    assert report.cases_from_plans == 1
    gap = report.page.object_list[0]
    assert gap.unmet == ["education"]


# --- Arabic -------------------------------------------------------------------------------


def test_pages_render_right_to_left_in_arabic(world, directory, desk):
    referral = make(world, directory)
    desk.cookies["django_language"] = "ar"
    for page in (url("directory"), url("referral_incoming"), url("referral_detail", referral_id=referral.pk)):
        response = desk.get(page, headers={"Accept-Language": "ar"})
        assert response.status_code == 200
        assert 'dir="rtl"' in html(response)
