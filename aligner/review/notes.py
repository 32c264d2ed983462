"""A pair's review as one export note: the reviewer's comment and the verdicts on its issues (issue 13, item 8)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aligner.model import AlignmentResult, ReviewStatus
from aligner.review.verdicts import CONFIRMED, DISMISSED, Judged, judged_by_pair
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
    judged = judged_by_pair(result, states, verdicts)
    notes: dict[str, str] = {}
    for pair in result.pairs:
        state = states.get(pair.id)
        lines = [f"comment: {state.comment}"] if state is not None and state.comment else []
        lines += [line for j in judged.get(pair.id, ()) if (line := _verdict_note(j)) is not None]
        if lines:
            notes[pair.id] = " | ".join(lines)
    return notes


def review_map(
    states: Mapping[str, PairState], notes: Mapping[str, str] | None = None
) -> dict[str, tuple[str, str | None, str | None, str]]:
    """Return pair id -> (status, edited Arabic, edited English, note) as the exporters' ``rows_from_result`` expects.

    ``notes``: pair id -> its review note (:func:`review_notes`); pairs without one get "".
    """
    notes = notes or {}
    reviews = {pid: (s.status.value, s.edited_text, s.edited_src, notes.get(pid, "")) for pid, s in states.items()}
    for pid, note in notes.items():  # a pair with verdicts but no review state yet is pending
        reviews.setdefault(pid, (ReviewStatus.PENDING.value, None, None, note))
    return reviews


def export_reviews(
    result: AlignmentResult, states: Mapping[str, PairState], verdicts: Iterable[IssueVerdict]
) -> dict[str, tuple[str, str | None, str | None, str]]:
    """The reviews an export of a stored run carries: status, both sides' edits and the note (comment + verdicts)."""
    return review_map(states, review_notes(result, states, verdicts))
