"""Quality report for editors (pure): per-run and corpus tables, Altair charts, a self-contained HTML page and CSV."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from aligner.model import AlignmentResult, QualityScore, ReviewStatus, Severity
from aligner.store.base import PairState
from aligner.ui.data import issues_by_pair, shown_target, state_of
from aligner.ui.html import CATEGORY_COLOURS, CSS, escape_text, render_pair_html, visible_controls

SEVERITY_COLOURS = ["#adb5bd", "#f4c430", "#f08c00", "#c92a2a"]  # info, minor, major, critical


@dataclass(frozen=True, slots=True)
class RunReport:
    """One reviewed run (one document pair) as the report sees it."""

    name: str
    result: AlignmentResult
    states: Mapping[str, PairState]
    before: Mapping[str, QualityScore] = field(default_factory=dict)  # scores as aligned, when edits replaced them


def pair_frame(runs: Sequence[RunReport]) -> pd.DataFrame:
    """One row per pair: run, id, texts (the Arabic as reviewed), status, score before/after, issues."""
    rows: list[dict[str, Any]] = []
    for run in runs:
        grouped = issues_by_pair(run.result.issues)
        for pair in run.result.pairs:
            state = state_of(run.states, pair.id)
            issues = grouped.get(pair.id, [])
            score = run.result.scores.get(pair.id)
            before = run.before.get(pair.id, score)
            rows.append(
                {
                    "run": run.name,
                    "pair_id": pair.id,
                    "kind": pair.kind,
                    "role": pair.role,
                    "src": pair.src_text,
                    "tgt": shown_target(pair, state),
                    "tgt_original": pair.tgt_text,
                    "edited": state.edited_text is not None,
                    "status": state.status.value,
                    "reviewer": state.reviewer or "",
                    "comment": state.comment or "",
                    "score": None if score is None else round(score.value, 2),
                    "score_before": None if before is None else round(before.value, 2),
                    "similarity": pair.similarity,
                    "issues": len(issues),
                    "categories": ", ".join(sorted({i.category.value for i in issues})),
                    "worst_severity": max((i.severity for i in issues), default=None),
                }
            )
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["worst_severity"] = frame["worst_severity"].map(lambda s: "" if pd.isna(s) else Severity(int(s)).name)
    return frame


def issue_frame(runs: Sequence[RunReport]) -> pd.DataFrame:
    """One row per issue: run, pair, check, category, severity (name and rank), message."""
    rows = [
        {
            "run": run.name,
            "pair_id": i.pair_id,
            "check": i.check,
            "category": i.category.value,
            "severity": i.severity.name.lower(),
            "severity_rank": int(i.severity),
            "message": i.message,
        }
        for run in runs
        for i in run.result.issues
    ]
    return pd.DataFrame(rows, columns=["run", "pair_id", "check", "category", "severity", "severity_rank", "message"])


def _mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return None if values.empty else round(float(values.mean()), 2)


def summary_frame(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per run plus a ``(corpus)`` row: pairs, review counts, issues, mean score as aligned and after review.

    "After review" is the mean score of the pairs kept (rejected pairs dropped), edited pairs re-checked.
    """
    if pairs.empty:
        return pd.DataFrame()
    groups = [(name, g) for name, g in pairs.groupby("run", sort=False)]
    if len(groups) > 1:
        groups.append(("(corpus)", pairs))
    rows = []
    for name, g in groups:
        kept = g[g["status"] != ReviewStatus.REJECTED.value]
        rows.append(
            {
                "run": name,
                "pairs": len(g),
                "reviewed": int((g["status"] != ReviewStatus.PENDING.value).sum()),
                **{s.value: int((g["status"] == s.value).sum()) for s in ReviewStatus},
                "issues": int(g["issues"].sum()),
                "pairs_with_issues": int((g["issues"] > 0).sum()),
                "score_as_aligned": _mean(g["score_before"]),
                "score_after_review": _mean(kept["score"]),
            }
        )
    return pd.DataFrame(rows)


def category_counts(issues: pd.DataFrame) -> pd.DataFrame:
    """Issues counted by category and severity."""
    if issues.empty:
        return pd.DataFrame(columns=["category", "severity", "severity_rank", "count"])
    return (
        issues.groupby(["category", "severity", "severity_rank"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
        .sort_values(["count"], ascending=False)
    )


def worst_pairs(pairs: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The ``n`` lowest-scoring pairs (ties: more issues first)."""
    if pairs.empty:
        return pairs
    return pairs.sort_values(["score", "issues"], ascending=[True, False], na_position="last").head(n)


def category_chart(issues: pd.DataFrame) -> Any:
    """Altair stacked bar chart: issues per category, coloured by severity."""
    import altair as alt

    data = category_counts(issues)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="issues"),
            y=alt.Y("category:N", sort="-x", title=None),
            color=alt.Color(
                "severity:N",
                scale=alt.Scale(domain=[s.name.lower() for s in Severity], range=SEVERITY_COLOURS),
                sort=[s.name.lower() for s in Severity],
            ),
            tooltip=["category", "severity", "count"],
        )
        .properties(height=max(160, 36 * data["category"].nunique()))
    )


def score_chart(pairs: pd.DataFrame) -> Any:
    """Altair histogram of pair scores after review, one colour per review status."""
    import altair as alt

    return (
        alt.Chart(pairs.dropna(subset=["score"]))
        .mark_bar()
        .encode(
            x=alt.X("score:Q", bin=alt.Bin(step=5), title="quality score (0-100)"),
            y=alt.Y("count():Q", title="pairs"),
            color=alt.Color("status:N"),
            tooltip=["status", "count()"],
        )
        .properties(height=220)
    )


def reference_metrics(hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, Any] | None:
    """BLEU/chrF/TER of the Arabic as aligned (hypotheses) against the reviewers' edits (references).

    Uses ``aligner.score.reference_scores`` when present, else sacrebleu directly. None when nothing was edited.
    """
    if not hypotheses:
        return None
    try:
        from aligner.score import reference_scores
    except ImportError:
        reference_scores = None
    if reference_scores is not None:
        return dict(reference_scores(list(hypotheses), list(references)))
    import sacrebleu

    refs = [list(references)]
    out: dict[str, Any] = {}
    for metric in (sacrebleu.BLEU(), sacrebleu.CHRF(), sacrebleu.TER()):
        score = metric.corpus_score(list(hypotheses), refs)
        out[metric.__class__.__name__.lower()] = {
            "score": round(score.score, 2),
            "signature": str(metric.get_signature()),
        }
    return out


def edited_texts(pairs: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Return (Arabic as aligned, Arabic as edited) for the edited, non-rejected pairs."""
    edited = pairs[pairs["edited"] & (pairs["status"] != ReviewStatus.REJECTED.value)] if not pairs.empty else pairs
    if edited.empty:
        return [], []
    return edited["tgt_original"].tolist(), edited["tgt"].tolist()


def report_csv(pairs: pd.DataFrame) -> bytes:
    """The pair table as UTF-8 CSV (with BOM for spreadsheets), neutralised like a CSV export (export.tsv)."""
    from aligner.export.tsv import neutralise

    def safe(value: Any) -> Any:
        return neutralise(visible_controls(value)) if isinstance(value, str) else value

    buffer = io.StringIO()
    pairs.map(safe).to_csv(buffer, index=False)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<p>(none)</p>"
    head = "".join(f"<th>{escape_text(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape_text('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bars(counts: pd.DataFrame) -> str:
    if counts.empty:
        return "<p>No issues.</p>"
    totals = counts.groupby("category")["count"].sum().sort_values(ascending=False)
    top = max(int(totals.max()), 1)
    rows = []
    for category, n in totals.items():
        colour = CATEGORY_COLOURS.get(str(category), "#ccc")
        width = round(100 * int(n) / top, 1)
        rows.append(
            f'<div class="bar"><span class="lbl">{escape_text(str(category))}</span>'
            f'<span class="fill" style="width:{width}%;background:{colour}"></span> {int(n)}</div>'
        )
    return "".join(rows)


def report_html(runs: Sequence[RunReport], *, title: str, worst_n: int = 20) -> str:
    """A self-contained HTML report (inline CSS, no scripts, no external resources); every text escaped."""
    pairs, issues = pair_frame(runs), issue_frame(runs)
    counts = category_counts(issues)
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{escape_text(title)}</title><style>{CSS}",
        "body{font-family:system-ui,sans-serif;margin:2rem;} table{border-collapse:collapse;font-size:.85rem;}",
        "td,th{border:1px solid #ccc;padding:.2rem .4rem;} .bar{margin:.15rem 0;} .lbl{display:inline-block;",
        "width:10rem;} .fill{display:inline-block;height:.9rem;vertical-align:middle;}</style></head><body>",
        f"<h1>{escape_text(title)}</h1>",
        "<h2>Summary per document and corpus</h2>",
        _table(summary_frame(pairs)),
        "<h2>Issues by category</h2>",
        _bars(counts),
        _table(counts.drop(columns=["severity_rank"], errors="ignore")),
    ]
    hyps, refs = edited_texts(pairs)
    metrics = reference_metrics(hyps, refs)
    if metrics:
        parts += ["<h2>Arabic as aligned vs as edited (sacrebleu)</h2>", _table(pd.DataFrame(_flat(metrics)))]
    parts.append(f"<h2>Worst {worst_n} pairs</h2><div>")
    by_id = {(r.name, p.id): (r, p) for r in runs for p in r.result.pairs}
    for row in worst_pairs(pairs, worst_n).itertuples(index=False):
        run, pair = by_id[(row.run, row.pair_id)]
        state = state_of(run.states, pair.id)
        parts.append(
            render_pair_html(
                pair,
                run.result.issues_for(pair.id),
                tgt_text=shown_target(pair, state),
                src_lang=run.result.src.lang or "en",
                tgt_lang=run.result.tgt.lang or "ar",
                score=row.score,
                status=row.status,
                position=f"{row.run} · {row.pair_id}",
            )
        )
    parts.append("</div><h2>Provenance</h2><ul>")
    parts += [f"<li>{escape_text(r.name)}: <code>{escape_text(r.result.signature.format())}</code></li>" for r in runs]
    parts.append("</ul></body></html>")
    return "".join(parts)


def _flat(metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, value in metrics.items():
        if isinstance(value, Mapping):
            rows.append({"metric": name, **{k: v for k, v in value.items()}})
        else:
            rows.append({"metric": name, "score": value})
    return rows
