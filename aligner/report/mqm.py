"""MQM scoring (raw model): EWC from source words, APT = Σ severity multiplier × type weight, OQS and the cut score.

``PWPT = APT / EWC``, ``NPT = PWPT × reference word count``, ``OQS = max score × (1 − PWPT)``; the run passes
when ``OQS ≥ cut score``. OQS goes below 0 when the penalties exceed the word count (the raw model is not clamped).
Pairs with no source, no target, or rejected by a reviewer are left out of EWC and APT and listed apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from aligner.model import Issue, ReviewStatus, Severity
from aligner.report.model import (
    IssueRow,
    PairRow,
    QualityReport,
    RunInput,
    Scorecard,
    Tally,
    issue_key,
)
from aligner.report.settings import SEVERITY_NAMES, MqmSettings
from aligner.review.recheck import shown_pair


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


def _scorecard(name: str, pairs: Sequence[PairRow], issues: Sequence[IssueRow], settings: MqmSettings) -> Scorecard:
    scored = [p for p in pairs if p.state == "scored"]
    ewc = sum(p.words for p in scored)
    apt = sum(p.points for p in scored)
    pwpt, npt, oqs, passed = overall_quality(apt, ewc, settings)
    verdicts = Counter(i.verdict for i in issues)
    excluded = Counter(p.state for p in pairs if p.state != "scored")
    return Scorecard(
        name=name,
        pairs=len(pairs),
        scored=len(scored),
        ewc=ewc,
        apt=apt,
        pwpt=pwpt,
        npt=npt,
        oqs=oqs,
        passed=passed,
        excluded={k: excluded.get(k, 0) for k in ("rejected", "no_source", "no_target")},
        statuses={s.value: sum(1 for p in pairs if p.status == s.value) for s in ReviewStatus},
        issues=verdicts["counted"] + verdicts["added"],
        dismissed=verdicts["dismissed"],
        added=verdicts["added"],
        not_scored_issues=verdicts["not_scored"],
        by_category=_tallies(issues, "category"),
        by_check=_tallies(issues, "check"),
    )


def _run_rows(run: RunInput, settings: MqmSettings) -> tuple[list[PairRow], list[IssueRow]]:
    added_ids = {id(i) for i in run.verdicts.added}
    grouped: dict[str, list[Issue]] = {}
    for issue in (*run.result.issues, *run.verdicts.added):
        grouped.setdefault(issue.pair_id, []).append(issue)
    pairs: list[PairRow] = []
    rows: list[IssueRow] = []
    for index, pair in enumerate(run.result.pairs):
        state = run.states.get(pair.id)
        status = ReviewStatus.PENDING if state is None else state.status
        shown = shown_pair(pair, state)
        src, tgt = shown.src_text, shown.tgt_text
        comment = "" if state is None or state.comment is None else state.comment
        row_state = _row_state(status, src, tgt)
        points = 0.0
        counted = 0
        categories: set[str] = set()
        found = grouped.get(pair.id, ())
        for issue in found:
            key = issue_key(issue)
            if key in run.verdicts.regraded and id(issue) not in added_ids:
                issue = replace(issue, severity=Severity(run.verdicts.regraded[key]))
            if row_state != "scored":
                verdict = "not_scored"
            elif key in run.verdicts.dismissed:
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
                    run=run.name,
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
                    comment=run.verdicts.comments.get(key, comment),
                    points=value,
                )
            )
        words = source_words(src) if row_state == "scored" else 0
        pairs.append(
            PairRow(
                run=run.name,
                run_id=run.run_id,
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
        )
    return pairs, rows


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
