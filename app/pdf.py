"""The PDF machinery the features share (workshop minutes, a call's avviso and consultation
report): an A4 page in DejaVu Sans when the font is installed (every Unicode letter), else
in the core Helvetica font with text made Latin-1 safe (Italian accented letters are
Latin-1, so they survive); a footer on every page; headings, paragraphs and bullets.

Laying a document out costs 0.3–1 s of CPU (loading the fonts, breaking lines), which under
eventlet would stall every live connection of the server meanwhile; so the job queue's
worker lays it out (:func:`in_worker`) while the request waits without holding the server,
and the request lays it out itself only when no worker answers.
"""

from __future__ import annotations

import os

from flask import current_app
from flask_babel import get_locale
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_REGULAR = os.path.join(FONT_DIR, "DejaVuSans.ttf")
FONT_BOLD = os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")
PDF_WAIT_SECONDS = 15  # then the request lays the PDF out itself (no consumer running?)

_LATIN1_SAFE = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "...", "€": "EUR", "•": "-"}
)


class Writer:
    """Small layout helpers over fpdf2 (headings, paragraphs, bullets); ``footer`` is
    printed at the foot of every page with the page number. ``wrap`` ``"WORD"`` breaks lines
    between words (a word longer than the line is still cut), ``"CHAR"`` anywhere."""

    def __init__(self, title: str, footer: str, wrap: str = "CHAR"):
        writer = self
        self.wrap = wrap

        class Page(FPDF):
            def footer(self):
                self.set_y(-12)
                writer.font(8)
                self.set_text_color(90, 90, 90)
                self.cell(0, 6, writer.text(f"{footer} · {self.page_no()}/{{nb}}"), align="C")
                self.set_text_color(0, 0, 0)

        self.unicode = os.path.exists(FONT_REGULAR) and os.path.exists(FONT_BOLD)
        self.pdf = Page(format="A4")
        self.pdf.set_title(self.text(title))
        self.pdf.set_creator("Cantiere")
        self.pdf.set_margins(18, 18, 18)
        self.pdf.set_auto_page_break(True, margin=18)
        if self.unicode:
            self.pdf.add_font("DejaVu", "", FONT_REGULAR)
            self.pdf.add_font("DejaVu", "B", FONT_BOLD)
        self.pdf.add_page()

    def text(self, value) -> str:
        value = str(value or "").replace("\x00", "")
        if self.unicode:
            return value
        return value.translate(_LATIN1_SAFE).encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font("DejaVu" if self.unicode else "Helvetica", "B" if bold else "", size)

    def line(self, value, size: float = 10, bold: bool = False, height: float = 5.5, indent: float = 0) -> None:
        self.font(size, bold)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(
            self.pdf.epw - indent, height, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=self.wrap
        )

    def heading(self, value, size: float = 13) -> None:
        self.pdf.ln(3)
        self.line(value, size=size, bold=True, height=7)
        y = self.pdf.get_y()
        self.pdf.set_draw_color(0, 102, 204)
        self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + self.pdf.epw, y)
        self.pdf.ln(2)

    def bullet(self, value, indent: float = 4, mark: str | None = None) -> None:
        mark = mark or ("•" if self.unicode else "-")
        self.line(f"{mark} {value}", indent=indent)

    def paragraphs(self, value: str) -> None:
        for paragraph in (value or "").splitlines():
            if paragraph.strip():
                self.line(paragraph)
            else:
                self.pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def reader_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def in_worker(job, lay_out, *args) -> bytes:
    """``job(*args, locale)`` on the queue, waited for; ``lay_out(*args)`` here when the
    worker fails or does not answer in time."""
    try:
        result = job(*args, reader_locale())
        data = result.get(blocking=True, timeout=PDF_WAIT_SECONDS, max_delay=0.2, revoke_on_timeout=True)
    except Exception:
        current_app.logger.exception("the PDF job %s failed; laying it out here", getattr(job, "name", job))
        data = None
    return data if isinstance(data, bytes) else lay_out(*args)
