"""Shared builders for the report tests: a small run with hostile text, Arabic, every row state."""

from __future__ import annotations

import pytest

from aligner.model import AlignedPair, AlignmentResult, Category, Document, Issue, ReviewStatus, Severity, Side, Span
from aligner.report import RunInput
from aligner.store.base import PairState

HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("http://x")'


def make_issue(pid: str, severity: Severity, category: Category = Category.NUMBER, check: str = "numbers") -> Issue:
    return Issue(pid, check, category, severity, f"{category.value} problem", side=Side.TARGET, span=Span(0, 2))


def make_run(name: str = "run A") -> RunInput:
    ten = " ".join(["word"] * 10)
    pairs = (
        AlignedPair("p0", (0,), (0,), ten, "نص عربي سليم هنا"),
        AlignedPair("p1", (1,), (1,), ten, "قال قال الرئيس"),
        AlignedPair("p2", (2,), (2,), HOSTILE, "=1+2 نص"),
        AlignedPair("p3", (), (3,), "", "فقرة عربية بلا مصدر"),
        AlignedPair("p4", (3,), (), "An English caption with no rendering", ""),
        AlignedPair("p5", (4,), (4,), ten, "مرفوض"),
    )
    issues = (
        make_issue("p1", Severity.MINOR, Category.DUPLICATION, "duplication"),
        make_issue("p1", Severity.MAJOR),
        make_issue("p2", Severity.CRITICAL, Category.UNTRANSLATED, "untranslated"),
        make_issue("p3", Severity.MAJOR, Category.ALIGNMENT, "alignment"),
        make_issue("p5", Severity.CRITICAL),
    )
    states = {
        "p5": PairState("p5", ReviewStatus.REJECTED, version=1, reviewer="Sami"),
        "p0": PairState("p0", ReviewStatus.EDITED, edited_text="نص عربي معدل", comment="fixed =SUM(A1)", version=1),
        "p1": PairState("p1", ReviewStatus.ACCEPTED, version=1),
    }
    src, tgt = Document("d#en", "en", "x"), Document("d#ar", "ar", "x")
    return RunInput(name, AlignmentResult(src, tgt, (), (), pairs, issues), states, run_id="r1")


@pytest.fixture
def run() -> RunInput:
    return make_run()
