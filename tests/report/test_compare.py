"""Run comparison: side-by-side scorecards and a paired bootstrap that agrees with sacrebleu's own --paired-bs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.model import AlignedPair, AlignmentResult, Document, Severity
from aligner.report import RunInput, build_report
from aligner.report.compare import attach_comparison, compare_runs
from aligner.report.formats import render_report
from tests.report.conftest import make_issue

SOURCES = ["The president said the meeting was fruitful", "Prices rose by three percent",
           "The minister met his French counterpart", "A thousand people attended",
           "The company announced record profits"]  # fmt: skip
REFS = ["قال الرئيس إن الاجتماع كان مثمرا", "ارتفعت الأسعار بنسبة ثلاثة بالمئة", "التقى الوزير بنظيره الفرنسي",
        "حضر الف شخص الحفل", "أعلنت الشركة عن أرباح قياسية"]  # fmt: skip
SYS_A = ["قال الرئيس إن الاجتماع مثمرا", "ارتفعت الأسعار ثلاثة بالمئة", "التقى الوزير بنظيره", "حضر الف شخص",
         "أعلنت الشركة أرباح قياسية"]  # fmt: skip
SYS_B = ["قال الرئيس إن الاجتماع كان مثمرا", "ارتفعت الأسعار بنسبة ثلاثة بالمئة", "التقى الوزير الفرنسي",
         "حضر شخص الحفل", "أعلنت الشركة عن أرباح"]  # fmt: skip


def _run(name: str, targets: list[str], order: list[int], issues=()) -> RunInput:
    pairs = tuple(AlignedPair(f"p{k}", (k,), (k,), SOURCES[i], targets[i]) for k, i in enumerate(order))
    docs = Document("e", "en", "x"), Document("a", "ar", "x")
    return RunInput(name, AlignmentResult(*docs, (), (), pairs, tuple(issues)))


def test_side_by_side_counts() -> None:
    a = _run("vendor A", SYS_A, [0, 1, 2, 3, 4], [make_issue("p0", Severity.MAJOR)])
    b = _run("vendor B", SYS_B, [4, 3, 2, 1, 0])
    comp = compare_runs(a, b)
    assert comp.a.apt == 5 and comp.b.apt == 0 and comp.b.oqs == 100
    assert comp.categories == (("number", 1, 0, 5.0, 0.0),)
    assert (comp.segments, comp.matched, comp.metrics) == (5, 5, ())


def _sacrebleu_cli(tmp_path: Path) -> dict[str, tuple[float, float | None]]:
    for name, lines in (("ref", REFS), ("a", SYS_A), ("b", SYS_B)):
        (tmp_path / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "sacrebleu", "ref.txt", "-i", "a.txt", "b.txt", "-m", "bleu", "chrf", "ter",
           "--tokenize", "intl", "--paired-bs", "-f", "text"]  # fmt: skip
    table = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=True, timeout=120).stdout
    lines = [line for line in table.splitlines() if line.startswith("│")]
    base = re.findall(r"([\d.]+) \(", lines[1])
    other = re.findall(r"([\d.]+) \(", lines[2])
    p_values = re.findall(r"p = ([\d.]+)", lines[3])
    rows = zip(("BLEU", "chrF2", "TER"), base, other, p_values, strict=True)
    return {m: (float(a), float(b), float(p)) for m, a, b, p in rows}


def test_paired_bootstrap_agrees_with_sacrebleu_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    expected = _sacrebleu_cli(tmp_path)
    a = _run("a", SYS_A, [0, 1, 2, 3, 4])
    b = _run("b", SYS_B, [2, 0, 4, 1, 3])  # another order: matched by source text
    comp = compare_runs(a, b, references=REFS)
    got = {m.metric: (round(m.a, 1), round(m.b, 1), round(m.p_value, 4)) for m in comp.metrics}
    assert got == expected
    assert [m.significant for m in comp.metrics] == [p < 0.05 for *_, p in expected.values()]
    assert all("bs:1000" in m.signature and "seed:12345" in m.signature for m in comp.metrics)


def test_comparison_in_every_format() -> None:
    a, b = _run("vendor A", SYS_A, [0, 1, 2, 3, 4]), _run("vendor B", SYS_B, [0, 1, 2, 3, 4])
    report = attach_comparison(build_report([a]), a, b, build_report([a]).settings, references=REFS)
    html = render_report(report, "html").decode()
    assert "Comparison: vendor A (A) vs vendor B (B)" in html and "p-value" in html
    data = json.loads(render_report(report, "json"))
    assert [m["metric"] for m in data["comparison"]["metrics"]] == ["BLEU", "chrF2", "TER"]
    import io

    import openpyxl

    assert "Comparison" in openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx"))).sheetnames
    assert render_report(report, "pdf").startswith(b"%PDF")


def test_reference_count_must_match() -> None:
    from aligner.errors import UserError

    a = _run("a", SYS_A, [0, 1, 2, 3, 4])
    with pytest.raises(UserError, match="references: 4 lines for 5 segments"):
        compare_runs(a, a, references=REFS[:4])
