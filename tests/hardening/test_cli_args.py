"""Catalogue: CLI argument abuse — every mistake is exit 2 with one ``aligner: error:`` line and no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening.helpers import AR, EN, assert_one_line_error, run_cli

# name, argv (INPUT stands for a good TSV file), expected words in the error
ABUSE: list[tuple[str, list[str], str]] = [
    ("no-arguments", [], "required"),
    ("unknown-subcommand", ["frobnicate", "INPUT"], "invalid choice: 'frobnicate'"),
    ("unknown-option", ["check", "INPUT", "--frob"], "unrecognized arguments: --frob"),
    ("missing-input", ["check"], "required: INPUT"),
    ("three-inputs", ["check", "INPUT", "INPUT", "INPUT"], "got 3"),
    ("unknown-input-format", ["check", "INPUT", "--fmt", "docx"], "unknown reader 'docx'"),
    ("two-inputs-not-text", ["align", "INPUT", "INPUT", "--fmt", "tsv"], "must be plain text"),
    ("unknown-align-format", ["align", "INPUT", "--format", "xml"], "invalid choice: 'xml'"),
    ("unknown-export-format", ["export", "INPUT", "--format", "docx", "-o", "OUT"], "unknown exporter 'docx'"),
    ("export-without-format", ["export", "INPUT", "-o", "OUT"], "--format"),
    ("export-without-input", ["export", "--format", "tmx", "-o", "OUT"], "give an INPUT file"),
    ("export-store-and-input", ["export", "INPUT", "--store", "OUT.db", "--format", "tmx", "-o", "OUT"], "--store"),
    ("unknown-check", ["check", "INPUT", "--checks", "numbers,spelling"], "unknown check 'spelling'"),
    ("unknown-encoder", ["check", "INPUT", "--encoder", "laser"], "known: default"),
    ("threshold-not-a-number", ["check", "INPUT", "--threshold", "abc"], "--threshold: not a number"),
    ("threshold-nan", ["check", "INPUT", "--threshold", "nan"], "--threshold: expected a finite number"),
    ("threshold-inf", ["check", "INPUT", "--threshold", "inf"], "--threshold"),
    ("threshold-too-big", ["pairs", "INPUT", "--threshold", "5"], "between -1 and 1"),
    ("min-score-negative", ["export", "INPUT", "--format", "tmx", "-o", "OUT", "--min-score", "-5"], "--min-score"),
    ("min-ratio-nan", ["export", "INPUT", "--format", "tmx", "-o", "OUT", "--min-ratio", "nan"], "--min-ratio"),
    ("bad-status", ["export", "INPUT", "--format", "tmx", "-o", "OUT", "--status", "maybe"], "--status"),
    ("missing-config", ["check", "INPUT", "--config", "/nonexistent/aligner.toml"], "cannot read config"),
    ("missing-glossary", ["check", "INPUT", "--glossary", "/nonexistent/glossary.tsv"], "glossary"),
    ("binary-glossary", ["check", "INPUT", "--glossary", "BINARY"], "glossary"),
    ("binary-config", ["check", "INPUT", "--config", "BINARY"], "config"),
    ("missing-ref", ["score", "INPUT", "--ref", "/nonexistent/ref.txt"], "/nonexistent/ref.txt"),
    ("binary-ref", ["score", "INPUT", "--ref", "BINARY"], "binary"),
    ("missing-store-run", ["export", "--store", "OUT.db", "--run", "nope", "--format", "tmx", "-o", "OUT"], "nope"),
    ("directory-as-input", ["check", "DIR"], "cannot read"),
    ("missing-input-file", ["check", "/nonexistent/input.tsv"], "/nonexistent/input.tsv"),
]


def _argv(argv: list[str], tmp_path: Path) -> list[str]:
    good = tmp_path / "good.tsv"
    good.write_text(f"{EN}\t{AR}\n", encoding="utf-8")
    binary = tmp_path / "binary.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    names = {"INPUT": str(good), "OUT": str(tmp_path / "out.tmx"), "OUT.db": str(tmp_path / "store.db"),
             "BINARY": str(binary), "DIR": str(tmp_path)}  # fmt: skip
    extra = ["-q", "--encoder", "hashing"] if argv and argv[0] in ("check", "align", "pairs", "score") else []
    if "--encoder" in argv:
        extra = ["-q"]
    return [names.get(a, a) for a in argv] + extra


@pytest.mark.parametrize(("case", "argv", "expected"), ABUSE, ids=[a[0] for a in ABUSE])
def test_argument_abuse_is_one_line_exit_2(tmp_path: Path, case: str, argv: list[str], expected: str) -> None:
    code, out, err = run_cli(_argv(argv, tmp_path))
    assert_one_line_error(code, out, err, contains=expected)
    assert not (tmp_path / "out.tmx").exists()


@pytest.mark.parametrize("argv", [["frobnicate"], ["check", "--threshold", "nan", "x.tsv"]])
def test_real_process_prints_one_line_and_exits_2(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "aligner.cli", *argv], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("aligner: error: ") and proc.stderr.count("\n") == 1, proc.stderr


def test_help_and_version_still_work() -> None:
    assert run_cli(["--version"])[0] == 0
    assert run_cli(["check", "--help"])[0] == 0
