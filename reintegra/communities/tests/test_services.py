"""Community services and their pure helpers: versioned profiles, scoring, charts, the item
bank, and the guards services keep whatever the caller."""

import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from reintegra.communities import charts, cohesion, itembank, services
from reintegra.communities.choices import ProfileStatus, RespondentGroup
from reintegra.communities.models import ProfileEntry, SurveyInstrument
from reintegra.communities.services import Respondent
from reintegra.communities.tests.factories import PlaceFactory, ProfileFactory
from reintegra.core.models import AuditEvent
from reintegra.core.services import StaleEditError

pytestmark = pytest.mark.django_db


# --- scoring and charts (no database needed, but cheap) ------------------------------------


def test_scores_are_per_respondent_then_per_group():
    rows = [
        # wave, response, group, dimension, score
        (1, "r1", "residents", "trust", 1.0),
        (1, "r1", "residents", "trust", 0.5),  # r1 trust = 0.75
        (1, "r1", "residents", "belonging", 0.25),  # r1 overall = (0.75 + 0.25) / 2 = 0.5
        (1, "r2", "residents", "trust", 0.25),  # r2 trust = 0.25, overall 0.25
        (1, "r3", "returnees_families", "trust", None),  # don't know: no score at all
    ]
    raw = cohesion.score_rows(rows)[1]
    assert raw.means[("residents", "trust")] == 0.5
    assert raw.counts[("residents", "trust")] == 2
    assert raw.means[("residents", "overall")] == 0.375
    assert ("returnees_families", "trust") not in raw.means


def test_wave_scores_suppress_and_never_pool():
    raw = cohesion.RawScores(
        means={("residents", "trust"): 0.7, ("returnees_families", "trust"): 0.2},
        counts={("residents", "trust"): 12, ("returnees_families", "trust"): 3},
    )
    scores = cohesion.wave_scores(raw, {"residents": 12, "returnees_families": 3}, exact=False)
    trust = next(row for row in scores.rows if row.key == "trust")
    assert trust.cells["residents"].display == "70"
    assert trust.cells["returnees_families"].suppressed
    assert set(trust.cells) == {g.value for g in RespondentGroup}  # no pooled column
    # 3 returnees hidden, so the 12 residents are hidden too while the total shows
    assert scores.respondents.cells["residents"].suppressed
    assert scores.respondents.total.display == "15"


def test_line_chart_mirrors_in_rtl_and_breaks_at_hidden_points():
    series = [("Residents", [50.0, None, 70.0]), ("Returnees", [40.0, 45.0, 60.0])]
    ltr = charts.line_chart(categories=["a", "b", "c"], series=series, title="t", description="d")
    rtl = charts.line_chart(categories=["a", "b", "c"], series=series, title="t", description="d", rtl=True)
    assert ltr.x_ticks[0].position < ltr.x_ticks[2].position
    assert rtl.x_ticks[0].position > rtl.x_ticks[2].position
    assert ltr.series[0].segments == []  # 50, gap, 70: two lone points, no line through the gap
    assert len(ltr.series[0].points) == 2
    assert len(ltr.series[1].segments) == 1
    assert rtl.y_anchor == "start"
    assert ltr.y_anchor == "end"


# --- the item bank -------------------------------------------------------------------------


def test_the_default_item_bank_is_loaded_and_marked_as_ours():
    instrument = SurveyInstrument.objects.get(code="reintegra-cohesion", version=1)
    assert instrument.items.count() == 18
    assert {item.dimension for item in instrument.items.all()} == {
        "trust",
        "belonging",
        "shared_identity",
        "attitudes",
        "collective_action",
        "civic_engagement",
    }
    assert "Our own draft" in instrument.provenance
    assert "not Mercy Corps" in instrument.provenance
    assert all(item.text_fr and item.text_ar for item in instrument.items.all())


def test_item_bank_check_names_every_problem():
    data = itembank.read(itembank.DEFAULT_BANK)
    data["items"][0]["dimension"] = "religiosity"
    data["scales"][0]["points"][1]["value"] = 7
    with pytest.raises(ValidationError) as error:
        itembank.check(data)
    message = " ".join(error.value.messages)
    assert "unknown dimension religiosity" in message
    assert "numbered 1, 2, 3" in message


def test_load_command_refuses_a_loaded_version_and_loads_a_new_one(tmp_path):
    data = itembank.read(itembank.DEFAULT_BANK)
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_survey_instrument", str(path), stdout=io.StringIO())
    data["version"] = 2
    path.write_text(json.dumps(data))
    call_command("load_survey_instrument", str(path), "--retire-older", stdout=io.StringIO())
    assert SurveyInstrument.objects.get(version=2).is_active
    assert not SurveyInstrument.objects.get(version=1).is_active
    assert AuditEvent.objects.filter(action="survey_instrument.loaded").exists()


# --- services keep their guards ---------------------------------------------------------------


def test_a_case_worker_cannot_create_a_community(cworld):
    with pytest.raises(PermissionDenied):
        services.community_create(actor=cworld.actor("a_worker"), place=PlaceFactory())


def test_a_region_is_not_a_community(cworld):
    region = cworld.community.place.parent.parent
    with pytest.raises(ValidationError, match="town or a district"):
        services.community_create(actor=cworld.actor("a_pm"), place=region)


def test_published_profiles_are_frozen(cworld):
    profile = ProfileFactory(community=cworld.community)
    with pytest.raises(ValidationError, match="Start a new version"):
        services.profile_entry_save(
            actor=cworld.actor("a_pm"), profile=profile, values={"kind": "need", "description": "x"}
        )
    with pytest.raises(ValidationError, match="Start a new version"):
        services.profile_draft_update(
            actor=cworld.actor("a_pm"),
            profile=profile,
            values={"summary": "x"},
            expected_version=profile.version,
        )


def test_only_one_draft_at_a_time_and_stale_publish_refused(cworld):
    actor = cworld.actor("a_pm")
    draft = services.profile_draft_start(actor=actor, community=cworld.community)
    with pytest.raises(ValidationError, match="already has a draft"):
        services.profile_draft_start(actor=actor, community=cworld.community)
    services.profile_entry_save(actor=actor, profile=draft, values={"kind": "need", "description": "Jobs"})
    with pytest.raises(StaleEditError):
        services.profile_publish(
            actor=actor, profile=draft, expected_version=draft.version
        )  # entry raised it
    draft.refresh_from_db()
    published = services.profile_publish(actor=actor, profile=draft, expected_version=draft.version)
    assert published.status == ProfileStatus.PUBLISHED
    assert published.published_at is not None


def test_new_version_copies_entries_not_participation(cworld):
    actor = cworld.actor("a_pm")
    first = services.profile_draft_start(actor=actor, community=cworld.community)
    services.profile_entry_save(
        actor=actor, profile=first, values={"kind": "resource", "description": "Coop"}
    )
    services.profile_participation_set(
        actor=actor, profile=first, group="community", sex="male", age_band="18-24", count=8
    )
    first.refresh_from_db()
    services.profile_publish(actor=actor, profile=first, expected_version=first.version)
    second = services.profile_draft_start(actor=actor, community=cworld.community)
    assert second.number == 2
    assert list(ProfileEntry.objects.filter(profile=second).values_list("description", flat=True)) == ["Coop"]
    assert not second.participation.exists()
    # the first version is untouched when the copy changes
    services.profile_entry_remove(actor=actor, profile=second, entry=second.entries.get())
    assert first.entries.count() == 1


def test_stakeholder_audit_rows_never_carry_contact_values(cworld):
    actor = cworld.actor("a_pm")
    stakeholder = services.stakeholder_create(
        actor=actor,
        community=cworld.community,
        values={
            "name": "Mukhtar of the hill",
            "kind": "traditional_leader",
            "contact_name": "Hajj Ali Secret",
            "contact_phone": "+000 999",
        },
    )
    services.stakeholder_update(
        actor=actor,
        stakeholder=stakeholder,
        values={"contact_phone": "+000 111"},
        expected_version=stakeholder.version,
    )
    rows = AuditEvent.objects.filter(target_id=str(stakeholder.pk))
    assert {row.action for row in rows} == {"stakeholder.created", "stakeholder.updated"}
    text = json.dumps([row.changes for row in rows]) + "".join(row.target_repr for row in rows)
    assert "Secret" not in text
    assert "999" not in text
    assert "111" not in text
    assert rows.get(action="stakeholder.updated").categories == ["contact_location"]


def test_responses_are_checked_against_the_scale_and_the_wave(cworld):
    actor = cworld.actor("a_me")
    wave = cworld.wave
    bad = Respondent("residents", "female", "0-11", wave.starts_on, {"trust_1": 6, "nonsense": 1})
    with pytest.raises(ValidationError) as error:
        services.survey_response_record(actor=actor, wave=wave, respondent=bad)
    fields = error.value.message_dict
    assert {"age_band", "trust_1", "answers"} <= set(fields)
    empty = Respondent("residents", "female", "25-34", wave.starts_on, {"trust_1": None})
    with pytest.raises(ValidationError, match="At least one question"):
        services.survey_response_record(actor=actor, wave=wave, respondent=empty)


def test_the_questionnaire_of_a_wave_with_answers_cannot_change(cworld):
    actor = cworld.actor("a_me")
    services.survey_response_record(
        actor=actor,
        wave=cworld.wave,
        respondent=Respondent("residents", "female", "25-34", cworld.wave.starts_on, {"trust_1": 3}),
    )
    other = SurveyInstrument.objects.create(code="other", version=1, name_en="Other")
    with pytest.raises(ValidationError, match="cannot change"):
        services.wave_update(
            actor=actor, wave=cworld.wave, values={"instrument": other}, expected_version=cworld.wave.version
        )


def test_a_safety_incident_stays_restricted(cworld):
    incident = cworld.safety_incident
    with pytest.raises(ValidationError, match="stays restricted"):
        services.incident_update(
            actor=cworld.actor("a_supervisor"),
            incident=incident,
            values={"practitioner_safety": False},
            expected_version=incident.version,
        )


def test_a_threat_is_always_a_safety_incident(cworld):
    incident = services.incident_report(
        actor=cworld.actor("c_worker"),
        community=cworld.community,
        values={
            "occurred_on": timezone.localdate(),
            "kind": "practitioner_attack",
            "title": "Office attacked",
            "description": "Windows broken at night.",
            "practitioner_safety": False,
        },
    )
    assert incident.practitioner_safety


def test_incident_place_must_be_within_the_community(cworld):
    elsewhere = PlaceFactory()
    with pytest.raises(ValidationError, match="within the community"):
        services.incident_report(
            actor=cworld.actor("a_pm"),
            community=cworld.community,
            values={
                "occurred_on": timezone.localdate(),
                "kind": "media",
                "title": "x",
                "description": "x",
                "place": elsewhere,
            },
        )


def test_responses_engage_stakeholders_of_the_same_community(cworld):
    from reintegra.communities.tests.factories import StakeholderFactory

    stranger = StakeholderFactory()  # another community's
    with pytest.raises(ValidationError, match="this incident's community"):
        services.incident_response_save(
            actor=cworld.actor("a_pm"),
            incident=cworld.newspaper_incident,
            values={"stakeholder": stranger, "request": "x", "asked_on": timezone.localdate()},
        )


def test_plan_guards(cworld):
    actor = cworld.actor("a_pm")
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=cworld.actor("c_pm"), values={"title": "x", "community": cworld.community})
    plan = services.plan_create(actor=actor, values={"title": "Guarded", "community": cworld.community})
    with pytest.raises(ValidationError, match="lead role"):
        services.plan_item_save(
            actor=actor, plan=plan, kind="partner", values={"agency": cworld.agencies["b"], "role": "lead"}
        )
    with pytest.raises(ValidationError, match="no such step"):
        services.plan_step_set(actor=actor, plan=plan, step="evaluation", status="done")
    programme_plan = services.plan_create(
        actor=actor, values={"title": "National", "programme": cworld.base.programme}
    )
    assert programme_plan.community is None
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.plan_create(
            actor=actor,
            values={
                "title": "Backwards",
                "community": cworld.community,
                "starts_on": timezone.localdate(),
                "ends_on": timezone.localdate() - timedelta(days=1),
            },
        )


def test_every_audited_action_has_a_readable_label():
    import re
    from pathlib import Path

    from reintegra.communities.services import PLAN_ITEMS
    from reintegra.core.audit_labels import ACTION_LABELS

    package = Path(services.__file__).resolve().parent
    used = set()
    for path in (
        package / "services.py",
        package / "selectors.py",
        package / "management/commands/load_survey_instrument.py",
    ):
        used |= set(re.findall(r'action="([a-z_.]+)"', path.read_text()))
    used |= {"community_plan.{k}_{v}".format(k=k, v=v) for k in PLAN_ITEMS for v in ("saved", "removed")}
    used -= {"community_plan.{kind}_saved", "store_true"}  # a format string; an argparse action
    assert used - set(ACTION_LABELS) == set()


def test_instruments_are_read_only_in_the_admin(cworld, client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.invalid", "x" * 14)
    client.force_login(admin_user)
    session = client.session
    session["reintegra_mfa_ok"] = True
    session.save()
    instrument = SurveyInstrument.objects.get(code="reintegra-cohesion")
    page = client.get("/admin/communities/surveyinstrument/{pk}/change/".format(pk=instrument.pk))
    assert page.status_code == 200
    assert client.get("/admin/communities/surveyinstrument/add/").status_code == 403
