"""PDF documents: Latin and Arabic text, right to left for Arabic readers, no names in metadata."""

from django.utils import translation

from reintegra.core.pdf import PdfDocument


def _build(language: str) -> bytes:
    with translation.override(language):
        document = PdfDocument(title="Referral R-1234")
        document.heading("Person")
        document.fields([("Name", "محمد العلي (Mohamed Ali)"), ("Case", "C-27JQ-PVCN")])
        document.paragraph("سجل الإفصاح: من اطّلع على بيانات هذا الشخص، ومتى.")
        document.table(["When", "Who"], [["2026-11-21", "Karim Mansour"], ["2026-11-22", "سلمى"]])
        return document.output()


def test_writes_a_pdf_in_each_language():
    for language in ("en", "fr", "ar"):
        data = _build(language)
        assert data.startswith(b"%PDF-")
        assert b"NotoNaskhArabic" in data  # the Arabic font is embedded for the Arabic text
        assert len(data) > 5_000


def test_metadata_carries_the_title_only():
    data = _build("en")
    assert b"Referral R-1234" in data or b"R\x00e\x00f" in data  # plain or UTF-16 title
    assert b"Mohamed" not in data.split(b"stream")[0]  # no name before the first content stream
