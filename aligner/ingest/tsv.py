"""TsvReader and CsvReader: parallel files with one source and one target column (Layout.PARALLEL)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from typing import ClassVar

from aligner.ingest.base import DocumentBuilder, InputError, TextReader, flatten_cell
from aligner.ingest.delimited import Row, iter_rows
from aligner.ingest.scripts import count_letters
from aligner.model import Bitext, Layout, Span

log = logging.getLogger(__name__)

# Header names (lower case) that mark the source and the target column, besides the language codes themselves.
SOURCE_NAMES = frozenset({"source", "src", "source_text", "src_text", "original", "english", "eng"})
TARGET_NAMES = frozenset({"target", "tgt", "target_text", "tgt_text", "translation", "arabic", "ara", "arb"})
SNIFF_ROWS = 200


def _add_cell(builder: DocumentBuilder, row: Row, col: int) -> None:
    """Add the stripped, one-line cell; its origin is exact unless doubled quotes were unescaped."""
    value, start, end = row.values[col], row.starts[col], row.ends[col]
    text = value.strip()
    if end - start == len(value):
        start += len(value) - len(value.lstrip())
        end = start + len(text)
    builder.add(flatten_cell(text), "line", "", Span(start, end))


class DelimitedReader(TextReader):
    """Shared logic: header detection, column choice, ragged-row errors, index parity."""

    delimiter: ClassVar[str] = "\t"
    quoting: ClassVar[bool] = False

    def parse(self, text: str, name: str) -> Bitext:
        """One unit per row on each side; an empty cell is an empty unit."""
        src, tgt = DocumentBuilder(), DocumentBuilder()
        for row, s, t in self.iter_cells(text, name):
            _add_cell(src, row, s)
            _add_cell(tgt, row, t)
        return Bitext(name, src.build(self.src_lang, name=name), tgt.build(self.tgt_lang, name=name), Layout.PARALLEL)

    def iter_pairs(self, text: str, name: str) -> Iterator[tuple[str, str]]:
        """The (source, target) unit texts row by row, as :meth:`parse` makes them (for chunked pipelines)."""
        for row, s, t in self.iter_cells(text, name):
            yield flatten_cell(row.values[s].strip()), flatten_cell(row.values[t].strip())

    def iter_cells(self, text: str, name: str) -> Iterator[tuple[Row, int, int]]:
        """Each data row with its source and target column indices (header detection, ragged-row errors)."""
        rows = iter_rows(text, name, delimiter=self.delimiter, quoting=self.quoting)
        first = next(rows, None)
        if first is None:
            raise InputError(f"{name}: no rows")
        width = len(first.values)
        columns = self._header_columns(first)
        if columns is None and width < 2:
            raise InputError(f"{name}:{first.line}: one column; need a source and a target column")

        def checked(rows: Iterator[Row]) -> Iterator[Row]:
            for row in rows:
                if len(row.values) != width:
                    raise InputError(f"{name}:{row.line}: {len(row.values)} columns, expected {width}")
                yield row

        body = checked(rows)
        # Only the first SNIFF_ROWS rows are held (to guess the columns); the rest stream into the documents.
        head: list[Row] = [] if columns else [first]
        head.extend(itertools.islice(body, SNIFF_ROWS - len(head)))
        if not head:
            raise InputError(f"{name}: header only, no rows")
        if columns is None:
            columns = self._guess_columns(head, name)
        s, t = columns
        for row in itertools.chain(head, body):
            yield row, s, t

    def _header_columns(self, row: Row) -> tuple[int, int] | None:
        """Column indices named by a header row, or None when the first row is data."""
        names = [v.strip().lower() for v in row.values]
        src_names = SOURCE_NAMES | {self.src_lang.lower()}
        tgt_names = TARGET_NAMES | {self.tgt_lang.lower()}
        s = next((i for i, n in enumerate(names) if n in src_names), None)
        t = next((i for i, n in enumerate(names) if n in tgt_names and i != s), None)
        return (s, t) if s is not None and t is not None else None

    def _guess_columns(self, rows: list[Row], name: str) -> tuple[int, int]:
        """First two columns, swapped when their scripts say the target language comes first."""
        sample = rows[:SNIFF_ROWS]
        ar0, la0 = count_letters(" ".join(r.values[0] for r in sample))
        ar1, la1 = count_letters(" ".join(r.values[1] for r in sample))
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
