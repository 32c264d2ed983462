"""The report's records: runs going in (with review state and issue verdicts), scorecards and rows coming out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from aligner.model import AlignmentResult, Issue
from aligner.report.settings import MqmSettings
from aligner.store.base import PairState

if TYPE_CHECKING:
    from aligner.report.compare import RunComparison
    from aligner.review.precision import CheckPrecision

IssueKey = tuple[str, str, str, str, int, int]  # pair id, check, category, side, start, end

# Why a pair is left out of the score; "scored" pairs count.
ROW_STATES: dict[str, str] = {
    "scored": "scored",
    "rejected": "rejected by a reviewer",
    "no_source": "no English source on the page",
    "no_target": "no Arabic rendering",
}
# Per-issue verdicts as the report applies them.
VERDICTS: dict[str, str] = {
    "counted": "counted",
    "added": "added by a reviewer (counted)",
    "dismissed": "dismissed by a reviewer",
    "not_scored": "not scored (pair left out)",
}

# Reference metrics as a reader sees them.
METRIC_LABELS: dict[str, str] = {
    "bleu": "BLEU (0-100, higher is better)",
    "chrf": "chrF (0-100, higher is better)",
    "chrf++": "chrF++ (0-100, higher is better)",
    "chrf2": "chrF (0-100, higher is better)",
    "ter": "TER (edits per 100 words, lower is better)",
}


def issue_key(issue: Issue) -> IssueKey:
    """A stable key for one issue of a run (what a reviewer's verdict on it refers to)."""
    side = "" if issue.side is None else issue.side.value
    start, end = (-1, -1) if issue.span is None else (issue.span.start, issue.span.end)
    return (issue.pair_id, issue.check, issue.category.value, side, start, end)


@dataclass(frozen=True, slots=True)
class Verdicts:
    """Reviewers' verdicts on single issues: dismissed ones drop out, added ones count, comments are shown.

    Built from the store's verdict log by aligner.report.verdicts.report_verdicts; ``regraded`` holds the severity
    (an int Severity) a reviewer set on a check's issue.
    """

    dismissed: frozenset[IssueKey] = frozenset()
    added: tuple[Issue, ...] = ()
    comments: Mapping[IssueKey, str] = field(default_factory=dict)
    regraded: Mapping[IssueKey, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "comments", MappingProxyType(dict(self.comments)))
        object.__setattr__(self, "regraded", MappingProxyType(dict(self.regraded)))


@dataclass(frozen=True, slots=True)
class RunInput:
    """One run (one document pair) as the report reads it: the result as reviewed, review states, verdicts."""

    name: str
    result: AlignmentResult
    states: Mapping[str, PairState] = field(default_factory=dict)
    verdicts: Verdicts = field(default_factory=Verdicts)
    run_id: str = ""


@dataclass(frozen=True, slots=True)
class Tally:
    """Issues counted and their penalty points, with the count per severity."""

    count: int = 0
    points: float = 0.0
    by_severity: Mapping[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"count": self.count, "points": round(self.points, 4), "by_severity": dict(self.by_severity)}


@dataclass(frozen=True, slots=True)
class PairRow:
    """One pair: texts as reviewed, why it is (not) scored, its words, counted issues and penalty."""

    run: str
    run_id: str
    index: int
    pair_id: str
    src: str
    tgt: str
    status: str
    comment: str
    state: str  # a ROW_STATES key
    words: int  # source words (EWC share); 0 when not scored
    issues: int  # counted issues (after verdicts)
    points: float
    score: float | None  # the pair's own OQS; None when not scored
    categories: tuple[str, ...] = ()
    all_issues: int = 0  # every issue the checks found, counted or not


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue (found by a check or added by a reviewer) with the pair's texts and the verdict applied."""

    run: str
    pair_id: str
    check: str
    category: str
    severity: str
    side: str
    start: int | None
    end: int | None
    text: str
    message: str
    src: str
    tgt: str
    status: str
    verdict: str  # a VERDICTS key
    comment: str
    points: float


@dataclass(frozen=True, slots=True)
class Scorecard:
    """MQM figures of one run or of the whole set: EWC, APT, per-word and normalised penalties, OQS, verdict."""

    name: str
    pairs: int
    scored: int
    ewc: int
    apt: float
    pwpt: float  # APT / EWC
    npt: float  # per reference word count
    oqs: float | None  # None when nothing could be scored (EWC 0)
    passed: bool | None
    excluded: Mapping[str, int]  # ROW_STATES key (not "scored") -> pairs
    statuses: Mapping[str, int]  # review status -> pairs
    issues: int  # counted
    dismissed: int
    added: int
    not_scored_issues: int  # issues on pairs left out (rejected, no source, no target)
    by_category: Mapping[str, Tally]
    by_check: Mapping[str, Tally]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "name": self.name,
            "pairs": self.pairs,
            "scored_pairs": self.scored,
            "ewc": self.ewc,
            "apt": round(self.apt, 4),
            "pwpt": round(self.pwpt, 6),
            "npt": round(self.npt, 4),
            "oqs": None if self.oqs is None else round(self.oqs, 2),
            "passed": self.passed,
            "excluded": dict(self.excluded),
            "statuses": dict(self.statuses),
            "issues": self.issues,
            "dismissed": self.dismissed,
            "added": self.added,
            "not_scored_issues": self.not_scored_issues,
            "by_category": {k: v.as_dict() for k, v in self.by_category.items()},
            "by_check": {k: v.as_dict() for k, v in self.by_check.items()},
        }


@dataclass(frozen=True, slots=True)
class QualityReport:
    """Everything a report format renders: settings, a scorecard per run and overall, pair and issue rows."""

    title: str
    settings: MqmSettings
    runs: tuple[Scorecard, ...]
    total: Scorecard
    pairs: tuple[PairRow, ...]
    issues: tuple[IssueRow, ...]
    signatures: tuple[tuple[str, str], ...] = ()
    reference: tuple[tuple[str, float, str], ...] = ()  # (metric, score, sacrebleu signature): as aligned vs edited
    meta: Mapping[str, Any] = field(default_factory=dict)
    comparison: RunComparison | None = None  # a second run side by side (aligner.report.compare)
    precision: tuple[CheckPrecision, ...] = ()  # each check's precision as judged by reviewers (the project's runs)

    def worst_pairs(self, n: int = 20) -> list[PairRow]:
        """The ``n`` scored pairs with the most penalty per source word (ties: more points first)."""
        scored = [p for p in self.pairs if p.state == "scored" and p.points > 0]
        scored.sort(key=lambda p: (-(p.points / max(p.words, 1)), -p.points, p.run, p.index))
        return scored[:n]

    def left_out(self, state: str) -> list[PairRow]:
        """The pairs left out of the score for ``state`` (a ROW_STATES key other than "scored")."""
        return [p for p in self.pairs if p.state == state]
