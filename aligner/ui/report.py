"""Quality report page helpers (no streamlit): the report library's scorecards as tables and Vega-Lite charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from aligner.report.model import METRIC_LABELS, ROW_STATES, QualityReport, Scorecard
from aligner.report.svg import SEVERITY_COLOURS, STATUS_COLOURS
from aligner.report.tables import SEVERITIES, Table, scorecard_table, settings_table, tally_table
from aligner.review.precision import CheckPrecision
from aligner.ui.html import visible_controls


def table_frame(table: Table) -> pd.DataFrame:
    """A report table as a DataFrame (strings; bidi controls made visible)."""
    rows = [[visible_controls(v) for v in row] for row in table.rows]
    return pd.DataFrame(rows, columns=list(table.headers))


def scorecard_frame(report: QualityReport) -> pd.DataFrame:
    """One row per run (and the total when there are several)."""
    cards = (*report.runs, report.total) if len(report.runs) > 1 else report.runs
    return table_frame(scorecard_table(cards, report.settings))


def settings_frame(report: QualityReport) -> pd.DataFrame:
    """The scoring model's settings."""
    return table_frame(settings_table(report.settings))


def tally_frame(card: Scorecard, by: str) -> pd.DataFrame:
    """Counted issues and penalty points per ``category`` or ``check``, by severity (numbers as numbers)."""
    tallies = card.by_category if by == "category" else card.by_check
    frame = table_frame(tally_table("", by, tallies))
    for column in frame.columns[1:]:
        frame[column] = pd.to_numeric(frame[column])
    return frame


def precision_frame(precisions: Sequence[CheckPrecision]) -> pd.DataFrame:
    """Each check's precision as judged by reviewers (confirmed / confirmed + dismissed), least precise first."""
    rows = [
        {
            "check": p.check,
            "confirmed": p.confirmed,
            "dismissed": p.dismissed,
            "precision": "–" if p.precision is None else f"{p.precision:.2f}",
        }
        for p in precisions
    ]
    return pd.DataFrame(rows, columns=["check", "confirmed", "dismissed", "precision"])


def worst_frame(report: QualityReport, n: int) -> pd.DataFrame:
    """The ``n`` worst scored pairs: run, pair, pair OQS, points, words, categories, status, texts."""
    rows = [
        {
            "run": p.run,
            "pair": p.pair_id,
            "pair OQS": None if p.score is None else round(p.score, 1),
            "points": p.points,
            "words": p.words,
            "categories": ", ".join(p.categories),
            "status": p.status,
            "source": visible_controls(p.src),
            "target": visible_controls(p.tgt),
        }
        for p in report.worst_pairs(n)
    ]
    columns = ["run", "pair", "pair OQS", "points", "words", "categories", "status", "source", "target"]
    return pd.DataFrame(rows, columns=columns)


def left_out_frame(report: QualityReport, state: str) -> pd.DataFrame:
    """Every pair left out for ``state`` with its texts."""
    rows = [
        (p.run, p.pair_id, visible_controls(p.src), visible_controls(p.tgt), p.all_issues)
        for p in report.left_out(state)
    ]
    return pd.DataFrame(rows, columns=["run", "pair", "source", "target", "issues found"])


def reference_frame(report: QualityReport) -> pd.DataFrame:
    """Labelled post-editing metrics (Arabic as aligned vs as edited)."""
    rows = [(METRIC_LABELS.get(m, m), round(s, 2), sig) for m, s, sig in report.reference]
    return pd.DataFrame(rows, columns=["metric", "score", "sacrebleu signature"])


LEFT_OUT_LABELS = {k: v for k, v in ROW_STATES.items() if k != "scored"}


def _count_axis(title: str) -> dict[str, Any]:
    return {"title": title, "format": "d", "tickMinStep": 1}


def _colour(field: str, colours: dict[str, str]) -> dict[str, Any]:
    scale = {"domain": list(colours), "range": list(colours.values())}
    return {"field": field, "type": "nominal", "scale": scale, "sort": list(colours)}


def category_chart(card: Scorecard) -> dict[str, Any]:
    """Vega-Lite spec (built by hand: no Altair import): counted issues per category stacked by severity."""
    rows = [
        {"category": name, "severity": s, "issues": t.by_severity.get(s, 0)}
        for name, t in card.by_category.items()
        for s in SEVERITIES
        if t.by_severity.get(s, 0)
    ]
    return {
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"aggregate": "sum", "field": "issues", "type": "quantitative", "axis": _count_axis("issues counted")},
            "y": {"field": "category", "type": "nominal", "sort": "-x", "title": None},
            "color": _colour("severity", {s: SEVERITY_COLOURS[s] for s in SEVERITIES}),
            "tooltip": [
                {"field": "category", "type": "nominal"},
                {"field": "severity", "type": "nominal"},
                {"field": "issues", "type": "quantitative"},
            ],
        },
        "height": max(160, 36 * max(1, len({r["category"] for r in rows}))),
    }


def status_chart(cards: tuple[Scorecard, ...]) -> dict[str, Any]:
    """Vega-Lite spec: pairs per review status for each run; pending grey, accepted green, edited blue, rejected red."""
    order = list(STATUS_COLOURS)
    rows = [
        {"run": c.name, "status": s, "pairs": c.statuses.get(s, 0), "status_order": order.index(s)}
        for c in cards
        for s in STATUS_COLOURS
    ]
    return {
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "pairs", "type": "quantitative", "axis": _count_axis("pairs")},
            "y": {"field": "run", "type": "nominal", "title": None},
            "color": _colour("status", dict(STATUS_COLOURS)),
            "order": {"field": "status_order", "type": "quantitative"},
            "tooltip": [
                {"field": "run", "type": "nominal"},
                {"field": "status", "type": "nominal"},
                {"field": "pairs", "type": "quantitative"},
            ],
        },
        "height": max(160, 40 * len(cards)),
    }
