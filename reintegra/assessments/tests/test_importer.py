"""Instruments as JSON: the shipped files validate, export round-trips, every problem is
reported with its row, and an import is all or nothing."""

import copy
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import actor_for, member
from reintegra.assessments import importer, services
from reintegra.assessments.choices import VersionStatus
from reintegra.assessments.models import InstrumentTemplate, Item, SurveyQuestionSet, TemplateVersion
from reintegra.assessments.tests.factories import OPEN_TEMPLATE, default_survey, open_template
from reintegra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _template() -> dict:
    return importer.shipped_documents(importer.SHIPPED_TEMPLATES)[0]


def _licensed(code: str = "licensed-tool", version: int = 1) -> dict:
    data = copy.deepcopy(_template())
    data.update(code=code, version=version, kind="risk", category="risk_assessment")
    data["licence"] = {"holder": "Instrument Publisher", "reference": "LIC-42", "expires_on": "2099-12-31"}
    return data


@pytest.fixture
def manager(world):
    return actor_for(member(world.agency_a, R.PROGRAMME_MANAGER), world.agency_a)


def test_the_shipped_instruments_are_installed_published_and_valid():
    version = open_template()
    assert version.status == VersionStatus.PUBLISHED
    assert version.template.is_shipped
    assert version.template.owner_agency_id is None
    assert Item.objects.filter(domain__version=version).count() == 12
    assert default_survey().is_reintegra_default
    assert importer.validate_template(_template()) == []
    assert importer.validate_question_set(importer.shipped_documents(importer.SHIPPED_QUESTION_SETS)[0]) == []


def test_the_open_template_covers_the_life_areas_in_three_languages():
    items = Item.objects.filter(domain__version=open_template())
    assert {i.code for i in items} == {
        "accommodation", "education_livelihood", "finance_documents", "family", "physical_health",
        "mental_health_substances", "social_network", "identity_belonging", "violence_former_group",
        "community_acceptance", "legal_status", "own_goals",
    }  # fmt: skip
    assert all(set(i.label) == {"en", "fr", "ar"} and set(i.guidance) == {"en", "fr", "ar"} for i in items)


def test_export_round_trips():
    # given the shipped template exported
    exported = importer.export_template(open_template())
    # then it validates and says the same as the file it was loaded from
    assert importer.validate_template(exported) == []
    original = _template()
    assert [d["code"] for d in exported["domains"]] == [d["code"] for d in original["domains"]]
    assert exported["scales"][0]["options"] == original["scales"][0]["options"]
    assert importer.validate_question_set(importer.export_question_set(default_survey())) == []


def test_every_problem_is_reported_with_its_row():
    # given a document with several mistakes
    data = _template()
    data["domains"][1]["items"][0]["code"] = "accommodation"  # duplicate item code
    data["dimensions"][0]["scale"] = "no-such-scale"
    data["scales"][0]["options"][1]["weight"] = 2  # numbers are not allowed
    data["kind"] = "risk"
    data["category"] = "health_psychosocial"
    # when validated
    problems = {p.path: p.message for p in importer.validate_template(data)}
    # then each problem names where it is
    assert "domains[1].items[0].code" in problems
    assert "dimensions[0].scale" in problems
    assert "scales[0].options[1].weight" in problems
    assert "never added up" in problems["scales[0].options[1].weight"]
    assert "category" in problems


def test_a_file_that_is_not_json_is_refused_clearly():
    _data, problems = importer.parse(b"{not json")
    assert problems
    assert "not valid JSON" in str(problems[0])


def test_a_manager_loads_a_licensed_instrument_privately_as_a_draft(world, manager):
    # when a programme manager imports a licensed tool
    version = services.instrument_import(actor=manager, raw=json.dumps(_licensed()))
    # then it is a draft, private to their agency, with its licence recorded
    assert isinstance(version, TemplateVersion)
    assert version.status == VersionStatus.DRAFT
    assert version.template.owner_agency_id == world.agency_a.pk
    assert version.licence_reference == "LIC-42"
    assert AuditEvent.objects.filter(action="instrument.imported").exists()


def test_an_import_with_a_problem_creates_nothing(world, manager):
    data = _licensed()
    data["domains"][-1]["items"][0]["dimensions"] = ["unknown"]
    before = (InstrumentTemplate.objects.count(), TemplateVersion.objects.count(), Item.objects.count())
    with pytest.raises(ValidationError) as error:
        services.instrument_import(actor=manager, raw=json.dumps(data))
    assert any("domains[4].items[0].dimensions" in m for m in error.value.messages)
    assert before == (
        InstrumentTemplate.objects.count(),
        TemplateVersion.objects.count(),
        Item.objects.count(),
    )


def test_the_same_version_cannot_be_loaded_twice_and_shipped_codes_are_reserved(manager):
    services.instrument_import(actor=manager, raw=json.dumps(_licensed()))
    with pytest.raises(ValidationError, match="loaded already"):
        services.instrument_import(actor=manager, raw=json.dumps(_licensed()))
    with pytest.raises(ValidationError, match="shipped with Reintegra"):
        services.instrument_import(
            actor=manager, raw=json.dumps({**_licensed(), "code": OPEN_TEMPLATE, "kind": "needs"})
        )


def test_only_instrument_managers_import(world):
    with pytest.raises(PermissionDenied):
        services.instrument_import(actor=world.actor("case_manager"), raw=json.dumps(_licensed()))


def test_a_private_instrument_is_invisible_to_other_agencies(world, manager):
    from reintegra.assessments.selectors import template_version_list

    version = services.instrument_import(actor=manager, raw=json.dumps(_licensed()))
    other = world.actor("other_supervisor", world.agency_b)
    assert not template_version_list(actor=other).filter(pk=version.pk).exists()
    assert template_version_list(actor=world.actor("case_manager")).filter(pk=version.pk).exists()


def test_publishing_a_new_version_retires_the_previous_one(manager):
    first = services.instrument_import(actor=manager, raw=json.dumps(_licensed()))
    services.instrument_set_status(actor=manager, instrument=first, status=VersionStatus.PUBLISHED)
    second = services.instrument_import(actor=manager, raw=json.dumps(_licensed(version=2)))
    services.instrument_set_status(actor=manager, instrument=second, status=VersionStatus.PUBLISHED)
    first.refresh_from_db()
    assert (first.status, second.status) == (VersionStatus.RETIRED, VersionStatus.PUBLISHED)


def test_a_programme_replaces_the_default_weights_with_its_own(manager):
    # given the default set exported and given official weights
    data = importer.export_question_set(default_survey())
    data.update(code="official-rss", version=1, reintegra_default=False, source_note="Annex 4, transcribed")
    for question in data["questions"]:
        question["weight_dimension"] = 2 if question["dimension"] == "economic" else 1
    # when loaded and published
    loaded = services.instrument_import(actor=manager, raw=json.dumps(data))
    services.instrument_set_status(actor=manager, instrument=loaded, status=VersionStatus.PUBLISHED)
    # then it is a separate, versioned set that is not marked as Reintegra's default
    assert isinstance(loaded, SurveyQuestionSet)
    assert not loaded.is_reintegra_default
    assert loaded.questions.get(code="debt").weight_dimension == 2


def test_a_question_set_needs_weight_in_every_dimension():
    data = importer.export_question_set(default_survey())
    data["questions"] = [q for q in data["questions"] if q["dimension"] != "social"]
    assert any("social" in p.message for p in importer.validate_question_set(data))
