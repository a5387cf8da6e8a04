"""The external referral sheet: only the categories that travel, in Latin and Arabic."""

import pytest
from django.utils import translation

from reintegra.cases.choices import CaseRole
from reintegra.core.choices import DataCategory as C
from reintegra.core.pdf import PdfDocument
from reintegra.services import selectors, services, sheet
from reintegra.services.choices import ReferralPriority

pytestmark = pytest.mark.django_db


class Recording(PdfDocument):
    """The real document, remembering every piece of text put on it."""

    texts: list[str] = []

    def heading(self, text, level=1):
        Recording.texts.append(text)
        super().heading(text, level)

    def paragraph(self, text, *, size=10):
        Recording.texts.append(text)
        super().paragraph(text, size=size)

    def fields(self, rows):
        Recording.texts.extend("{a}: {b}".format(a=a, b=b) for a, b in rows)
        super().fields(rows)

    def table(self, headers, rows, *, size=8):
        Recording.texts.extend(" ".join(map(str, r)) for r in rows)
        super().table(headers, rows, size=size)


@pytest.fixture
def recording(monkeypatch):
    Recording.texts = []
    monkeypatch.setattr(sheet, "PdfDocument", Recording)
    return Recording


def _print(world, directory, *, service, categories):
    actor = world.actor("case_manager")
    person = world.case.person
    person.given_name = "محمد"
    person.family_name = "العلي"
    person.phone = "+222 555 0123"
    person.save()
    referral = services.referral_create(
        actor=actor,
        case=world.case,
        services=[service],
        priority=ReferralPriority.URGENT,
        reason="Needs evening classes.",
        safety_notes="Avoid the market street.",
        requested_categories=categories,
        case_role=CaseRole.CASE_MANAGER,
    )
    referral = services.referral_send(actor=actor, referral=referral, expected_version=referral.version)
    referral, shared = selectors.referral_sheet(actor=actor, referral_id=referral.pk)
    return referral, sheet.referral_sheet_pdf(referral, shared)


def test_a_community_actor_gets_the_case_code_and_nothing_personal(world, directory, recording):
    referral, data = _print(
        world,
        directory,
        service=directory.informal_service,
        categories=[C.IDENTITY, C.CONTACT_LOCATION, C.CASE_NOTES],
    )
    text = "\n".join(recording.texts)
    assert data.startswith(b"%PDF-")
    assert referral.reference in text
    assert world.case.code in text
    assert "Nothing beyond the case code" in text
    for secret in (
        "محمد",
        world.case.person.given_name_latin,
        "+222 555 0123",
        "evening classes",
        "market street",
    ):
        assert secret not in text


def test_an_internal_referral_sheet_carries_what_was_asked(world, directory, recording):
    from reintegra.services.tests.factories import ProviderFactory, ServiceFactory

    own = ProviderFactory(kind="agency", agency=world.agency_a, name=world.agency_a.name)
    service = ServiceFactory(provider=own, areas=[directory.places["north"]])
    _referral, _data = _print(world, directory, service=service, categories=[C.IDENTITY, C.CASE_NOTES])
    text = "\n".join(recording.texts)
    assert "محمد" in text
    assert "evening classes" in text
    assert "+222 555 0123" not in text  # contact was not asked for
    assert "market street" not in text  # risk was not asked for


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_sheet_is_written_in_each_language(world, directory, language):
    with translation.override(language):
        _referral, data = _print(
            world, directory, service=directory.informal_service, categories=[C.IDENTITY]
        )
    assert data.startswith(b"%PDF-")
    assert b"NotoNaskhArabic" in data
    assert world.case.person.given_name_latin.encode() not in data
