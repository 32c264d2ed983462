"""Reviewers' issue verdicts as the report counts them: dismissed drop out, added and re-graded ones count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aligner.model import AlignmentResult, Issue
from aligner.report.model import IssueKey, Verdicts, issue_key
from aligner.review.verdicts import DISMISSED, judged_by_pair
from aligner.store.base import IssueVerdict, PairState


def report_verdicts(
    result: AlignmentResult, states: Mapping[str, PairState], verdicts: Iterable[IssueVerdict]
) -> Verdicts:
    """The verdicts in force on the texts each pair shows now (a verdict on an older text does not carry over)."""
    dismissed: set[IssueKey] = set()
    added: list[Issue] = []
    regraded: dict[IssueKey, int] = {}
    comments: dict[IssueKey, str] = {}
    for judged_issues in judged_by_pair(result, states, verdicts).values():
        for judged in judged_issues:
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
