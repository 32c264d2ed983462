"""Streaming export filters: review status, score, categories, empty sides, length ratio, (near-)duplicates."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from aligner.export.base import ExportRow

STATUS_MODES = ("all", "not_rejected", "accepted")
DEDUPE_MODES = ("none", "exact", "near")
DEDUPE_KEYS = ("pair", "src", "tgt")

# Drop reasons, in the order the filters run (a row is counted under the first reason that drops it).
REASONS = ("status", "empty", "score", "category", "length_ratio", "duplicate")

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ى": "ي"})


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """What to keep. The default keeps everything except rejected pairs and pairs with an empty side.

    :param status: "all", "not_rejected" (default) or "accepted" (accepted and edited: a reviewer approved them).
    :param min_score: drop rows whose quality score is below this (rows without a score are kept).
    :param exclude_categories: drop rows carrying any of these issue categories.
    :param drop_empty: drop 1-0 / 0-1 beads (a side that is empty or whitespace).
    :param min_ratio, max_ratio: bounds on len(tgt) / len(src) in characters.
    :param dedupe: "none", "exact" (identical text) or "near" (same text after :func:`normalise_text`).
    :param dedupe_key: what must repeat to count as duplicate: the "pair", or only the "src" or "tgt" side.
    :param dedupe_across_documents: one seen-set for the whole export (True) or one per ``doc_id`` (False).
    """

    status: str = "not_rejected"
    min_score: float | None = None
    exclude_categories: frozenset[str] = frozenset()
    drop_empty: bool = True
    min_ratio: float | None = None
    max_ratio: float | None = None
    dedupe: str = "none"
    dedupe_key: str = "pair"
    dedupe_across_documents: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "exclude_categories", frozenset(self.exclude_categories))
        for value, known, label in (
            (self.status, STATUS_MODES, "status"),
            (self.dedupe, DEDUPE_MODES, "dedupe"),
            (self.dedupe_key, DEDUPE_KEYS, "dedupe_key"),
        ):
            if value not in known:
                raise ValueError(f"unknown filter {label} {value!r}; known: {', '.join(known)}")
        if self.min_ratio is not None and self.max_ratio is not None and self.min_ratio > self.max_ratio:
            raise ValueError(f"min_ratio {self.min_ratio} > max_ratio {self.max_ratio}")


KEEP_ALL = FilterSpec(status="all", drop_empty=False)


@functools.cache
def _bmp_table() -> dict[int, str | None]:
    """Translation table for the Basic Multilingual Plane: deletions and replacements of normalise_text."""
    table: dict[int, str | None] = {}
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        out = _map_char(chr(cp))
        if out != chr(cp):
            table[cp] = out or None
    return table


def _map_char(ch: str) -> str:
    if _TASHKEEL.match(ch):
        return ""
    ch = ch.translate(_ALEF)
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return str(unicodedata.digit(ch))
    if cat == "Cc":
        return " "
    if cat[0] in "PS" or cat == "Cf":
        return ""
    return ch


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def normalise_text(text: str) -> str:
    """Return the near-duplicate key of a text.

    NFKC, casefold, Arabic tashkeel and tatweel removed, alef forms unified (and alef maqsura → ya), every digit
    mapped to its ASCII value (Arabic-Indic too), punctuation, symbols (emoji too) and format characters removed,
    control characters and whitespace runs collapsed to one space.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_bmp_table())
    if _ASTRAL.search(text):
        text = _ASTRAL.sub(lambda m: _map_char(m.group()), text)
    return " ".join(text.split())


def _digest(*parts: str) -> bytes:
    h = hashlib.blake2b(digest_size=12)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.digest()


def _ratio_ok(row: ExportRow, spec: FilterSpec) -> bool:
    if spec.min_ratio is None and spec.max_ratio is None:
        return True
    n_src, n_tgt = len(row.src.strip()), len(row.tgt.strip())
    if n_src == 0:
        return n_tgt == 0
    ratio = n_tgt / n_src
    if spec.min_ratio is not None and ratio < spec.min_ratio:
        return False
    return spec.max_ratio is None or ratio <= spec.max_ratio


def drop_reason(row: ExportRow, spec: FilterSpec) -> str | None:
    """Return why a row fails the row-local filters (all but dedupe), or None to keep it."""
    if spec.status == "accepted" and row.status not in ("accepted", "edited"):
        return "status"
    if spec.status == "not_rejected" and row.status == "rejected":
        return "status"
    if spec.drop_empty and (not row.src.strip() or not row.tgt.strip()):
        return "empty"
    if spec.min_score is not None and row.score is not None and row.score < spec.min_score:
        return "score"
    if spec.exclude_categories and not spec.exclude_categories.isdisjoint(row.categories):
        return "category"
    if not _ratio_ok(row, spec):
        return "length_ratio"
    return None


def _dedupe_key(row: ExportRow, spec: FilterSpec) -> bytes:
    norm = normalise_text if spec.dedupe == "near" else (lambda s: s)
    scope = "" if spec.dedupe_across_documents else row.doc_id
    if spec.dedupe_key == "src":
        return _digest(scope, norm(row.src))
    if spec.dedupe_key == "tgt":
        return _digest(scope, norm(row.tgt))
    return _digest(scope, norm(row.src), norm(row.tgt))


def apply_filters(
    rows: Iterable[ExportRow], spec: FilterSpec, *, dropped: Counter[str] | None = None
) -> Iterator[ExportRow]:
    """Yield the rows ``spec`` keeps, lazily; each dropped row is counted under its reason in ``dropped``.

    Deduplication keeps the first occurrence and holds one 12-byte digest per kept row (about 100 bytes each in
    a Python set), so 1 million rows cost roughly 100 MB; with ``dedupe="none"`` memory is constant.
    """
    counts = dropped if dropped is not None else Counter()
    seen: set[bytes] = set()
    for row in rows:
        reason = drop_reason(row, spec)
        if reason is None and spec.dedupe != "none":
            key = _dedupe_key(row, spec)
            if key in seen:
                reason = "duplicate"
            else:
                seen.add(key)
        if reason is None:
            yield row
        else:
            counts[reason] += 1
