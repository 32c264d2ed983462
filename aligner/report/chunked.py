"""`aligner report` on a parallel file checked a block at a time: the scorecard summed, only listed pairs kept.

The HTML, PDF and JSON renderers read of the pair rows only the worst pairs and the pairs left out (every one's id,
the first LEFT_OUT_LIMIT with their texts), and the scorecard: the rest of the rows are counted and dropped. XLSX
lists every pair left out with its texts (STREAMED_FORMATS: None), so those are all kept whole. The issue rows are
all kept (every format lists them).
"""

from __future__ import annotations

from dataclasses import replace

from aligner.chunked import ChunkedCheck
from aligner.report.model import IssueRow, PairRow, QualityReport
from aligner.report.mqm import PairTotals, pair_rows, scorecard
from aligner.report.settings import MqmSettings
from aligner.report.tables import LEFT_OUT_LIMIT

# format -> the pairs left out kept with their texts, per kind (None: all)
STREAMED_FORMATS: dict[str, int | None] = {
    "html": LEFT_OUT_LIMIT,
    "pdf": LEFT_OUT_LIMIT,
    "json": LEFT_OUT_LIMIT,
    "xlsx": None,
}


def _worst_key(p: PairRow) -> tuple[float, float, str, int]:
    """QualityReport.worst_pairs's order."""
    return (-(p.points / max(p.words, 1)), -p.points, p.run, p.index)


def chunked_report(
    run: ChunkedCheck, name: str, settings: MqmSettings, *, title: str, worst_n: int, texts: int | None = LEFT_OUT_LIMIT
) -> QualityReport:
    """The report build_report gives on the whole-file result of ``run``'s file, rendered with ``worst_n``.

    ``texts``: the pairs left out kept with their texts, per kind (None: all); the others keep their id only.
    """
    totals = PairTotals()
    issues: list[IssueRow] = []
    left: list[PairRow] = []
    shown: dict[str, int] = {}
    worst: list[PairRow] = []
    for index, (pair, found) in enumerate(run.checked()):
        row, rows = pair_rows(name, index, pair, found, settings)
        totals.add(row)
        issues += rows
        if row.state != "scored":
            shown[row.state] = shown.get(row.state, 0) + 1
            left.append(row if texts is None or shown[row.state] <= texts else replace(row, src="", tgt="", comment=""))
        elif row.points > 0 and worst_n > 0:
            worst.append(row)
            if len(worst) >= 2 * worst_n + 64:
                worst = sorted(worst, key=_worst_key)[:worst_n]
    worst = sorted(worst, key=_worst_key)[:worst_n]
    card = scorecard(name, totals, issues, settings)
    return QualityReport(
        title=title,
        settings=settings,
        runs=(card,),
        total=scorecard(name, totals, issues, settings),
        pairs=tuple(sorted([*left, *worst], key=lambda p: p.index)),
        issues=tuple(issues),
        signatures=((name, run.signature().format()),),
        reference=(),  # reviews' edits against the text as aligned: a file has none
    )
