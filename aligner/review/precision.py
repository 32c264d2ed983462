"""Each check's precision as judged by reviewers: confirmed / (confirmed + dismissed) over its judged issues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aligner.model import AlignmentResult, Issue
from aligner.review.recheck import shown_pair
from aligner.review.verdicts import CONFIRMED, DISMISSED, judge
from aligner.store.base import IssueVerdict, PairState

RunVerdicts = tuple[AlignmentResult, Mapping[str, PairState], Iterable[IssueVerdict]]


@dataclass(frozen=True, slots=True)
class CheckPrecision:
    """One check's judged issues: how many reviewers confirmed and dismissed (as false positives)."""

    check: str
    confirmed: int
    dismissed: int

    @property
    def precision(self) -> float | None:
        judged = self.confirmed + self.dismissed
        return None if judged == 0 else self.confirmed / judged


def check_precision(runs: Iterable[RunVerdicts]) -> list[CheckPrecision]:
    """Per check, the verdicts in force on the texts pairs show now (a project's runs); least precise first."""
    counts: dict[str, list[int]] = {}
    for result, states, verdicts in runs:
        by_pair: dict[str, list[IssueVerdict]] = {}
        for v in verdicts:
            by_pair.setdefault(v.pair_id, []).append(v)
        if not by_pair:
            continue
        issues: dict[str, list[Issue]] = {}
        for issue in result.issues:
            issues.setdefault(issue.pair_id, []).append(issue)
        for pair in result.pairs:
            if pair.id not in by_pair:
                continue
            shown = shown_pair(pair, states.get(pair.id))
            for j in judge(issues.get(pair.id, ()), by_pair[pair.id], shown.src_text, shown.tgt_text):
                if not j.added and j.state in (CONFIRMED, DISMISSED):
                    pair_counts = counts.setdefault(j.issue.check, [0, 0])
                    pair_counts[j.state == DISMISSED] += 1
    out = [CheckPrecision(check, c, d) for check, (c, d) in counts.items()]
    return sorted(out, key=lambda p: (p.precision if p.precision is not None else 2.0, p.check))
