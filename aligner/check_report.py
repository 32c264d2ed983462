"""Issue reports for `aligner check` on a terminal: a readable table and a summary line (JSON Lines stays the pipe)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

CONTEXT = 24  # characters shown on each side of the flagged span
WIDTHS = {"pair": 8, "category": 14, "severity": 8, "side": 4}
SEVERITY_ORDER = ("critical", "major", "minor")


def terminal_safe(text: str) -> str:
    """``text`` on one line with nothing a terminal would act on: controls, bidi overrides and line breaks -> space."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") else ch for ch in text)


def in_context(record: Mapping[str, Any], *, context: int = CONTEXT) -> str:
    """The flagged span in brackets with up to ``context`` characters either side, e.g. ``…tested [20] pos…``."""
    side = record.get("side")
    text = record.get("src" if side == "src" else "tgt") or ""
    start, end = record.get("start"), record.get("end")
    if start is None or end is None or side is None:
        return terminal_safe(" ".join(text.split())[: 2 * context]) + ("…" if len(text) > 2 * context else "")
    left, span, right = text[max(0, start - context) : start], text[start:end], text[end : end + context]
    if len(span) > 2 * context:
        span = span[:context] + "…" + span[-context // 2 :]
    head = "…" if start > context else ""
    tail = "…" if end + context < len(text) else ""
    return terminal_safe(f"{head}{left}[{span}]{right}{tail}")


def _cell(value: str, width: int) -> str:
    value = terminal_safe(value)
    return value if len(value) <= width else value[: width - 1] + "…"


def summary_line(records: list[Mapping[str, Any]], n_pairs: int) -> str:
    """E.g. ``3 issues in 2 of 5 pairs: 2 duplication, 1 number; 1 major, 2 minor``."""
    if not records:
        return f"no issues in {n_pairs} pairs"
    pairs = len({r["pair_id"] for r in records})
    categories = Counter(r["category"] for r in records)
    severities = Counter(r["severity"] for r in records)
    cats = ", ".join(f"{n} {c}" for c, n in sorted(categories.items(), key=lambda kv: (-kv[1], kv[0])))
    sevs = ", ".join(f"{severities[s]} {s}" for s in SEVERITY_ORDER if severities[s])
    noun = "issue" if len(records) == 1 else "issues"
    return f"{len(records)} {noun} in {pairs} of {n_pairs} pairs: {cats}; {sevs}"


def issue_table(records: Iterable[Mapping[str, Any]], *, n_pairs: int) -> Iterator[str]:
    """Yield a header, one row per issue (pair, category, severity, side, span in context, message) and a summary."""
    rows = list(records)
    w = WIDTHS
    head = " ".join(name.ljust(width) for name, width in w.items())
    yield f"{head} flagged text in context  |  message"
    for r in rows:
        cells = (
            _cell(str(r["pair_id"]), w["pair"]).ljust(w["pair"]),
            _cell(r["category"], w["category"]).ljust(w["category"]),
            _cell(r["severity"], w["severity"]).ljust(w["severity"]),
            _cell(r.get("side") or "-", w["side"]).ljust(w["side"]),
        )
        yield f"{' '.join(cells)} {in_context(r)}  |  {terminal_safe(r['message'])}"
    yield summary_line(rows, n_pairs)


__all__ = ["in_context", "issue_table", "summary_line", "terminal_safe"]
