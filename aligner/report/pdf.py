"""PDF report (fpdf2): the HTML report's sections, Arabic shaped by HarfBuzz and laid out right-to-left."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from aligner.errors import UserError
from aligner.report.model import QualityReport, Scorecard
from aligner.report.svg import SEVERITY_COLOURS, STATUS_COLOURS, integer_ticks
from aligner.report.tables import (
    SEVERITIES,
    Table,
    comparison_tables,
    left_out_table,
    per_run_table,
    precision_table,
    reference_table,
    scorecard_table,
    settings_table,
    tally_table,
    verdict_line,
    worst_table,
)
from aligner.ui.html import visible_controls

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/noto"))
FONTS = {"sans": "NotoSans-Regular.ttf", "sans-bold": "NotoSans-Bold.ttf", "naskh": "NotoNaskhArabic-Regular.ttf"}
CELL_CHARS = 160  # longer texts are cut in the PDF (the XLSX and JSON keep them whole)
PDF_LEFT_OUT_ROWS = 50  # pairs listed per left-out kind (HarfBuzz line breaking costs ~3 ms a cell)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _font(name: str) -> Path:
    for folder in FONT_DIRS:
        path = folder / FONTS[name]
        if path.is_file():
            return path
    raise UserError(f"PDF report needs the Noto fonts ({FONTS[name]}): apt-get install fonts-noto-core")


def clean(text: str, limit: int = CELL_CHARS) -> str:
    """Text safe for the PDF: control characters and lone surrogates replaced, bidi controls made visible, cut."""
    text = visible_controls(_UNPRINTABLE.sub("\ufffd", text)).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Doc:
    """An A4 landscape fpdf2 document with Noto Sans and Noto Naskh Arabic (fallback) and text shaping on."""

    def __init__(self, title: str) -> None:
        try:
            from fpdf import FPDF
        except ImportError:
            raise UserError("the PDF report needs fpdf2 and uharfbuzz: pip install 'aligner[report]'") from None

        pdf = FPDF(orientation="L", format="A4")
        pdf.set_title(clean(title))
        pdf.set_creator("aligner")
        pdf.add_font("sans", "", str(_font("sans")))
        pdf.add_font("sans", "B", str(_font("sans-bold")))
        pdf.add_font("naskh", "", str(_font("naskh")))
        pdf.set_fallback_fonts(["naskh"], exact_match=False)
        pdf.set_text_shaping(True)
        pdf.set_auto_page_break(True, margin=12)
        pdf.add_page()
        self.pdf = pdf

    def heading(self, text: str, size: int = 13) -> None:
        pdf = self.pdf
        pdf.set_font("sans", "B", size)
        pdf.ln(2)
        pdf.multi_cell(0, size * 0.55, clean(text, 200), new_x="LMARGIN", new_y="NEXT")

    def note(self, text: str) -> None:
        self.pdf.set_font("sans", "", 8)
        self.pdf.multi_cell(0, 4, clean(text, 600), new_x="LMARGIN", new_y="NEXT")

    def _cell_height(self, width: float, text: str, align: str) -> float:
        self.pdf.set_text_shaping(bool(_RTL.search(text)))
        return float(self.pdf.multi_cell(width, 4, text, align=align, dry_run=True, output="HEIGHT", padding=0.8))

    def _row(self, widths: list[float], values: list[str], aligns: list[str], *, header: bool = False) -> None:
        pdf = self.pdf
        height = max(self._cell_height(w, v, a) for w, v, a in zip(widths, values, aligns, strict=True))
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        for width, value, align in zip(widths, values, aligns, strict=True):
            if header:
                pdf.set_fill_color(241, 243, 245)
                pdf.rect(x, y, width, height, style="DF")
            else:
                pdf.rect(x, y, width, height)
            pdf.set_xy(x, y)
            pdf.set_text_shaping(bool(_RTL.search(value)))  # shaping only where needed: it is ~10x slower
            pdf.multi_cell(width, 4, value, align=align, padding=0.8, new_x="RIGHT", new_y="TOP")
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    def table(self, table: Table | None, widths: tuple[int, ...] | None = None) -> None:
        """A bordered table; rows never split across pages; Arabic cells right-aligned and shaped."""
        if table is None:
            return
        self.heading(table.title, 11)
        if table.note:
            self.note(table.note)
        pdf = self.pdf
        n = len(table.headers)
        scale = pdf.epw / sum(widths) if widths else 1.0
        cols = [w * scale for w in widths] if widths else [pdf.epw / n] * n
        pdf.set_auto_page_break(False)
        pdf.set_font("sans", "B", 7)
        self._row(cols, [clean(h, 80) for h in table.headers], ["L"] * n, header=True)
        pdf.set_font("sans", "", 7)
        for values in table.rows:
            self._row(cols, [clean(v) for v in values], ["R" if i in table.rtl else "L" for i in range(n)])
        pdf.set_auto_page_break(True, margin=12)
        pdf.set_text_shaping(True)
        pdf.ln(2)

    def bars(self, title: str, rows: list[tuple[str, list[tuple[str, int, str]]]]) -> None:
        """Horizontal stacked bars with a whole-number axis, drawn with rectangles."""
        if not rows:
            return
        pdf = self.pdf
        self.heading(title, 11)
        ticks = integer_ticks(max(sum(n for _, n, _ in segs) for _, segs in rows))
        x0, width, bar_h = pdf.l_margin + 45, 150.0, 4.5
        scale = width / ticks[-1]
        if pdf.get_y() + (len(rows) + 3) * (bar_h + 1.5) > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.set_font("sans", "", 7)
        y = pdf.get_y() + 1
        for label, segs in rows:
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(43, bar_h, clean(label, 40), align="R")
            x = x0
            for _name, n, colour in segs:
                if n > 0:
                    pdf.set_fill_color(*_rgb(colour))
                    pdf.rect(x, y, n * scale, bar_h, style="F")
                    x += n * scale
            pdf.set_xy(x + 1, y)
            pdf.cell(12, bar_h, str(sum(n for _, n, _ in segs)))
            y += bar_h + 1.5
        pdf.line(x0, y, x0 + width, y)
        for t in ticks:
            pdf.line(x0 + t * scale, y, x0 + t * scale, y + 1)
            pdf.set_xy(x0 + t * scale - 5, y + 1)
            pdf.cell(10, 3, str(t), align="C")
        legend = {name: colour for _, segs in rows for name, n, colour in segs if n > 0}
        x = x0
        pdf.set_y(y + 5)
        for name, colour in legend.items():
            pdf.set_fill_color(*_rgb(colour))
            pdf.rect(x, y + 5.5, 3, 3, style="F")
            pdf.set_xy(x + 4, y + 5)
            pdf.cell(22, 4, name)
            x += 26
        pdf.set_xy(pdf.l_margin, y + 11)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _category_rows(card: Scorecard) -> list[tuple[str, list[tuple[str, int, str]]]]:
    return [
        (name, [(s, t.by_severity.get(s, 0), SEVERITY_COLOURS[s]) for s in SEVERITIES])
        for name, t in card.by_category.items()
    ]


def report_pdf(report: QualityReport, *, worst_n: int = 20) -> bytes:
    """The report as PDF bytes: verdict, scorecard, charts, tables, worst pairs, pairs left out, settings."""
    doc = _Doc(report.title)
    card, settings = report.total, report.settings
    doc.heading(report.title, 16)
    doc.heading(verdict_line(card, settings), 12)
    cards = (*report.runs, report.total) if len(report.runs) > 1 else report.runs
    doc.table(scorecard_table(cards, settings))
    doc.bars("Issues counted by category (by severity)", _category_rows(card))
    status_rows: list[tuple[str, list[tuple[str, int, str]]]] = [
        (c.name, [(s, c.statuses.get(s, 0), colour) for s, colour in STATUS_COLOURS.items()]) for c in report.runs
    ]
    doc.bars("Pairs by review status", status_rows)
    doc.table(tally_table("Issues by category", "category", card.by_category))
    doc.table(tally_table("Issues by check", "check", card.by_check))
    doc.table(per_run_table(report, "category"))
    doc.table(per_run_table(report, "check"))
    doc.table(precision_table(report), (70, 30, 30, 30))
    doc.table(reference_table(report), (60, 20, 190))
    for table in comparison_tables(report):
        doc.table(table)
    doc.table(worst_table(report, worst_n), (25, 15, 15, 15, 30, 85, 85))
    for state in ("no_source", "no_target", "rejected"):
        doc.table(left_out_table(report, state, PDF_LEFT_OUT_ROWS), (30, 20, 100, 100, 20))
    doc.table(settings_table(settings), (80, 40))
    return doc.output()


class PdfReport:
    """``pdf``: the report laid out on A4 landscape pages, Arabic shaped right-to-left."""

    extension: ClassVar[str] = "pdf"
    mime: ClassVar[str] = "application/pdf"

    def render(self, report: QualityReport, *, worst_n: int = 20) -> bytes:
        """Return the PDF bytes."""
        return report_pdf(report, worst_n=worst_n)
