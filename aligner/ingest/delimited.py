"""Offset-keeping parser for delimited text (TSV without quoting, CSV with RFC 4180 quoting)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from aligner.ingest.base import InputError, iter_lines, line_number


class Row(NamedTuple):
    """One record: the 1-based line it starts on, its cell values, and each cell's raw [start, end) in the text.

    The raw extent of a quoted cell is its content inside the quotes (doubled quotes still doubled).
    """

    line: int
    values: list[str]
    starts: list[int]
    ends: list[int]


def iter_rows(text: str, name: str, *, delimiter: str, quoting: bool) -> Iterator[Row]:
    """Yield the records of ``text``, skipping blank lines; bad quoting raises InputError naming the line."""
    if not quoting or '"' not in text:
        yield from _split_rows(text, delimiter)
    else:
        yield from _quoted_rows(text, name, delimiter)


def _split_rows(text: str, delimiter: str) -> Iterator[Row]:
    step = len(delimiter)
    for number, pos, line in iter_lines(text):
        if delimiter in line or line.strip():
            values = line.split(delimiter)
            starts, ends, start = [], [], pos
            for value in values:
                starts.append(start)
                start += len(value)
                ends.append(start)
                start += step
            yield Row(number, values, starts, ends)


def _quoted_rows(text: str, name: str, delimiter: str) -> Iterator[Row]:
    delim = re.escape(delimiter)
    quoted = re.compile(r'"((?:[^"]|"")*)"')
    bare = re.compile(rf"[^{delim}\n]*")
    pos, n, line = 0, len(text), 1
    while pos < n:
        row_start = pos
        row = Row(line, [], [], [])
        while True:
            if pos < n and text[pos] == '"':
                match = quoted.match(text, pos)
                if match is None:
                    raise InputError(f"{name}:{line_number(text, pos)}: unterminated quoted field")
                row.values.append(match.group(1).replace('""', '"'))
                pos = match.end()
                if pos < n and text[pos] not in (delimiter, "\n"):
                    raise InputError(f"{name}:{line_number(text, pos)}: text after a closing quote")
            else:
                match = bare.match(text, pos)
                assert match is not None
                row.values.append(match.group())
                pos = match.end()
            row.starts.append(match.start(1) if match.re is quoted else match.start())
            row.ends.append(match.end(1) if match.re is quoted else match.end())
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            pos += 1  # newline or end of text
            break
        if len(row.values) > 1 or row.values[0].strip():
            yield row
        line += text.count("\n", row_start, pos)
