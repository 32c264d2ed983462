"""TsvReader and CsvReader: parallel files with one source and one target column (Layout.PARALLEL)."""

from __future__ import annotations

import logging
from typing import ClassVar

from aligner.ingest.base import InputError, Piece, TextReader, build_document, flatten_cell
from aligner.ingest.delimited import Cell, Row, iter_rows
from aligner.ingest.scripts import count_letters
from aligner.model import Bitext, Layout, Span

log = logging.getLogger(__name__)

# Header names (lower case) that mark the source and the target column, besides the language codes themselves.
SOURCE_NAMES = frozenset({"source", "src", "source_text", "src_text", "original", "english", "eng"})
TARGET_NAMES = frozenset({"target", "tgt", "target_text", "tgt_text", "translation", "arabic", "ara", "arb"})
SNIFF_ROWS = 200


def _trimmed(cell: Cell) -> Piece:
    """The stripped, one-line cell value; origin is exact unless doubled quotes were unescaped."""
    text = cell.value.strip()
    if cell.end - cell.start == len(cell.value):
        start = cell.start + len(cell.value) - len(cell.value.lstrip())
        origin = Span(start, start + len(text))
    else:
        origin = Span(cell.start, cell.end)
    return Piece(flatten_cell(text), "line", "", origin)


class DelimitedReader(TextReader):
    """Shared logic: header detection, column choice, ragged-row errors, index parity."""

    delimiter: ClassVar[str] = "\t"
    quoting: ClassVar[bool] = False

    def parse(self, text: str, name: str) -> Bitext:
        """One unit per row on each side; an empty cell is an empty unit."""
        rows = iter_rows(text, name, delimiter=self.delimiter, quoting=self.quoting)
        first = next(rows, None)
        if first is None:
            raise InputError(f"{name}: no rows")
        width = len(first.cells)
        columns = self._header_columns(first)
        body: list[Row] = [] if columns else [first]
        if columns is None and width < 2:
            raise InputError(f"{name}: line {first.line}: one column; need a source and a target column")
        for row in rows:
            if len(row.cells) != width:
                raise InputError(f"{name}: line {row.line}: {len(row.cells)} columns, expected {width}")
            body.append(row)
        if not body:
            raise InputError(f"{name}: header only, no rows")
        if columns is None:
            columns = self._guess_columns(body, name)
        s, t = columns
        src = build_document(self.src_lang, (_trimmed(r.cells[s]) for r in body), name=name)
        tgt = build_document(self.tgt_lang, (_trimmed(r.cells[t]) for r in body), name=name)
        return Bitext(name, src, tgt, Layout.PARALLEL)

    def _header_columns(self, row: Row) -> tuple[int, int] | None:
        """Column indices named by a header row, or None when the first row is data."""
        names = [c.value.strip().lower() for c in row.cells]
        src_names = SOURCE_NAMES | {self.src_lang.lower()}
        tgt_names = TARGET_NAMES | {self.tgt_lang.lower()}
        s = next((i for i, n in enumerate(names) if n in src_names), None)
        t = next((i for i, n in enumerate(names) if n in tgt_names and i != s), None)
        return (s, t) if s is not None and t is not None else None

    def _guess_columns(self, rows: list[Row], name: str) -> tuple[int, int]:
        """First two columns, swapped when their scripts say the target language comes first."""
        sample = rows[:SNIFF_ROWS]
        ar0, la0 = count_letters(" ".join(r.cells[0].value for r in sample))
        ar1, la1 = count_letters(" ".join(r.cells[1].value for r in sample))
        wants_ar_target = self.tgt_lang.split("-")[0] == "ar" and self.src_lang.split("-")[0] != "ar"
        if wants_ar_target and ar0 > la0 and la1 > ar1:
            log.warning("%s: first column is Arabic and second Latin; using column 2 as source", name)
            return 1, 0
        return 0, 1


class TsvReader(DelimitedReader):
    """Tab-separated parallel text, no quoting (the Moses/OPUS convention); optional header row."""

    name = "tsv"
    extensions = ("tsv", "tab")
    mimetype = "text/tab-separated-values"
    delimiter = "\t"
    quoting = False


class CsvReader(DelimitedReader):
    """Comma-separated parallel text with RFC 4180 quoting; optional header row."""

    name = "csv"
    extensions = ("csv",)
    mimetype = "text/csv"
    delimiter = ","
    quoting = True
