"""The community pages: what each user sees and may do, bad input that changes nothing,
the audit rows pages write, and query budgets that do not grow with the data."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.communities.choices import ProfileStatus, WaveStatus
from reintegra.communities.models import (
    Community,
    CommunityIncident,
    CommunityPlan,
    CommunityProfile,
    IncidentResponse,
    PlanStep,
    ProfileEntry,
    Stakeholder,
    StakeholderContact,
    SurveyResponse,
)
from reintegra.communities.services import Respondent, survey_response_record
from reintegra.communities.tests.factories import (
    CommunityFactory,
    IncidentFactory,
    PlanFactory,
    ProfileFactory,
    StakeholderFactory,
    WaveFactory,
)
from reintegra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def _queries(client, url, params=None) -> int:
    """How many queries one page view takes (PostgreSQL adds one: the audit chain's lock)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def _pages(cworld) -> list[str]:
    c = cworld.community
    return [
        reverse("communities:community_list"),
        reverse("communities:community_detail", args=[c.pk]),
        reverse("communities:profile", args=[c.pk]),
        reverse("communities:stakeholder_map", args=[c.pk]),
        reverse("communities:stakeholder_detail", args=[cworld.imam.pk]),
        reverse("communities:cohesion", args=[c.pk]),
        reverse("communities:wave_detail", args=[cworld.wave.pk]),
        reverse("communities:community_incidents", args=[c.pk]),
        reverse("communities:incident_list"),
        reverse("communities:incident_detail", args=[cworld.newspaper_incident.pk]),
        reverse("communities:community_plans", args=[c.pk]),
        reverse("communities:plan_list"),
        reverse("communities:plan_detail", args=[cworld.plan.pk]),
        reverse("communities:instrument_list"),
        reverse("communities:incident_create") + "?community={pk}".format(pk=c.pk),
    ]


@pytest.mark.parametrize("viewer", ["a_pm", "a_worker", "b_worker", "c_me"])
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_page_renders_for_every_reader(cworld, viewer, language):
    client = cworld.client(viewer)
    client.cookies.load({"django_language": language})
    for url in _pages(cworld):
        response = client.get(url)
        assert response.status_code == 200, url
    # and the Arabic pages are right to left
    if language == "ar":
        assert 'dir="rtl"' in html(client.get(_pages(cworld)[1]))


def test_pages_need_an_agency(cworld, client, django_user_model):
    lonely = django_user_model.objects.create_user(username="lonely", password="x" * 12)
    client.force_login(lonely)
    assert client.get(reverse("communities:community_list")).status_code == 403


# --- stakeholders: contact details -------------------------------------------------------


def test_contact_details_are_shown_to_the_owning_agency_and_audited(cworld):
    response = cworld.client("a_worker").get(reverse("communities:stakeholder_detail", args=[cworld.imam.pk]))
    assert "Sheikh Example" in html(response)
    event = AuditEvent.objects.filter(action="stakeholder.viewed").latest("seq")
    assert event.categories == ["contact_location"]
    assert event.target_repr == cworld.imam.code  # never the person's name


def test_contact_details_are_absent_for_an_outside_agency(cworld):
    response = cworld.client("c_pm").get(reverse("communities:stakeholder_detail", args=[cworld.imam.pk]))
    assert response.status_code == 200
    assert "Sheikh Example" not in html(response)
    assert "+000 555 0101" not in html(response)
    assert AuditEvent.objects.filter(action="stakeholder.viewed").latest("seq").categories == []


def test_an_outsider_cannot_log_a_contact(cworld):
    url = reverse("communities:stakeholder_contact_add", args=[cworld.imam.pk])
    response = cworld.client("c_pm").post(
        url, {"channel": "meeting", "summary": "x", "contacted_on": "2024-01-01"}
    )
    assert response.status_code == 404
    assert not StakeholderContact.objects.exists()


def test_an_outsider_cannot_open_the_edit_form(cworld):
    url = reverse("communities:stakeholder_edit", args=[cworld.imam.pk])
    assert cworld.client("c_pm").get(url).status_code == 404
    assert cworld.client("a_worker").get(url).status_code == 404  # sees contacts, but no editor role


def test_a_partner_logs_a_contact(cworld):
    url = reverse("communities:stakeholder_contact_add", args=[cworld.imam.pk])
    response = cworld.client("b_worker").post(
        url, {"channel": "meeting", "summary": "Discussed the Friday sermon.", "contacted_on": "2024-01-01"}
    )
    assert response.status_code == 302
    assert StakeholderContact.objects.get().agency == cworld.agencies["b"]


def test_a_contact_in_the_future_is_refused(cworld):
    url = reverse("communities:stakeholder_contact_add", args=[cworld.imam.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = cworld.client("a_pm").post(url, {"channel": "meeting", "summary": "x", "contacted_on": future})
    assert response.status_code == 400
    assert "cannot be in the future" in html(response)
    assert not StakeholderContact.objects.exists()


def test_stakeholder_create_and_edit(cworld):
    client = cworld.client("a_pm")
    url = reverse("communities:stakeholder_create", args=[cworld.community.pk])
    response = client.post(
        url,
        {
            "name": "Women's forum",
            "kind": "womens_group",
            "influence": 4,
            "interest": 5,
            "willingness": "champion",
            "trust": "high",
            "partnership_potential": "high",
        },
    )
    forum = Stakeholder.objects.get(name="Women's forum")
    assert response.status_code == 302
    assert forum.owning_agency == cworld.agencies["a"]
    edit = reverse("communities:stakeholder_edit", args=[forum.pk])
    data = {
        "version": forum.version,
        "name": "Women's Security Forum",
        "kind": "womens_group",
        "influence": 4,
        "interest": 5,
        "willingness": "champion",
        "trust": "high",
        "partnership_potential": "high",
        "is_active": "on",
    }
    assert client.post(edit, data).status_code == 302
    # a stale form changes nothing
    stale = client.post(edit, {**data, "name": "Other"})
    assert stale.status_code == 200
    assert "Someone else changed this record" in html(stale)
    forum.refresh_from_db()
    assert forum.name == "Women's Security Forum"


def test_duplicate_stakeholder_name_is_refused_clearly(cworld):
    response = cworld.client("a_pm").post(
        reverse("communities:stakeholder_create", args=[cworld.community.pk]),
        {
            "name": cworld.imam.name,
            "kind": "faith_leader",
            "influence": 3,
            "interest": 3,
            "willingness": "neutral",
            "trust": "mixed",
            "partnership_potential": "medium",
        },
    )
    assert response.status_code == 200
    assert "already has a stakeholder with this name" in html(response)


def test_stakeholder_map_filters_and_grid(cworld):
    StakeholderFactory(
        community=cworld.community,
        name="Daily Coast newspaper",
        kind="media",
        influence=5,
        interest=1,
        willingness="hesitant",
    )
    client = cworld.client("c_worker")
    page = html(
        client.get(reverse("communities:stakeholder_map", args=[cworld.community.pk]), {"kind": "media"})
    )
    assert "Daily Coast newspaper" in page
    assert "Imam of the old-town mosque" not in page.split("stakeholder-results")[1]
    satisfied = html(
        client.get(
            reverse("communities:stakeholder_map", args=[cworld.community.pk]), {"quadrant": "satisfy"}
        )
    )
    assert "Daily Coast newspaper" in satisfied


def test_stakeholder_map_query_budget(cworld):
    client = cworld.client("c_pm")
    url = reverse("communities:stakeholder_map", args=[cworld.community.pk])
    before = _queries(client, url)
    StakeholderFactory.create_batch(20, community=cworld.community)
    after = _queries(client, url)
    assert after <= before  # does not grow with the stakeholders
    assert after <= 14


# --- incidents ------------------------------------------------------------------------------


def test_safety_incident_is_absent_from_lists_and_404_for_the_others(cworld):
    for name in ("a_worker", "a_me", "b_worker", "c_supervisor"):
        client = cworld.client(name)
        listing = html(client.get(reverse("communities:incident_list")))
        assert cworld.safety_incident.title not in listing, name
        assert cworld.newspaper_incident.title in listing, name
        detail = client.get(reverse("communities:incident_detail", args=[cworld.safety_incident.pk]))
        assert detail.status_code == 404, name


def test_safety_incident_is_shown_to_an_involved_supervisor_and_the_read_is_flagged(cworld):
    client = cworld.client("b_supervisor")
    response = client.get(reverse("communities:incident_detail", args=[cworld.safety_incident.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="incident.viewed").latest("seq")
    assert event.changes == {"practitioner_safety": True}


def test_open_incident_count_on_the_list_hides_safety_incidents(cworld):
    outsider = html(cworld.client("c_worker").get(reverse("communities:community_list")))
    insider = html(cworld.client("a_supervisor").get(reverse("communities:community_list")))
    row = 'class="text-end">{n}</td>\n        <td>'
    assert row.format(n=1) in outsider
    assert row.format(n=2) in insider


def test_anyone_reports_a_threat_and_it_stays_restricted(cworld):
    client = cworld.client("c_worker")
    response = client.post(
        reverse("communities:incident_create"),
        {
            "community": cworld.community.pk,
            "occurred_on": timezone.localdate().isoformat(),
            "kind": "practitioner_threat",
            "title": "Threat at the market",
            "description": "A message.",
            "status": "open",
            "effect": "unknown",
        },
    )
    incident = CommunityIncident.objects.get(title="Threat at the market")
    assert response.status_code == 302
    assert incident.practitioner_safety  # threats always are
    # the reporter sees it; A's supervisor (another agency, not involved) does not
    assert client.get(reverse("communities:incident_detail", args=[incident.pk])).status_code == 200
    other = cworld.client("a_supervisor").get(reverse("communities:incident_detail", args=[incident.pk]))
    assert other.status_code == 404
    assert AuditEvent.objects.get(action="incident.reported").flagged


def test_a_safety_incident_cannot_be_opened_up(cworld):
    incident = cworld.safety_incident
    client = cworld.client("a_supervisor")
    response = client.post(
        reverse("communities:incident_edit", args=[incident.pk]),
        {
            "version": incident.version,
            "occurred_on": incident.occurred_on.isoformat(),
            "kind": "other",
            "title": incident.title,
            "description": incident.description,
            "status": "open",
            "effect": "unknown",
        },
    )
    incident.refresh_from_db()
    assert incident.practitioner_safety  # the disabled field keeps its value
    assert response.status_code in (200, 302)


def test_incident_in_the_future_is_refused(cworld):
    response = cworld.client("a_pm").post(
        reverse("communities:incident_create"),
        {
            "community": cworld.community.pk,
            "occurred_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "kind": "media",
            "title": "Later",
            "description": "x",
            "status": "open",
            "effect": "unknown",
        },
    )
    assert response.status_code == 200
    assert "cannot be in the future" in html(response)
    assert not CommunityIncident.objects.filter(title="Later").exists()


def test_incident_response_with_a_stakeholder(cworld):
    client = cworld.client("a_pm")
    url = reverse("communities:incident_response_add", args=[cworld.newspaper_incident.pk])
    response = client.post(
        url,
        {
            "stakeholder": cworld.imam.pk,
            "asked_on": timezone.localdate().isoformat(),
            "request": "Speak about welcoming families at Friday prayers.",
            "effect": "unknown",
        },
    )
    assert response.status_code == 302
    saved = IncidentResponse.objects.get()
    assert saved.stakeholder == cworld.imam
    # a response naming nobody is refused with a message
    empty = client.post(
        url, {"asked_on": timezone.localdate().isoformat(), "request": "x", "effect": "unknown"}
    )
    assert empty.status_code == 400
    assert "Choose the stakeholder or the agency" in html(empty)


def test_an_outsider_cannot_add_a_response(cworld):
    url = reverse("communities:incident_response_add", args=[cworld.newspaper_incident.pk])
    response = cworld.client("c_pm").post(
        url,
        {"agency": cworld.agencies["c"].pk, "request": "x", "asked_on": "2024-01-01", "effect": "unknown"},
    )
    assert response.status_code == 404
    assert not IncidentResponse.objects.exists()


def test_incident_list_query_budget(cworld):
    client = cworld.client("a_supervisor")
    url = reverse("communities:incident_list")
    before = _queries(client, url)
    IncidentFactory.create_batch(20, community=cworld.community)
    after = _queries(client, url)
    assert after <= before  # does not grow with the incidents
    assert after <= 16


# --- communities and profiles ------------------------------------------------------------


def test_community_list_search_and_budget(cworld):
    client = cworld.client("c_worker")
    url = reverse("communities:community_list")
    before = _queries(client, url)
    CommunityFactory.create_batch(15)
    after = _queries(client, url)
    assert after <= before  # the counts per row are subqueries, not a query per row
    assert after <= 12
    page = html(client.get(url, {"q": cworld.community.place.name_en}))
    assert cworld.community.name in page


def test_set_up_a_community(cworld):
    from reintegra.communities.tests.factories import PlaceFactory

    town = PlaceFactory()
    client = cworld.client("c_pm")
    response = client.post(
        reverse("communities:community_create"), {"place": town.pk, "population_estimate": 1200}
    )
    community = Community.objects.get(place=town)
    assert response.status_code == 302
    assert community.steward_agency == cworld.agencies["c"]
    # a case worker may not
    assert cworld.client("c_worker").get(reverse("communities:community_create")).status_code == 403


def test_profile_draft_publish_cycle(cworld):
    client = cworld.client("a_pm")
    community = cworld.community
    # start a draft
    assert client.post(reverse("communities:profile_draft_start", args=[community.pk])).status_code == 302
    draft = CommunityProfile.objects.get(community=community, status=ProfileStatus.DRAFT)
    # publishing an empty draft is refused
    refused = client.post(
        reverse("communities:profile_publish", args=[community.pk]), {"version": draft.version}
    )
    assert refused.status_code == 400
    assert "Write a summary or add at least one entry" in html(refused)
    # an entry, a service without coverage is refused with a message
    no_coverage = client.post(
        reverse("communities:profile_entry_add", args=[community.pk]),
        {"kind": "service", "theme": "health", "description": "Health centre"},
    )
    assert no_coverage.status_code == 400
    assert "covers returnees and families" in html(no_coverage)
    client.post(
        reverse("communities:profile_entry_add", args=[community.pk]),
        {
            "kind": "driver",
            "theme": "economic",
            "description": "Youth unemployment",
            "evidence": "Focus group",
        },
    )
    client.post(
        reverse("communities:profile_participation", args=[community.pk]),
        {"group": "returnees", "sex": "female", "age_band": "25-34", "count": 3},
    )
    draft.refresh_from_db()
    # another editor of the team sees the draft; an outsider gets 404 for it
    assert (
        cworld.client("b_pm").get(reverse("communities:profile_draft", args=[community.pk])).status_code
        == 200
    )
    assert (
        cworld.client("c_pm").get(reverse("communities:profile_draft", args=[community.pk])).status_code
        == 404
    )
    # publish
    published = client.post(
        reverse("communities:profile_publish", args=[community.pk]), {"version": draft.version}
    )
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProfileStatus.PUBLISHED
    # outsiders see the participation suppressed; the preparing agency sees 3
    outsider = html(cworld.client("c_pm").get(reverse("communities:profile", args=[community.pk])))
    assert "Youth unemployment" in outsider
    assert "fewer than 5" in outsider
    insider = html(client.get(reverse("communities:profile", args=[community.pk])))
    assert '<span class="figure">3</span>' in insider
    # a second version copies the entries, and the first stays readable
    client.post(reverse("communities:profile_draft_start", args=[community.pk]))
    second = CommunityProfile.objects.get(community=community, status=ProfileStatus.DRAFT)
    assert second.number == draft.number + 1
    assert ProfileEntry.objects.filter(profile=second).count() == 1
    old = client.get(reverse("communities:profile_version", args=[community.pk, draft.number]))
    assert old.status_code == 200


def test_published_profile_entries_cannot_be_changed(cworld):
    profile = ProfileFactory(community=cworld.community)
    entry = ProfileEntry.objects.create(profile=profile, kind="need", description="Jobs")
    client = cworld.client("a_pm")
    url = reverse("communities:profile_entry_remove", args=[cworld.community.pk, entry.pk])
    assert client.post(url).status_code == 404  # there is no draft
    assert ProfileEntry.objects.filter(pk=entry.pk).exists()


def test_caseload_on_the_community_page_is_suppressed(cworld):
    from reintegra.cases.tests.factories import CaseFactory, beneficiary_type
    from reintegra.people.tests.factories import PersonFactory

    for _ in range(3):
        CaseFactory(
            person=PersonFactory(place=cworld.community.place), beneficiary_type=beneficiary_type("returnee")
        )
    for _ in range(6):
        CaseFactory(
            person=PersonFactory(place=cworld.community.place),
            beneficiary_type=beneficiary_type("family_member"),
        )
    page = html(
        cworld.client("a_supervisor").get(reverse("communities:community_detail", args=[cworld.community.pk]))
    )
    # 3 returnees: fewer than 5; the 6 family members hidden too (else total − 6 = 3); total 9 shown
    assert "fewer than 5" in page
    assert "not shown" in page
    assert '<span class="figure">9</span>' in page
    assert '<span class="figure">6</span>' not in page


def test_community_overview_query_budget(cworld):
    client = cworld.client("c_pm")
    url = reverse("communities:community_detail", args=[cworld.community.pk])
    before = _queries(client, url)
    StakeholderFactory.create_batch(10, community=cworld.community)
    IncidentFactory.create_batch(10, community=cworld.community)
    WaveFactory.create_batch(3, community=cworld.community)
    after = _queries(client, url)
    assert after <= before
    assert after <= 26


# --- survey ---------------------------------------------------------------------------------


def _answers(value: int) -> dict:
    return {
        "item_{c}".format(c=c): value
        for c in (
            "trust_1",
            "trust_2",
            "trust_3",
            "belong_1",
            "belong_2",
            "belong_3",
            "identity_1",
            "identity_2",
            "identity_3",
            "attitudes_1",
            "attitudes_2",
            "attitudes_3",
            "collective_1",
            "collective_2",
            "collective_3",
        )
    } | {"item_civic_1": 2, "item_civic_2": 1, "item_civic_3": ""}


def test_response_entry_by_the_me_officer(cworld):
    client = cworld.client("a_me")
    url = reverse("communities:response_create", args=[cworld.wave.pk])
    assert client.get(url).status_code == 200
    data = {
        "collected_on": timezone.localdate().isoformat(),
        "group": "residents",
        "sex": "female",
        "age_band": "25-34",
        **_answers(4),
    }
    assert client.post(url, data).status_code == 302
    response = SurveyResponse.objects.get()
    assert response.answers.count() == 18
    assert response.answers.get(item__code="civic_3").value is None
    assert response.answers.get(item__code="belong_3").score == 0.25  # reverse-scored: agree = less belonging


def test_response_entry_refuses_a_bad_date_and_saves_nothing(cworld):
    client = cworld.client("a_me")
    url = reverse("communities:response_create", args=[cworld.wave.pk])
    data = {
        "collected_on": (cworld.wave.starts_on - timedelta(days=5)).isoformat(),
        "group": "residents",
        "sex": "female",
        "age_band": "25-34",
        **_answers(4),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "before the wave started" in html(response)
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("viewer", ["a_supervisor", "a_pm", "b_pm", "c_me"])
def test_individual_responses_are_404_for_everyone_but_the_me_officer(cworld, viewer):
    client = cworld.client(viewer)
    for name in ("wave_responses", "response_create", "responses_import", "responses_template"):
        assert client.get(reverse("communities:" + name, args=[cworld.wave.pk])).status_code == 404, name


def test_raw_responses_page_is_audited(cworld):
    survey_response_record(
        actor=cworld.actor("a_me"),
        wave=cworld.wave,
        respondent=Respondent("residents", "male", "18-24", cworld.wave.starts_on, {"trust_1": 2}),
    )
    response = cworld.client("a_me").get(reverse("communities:wave_responses", args=[cworld.wave.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="survey.responses_viewed").exists()


def _csv(rows: list[str]) -> io.BytesIO:
    header = "collected_on,group,sex,age_band,trust_1,trust_2,belong_3\n"
    upload = io.BytesIO((header + "\n".join(rows)).encode())
    upload.name = "responses.csv"
    return upload


def test_csv_import_all_or_nothing_with_row_errors(cworld):
    client = cworld.client("a_me")
    url = reverse("communities:responses_import", args=[cworld.wave.pk])
    day = cworld.wave.starts_on.isoformat()
    bad = client.post(
        url,
        {
            "file": _csv(
                [
                    "{d},residents,female,25-34,4,5,dk".format(d=day),
                    "{d},nobody,female,25-34,4,9,2".format(d=day),
                    "yesterday,residents,male,18-24,1,2,3",
                ]
            )
        },
    )
    assert bad.status_code == 400
    page = html(bad)
    assert "Row 3" in page
    assert "Row 4" in page
    assert "Row 2" not in page
    assert not SurveyResponse.objects.exists()
    good = client.post(
        url,
        {
            "file": _csv(
                [
                    "{d},residents,female,25-34,4,5,dk".format(d=day),
                    "{d},returnees_families,male,35-49,2,3,4".format(d=day),
                ]
            )
        },
    )
    assert good.status_code == 302
    assert SurveyResponse.objects.count() == 2
    assert AuditEvent.objects.get(action="survey.responses_imported").changes == {"rows": 2}


def test_csv_import_with_unknown_columns_is_refused(cworld):
    client = cworld.client("a_me")
    upload = io.BytesIO(b"collected_on,group,sex,age_band,name\n2024-01-01,residents,female,25-34,Ali\n")
    upload.name = "x.csv"
    response = client.post(reverse("communities:responses_import", args=[cworld.wave.pk]), {"file": upload})
    assert response.status_code == 400
    assert "Unknown columns: name" in html(response)


def test_csv_template_lists_the_questionnaire_columns(cworld):
    response = cworld.client("a_me").get(reverse("communities:responses_template", args=[cworld.wave.pk]))
    text = response.content.decode("utf-8-sig")
    assert text.startswith("collected_on,group,sex,age_band,trust_1")


def test_closed_wave_takes_no_responses(cworld):
    cworld.wave.status = WaveStatus.CLOSED
    cworld.wave.save()
    client = cworld.client("a_me")
    data = {
        "collected_on": timezone.localdate().isoformat(),
        "group": "residents",
        "sex": "female",
        "age_band": "25-34",
        **_answers(4),
    }
    response = client.post(reverse("communities:response_create", args=[cworld.wave.pk]), data)
    assert response.status_code == 400
    assert "This wave is closed" in html(response)


def test_wave_results_are_suppressed_for_outsiders_and_exact_for_the_me_officer(cworld):
    actor = cworld.actor("a_me")
    for _index in range(6):
        survey_response_record(
            actor=actor,
            wave=cworld.wave,
            respondent=Respondent(
                "residents", "female", "25-34", cworld.wave.starts_on, {"trust_1": 4, "belong_1": 5}
            ),
        )
    for _index in range(2):
        survey_response_record(
            actor=actor,
            wave=cworld.wave,
            respondent=Respondent(
                "returnees_families", "male", "25-34", cworld.wave.starts_on, {"trust_1": 1, "belong_1": 2}
            ),
        )
    url = reverse("communities:wave_detail", args=[cworld.wave.pk])
    outsider = html(cworld.client("c_pm").get(url))
    assert "fewer than 5" in outsider
    assert '<span class="figure">75</span>' in outsider  # residents' trust: (4-1)/4
    assert '<span class="figure">0</span>' not in outsider  # the two returnees' trust stays hidden
    exact = html(cworld.client("a_me").get(url))
    assert '<span class="figure">0</span>' in exact


def test_cohesion_page_draws_a_chart_without_script_or_style(cworld):
    WaveFactory(
        community=cworld.community, label="Follow-up", starts_on=timezone.localdate() - timedelta(days=5)
    )
    for wave in cworld.community.waves.all():
        for _ in range(5):
            survey_response_record(
                actor=cworld.actor("a_me"),
                wave=wave,
                respondent=Respondent("residents", "female", "25-34", wave.starts_on, {"trust_1": 4}),
            )
    page = html(cworld.client("b_worker").get(reverse("communities:cohesion", args=[cworld.community.pk])))
    assert "<svg" in page
    assert "<polyline" in page
    assert "<script" not in page.split("<main")[1]
    assert "style=" not in page.split("<main")[1]


def test_cohesion_chart_runs_right_to_left_in_arabic(cworld):
    WaveFactory(
        community=cworld.community, label="Follow-up", starts_on=timezone.localdate() - timedelta(days=5)
    )
    client = cworld.client("b_worker")
    client.cookies.load({"django_language": "ar"})
    response = client.get(reverse("communities:cohesion", args=[cworld.community.pk]))
    chart = response.context["chart"]
    baseline, follow_up = chart.x_ticks
    assert baseline.position > follow_up.position  # the first wave is on the right


# --- plans ----------------------------------------------------------------------------------


def test_plan_create_walk_steps_and_add_rows(cworld):
    client = cworld.client("a_pm")
    response = client.post(
        reverse("communities:plan_create"),
        {
            "title": "Port plan",
            "community": cworld.community.pk,
            "status": "draft",
            "coordination_level": "local",
        },
    )
    plan = CommunityPlan.objects.get(title="Port plan")
    assert response.status_code == 302
    assert PlanStep.objects.filter(plan=plan).count() == 7
    assert plan.partners.get().role == "lead"
    client.post(
        reverse("communities:plan_step", args=[plan.pk, "profile"]), {"status": "done", "notes": "ok"}
    )
    assert plan.steps.get(step="profile").status == "done"
    add = client.post(
        reverse("communities:plan_item_add", args=[plan.pk, "engagement"]),
        {"stakeholder": cworld.imam.pk, "expected_role": "Speak for the families", "status": "engaging"},
    )
    assert add.status_code == 302
    assert plan.engagements.get().stakeholder == cworld.imam
    meeting = client.post(
        reverse("communities:plan_item_add", args=[plan.pk, "meeting"]),
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "First meeting",
            "agencies": [cworld.agencies["a"].pk, cworld.agencies["b"].pk],
        },
    )
    assert meeting.status_code == 302
    assert plan.meetings.get().agencies.count() == 2
    # a meeting in the future is refused and nothing is saved
    future = client.post(
        reverse("communities:plan_item_add", args=[plan.pk, "meeting"]),
        {"held_on": (timezone.localdate() + timedelta(days=9)).isoformat(), "summary": "Later"},
    )
    assert future.status_code == 400
    assert plan.meetings.count() == 1
    # the lead partner cannot be removed
    lead = plan.partners.get(role="lead")
    client.post(reverse("communities:plan_item_remove", args=[plan.pk, "partner", lead.pk]))
    assert plan.partners.filter(pk=lead.pk).exists()


def test_plan_page_links_the_service_directory_when_it_exists(cworld):
    from django.apps import apps

    page = html(cworld.client("c_worker").get(reverse("communities:plan_detail", args=[cworld.plan.pk])))
    if apps.is_installed("reintegra.services"):
        assert "?place={pk}".format(pk=cworld.community.place_id) in page
    else:
        assert "The service directory is not available" in page


def test_outsiders_cannot_change_a_plan(cworld):
    url = reverse("communities:plan_step", args=[cworld.plan.pk, "profile"])
    assert cworld.client("c_pm").post(url, {"status": "done"}).status_code == 404
    assert cworld.client("a_worker").post(url, {"status": "done"}).status_code == 404


def test_plan_list_query_budget(cworld):
    client = cworld.client("c_pm")
    url = reverse("communities:plan_list")
    before = _queries(client, url)
    PlanFactory.create_batch(12, community=cworld.community)
    after = _queries(client, url)
    assert after <= before
    assert after <= 12


def test_plan_created_by_a_non_team_editor_is_refused(cworld):
    response = cworld.client("c_pm").post(
        reverse("communities:plan_create"),
        {
            "title": "Not mine",
            "community": cworld.community.pk,
            "status": "draft",
            "coordination_level": "local",
        },
    )
    assert response.status_code == 200  # the community is not offered to them
    assert not CommunityPlan.objects.filter(title="Not mine").exists()
