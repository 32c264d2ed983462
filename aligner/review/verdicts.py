"""Reviewer verdicts on issues: dismiss as a false positive (with a reason), confirm, re-grade, add one's own issue.

Verdicts are an append-only log in the store (IssueVerdict). Each names its issue by a key made of the check, the
span, the message and a digest of the pair's shown texts: a re-check of the same text raises the same issue with the
same key, so the verdict applies again (after an undo and a redo, say); an edited text gets fresh, unjudged issues.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from aligner.model import AlignmentResult, Category, Issue, Severity, Side, Span
from aligner.review.recheck import shown_pair
from aligner.store.base import IssueVerdict, PairState

OPEN, DISMISSED, CONFIRMED = "open", "dismissed", "confirmed"
ADDED_CHECK = "reviewer"  # the check name of an issue a reviewer added


def text_digest(src_text: str, tgt_text: str) -> str:
    """A short digest of a pair's shown texts."""
    return hashlib.blake2b(f"{src_text}\x00{tgt_text}".encode(), digest_size=8).hexdigest()


def issue_key(issue: Issue, src_text: str, tgt_text: str) -> str:
    """The key verdicts name ``issue`` by, on these texts (stable across re-checks of the same texts)."""
    span = "" if issue.span is None else f"{issue.span.start}:{issue.span.end}"
    side = "" if issue.side is None else issue.side.value
    raw = f"{issue.check}\x00{issue.category.value}\x00{side}\x00{span}\x00{issue.message}"
    return f"{text_digest(src_text, tgt_text)}-{hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()}"


@dataclass(frozen=True, slots=True)
class Judged:
    """An issue as reviewers left it: its state, the severity in force and who decided."""

    issue: Issue  # severity as re-graded
    key: str
    state: str = OPEN  # open | dismissed | confirmed
    reason: str | None = None
    by: str | None = None
    added: bool = False  # raised by a reviewer, not by a check
    checked_severity: Severity | None = None  # the check's own severity when a reviewer changed it


def judge(issues: Sequence[Issue], verdicts: Iterable[IssueVerdict], src_text: str, tgt_text: str) -> list[Judged]:
    """The pair's issues (checks' and reviewers') with the verdicts on these texts applied, checks' issues first."""
    keyed = {issue_key(i, src_text, tgt_text): i for i in issues}
    added: dict[str, Issue] = {}
    state: dict[str, tuple[str, str | None, str | None]] = {}
    severity: dict[str, Severity] = {}
    for v in verdicts:
        if v.kind == "add" and v.issue is not None and v.issue_key.startswith(text_digest(src_text, tgt_text)):
            added[v.issue_key] = v.issue
            state[v.issue_key] = (OPEN, None, v.reviewer)
        elif v.kind == "retract":
            added.pop(v.issue_key, None)
        elif v.kind == "dismiss":
            state[v.issue_key] = (DISMISSED, v.reason, v.reviewer)
        elif v.kind == "confirm":
            state[v.issue_key] = (CONFIRMED, v.reason, v.reviewer)
        elif v.kind == "reopen":
            state[v.issue_key] = (OPEN, None, v.reviewer)
        elif v.kind == "severity" and v.severity is not None:
            severity[v.issue_key] = Severity(v.severity)
    out = []
    for key, issue in [*keyed.items(), *added.items()]:
        st, reason, by = state.get(key, (OPEN, None, None))
        shown = issue
        if key in severity and severity[key] != issue.severity:
            shown = replace(issue, severity=severity[key])
        out.append(
            Judged(
                shown,
                key,
                st,
                reason,
                by,
                added=key in added,
                checked_severity=issue.severity if shown is not issue else None,
            )
        )
    return out


def judged_by_pair(
    result: AlignmentResult, states: Mapping[str, PairState], verdicts: Iterable[IssueVerdict]
) -> dict[str, list[Judged]]:
    """Pair id -> its judged issues, for the pairs with verdicts: those in force on the text each shows now."""
    by_pair: dict[str, list[IssueVerdict]] = {}
    for v in verdicts:
        by_pair.setdefault(v.pair_id, []).append(v)
    if not by_pair:
        return {}
    issues: dict[str, list[Issue]] = {}
    for issue in result.issues:
        issues.setdefault(issue.pair_id, []).append(issue)
    out: dict[str, list[Judged]] = {}
    for pair in result.pairs:
        if pair.id in by_pair:
            shown = shown_pair(pair, states.get(pair.id))
            out[pair.id] = judge(issues.get(pair.id, ()), by_pair[pair.id], shown.src_text, shown.tgt_text)
    return out


def in_force(judged: Iterable[Judged]) -> list[Issue]:
    """The issues that count (for scores and exports): every issue not dismissed, with its re-graded severity."""
    return [j.issue for j in judged if j.state != DISMISSED]


def verdict(
    run_id: str,
    pair_id: str,
    key: str,
    kind: str,
    reviewer: str,
    *,
    reason: str | None = None,
    severity: Severity | None = None,
    issue: Issue | None = None,
) -> IssueVerdict:
    """A verdict record stamped now (reasons are trimmed; an empty reason is none)."""
    reason = (reason or "").strip() or None
    return IssueVerdict(
        run_id=run_id,
        pair_id=pair_id,
        issue_key=key,
        kind=kind,
        reviewer=reviewer,
        at=datetime.now(UTC),
        reason=reason,
        severity=None if severity is None else int(severity),
        issue=issue,
    )


def added_issue(
    pair_id: str,
    side: Side,
    span: Span,
    category: Category,
    severity: Severity,
    note: str,
    text: str,
) -> Issue:
    """A reviewer's own issue on ``span`` of ``text`` (the side's shown text), with an MQM category and severity."""
    if not 0 <= span.start < span.end <= len(text):
        raise ValueError(f"the span {span.start}-{span.end} is not inside the {side.value} text ({len(text)} chars)")
    message = note.strip() or f"Marked by a reviewer: {category.value}"
    return Issue(pair_id, ADDED_CHECK, category, severity, message, side, span, {"text": span.slice(text)})


def find_span(text: str, selected: str) -> Span | None:
    """The span of the first occurrence of ``selected`` (trimmed) in ``text``; None when absent or empty."""
    needle = selected.strip()
    if not needle:
        return None
    start = text.find(needle)
    return None if start < 0 else Span(start, start + len(needle))
