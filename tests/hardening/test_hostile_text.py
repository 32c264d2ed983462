"""Catalogue: hostile segment text (markup, formulas, bidi controls, surrogates) through the CLI and every exporter."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from aligner.export import EXPORTERS, KEEP_ALL, ExportRow, default_meta, export
from aligner.export.tsv import FORMULA_START
from aligner.ingest import read_bitext
from tests.hardening.helpers import AR, EN, check_cli, run_cli

# name, hostile text (as a Python string; "\ud800" is a lone surrogate)
HOSTILE: list[tuple[str, str]] = [
    ("script", "<script>alert(1)</script> Talks begin"),
    ("img-onerror", '<img src=x onerror=alert(1)> "quoted" & more'),
    ("markdown-image", "![x](http://127.0.0.1:9/x.png) and [a link](javascript:alert(1))"),
    ("style", "<style>body{display:none}</style> text"),
    ("cdata-end", "a ]]> b <![CDATA[ c"),
    ("xml-specials", "</seg></tuv><tuv xml:lang='en'><seg>injected & <b>"),
    ("bidi-override", "\u202eevil.exe\u202c and \u2066isolate\u2069 \u200f"),
    ("zero-width", "zero\u200bwidth\u200cjoin\u200dword\ufeffbom\u2060"),
    ("very-long-word", "W" * 20_000),
    ("formula-eq", '=HYPERLINK("http://evil","x")'),
    ("formula-plus", "+1+1"),
    ("formula-minus", "-2+3 cmd|' /C calc'!A0"),
    ("formula-at", "@SUM(A1:A9)"),
    ("quote-formula", "'=1+1"),
    ("ansi-escape", "\x1b[31mred\x1b[0m \x07bell"),
    ("c0-controls", "tab\there\x0bvt\x0cff"),
    ("lone-surrogate", "a \ud800 b \udfff c"),
    ("emoji-and-combining", "👩‍👩‍👧 é (e + U+0301) ﷽"),
    ("line-separators", "one\u2028two\u2029three\x85four"),
]
IDS = [h[0] for h in HOSTILE]


# The CLI cases use the full 20,000-character word (the untranslated check's e-mail pattern was quadratic in word
# length until it got a lookbehind).
CLI_WORD = 20_000


def _jsonl_input(path: Path) -> None:
    """One record per hostile text, the same text on both sides with an ordinary sentence around it."""
    with path.open("w", encoding="utf-8") as fh:
        for _, text in HOSTILE:
            text = text[:CLI_WORD]
            fh.write(json.dumps({"en": f"{EN} {text}", "ar": f"{AR} {text}"}) + "\n")  # ASCII JSON: \ud800 escapes


@pytest.mark.parametrize("command", ["align", "check", "score"])
def test_cli_jsonl_output_is_valid_json_that_round_trips(tmp_path: Path, command: str) -> None:
    data = tmp_path / "hostile.jsonl"
    _jsonl_input(data)
    out = tmp_path / "out.jsonl"
    extra = ["--format", "json"] if command == "score" else []
    code, _, err = check_cli(data, "-o", out, *extra, command=command)
    assert code == 0, err
    raw = out.read_bytes()
    raw.decode("utf-8")  # strict: no surrogates or invalid bytes written
    records = [json.loads(line) for line in raw.decode().split("\n") if line.strip()]
    assert len(raw.decode().splitlines()) == len(raw.decode().split("\n")) - 1  # U+2028 etc. stay escaped
    for record in records:
        assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    if command == "align":
        assert len(records) == len(HOSTILE)
        src = [r["src"] for r in records]
        for (name, text), got in zip(HOSTILE, src, strict=True):
            if name not in ("lone-surrogate", "line-separators", "c0-controls", "emoji-and-combining"):
                assert text[:CLI_WORD].strip() in got, name


def _rows() -> list[ExportRow]:
    return [
        ExportRow(f"p{i}", text, f"{AR} {text}", "en", "ar", 50.0, "pending", ("number",), note=text)
        for i, (_, text) in enumerate(HOSTILE)
    ]


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "xliff2"])
def test_xml_exports_parse_back(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    stats = export(_rows(), fmt, out, meta=default_meta(), filters=KEEP_ALL)
    assert stats.rows_written == len(HOSTILE)
    name = "back.tmx" if fmt == "tmx" else "back.xliff"
    bitext = read_bitext(out.read_bytes(), name)
    src = [bitext.src.unit_text(i) for i in range(len(bitext.src.units))]
    assert len(src) == len(HOSTILE)
    for (name_, text), got in zip(HOSTILE, src, strict=True):
        if name_ in ("script", "img-onerror", "markdown-image", "style", "cdata-end", "xml-specials", "formula-eq"):
            assert got == text, name_  # markup is text, escaped on the way out and back
        assert "\ud800" not in got


def test_csv_export_neutralises_formulas_and_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    export(_rows(), "csv", out, meta=default_meta(), filters=KEEP_ALL)
    with out.open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == len(HOSTILE)
    for row, (name, text) in zip(table, HOSTILE, strict=True):
        for column in ("src", "tgt", "note", "id", "status", "issues"):
            assert not row[column].startswith(FORMULA_START), (name, column, row[column][:20])
        if name.startswith("formula") or name == "quote-formula":
            assert row["src"] == "'" + text
        elif name not in ("lone-surrogate",):
            assert row["src"] == text, name


def test_tsv_export_is_one_record_per_line(tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    export(_rows(), "tsv", out, meta=default_meta(), filters=KEEP_ALL)
    lines = out.read_bytes().decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 2 == len(HOSTILE)
    assert all(line.count("\t") == 10 for line in lines[:-1])


def test_jsonl_export_round_trips_exactly(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    export(_rows(), "jsonl", out, meta=default_meta(), filters=KEEP_ALL)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    for record, (name, text) in zip(records, HOSTILE, strict=True):
        expected = text.replace("\ud800", "\ufffd").replace("\udfff", "\ufffd")
        assert record["translation"]["en"] == expected == record["note"], name


@pytest.mark.parametrize("fmt", [n for n in EXPORTERS.names() if n not in ("hf",)])
def test_every_exporter_survives_hostile_rows(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    stats = export(_rows(), fmt, out, meta=default_meta(), filters=KEEP_ALL)
    assert stats.rows_written == len(HOSTILE)
    for written in stats.outputs:
        assert Path(written).stat().st_size > 0


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "csv", "jsonl", "tsv", "moses"])
def test_cli_export_of_hostile_input(tmp_path: Path, fmt: str) -> None:
    data = tmp_path / "hostile.jsonl"
    _jsonl_input(data)
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run_cli(
        ["export", data, "--format", fmt, "-o", out, "--status", "all", "--encoder", "hashing", "-q"]
    )
    assert code == 0, err
    assert json.loads(stdout)["rows_written"] == len(HOSTILE)
    if fmt in ("tmx", "xliff"):
        bitext = read_bitext(out.read_bytes(), f"back.{fmt}")
        assert len(bitext.src.units) == len(HOSTILE)


def test_stdout_jsonl_with_hostile_text_is_valid(tmp_path: Path) -> None:
    data = tmp_path / "hostile.jsonl"
    _jsonl_input(data)
    code, out, err = check_cli(data, command="align")
    assert code == 0, err
    buffer = io.StringIO(out)
    assert all(json.loads(line) for line in buffer)
