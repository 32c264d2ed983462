"""The report-format registry: name → renderer class (html, pdf, xlsx, json), each turning a report into bytes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Protocol

from aligner.registry import Registry
from aligner.report.model import QualityReport


class ReportFormat(Protocol):
    """Renders a QualityReport as one file."""

    extension: ClassVar[str]
    mime: ClassVar[str]

    def render(self, report: QualityReport, *, worst_n: int = 20) -> bytes:
        """Return the file's bytes."""
        ...


REPORT_FORMATS: Registry[ReportFormat] = Registry(
    "report format",
    {
        "html": "aligner.report.html:HtmlReport",
        "pdf": "aligner.report.pdf:PdfReport",
        "xlsx": "aligner.report.xlsx:XlsxReport",
        "json": "aligner.report.jsonfmt:JsonReport",
    },
)


def report_pieces(report: QualityReport, fmt: str, *, worst_n: int = 20) -> Iterator[str] | None:
    """The text of a format that writes its report piece by piece (``pieces``), else None (render it whole)."""
    renderer = REPORT_FORMATS.get(fmt)()
    pieces = getattr(renderer, "pieces", None)
    return None if pieces is None else pieces(report, worst_n=worst_n)


def render_report(report: QualityReport, fmt: str, *, worst_n: int = 20) -> bytes:
    """Render ``report`` in the REPORT_FORMATS format ``fmt``."""
    return REPORT_FORMATS.get(fmt)().render(report, worst_n=worst_n)
