"""Reviewers' issue verdicts as the report counts them: dismissed drop out, added and re-graded ones count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aligner.model import AlignmentResult, Issue
from aligner.report.model import IssueKey, Verdicts, issue_key
from aligner.review.recheck import shown_pair
from aligner.review.verdicts import DISMISSED, judge
from aligner.store.base import IssueVerdict, PairState


def report_verdicts(
    result: AlignmentResult, states: Mapping[str, PairState], verdicts: Iterable[IssueVerdict]
) -> Verdicts:
    """The verdicts in force on the texts each pair shows now (a verdict on an older text does not carry over)."""
    by_pair: dict[str, list[IssueVerdict]] = {}
    for v in verdicts:
        by_pair.setdefault(v.pair_id, []).append(v)
    if not by_pair:
        return Verdicts()
    issues: dict[str, list[Issue]] = {}
    for issue in result.issues:
        issues.setdefault(issue.pair_id, []).append(issue)
    dismissed: set[IssueKey] = set()
    added: list[Issue] = []
    regraded: dict[IssueKey, int] = {}
    comments: dict[IssueKey, str] = {}
    for pair in result.pairs:
        pair_verdicts = by_pair.get(pair.id)
        if not pair_verdicts:
            continue
        shown = shown_pair(pair, states.get(pair.id))
        for judged in judge(issues.get(pair.id, ()), pair_verdicts, shown.src_text, shown.tgt_text):
            if judged.added:
                if judged.state != DISMISSED:
                    added.append(judged.issue)
                continue
            key = issue_key(judged.issue)
            if judged.state == DISMISSED:
                dismissed.add(key)
            if judged.checked_severity is not None:
                regraded[key] = int(judged.issue.severity)
            if judged.reason:
                comments[key] = judged.reason
    return Verdicts(frozenset(dismissed), tuple(added), comments, regraded)
