from __future__ import annotations

import csv
import io
import json
import zipfile
from html.parser import HTMLParser

import pytest

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
from aligner.ui.report import RunReport, edited_texts, pair_frame, report_csv, report_html, summary_frame

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


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def test_report_html_is_self_contained_and_escaped() -> None:
    run = RunReport("run <1>", _result(), STATES, before={"p2": QualityScore(30.0)})
    html = report_html([run], title="Report <script>")
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    assert parser.tags.count("style") == 1  # our own stylesheet only
    assert not any(k.startswith("on") or k in {"src", "href"} for k, _ in parser.attrs)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "run &lt;1&gt;" in html
    assert "Content-Security-Policy" in html
    assert 'dir="rtl"' in html and "<mark" in html


def test_summary_and_before_after() -> None:
    run = RunReport("r", _result(), STATES, before={"p2": QualityScore(30.0)})
    pairs = pair_frame([run])
    summary = summary_frame(pairs).iloc[0]
    assert summary["pairs"] == 3 and summary["reviewed"] == 2 and summary["rejected"] == 1
    assert summary["score_as_aligned"] == pytest.approx((100 + 90 + 30) / 3, abs=0.01)
    assert summary["score_after_review"] == pytest.approx((90 + 50) / 2)  # rejected p0 dropped
    assert edited_texts(pairs) == (["ألف شخص"], ["خمسة عشر ألف شخص"])
    two = summary_frame(pair_frame([run, RunReport("s", _result(), {})]))
    assert list(two["run"]) == ["r", "s", "(corpus)"] and two.iloc[-1]["pairs"] == 6


def test_csv_is_spreadsheet_safe() -> None:
    data = report_csv(pair_frame([RunReport("r", _result(), STATES)]))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1]["src"].startswith("'=HYPERLINK")
    assert rows[2]["tgt"] == "خمسة عشر ألف شخص" and rows[2]["status"] == "edited"


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
