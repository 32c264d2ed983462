"""Offset-keeping parser for delimited text (TSV without quoting, CSV with RFC 4180 quoting)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from aligner.ingest.base import InputError, line_number


@dataclass(frozen=True, slots=True)
class Cell:
    """One field: its value and the [start, end) of its raw content (inside quotes) in the text."""

    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Row:
    """One record and the 1-based line it starts on."""

    line: int
    cells: tuple[Cell, ...]


def iter_rows(text: str, name: str, *, delimiter: str, quoting: bool) -> Iterator[Row]:
    """Yield the non-blank records of ``text``; bad quoting raises InputError naming the line."""
    if not quoting or '"' not in text:
        yield from _split_rows(text, delimiter)
    else:
        yield from _quoted_rows(text, name, delimiter)


def _split_rows(text: str, delimiter: str) -> Iterator[Row]:
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() or delimiter in line:
            cells, start = [], pos
            for value in line.split(delimiter):
                cells.append(Cell(value, start, start + len(value)))
                start += len(value) + len(delimiter)
            yield Row(number, tuple(cells))
        pos += len(line) + 1


def _quoted_rows(text: str, name: str, delimiter: str) -> Iterator[Row]:
    delim = re.escape(delimiter)
    quoted = re.compile(r'"((?:[^"]|"")*)"')
    bare = re.compile(rf"[^{delim}\n]*")
    pos, n, line = 0, len(text), 1
    while pos < n:
        row_start = pos
        cells: list[Cell] = []
        while True:
            if pos < n and text[pos] == '"':
                match = quoted.match(text, pos)
                if match is None:
                    raise InputError(f"{name}: line {line_number(text, pos)}: unterminated quoted field")
                cells.append(Cell(match.group(1).replace('""', '"'), match.start(1), match.end(1)))
                pos = match.end()
                if pos < n and text[pos] not in (delimiter, "\n"):
                    raise InputError(f"{name}: line {line_number(text, pos)}: text after a closing quote")
            else:
                match = bare.match(text, pos)
                assert match is not None
                cells.append(Cell(match.group(), match.start(), match.end()))
                pos = match.end()
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            pos += 1  # newline or end of text
            break
        if len(cells) > 1 or cells[0].value.strip():
            yield Row(line, tuple(cells))
        line += text.count("\n", row_start, pos)
