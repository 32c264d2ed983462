"""Plain JSON-ready records of pairs, issues and scores (the CLI's JSON Lines and the app's tables share them)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from aligner.atomic import atomic_open
from aligner.model import AlignedPair, AlignmentResult, Issue, QualityScore


def _none_if_empty(text: str) -> str | None:
    return text if text.strip() else None


def pair_record(
    pair: AlignedPair, *, issues: Iterable[Issue] = (), score: QualityScore | None = None
) -> dict[str, Any]:
    """Return ``{"id", "src", "tgt", "similarity", "role", "kind", "score", "issues": [...]}`` for one pair."""
    return {
        "id": pair.id,
        "src": _none_if_empty(pair.src_text),
        "tgt": _none_if_empty(pair.tgt_text),
        "similarity": pair.similarity,
        "role": pair.role or None,
        "kind": pair.kind,
        "score": None if score is None else round(score.value, 2),
        "issues": [issue_record(pair, i, with_pair=False) for i in issues],
    }


def issue_record(pair: AlignedPair, issue: Issue, *, with_pair: bool = True) -> dict[str, Any]:
    """Return one issue as ``{"pair_id", "src", "tgt", "check", "category", "severity", "side", "start", ...}``."""
    text = None
    if issue.span is not None and issue.side is not None:
        text = issue.span.slice(pair.src_text if issue.side.value == "src" else pair.tgt_text)
    record: dict[str, Any] = {"pair_id": pair.id}
    if with_pair:
        record |= {"src": _none_if_empty(pair.src_text), "tgt": _none_if_empty(pair.tgt_text)}
    record |= {
        "check": issue.check,
        "category": issue.category.value,
        "severity": issue.severity.name.lower(),
        "side": None if issue.side is None else issue.side.value,
        "start": None if issue.span is None else issue.span.start,
        "end": None if issue.span is None else issue.span.end,
        "text": text,
        "message": issue.message,
    }
    if not with_pair:
        record.pop("pair_id")
    return record


def issues_by_pair(result: AlignmentResult) -> dict[str, list[Issue]]:
    """Group a result's issues by pair id."""
    grouped: dict[str, list[Issue]] = {}
    for issue in result.issues:
        grouped.setdefault(issue.pair_id, []).append(issue)
    return grouped


def result_pair_records(result: AlignmentResult, *, roles: frozenset[str] | None = None) -> Iterator[dict[str, Any]]:
    """Yield a pair record for every pair (only those with a role in ``roles`` when given)."""
    grouped = issues_by_pair(result)
    for pair in result.pairs:
        if roles is None or pair.role in roles:
            yield pair_record(pair, issues=grouped.get(pair.id, ()), score=result.scores.get(pair.id))


def result_issue_records(result: AlignmentResult) -> Iterator[dict[str, Any]]:
    """Yield an issue record for every issue, in pair order."""
    grouped = issues_by_pair(result)
    for pair in result.pairs:
        for issue in grouped.get(pair.id, ()):
            yield issue_record(pair, issue)


# Kept escaped in JSON Lines: characters other tools split lines on (U+0085, U+2028, U+2029; e.g. str.splitlines,
# older JavaScript) and lone surrogates (which UTF-8 cannot encode). The output stays valid, round-tripping JSON.
_ESCAPE = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")


def dumps(record: Mapping[str, Any]) -> str:
    """One JSON line, UTF-8 text kept readable (Arabic kept as text, not escaped); always encodable as UTF-8."""
    line = json.dumps(record, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", line) if _ESCAPE.search(line) else line


@contextmanager
def atomic_output(path: str | Path | None, *, stdout: IO[str]) -> Iterator[IO[str]]:
    """Write to ``path`` atomically (see aligner.atomic), or to ``stdout`` when path is None or ``-``."""
    if path is None or str(path) == "-":
        yield stdout
        return
    with atomic_open(path) as handle:
        yield handle
