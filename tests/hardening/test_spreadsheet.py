"""Catalogue: CSV injection (OWASP) through ``aligner export``, including Excel's ``;`` list separator.

TSV exports were raw although the README said "safe for spreadsheets", and CSV was unsafe where Excel splits
on ``;``: an unquoted cell ``Note;=cmd…`` becomes a cell ``=cmd…``. The policy is now explicit:
``--spreadsheet-safe`` (on by default for CSV, off for TSV, which is meant for ML tools and left raw).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligner.export.tsv import neutralise, unneutralise
from tests.hardening.helpers import AR, EN, assert_one_line_error, run_cli

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    'Note;=HYPERLINK("http://127.0.0.1:9/x")',
    "@SUM(1+1)*cmd",
    "+1+cmd",
    "-5 degrees",
    "Total;  ok;-2+3",
]


def _input(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.tsv"
    rows = [f"{EN} {i}\t{payload} {AR}" for i, payload in enumerate(PAYLOADS)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _export(tmp_path: Path, fmt: str, *flags: str) -> list[str]:
    out = tmp_path / f"out.{fmt}"
    argv = ["export", _input(tmp_path), "--format", fmt, "-o", out, *flags]
    code, _, err = run_cli([*argv, "-q", "--encoder", "hashing"])
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        return [row["tgt"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    return [line.split("\t")[4] for line in text.splitlines()[1:]]


def _formula_pieces(cell: str) -> list[str]:
    """Pieces a spreadsheet in a ','- or ';'-locale would evaluate as a formula."""
    return [p for p in cell.split(";") if p[:1] in {"=", "+", "-", "@", "\t", "\r"}]


@pytest.mark.parametrize(("fmt", "flags"), [("csv", ()), ("tsv", ("--spreadsheet-safe",))])
def test_safe_exports_hold_no_formula_in_any_locale(tmp_path: Path, fmt: str, flags: tuple[str, ...]) -> None:
    cells = _export(tmp_path, fmt, *flags)
    assert len(cells) == len(PAYLOADS)
    for cell in cells:
        assert _formula_pieces(cell) == [], cell
    assert sorted(unneutralise(c) for c in cells) == sorted(f"{p} {AR}" for p in PAYLOADS)  # exact inverse


@pytest.mark.parametrize(("fmt", "flags"), [("tsv", ()), ("csv", ("--no-spreadsheet-safe",))])
def test_raw_exports_keep_the_text_exactly(tmp_path: Path, fmt: str, flags: tuple[str, ...]) -> None:
    assert sorted(_export(tmp_path, fmt, *flags)) == sorted(f"{p} {AR}" for p in PAYLOADS)  # "-5 degrees" kept


def test_the_switch_is_refused_for_formats_it_does_not_apply_to(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    argv = ["export", _input(tmp_path), "--format", "jsonl", "-o", out, "--spreadsheet-safe", "-q"]
    assert_one_line_error(*run_cli([*argv, "--encoder", "hashing"]), contains="--spreadsheet-safe")


@given(st.text(alphabet=st.sampled_from(list("=+-@'; ab\t\r")), max_size=30))
def test_neutralise_is_exactly_undone(cell: str) -> None:
    safe = neutralise(cell)
    assert unneutralise(safe) == cell
    assert _formula_pieces(safe) == []
