"""Report renderings from a built report: registry, escaping, integer chart axes, meaningful colours."""

from __future__ import annotations

import io
import json

import pytest

from aligner.registry import UnknownNameError
from aligner.report import build_report
from aligner.report.formats import REPORT_FORMATS, render_report
from aligner.report.svg import STATUS_COLOURS, integer_ticks, stacked_bars


def test_registry_lists_every_format() -> None:
    assert REPORT_FORMATS.names() == ["html", "pdf", "xlsx", "json"]
    with pytest.raises(UnknownNameError, match="known: html, pdf, xlsx, json"):
        REPORT_FORMATS.get("docx")


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (13, [0, 5, 10, 15]),
        (120, [0, 20, 40, 60, 80, 100, 120]),
        (121, [0, 50, 100, 150]),
    ],
)
def test_count_axes_have_whole_number_ticks(top: int, ticks: list[int]) -> None:
    assert integer_ticks(top) == ticks


def test_status_colours_mean_something() -> None:
    assert STATUS_COLOURS["pending"] == "#adb5bd" and STATUS_COLOURS["rejected"] == "#c92a2a"  # neutral grey, red
    svg = stacked_bars([("run <x>", [("pending", 2, "#adb5bd")])], axis="pairs")
    assert "run &lt;x&gt;" in svg and ">0.5<" not in svg


def test_html_escapes_everything_a_user_typed(run) -> None:
    html = render_report(build_report([run], title="T <b>"), "html").decode()
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html and "T &lt;b&gt;" in html
    assert "no English source on the page" in html and "no Arabic rendering" in html
    assert "TER (edits per 100 words, lower is better)" in html  # labelled, not raw JSON


def test_bidi_controls_are_shown_not_applied(run) -> None:
    import dataclasses

    from aligner.model import AlignedPair

    pairs = (*run.result.pairs, AlignedPair("px", (9,), (9,), "Evil \u202etxt\u202c here", "نص \u202eمعكوس\u202c"))
    from aligner.model import Severity
    from tests.report.conftest import make_issue

    issues = (*run.result.issues, make_issue("px", Severity.MAJOR))
    result = dataclasses.replace(run.result, pairs=pairs, issues=issues)
    report = build_report([dataclasses.replace(run, result=result)])
    html = render_report(report, "html").decode()
    assert "\u202e" not in html and "U+202E" in html
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))
    sources = [row[0] for row in book["Issues"].iter_rows(min_col=14, max_col=15, values_only=True)]
    assert all("\u202e" not in (s or "") for s in sources)


def test_json_round_trips(run) -> None:
    data = json.loads(render_report(build_report([run]), "json"))
    assert data["total"]["passed"] is False and data["left_out"]["rejected"] == ["p5"]
    assert data["reference"][0]["metric"] == "bleu"


@pytest.mark.parametrize("title", ["T", 'issues "issues": "x" ]', "\u2028 عنوان"])
def test_json_written_in_pieces_is_the_whole_document(run, title: str) -> None:
    """JSON reports are written an issue at a time; the text is the one dumps of the whole dict, byte for byte."""
    from aligner.records import dumps
    from aligner.report.formats import report_pieces
    from aligner.report.jsonfmt import report_dict

    report = build_report([run], title=title)
    pieces = list(report_pieces(report, "json") or [])
    assert len(pieces) == len(report.issues) + 2
    assert "".join(pieces) == dumps(report_dict(report)) + "\n"
    assert render_report(report, "json") == "".join(pieces).encode()
    assert json.loads("".join(pieces))["title"] == title
    empty = build_report([], title=title)
    assert "".join(report_pieces(empty, "json") or []) == dumps(report_dict(empty)) + "\n"
    assert report_pieces(report, "html") is None
