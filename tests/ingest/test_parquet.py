"""ParquetReader: reader contract, aligner's own export read back, column choices and refusals."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.ingest import InputError, read_bitext
from aligner.ingest.parquet import ParquetReader
from aligner.model import Layout
from tests.ingest.contract import ReaderContract, unit_texts

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def parquet_bytes(columns: dict) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table(columns), sink)
    return sink.getvalue()


def parquet_with_names(names: list[str], values: list[str]) -> bytes:
    """A one-row Parquet whose column names may repeat (``pa.table`` of a dict cannot)."""
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_arrays([pa.array([v]) for v in values], names=names), sink)
    return sink.getvalue()


SAMPLE = parquet_bytes(
    {"id": ["a", "b"], "translation": [{"en": "The minister arrived.", "ar": "وصل الوزير."}, {"en": "No.", "ar": None}]}
)


class TestParquetReaderContract(ReaderContract):
    reader_cls = ParquetReader
    sample = SAMPLE
    sample_name = "pairs.parquet"
    layout = Layout.PARALLEL
    origin_required = False


def test_translation_struct_rows_become_units() -> None:
    bitext = read_bitext(SAMPLE, "pairs.parquet")
    assert unit_texts(bitext) == (["The minister arrived.", "No."], ["وصل الوزير.", ""])


@pytest.mark.parametrize("keys", [("en", "ar"), ("src", "tgt"), ("source", "target")])
def test_flat_columns(keys: tuple[str, str]) -> None:
    data = parquet_bytes({keys[0]: ["One\ntwo"], keys[1]: ["واحد"]})
    assert unit_texts(ParquetReader().read(data, "x.parquet")) == (["One two"], ["واحد"])


def test_sniffed_without_extension() -> None:
    assert read_bitext(SAMPLE, "pairs.bin").layout is Layout.PARALLEL


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PAR1 not really", "unreadable Parquet"),
        (b"plain text", "not a Parquet file"),
        (parquet_bytes({"a": ["x"], "b": ["y"]}), "no pair columns"),
        (parquet_bytes({"translation": [{"de": "x", "fr": "y"}]}), "column 'translation' has"),
        (parquet_bytes({"src": [1], "tgt": [2]}), "must hold strings"),
        (parquet_with_names(["src", "tgt", "src"], ["a", "ب", "c"]), "column 'src' appears 2 times"),
        (parquet_with_names(["en", "ar", "ar"], ["a", "ب", "ج"]), "column 'ar' appears 2 times"),
    ],
)
def test_bad_parquet_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ParquetReader().read(data, "x.parquet")


def test_check_reads_back_its_own_parquet_export(tmp_path: Path) -> None:
    src = tmp_path / "pairs.tsv"
    src.write_text("en\tar\nMore than 20 swimmers tested positive.\tثبت أن أكثر من 30 سباحًا كانت نتيجتهم إيجابية.\n",
                   encoding="utf-8")  # fmt: skip
    out = tmp_path / "pairs.parquet"
    assert main(["export", str(src), "--format", "parquet", "-o", str(out), "-q", "--encoder", "hashing"],
                stdout=io.StringIO()) == 0  # fmt: skip
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["check", str(out), "-q", "--encoder", "hashing"], stdout=stdout, stderr=stderr)
    assert code == 0, stderr.getvalue()
    issues = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert any(i["category"] == "number" for i in issues)
    assert issues[0]["src"] == "More than 20 swimmers tested positive."


@pytest.mark.parametrize("command", ["check", "pairs", "export"])
def test_repeated_pair_column_is_a_one_line_error(tmp_path: Path, command: str) -> None:
    path = tmp_path / "dup.parquet"
    path.write_bytes(parquet_with_names(["src", "tgt", "src"], ["a", "ب", "c"]))
    extra = ["--format", "tsv", "-o", str(tmp_path / "out.tsv")] if command == "export" else []
    stderr = io.StringIO()
    code = main([command, str(path), "-q", "--encoder", "hashing", *extra], stdout=io.StringIO(), stderr=stderr)
    assert code != 0
    assert stderr.getvalue().count("\n") == 1 and "column 'src' appears 2 times" in stderr.getvalue()
    assert "internal error" not in stderr.getvalue()
