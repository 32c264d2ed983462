from __future__ import annotations

import io
import json
import zipfile

from aligner.export import FilterSpec
from aligner.model import (
    AlignedPair,
    AlignmentResult,
    Category,
    Document,
    Issue,
    QualityScore,
    ReviewStatus,
    Severity,
    Side,
    Span,
)
from aligner.store.base import PairState
from aligner.ui.exporting import export_bytes

HOSTILE = "<img src=x onerror=alert(1)> ![x](http://127.0.0.1:9/p.png) <style>body{display:none}</style>"


def _result() -> AlignmentResult:
    pairs = (
        AlignedPair("p0", (0,), (0,), HOSTILE, "نص " + HOSTILE),
        AlignedPair("p1", (1,), (1,), '=HYPERLINK("http://x")', "قال قال الرئيس"),
        AlignedPair("p2", (2,), (2,), "15,000 people", "ألف شخص"),
    )
    issues = (
        Issue(
            "p1", "duplication", Category.DUPLICATION, Severity.MINOR, "repeated <b>", side=Side.TARGET, span=Span(0, 8)
        ),
        Issue("p2", "numbers", Category.NUMBER, Severity.MAJOR, "15,000 missing", side=Side.SOURCE, span=Span(0, 6)),
    )
    scores = {"p0": QualityScore(100.0), "p1": QualityScore(90.0), "p2": QualityScore(50.0)}
    src, tgt = Document("d#en", "en", "x"), Document("d#ar", "ar", "x")
    return AlignmentResult(src, tgt, (), (), pairs, issues, scores)


STATES = {
    "p0": PairState("p0", ReviewStatus.REJECTED, version=1, reviewer="a"),
    "p2": PairState("p2", ReviewStatus.EDITED, edited_text="خمسة عشر ألف شخص", version=1, reviewer="b"),
}


def test_export_bytes_joins_review() -> None:
    data, name, _mime, stats = export_bytes(_result(), STATES, "jsonl", filters=FilterSpec(), name="run 1/x")
    rows = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
    texts = json.dumps(rows, ensure_ascii=False)
    assert "خمسة عشر ألف شخص" in texts and HOSTILE not in texts  # edit applied, rejected pair dropped
    assert name.endswith(".jsonl") and "/" not in name and stats["rows_written"] == 2


def test_export_bytes_zips_multi_file_formats() -> None:
    data, name, mime, _stats = export_bytes(_result(), {}, "moses", filters=FilterSpec(), name="run")
    assert mime == "application/zip" and name.endswith(".zip")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.endswith(".en") for n in names) and any(n.endswith(".ar") for n in names)


def test_page_tables_and_charts_from_the_report_library() -> None:
    from aligner.report import RunInput, build_report
    from aligner.ui.report import (
        category_chart,
        left_out_frame,
        reference_frame,
        status_chart,
        tally_frame,
        worst_frame,
    )

    report = build_report([RunInput("r", _result(), STATES, run_id="r1")])
    assert list(worst_frame(report, 5)["pair"]) == ["p2", "p1"]  # p0 is rejected: left out, not worst
    assert list(left_out_frame(report, "rejected")["pair"]) == ["p0"]
    assert tally_frame(report.total, "category")["issues"].tolist() == [1, 1]
    assert reference_frame(report)["metric"].str.contains("higher is better|lower is better").all()
    spec = category_chart(report.total)
    assert spec["encoding"]["x"]["axis"] == {"format": "d", "tickMinStep": 1, "title": "issues counted"}
    status = status_chart(report.runs)["encoding"]["color"]["scale"]
    assert dict(zip(status["domain"], status["range"], strict=True))["pending"] == "#adb5bd"
    assert dict(zip(status["domain"], status["range"], strict=True))["rejected"] == "#c92a2a"
