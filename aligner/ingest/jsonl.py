"""JsonlReader: one JSON object per line with the pair under en/ar, src/tgt, source/target or translation{...}."""

from __future__ import annotations

import itertools
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from aligner.ingest.base import DocumentBuilder, InputError, TextReader, flatten_cell, iter_lines
from aligner.model import Bitext, Layout, Span

logger = logging.getLogger(__name__)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?')
GENERIC_KEYS = (("src", "tgt"), ("source", "target"))
# A lone UTF-16 surrogate can only come from a JSON escape such as "\ud800"; it cannot be written as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _literal_span(line: str, key: str, value: str) -> tuple[int, int] | None:
    """[start, end) of the raw string literal holding ``value`` under ``key`` in ``line``, if it can be found."""
    needle, quoted_key = json.dumps(value, ensure_ascii=False), json.dumps(key, ensure_ascii=False)
    idx = line.find(needle)
    while idx >= 0:  # fast path: the literal is written the way json.dumps writes it
        head = line[:idx].rstrip()
        if head.endswith(":") and head[:-1].rstrip().endswith(quoted_key):
            return idx + 1, idx + len(needle) - 1
        idx = line.find(needle, idx + 1)
    tokens = list(_STRING.finditer(line))
    for tok, nxt in itertools.pairwise(tokens):
        if tok.group(2) and json.loads(f'"{tok.group(1)}"') == key and not nxt.group(2):
            gap = line[tok.end() : nxt.start()]
            if not gap.strip() and json.loads(f'"{nxt.group(1)}"') == value:
                return nxt.start(1), nxt.end(1)
    return None


class JsonlReader(TextReader):
    """JSON Lines parallel text (Layout.PARALLEL); blank lines are skipped, a bad line is an InputError."""

    name = "jsonl"
    extensions = ("jsonl", "ndjson")
    mimetype = "application/jsonl"

    def _pair(self, record: Any) -> tuple[str, str, str, str] | None:
        """(src key, src value, tgt key, tgt value) of a record, or None when no known key pair is present."""
        if not isinstance(record, dict):
            return None
        if isinstance(record.get("translation"), dict):
            record = record["translation"]
        for s, t in ((self.src_lang, self.tgt_lang), *GENERIC_KEYS):
            if s in record and t in record:
                return s, record[s], t, record[t]
        return None

    def parse(self, text: str, name: str) -> Bitext:
        """One unit per record on each side, in file order."""
        src, tgt = DocumentBuilder(), DocumentBuilder()
        for cells in self.iter_cells(text, name):
            for (clean, origin), side in zip(cells, (src, tgt), strict=True):
                side.add(clean, "line", "", origin)
        if not src.units:
            raise InputError(f"{name}: no records")
        return Bitext(name, src.build(self.src_lang, name=name), tgt.build(self.tgt_lang, name=name), Layout.PARALLEL)

    def iter_pairs(self, text: str, name: str) -> Iterator[tuple[str, str]]:
        """The (source, target) unit texts record by record, as :meth:`parse` makes them (for chunked pipelines)."""
        n = 0
        for (src, _), (tgt, _) in self.iter_cells(text, name, origins=False):
            n += 1
            yield src, tgt
        if not n:
            raise InputError(f"{name}: no records")

    def iter_cells(
        self, text: str, name: str, *, origins: bool = True
    ) -> Iterator[tuple[tuple[str, Span | None], tuple[str, Span | None]]]:
        """Each record's (clean text, origin span) on the source and the target side, in file order."""
        for number, pos, line in iter_lines(text):
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputError(f"{name}:{number}: invalid JSON ({err.msg})") from None
                except RecursionError:  # e.g. [[[[...]]]] nested deeper than the interpreter's stack
                    raise InputError(f"{name}:{number}: JSON nested too deeply") from None
                pair = self._pair(record)
                if pair is None:
                    keys = f"{self.src_lang}/{self.tgt_lang}, src/tgt, source/target or translation"
                    raise InputError(f"{name}:{number}: expected an object with {keys}")
                s_key, s_val, t_key, t_val = pair
                cells = []
                for key, value in ((s_key, s_val), (t_key, t_val)):
                    if value is None:
                        value = ""
                    if not isinstance(value, str):
                        raise InputError(f"{name}:{number}: {key!r} is {type(value).__name__}, not a string")
                    if _LONE_SURROGATE.search(value):
                        logger.warning("%s:%d: %r holds a lone surrogate escape; replaced by U+FFFD", name, number, key)
                        value = _LONE_SURROGATE.sub("\ufffd", value)
                    found = _literal_span(line, key, value) if origins else None
                    origin = Span(pos + found[0], pos + found[1]) if found else None
                    cells.append((flatten_cell(unicodedata.normalize("NFC", value).strip()), origin))
                yield cells[0], cells[1]
