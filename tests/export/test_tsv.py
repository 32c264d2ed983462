"""TSV and CSV exporters: contract round trips (csv module), quoting and spreadsheet-formula neutralising."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from aligner.export import KEEP_ALL, export, sidecar_path
from aligner.export.base import one_line
from aligner.export.tsv import COLUMNS, CsvExporter, TsvExporter, neutralise, unneutralise
from tests.export.contract import ExporterContract, ReadBack, make_meta, make_rows


def _read_delimited(out: Path, delimiter: str, *, safe: bool) -> ReadBack:
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        records = list(reader)
    undo = unneutralise if safe else (lambda s: s)
    pairs = [(undo(r["src"]), undo(r["tgt"])) for r in records]
    langs = {(r["src_lang"], r["tgt_lang"]) for r in records} or {("en", "ar")}
    ((src_lang, tgt_lang),) = langs
    side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
    return ReadBack(pairs, src_lang, tgt_lang, side["signature"]["signature"], [r["status"] for r in records])


class TestTsvContract(ExporterContract):
    fmt = "tsv"
    out_name = "corpus.tsv"

    def expected(self, text: str) -> str:
        return one_line(text)  # documented: TSV is unquoted, tabs and line breaks in a cell become one space

    def read_back(self, out: Path) -> ReadBack:
        lines = out.read_text(encoding="utf-8").split("\n")  # the naive way line-based tools read it
        assert lines[-1] == "" and tuple(lines[0].split("\t")) == COLUMNS
        records = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines[1:-1]]
        pairs = [(r["src"], r["tgt"]) for r in records]
        side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
        return ReadBack(pairs, "en", "ar", side["signature"]["signature"], [r["status"] for r in records])

    def test_project_tsv_reader_reads_it(self, tmp_path: Path) -> None:
        from aligner.ingest.tsv import TsvReader
        from tests.export.contract import HOSTILE, ntrex_pairs

        # NUL bytes make the ingest encoding sniffer guess UTF-16, so the hostile cells go without them here.
        hostile = [(s.replace("\x00", ""), t.replace("\x00", "")) for s, t in HOSTILE]
        rows = make_rows(ntrex_pairs(10) + hostile)
        out = self._export(tmp_path, rows)
        bitext = TsvReader().read(out.read_bytes(), out.name)
        n = len(bitext.src.units)
        got = [(bitext.src.unit_text(i), bitext.tgt.unit_text(i)) for i in range(n)]
        assert got == [(one_line(r.src).strip(), one_line(r.tgt).strip()) for r in rows]


class TestCsvContract(ExporterContract):
    fmt = "csv"
    out_name = "corpus.csv"

    def read_back(self, out: Path) -> ReadBack:
        return _read_delimited(out, ",", safe=True)


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+966 55", "'+966 55"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("'=already", "''=already"),
        ("'plain quote", "'plain quote"),
        ("مرحبا =1", "مرحبا =1"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe
    assert unneutralise(neutralise(cell)) == cell


def _cells(exporter, text: str) -> dict[str, str]:
    buf = io.BytesIO()
    rows = make_rows([(text, text)])
    export(iter(rows), exporter, buf, meta=make_meta(), filters=KEEP_ALL)
    delimiter = "\t" if exporter.name == "tsv" else ","
    quoting = csv.QUOTE_NONE if exporter.name == "tsv" else csv.QUOTE_MINIMAL
    text = io.StringIO(buf.getvalue().decode("utf-8"), newline="")
    return next(csv.DictReader(text, delimiter=delimiter, quoting=quoting))


@pytest.mark.parametrize(
    ("exporter", "prefixed"),
    [
        (CsvExporter(), True),
        (TsvExporter(), False),
        (TsvExporter(spreadsheet_safe=True), True),
        (CsvExporter(spreadsheet_safe=False), False),
    ],
)
def test_spreadsheet_safe_defaults(exporter, prefixed: bool) -> None:
    cells = _cells(exporter, '=HYPERLINK("http://x")')
    assert cells["src"].startswith("'=") is prefixed
    assert cells["score"] and not cells["score"].startswith("'")


def test_tsv_quotes_written_as_is() -> None:
    buf = io.BytesIO()
    export(iter(make_rows([('He said "no"', "قال «لا»")])), "tsv", buf, meta=make_meta(), filters=KEEP_ALL)
    assert b'\tHe said "no"\t' in buf.getvalue()


def test_csv_no_bom_and_crlf_rows() -> None:
    buf = io.BytesIO()
    export(iter(make_rows([("a", "ب"), ("c", "د")])), "csv", buf, meta=make_meta(), filters=KEEP_ALL)
    raw = buf.getvalue()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 3
