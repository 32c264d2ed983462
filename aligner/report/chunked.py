"""`aligner report` on a parallel file checked a block at a time: the scorecard summed, only listed pairs kept.

The HTML, PDF and JSON renderers read of the pair rows only the worst pairs and the pairs left out (every one's id,
the first LEFT_OUT_LIMIT with their texts), and the scorecard: the rest of the rows are counted and dropped. The
issue rows are all kept (every format lists them). XLSX lists every pair: it takes the whole-file path.
"""

from __future__ import annotations

from dataclasses import replace

from aligner.chunked import ChunkedCheck
from aligner.report.model import IssueRow, PairRow, QualityReport
from aligner.report.mqm import PairTotals, pair_rows, scorecard
from aligner.report.settings import MqmSettings
from aligner.report.tables import LEFT_OUT_LIMIT

STREAMED_FORMATS = frozenset({"html", "pdf", "json"})


def _worst_key(p: PairRow) -> tuple[float, float, str, int]:
    """QualityReport.worst_pairs's order."""
    return (-(p.points / max(p.words, 1)), -p.points, p.run, p.index)


def chunked_report(run: ChunkedCheck, name: str, settings: MqmSettings, *, title: str, worst_n: int) -> QualityReport:
    """The report build_report gives on the whole-file result of ``run``'s file, rendered with ``worst_n``."""
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
            left.append(row if shown[row.state] <= LEFT_OUT_LIMIT else replace(row, src="", tgt="", comment=""))
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
