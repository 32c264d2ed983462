"""MQM scoring (raw model): EWC from source words, APT = Σ severity multiplier × type weight, OQS and the cut score.

``PWPT = APT / EWC``, ``NPT = PWPT × reference word count``, ``OQS = max score × (1 − PWPT)``; the run passes
when ``OQS ≥ cut score``. OQS goes below 0 when the penalties exceed the word count (the raw model is not clamped).
Pairs with no source, no target, or rejected by a reviewer are left out of EWC and APT and listed apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import replace

from aligner.model import AlignedPair, Issue, ReviewStatus, Severity
from aligner.report.model import (
    IssueRow,
    PairRow,
    QualityReport,
    RunInput,
    Scorecard,
    Tally,
    Verdicts,
    issue_key,
)
from aligner.report.settings import SEVERITY_NAMES, MqmSettings
from aligner.review.recheck import shown_pair
from aligner.store.base import PairState

NO_VERDICTS = Verdicts()


def issue_points(issue: Issue, settings: MqmSettings) -> float:
    """Penalty points of one issue: its severity multiplier times its type weight."""
    return settings.multiplier(issue.severity) * settings.weight(issue.category)


def absolute_penalty_total(issues: Iterable[Issue], settings: MqmSettings) -> float:
    """APT: the sum of the penalty points of ``issues``."""
    return sum(issue_points(i, settings) for i in issues)


def source_words(text: str) -> int:
    """The evaluation word count of a source text (whitespace-separated words)."""
    return len(text.split())


def overall_quality(apt: float, ewc: int, settings: MqmSettings) -> tuple[float, float, float | None, bool | None]:
    """Return (PWPT, NPT, OQS, passed) for an APT over an EWC; OQS and passed are None when EWC is 0."""
    if ewc <= 0:
        return 0.0, 0.0, None, None
    pwpt = apt / ewc
    oqs = settings.max_score * (1.0 - pwpt)
    return pwpt, pwpt * settings.reference_word_count, oqs, oqs >= settings.cut_score


def _row_state(status: ReviewStatus, src: str, tgt: str) -> str:
    if status is ReviewStatus.REJECTED:
        return "rejected"
    if not src.strip():
        return "no_source"
    if not tgt.strip():
        return "no_target"
    return "scored"


def _tallies(rows: Iterable[IssueRow], field: str) -> dict[str, Tally]:
    counts: dict[str, Counter[str]] = {}
    points: dict[str, float] = {}
    for row in rows:
        if row.verdict in ("counted", "added"):
            name = getattr(row, field)
            counts.setdefault(name, Counter())[row.severity] += 1
            points[name] = points.get(name, 0.0) + row.points
    order = sorted(counts, key=lambda k: (-points[k], -sum(counts[k].values()), k))
    return {k: Tally(sum(counts[k].values()), points[k], dict(counts[k])) for k in order}


class PairTotals:
    """A scorecard's figures summed over its pair rows, one row at a time (what _scorecard needs of the pairs)."""

    def __init__(self) -> None:
        self.pairs = self.scored = self.ewc = 0
        self.apt: float = 0
        self.excluded: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()

    def add(self, row: PairRow) -> None:
        """Count one pair row."""
        self.pairs += 1
        self.statuses[row.status] += 1
        if row.state == "scored":
            self.scored += 1
            self.ewc += row.words
            self.apt += row.points
        else:
            self.excluded[row.state] += 1


def scorecard(name: str, totals: PairTotals, issues: Sequence[IssueRow], settings: MqmSettings) -> Scorecard:
    """The scorecard of pairs summed in ``totals`` and their issue rows."""
    pwpt, npt, oqs, passed = overall_quality(totals.apt, totals.ewc, settings)
    verdicts = Counter(i.verdict for i in issues)
    return Scorecard(
        name=name,
        pairs=totals.pairs,
        scored=totals.scored,
        ewc=totals.ewc,
        apt=totals.apt,
        pwpt=pwpt,
        npt=npt,
        oqs=oqs,
        passed=passed,
        excluded={k: totals.excluded.get(k, 0) for k in ("rejected", "no_source", "no_target")},
        statuses={s.value: totals.statuses.get(s.value, 0) for s in ReviewStatus},
        issues=verdicts["counted"] + verdicts["added"],
        dismissed=verdicts["dismissed"],
        added=verdicts["added"],
        not_scored_issues=verdicts["not_scored"],
        by_category=_tallies(issues, "category"),
        by_check=_tallies(issues, "check"),
    )


def _scorecard(name: str, pairs: Sequence[PairRow], issues: Sequence[IssueRow], settings: MqmSettings) -> Scorecard:
    totals = PairTotals()
    for pair in pairs:
        totals.add(pair)
    return scorecard(name, totals, issues, settings)


def _run_rows(run: RunInput, settings: MqmSettings) -> tuple[list[PairRow], list[IssueRow]]:
    added_ids = {id(i) for i in run.verdicts.added}
    grouped: dict[str, list[Issue]] = {}
    for issue in (*run.result.issues, *run.verdicts.added):
        grouped.setdefault(issue.pair_id, []).append(issue)
    pairs: list[PairRow] = []
    rows: list[IssueRow] = []
    for index, pair in enumerate(run.result.pairs):
        found = grouped.get(pair.id, ())
        row, issue_rows = pair_rows(
            run.name, index, pair, found, settings, run_id=run.run_id, state=run.states.get(pair.id),
            verdicts=run.verdicts, added_ids=added_ids,
        )  # fmt: skip
        pairs.append(row)
        rows += issue_rows
    return pairs, rows


def pair_rows(
    name: str,
    index: int,
    pair: AlignedPair,
    found: Sequence[Issue],
    settings: MqmSettings,
    *,
    run_id: str = "",
    state: PairState | None = None,
    verdicts: Verdicts = NO_VERDICTS,
    added_ids: Container[int] = frozenset(),
) -> tuple[PairRow, list[IssueRow]]:
    """Pair ``index``'s row and its issue rows (``found``: its issues) in run ``name``, reviews applied.

    ``added_ids``: the ids of the issues of ``found`` that reviewers added.
    """
    status = ReviewStatus.PENDING if state is None else state.status
    shown = shown_pair(pair, state)
    src, tgt = shown.src_text, shown.tgt_text
    comment = "" if state is None or state.comment is None else state.comment
    row_state = _row_state(status, src, tgt)
    points = 0.0
    counted = 0
    categories: set[str] = set()
    rows: list[IssueRow] = []
    for issue in found:
        key = issue_key(issue)
        if key in verdicts.regraded and id(issue) not in added_ids:
            issue = replace(issue, severity=Severity(verdicts.regraded[key]))
        if row_state != "scored":
            verdict = "not_scored"
        elif key in verdicts.dismissed:
            verdict = "dismissed"
        else:
            verdict = "added" if id(issue) in added_ids else "counted"
        value = issue_points(issue, settings) if verdict in ("counted", "added") else 0.0
        if verdict in ("counted", "added"):
            points += value
            counted += 1
            categories.add(issue.category.value)
        text = ""
        if issue.span is not None and issue.side is not None:
            text = issue.span.slice(src if issue.side.value == "src" else tgt)
        rows.append(
            IssueRow(
                run=name,
                pair_id=pair.id,
                check=issue.check,
                category=issue.category.value,
                severity=SEVERITY_NAMES[issue.severity],
                side="" if issue.side is None else issue.side.value,
                start=None if issue.span is None else issue.span.start,
                end=None if issue.span is None else issue.span.end,
                text=text,
                message=issue.message,
                src=src,
                tgt=tgt,
                status=status.value,
                verdict=verdict,
                comment=verdicts.comments.get(key, comment),
                points=value,
            )
        )
    words = source_words(src) if row_state == "scored" else 0
    row = PairRow(
        run=name,
        run_id=run_id,
        index=index,
        pair_id=pair.id,
        src=src,
        tgt=tgt,
        status=status.value,
        comment=comment,
        state=row_state,
        words=words,
        issues=counted,
        points=points,
        score=overall_quality(points, words, settings)[2] if row_state == "scored" else None,
        categories=tuple(sorted(categories)),
        all_issues=len(found),
    )
    return row, rows


Metric = tuple[str, float, str]  # (name, score, sacrebleu signature)


def review_metrics(pairs: Sequence[PairRow], originals: dict[tuple[str, str], str]) -> tuple[Metric, ...]:
    """BLEU/chrF/chrF++/TER of the Arabic as aligned against the reviewers' edits (how much post-editing changed)."""
    hyps, refs = [], []
    for p in pairs:
        original = originals.get((p.run, p.pair_id))
        if p.state != "rejected" and original is not None and original != p.tgt:
            hyps.append(original)
            refs.append(p.tgt)
    if not hyps:
        return ()
    from aligner.score import reference_scores

    scores = reference_scores(hyps, refs)
    return tuple((name, float(v["score"]), str(v["signature"])) for name, v in scores.items())  # type: ignore[arg-type]


def build_report(
    runs: Sequence[RunInput],
    settings: MqmSettings | None = None,
    *,
    title: str = "Quality report",
    with_review_metrics: bool = True,
) -> QualityReport:
    """Score ``runs`` with the MQM model: a scorecard per run and overall, pair rows and issue rows."""
    settings = settings or MqmSettings()
    cards, all_pairs, all_issues = [], [], []
    originals: dict[tuple[str, str], str] = {}
    for run in runs:
        pairs, issues = _run_rows(run, settings)
        cards.append(_scorecard(run.name, pairs, issues, settings))
        all_pairs += pairs
        all_issues += issues
        originals |= {(run.name, p.id): p.tgt_text for p in run.result.pairs}
    total = _scorecard("(all runs)" if len(runs) != 1 else runs[0].name, all_pairs, all_issues, settings)
    return QualityReport(
        title=title,
        settings=settings,
        runs=tuple(cards),
        total=total,
        pairs=tuple(all_pairs),
        issues=tuple(all_issues),
        signatures=tuple((r.name, r.result.signature.format()) for r in runs),
        reference=review_metrics(all_pairs, originals) if with_review_metrics else (),
    )
