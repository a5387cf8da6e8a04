"""PDF documents in Latin and Arabic script, for referral sheets and subject-access reports.

fpdf2 with HarfBuzz shaping (uharfbuzz) and vendored Noto fonts: every piece installs
from PyPI wheels, so a PDF can be written on a machine with nothing else prepared
(WeasyPrint, the architecture guide's first choice, needs the system's Pango). Arabic
letters are joined and laid out right to left; Latin and Arabic can share a line.

A document carries no names in its metadata: only what the caller puts on the page.
"""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).resolve().parent / "fonts"
LATIN, ARABIC = "NotoSans", "NotoNaskhArabic"
BODY_SIZE = 10


class _Pdf(FPDF):
    """FPDF with a confidentiality footer on every page."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(LATIN, size=7)
        self.set_text_color(110, 110, 110)
        page = "{text}  ·  {n}/{{nb}}".format(text=self.footer_text, n=self.page_no())
        self.cell(0, 6, page, align="C")


class PdfDocument:
    """A simple flowing document: headings, paragraphs, label/value lists and tables.

    The direction follows the active language (Arabic pages read right to left); each
    run of text is shaped, so names in either script come out correctly anywhere.
    """

    def __init__(self, *, title: str, confidentiality: str = "") -> None:
        self.rtl = bool(get_language_bidi())
        self.language = (get_language() or "en")[:2]
        self.pdf = _Pdf(format="A4")
        self.pdf.set_title(title)
        self.pdf.set_creator("Reintegra")
        self.pdf.set_lang(self.language)
        for family, stem in ((LATIN, "NotoSans"), (ARABIC, "NotoNaskhArabic")):
            self.pdf.add_font(family, "", str(FONTS / "{s}-Regular.ttf".format(s=stem)))
            self.pdf.add_font(family, "B", str(FONTS / "{s}-Bold.ttf".format(s=stem)))
        # The main font follows the reader's script; the other script's font fills in.
        self.pdf.set_fallback_fonts([LATIN if self.rtl else ARABIC])
        self.pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else "ltr")
        self.pdf.footer_text = confidentiality or _("Confidential: personal data. Do not copy or pass on.")
        self.pdf.set_auto_page_break(auto=True, margin=16)
        self.pdf.add_page()
        self.heading(title, level=0)

    @property
    def _align(self) -> str:
        return "R" if self.rtl else "L"

    def _font(self, size: float = BODY_SIZE, bold: bool = False) -> None:
        self.pdf.set_font(ARABIC if self.rtl else LATIN, "B" if bold else "", size)

    def heading(self, text: str, level: int = 1) -> None:
        """A title (level 0) or section heading."""
        self._font(size={0: 16, 1: 13, 2: 11}.get(level, 11), bold=True)
        self.pdf.ln(2 if level else 0)
        self.pdf.multi_cell(0, 8, text, align=self._align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def paragraph(self, text: str, *, size: float = BODY_SIZE) -> None:
        """A paragraph of running text."""
        self._font(size=size)
        self.pdf.multi_cell(0, 5.5, text or "—", align=self._align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1.5)

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label and value pairs, one per line, labels in bold."""
        width = self.pdf.epw
        for label, value in rows:
            self._font(bold=True)
            self.pdf.multi_cell(width, 5.5, label, align=self._align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self._font()
            self.pdf.multi_cell(
                width, 5.5, value or "—", align=self._align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.pdf.ln(1)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, size: float = 8) -> None:
        """A table with a header row; columns share the page width equally."""
        self._font(size=size)
        columns = [list(headers), *[list(r) for r in rows]]
        if self.rtl:
            columns = [list(reversed(r)) for r in columns]
        with self.pdf.table(text_align=self._align, first_row_as_headings=True, line_height=4.5) as table:
            for cells in columns:
                row = table.row()
                for cell in cells:
                    row.cell(str(cell) if cell not in (None, "") else "—")
        self.pdf.ln(2)

    def generated_at(self, when: datetime | None = None) -> str:
        """A 'generated on' line in the reader's time zone."""
        moment = timezone.localtime(when or timezone.now())
        return _("Generated on {date}").format(date=moment.strftime("%Y-%m-%d %H:%M %Z"))

    def output(self) -> bytes:
        """The finished PDF."""
        return bytes(self.pdf.output())
