"""Each check's precision as judged by reviewers: confirmed / (confirmed + dismissed) over its judged issues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aligner.model import AlignmentResult
from aligner.review.verdicts import CONFIRMED, DISMISSED, judged_by_pair
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
        for judged_issues in judged_by_pair(result, states, verdicts).values():
            for j in judged_issues:
                if not j.added and j.state in (CONFIRMED, DISMISSED):
                    pair_counts = counts.setdefault(j.issue.check, [0, 0])
                    pair_counts[j.state == DISMISSED] += 1
    out = [CheckPrecision(check, c, d) for check, (c, d) in counts.items()]
    return sorted(out, key=lambda p: (p.precision if p.precision is not None else 2.0, p.check))


def project_precision(store: Any, project_id: str) -> list[CheckPrecision]:
    """``check_precision`` over a stored project's runs; a run nobody judged is not loaded."""
    runs = []
    for info in store.list_runs(project_id):
        verdicts = store.verdicts(info.id)
        if verdicts:
            runs.append((store.load_run(info.id), store.pair_states(info.id), verdicts))
    return check_precision(runs)
