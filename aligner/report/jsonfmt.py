"""The report as one JSON document: settings, scorecards, pairs left out, worst pairs and every issue."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any, ClassVar

from aligner.records import dumps
from aligner.report.model import QualityReport


def report_dict(report: QualityReport, *, worst_n: int = 20, issues: Any = None) -> dict[str, Any]:
    """A JSON-ready dict of ``report`` (``issues``: what to put in place of the issue list, when given)."""
    left_out = {s: [p.pair_id for p in report.left_out(s)] for s in ("rejected", "no_source", "no_target")}
    return {
        "title": report.title,
        "settings": report.settings.as_dict(),
        "total": report.total.as_dict(),
        "runs": [card.as_dict() for card in report.runs],
        "left_out": left_out,
        "worst_pairs": [
            {"run": p.run, "pair_id": p.pair_id, "points": p.points, "words": p.words, "score": p.score}
            for p in report.worst_pairs(worst_n)
        ],
        "check_precision": [
            {"check": p.check, "confirmed": p.confirmed, "dismissed": p.dismissed, "precision": p.precision}
            for p in report.precision
        ],
        "reference": [{"metric": m, "score": s, "signature": sig} for m, s, sig in report.reference],
        "issues": [dataclasses.asdict(i) for i in report.issues] if issues is None else issues,
        "signatures": dict(report.signatures),
        **({"meta": dict(report.meta)} if report.meta else {}),
        **({"comparison": _comparison(report)} if report.comparison is not None else {}),
    }


def _comparison(report: QualityReport) -> dict[str, Any]:
    comp = report.comparison
    assert comp is not None
    return {
        "a": comp.a.as_dict(),
        "b": comp.b.as_dict(),
        "categories": [
            {"category": c, "a_count": na, "b_count": nb, "a_points": pa, "b_points": pb}
            for c, na, nb, pa, pb in comp.categories
        ],
        "segments": comp.segments,
        "matched": comp.matched,
        "metrics": [{**dataclasses.asdict(m), "significant": m.significant} for m in comp.metrics],
    }


class JsonReport:
    """``json``: one UTF-8 JSON document (Arabic kept as text)."""

    extension: ClassVar[str] = "json"
    mime: ClassVar[str] = "application/json"

    def render(self, report: QualityReport, *, worst_n: int = 20) -> bytes:
        """Return the JSON bytes."""
        return "".join(self.pieces(report, worst_n=worst_n)).encode("utf-8")

    def pieces(self, report: QualityReport, *, worst_n: int = 20) -> Iterator[str]:
        """The JSON text in pieces, an issue at a time: a report listing many issues is never held whole as text."""
        marker = f"issues-{uuid.uuid4().hex}"  # stands for the list in the one dumps of everything else
        head, tail = dumps(report_dict(report, worst_n=worst_n, issues=marker)).split(f'"issues": "{marker}"', 1)
        yield head + '"issues": ['
        for k, issue in enumerate(report.issues):  # dumps of a list joins its items with ", " likewise
            yield (", " if k else "") + dumps(dataclasses.asdict(issue))
        yield "]" + tail + "\n"
