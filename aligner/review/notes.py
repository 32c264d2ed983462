"""A pair's review as one export note: the reviewer's comment and the verdicts on its issues (issue 13, item 8)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aligner.model import AlignmentResult, Issue
from aligner.review.recheck import shown_pair
from aligner.review.verdicts import CONFIRMED, DISMISSED, Judged, judge
from aligner.store.base import IssueVerdict, PairState


def _verdict_note(j: Judged) -> str | None:
    """One judged issue as a note line, or None when no reviewer touched it."""
    issue = j.issue
    what = f"{issue.category.value} ({issue.severity.name.lower()}): {issue.message}"
    if j.added:
        flagged = issue.evidence.get("text") if issue.evidence else None
        text = f" [{flagged}]" if flagged else ""
        return f"added by {j.by or '?'}: {what}{text}"
    regraded = "" if j.checked_severity is None else f", re-graded from {j.checked_severity.name.lower()}"
    if j.state in (DISMISSED, CONFIRMED):
        why = f" ({j.reason})" if j.reason else ""
        return f"{j.state} by {j.by or '?'}{why}: {issue.check} {what}{regraded}"
    return f"re-graded: {issue.check} {what}{regraded}" if regraded else None


def review_notes(
    result: AlignmentResult, states: Mapping[str, PairState], verdicts: Iterable[IssueVerdict]
) -> dict[str, str]:
    """Pair id -> its note for exports: the comment, then each verdict in force on the text the pair shows now."""
    by_pair: dict[str, list[IssueVerdict]] = {}
    for v in verdicts:
        by_pair.setdefault(v.pair_id, []).append(v)
    issues: dict[str, list[Issue]] = {}
    for issue in result.issues:
        issues.setdefault(issue.pair_id, []).append(issue)
    notes: dict[str, str] = {}
    for pair in result.pairs:
        state = states.get(pair.id)
        lines = [f"comment: {state.comment}"] if state is not None and state.comment else []
        if pair.id in by_pair:
            shown = shown_pair(pair, state)
            judged = judge(issues.get(pair.id, ()), by_pair[pair.id], shown.src_text, shown.tgt_text)
            lines += [line for j in judged if (line := _verdict_note(j)) is not None]
        if lines:
            notes[pair.id] = " | ".join(lines)
    return notes
