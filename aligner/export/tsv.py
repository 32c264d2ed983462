r"""TSV and CSV exporters with a header row; CSV is RFC 4180, TSV is one record per line for line-based tools.

Columns: id, src_lang, tgt_lang, src, tgt, score, similarity, status, issues (space-separated categories), doc_id,
note.

CSV: fields holding a comma, a quote, CR or LF are quoted (``"…"``, a quote doubled), so every text survives a
reader that follows RFC 4180 (Python's csv module, pandas, spreadsheets) exactly. Rows end with CRLF.

TSV: no quoting at all (so ``cut``, ``awk``, ``split("\t")``, the Moses/OPUS tools and aligner's own TsvReader read
it): like the Moses format, tabs and line breaks inside a cell are collapsed to one space (documented loss);
quotes are written as they are. Rows end with LF.

Spreadsheet safety (CSV injection, OWASP): with ``spreadsheet_safe=True`` (the default for CSV, off for TSV, which is
meant for ML tools and stays raw) a text cell that starts with ``=``, ``+``, ``-``, ``@``, TAB or CR (or a ``'``
before one of those) is prefixed with ``'`` so that Excel/LibreOffice/Sheets show it as text instead of evaluating
it. The same holds after every ``;`` in a cell: where Excel's list separator is ``;`` it splits an unquoted
``Note;=cmd`` into two cells, so that cell is written ``Note;'=cmd``. This changes those cells; :func:`unneutralise`
undoes it exactly. Numeric columns (score, similarity) are never prefixed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import ClassVar

from aligner.export.base import Exporter, ExportMeta, ExportRow, ExportStats, Output, one_line, open_output

COLUMNS = ("id", "src_lang", "tgt_lang", "src", "tgt", "score", "similarity", "status", "issues", "doc_id", "note")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _risky(cell: str) -> bool:
    # A leading quote before a formula start is escaped too, so that unneutralise() is an exact inverse.
    return cell.startswith(FORMULA_START) or (cell.startswith("'") and _risky(cell[1:]))


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell, and to each ``;``-separated piece of it, that a spreadsheet would read as a formula."""
    if ";" not in cell:
        return "'" + cell if _risky(cell) else cell
    return ";".join("'" + piece if _risky(piece) else piece for piece in cell.split(";"))


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise` exactly (for reading a spreadsheet-safe export back)."""
    return ";".join(p[1:] if p.startswith("'") and _risky(p[1:]) else p for p in cell.split(";"))


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


class _DelimitedExporter(Exporter):
    default_safe: ClassVar[bool]
    binary: ClassVar[bool] = False

    def __init__(self, *, spreadsheet_safe: bool | None = None, header: bool = True) -> None:
        self.spreadsheet_safe = self.default_safe if spreadsheet_safe is None else spreadsheet_safe
        self.header = header

    def cells(self, row: ExportRow) -> list[str]:
        """Return the row's cells in COLUMNS order."""
        text = [row.id, row.src_lang, row.tgt_lang, row.src, row.tgt]
        tail = [row.status, " ".join(row.categories), row.doc_id, row.note]
        if self.spreadsheet_safe:
            text = [neutralise(c) for c in text]
            tail = [neutralise(c) for c in tail]
        return [*text, _num(row.score), _num(row.similarity), *tail]


class TsvExporter(_DelimitedExporter):
    """Tab-separated values with a header row, one record per line (tabs/newlines in cells become spaces)."""

    name: ClassVar[str] = "tsv"
    extension: ClassVar[str] = ".tsv"
    mimetype: ClassVar[str] = "text/tab-separated-values"
    default_safe: ClassVar[bool] = False

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` as unquoted, line-safe UTF-8 TSV (no BOM) into ``out``."""
        written = 0
        with open_output(out) as fh:
            batch: list[str] = ["\t".join(COLUMNS)] if self.header else []
            for row in rows:
                batch.append("\t".join(one_line(c) for c in self.cells(row)))
                written += 1
                if len(batch) >= 1000:
                    fh.write(("\n".join(batch) + "\n").encode("utf-8", "replace"))
                    batch.clear()
            if batch:
                fh.write(("\n".join(batch) + "\n").encode("utf-8", "replace"))
        return ExportStats(format=self.name, rows_read=written, rows_written=written)


class CsvExporter(_DelimitedExporter):
    """Comma-separated values (RFC 4180) with a header row; spreadsheet-safe by default."""

    name: ClassVar[str] = "csv"
    extension: ClassVar[str] = ".csv"
    mimetype: ClassVar[str] = "text/csv"
    default_safe: ClassVar[bool] = True

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` as RFC 4180 UTF-8 CSV (no BOM) into ``out``."""
        written = 0
        with open_output(out) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="", write_through=False)
            try:
                writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
                if self.header:
                    writer.writerow(COLUMNS)
                for row in rows:
                    writer.writerow(self.cells(row))
                    written += 1
                text.flush()
            finally:
                text.detach()
        return ExportStats(format=self.name, rows_read=written, rows_written=written)
