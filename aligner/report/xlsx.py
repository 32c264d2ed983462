"""XLSX issue list (openpyxl): one row per issue as Xbench/Verifika users hand it to translators, plus a scorecard.

Every text cell is stored as a string, never a formula, so ``=HYPERLINK(...)`` in a segment stays text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from aligner.errors import UserError
from aligner.report.model import ROW_STATES, VERDICTS, QualityReport
from aligner.report.tables import (
    Table,
    comparison_tables,
    per_run_table,
    precision_table,
    scorecard_table,
    settings_table,
    tally_table,
    verdict_line,
)
from aligner.ui.html import visible_controls

ISSUE_COLUMNS = (
    "run",
    "pair",
    "check",
    "category",
    "severity",
    "penalty points",
    "verdict",
    "review status",
    "side",
    "span start",
    "span end",
    "flagged text",
    "message",
    "source",
    "target",
    "comment",
)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")  # what XML 1.0 cannot hold
MAX_CELL = 32767  # Excel's limit per cell


def safe_text(value: str) -> str:
    """Text fit for a cell: characters XML cannot hold replaced, bidi controls made visible, cut to Excel's limit."""
    text = visible_controls(_ILLEGAL.sub("\ufffd", value))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


class _Sheet:
    """A write-only worksheet whose string cells are typed as strings (a leading ``=`` is not a formula)."""

    def __init__(self, book: Any, title: str, widths: Sequence[int] = ()) -> None:
        from openpyxl.utils import get_column_letter

        self.sheet = book.create_sheet(title)
        for i, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width

    def row(self, values: Sequence[Any], *, bold: bool = False, rtl: frozenset[int] = frozenset()) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        cells = []
        for i, value in enumerate(values):
            if isinstance(value, str):
                cell = WriteOnlyCell(self.sheet, value=None)
                cell.value = safe_text(value)
                cell.data_type = "s"
            else:
                cell = WriteOnlyCell(self.sheet, value=value)
            if bold:
                cell.font = Font(bold=True)
            if i in rtl:
                cell.alignment = Alignment(horizontal="right", readingOrder=2)
            cells.append(cell)
        self.sheet.append(cells)

    def table(self, table: Table) -> None:
        self.row([table.title], bold=True)
        self.row(list(table.headers), bold=True)
        for values in table.rows:
            self.row([_number(v) for v in values])
        self.row([])


def _number(text: str) -> Any:
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


def report_xlsx(report: QualityReport) -> bytes:
    """The workbook's bytes: sheets Issues (one row per issue), Scorecard, Pairs left out, Settings."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise UserError("the XLSX report needs openpyxl: pip install 'aligner[report]'") from None

    book = Workbook(write_only=True)
    issues = _Sheet(book, "Issues", (12, 8, 14, 14, 9, 8, 22, 10, 5, 6, 6, 20, 40, 50, 50, 25))
    issues.row(list(ISSUE_COLUMNS), bold=True)
    rtl = frozenset({14})
    for r in report.issues:
        values = [
            r.run, r.pair_id, r.check, r.category, r.severity, r.points, VERDICTS[r.verdict], r.status,
            {"src": "source", "tgt": "target"}.get(r.side, ""), r.start, r.end, r.text, r.message, r.src, r.tgt,
            r.comment,
        ]  # fmt: skip
        issues.row(values, rtl=rtl | ({11} if r.side == "tgt" else frozenset()))
    card = _Sheet(book, "Scorecard", (28, 10, 10, 12, 12, 12, 10, 10, 10, 10, 12, 12, 10))
    card.row([report.title], bold=True)
    card.row([verdict_line(report.total, report.settings)], bold=True)
    card.row([])
    cards = (*report.runs, report.total) if len(report.runs) > 1 else report.runs
    card.table(scorecard_table(cards, report.settings))
    card.table(tally_table("Issues by category", "category", report.total.by_category))
    card.table(tally_table("Issues by check", "check", report.total.by_check))
    for table in (*(per_run_table(report, key) for key in ("category", "check")), precision_table(report)):
        if table is not None:
            card.table(table)
    if report.comparison is not None:
        compared = _Sheet(book, "Comparison", (34, 18, 18, 10, 10, 60))
        for table in comparison_tables(report):
            compared.table(table)
    left = _Sheet(book, "Pairs left out", (22, 12, 8, 60, 60, 10))
    left.row(["why", "run", "pair", "source", "target", "issues found"], bold=True)
    for p in report.pairs:
        if p.state != "scored":
            left.row([ROW_STATES[p.state], p.run, p.pair_id, p.src, p.tgt, p.all_issues], rtl=frozenset({4}))
    settings = _Sheet(book, "Settings", (34, 12))
    settings.table(settings_table(report.settings))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class XlsxReport:
    """``xlsx``: the issue list workbook."""

    extension: ClassVar[str] = "xlsx"
    mime: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, report: QualityReport, *, worst_n: int = 20) -> bytes:
        """Return the XLSX bytes (``worst_n`` is unused: every issue is listed)."""
        return report_xlsx(report)
