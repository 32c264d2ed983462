"""A Parquet parallel file is read pair by pair (ParquetFile.iter_batches): each command writes the whole-file bytes."""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

import aligner.chunked as chunked
import aligner.cli as cli
import aligner.export.base as export_base
import aligner.ingest.parquet as parquet
from aligner.cli import main
from aligner.export import EXPORTERS
from aligner.ingest import open_inputs
from aligner.ingest.base import MAX_UNIT_CHARS, InputError
from aligner.ingest.stream import open_parallel
from tests.test_chunked import _chunked, _whole, mixed_rows
from tests.test_chunked_commands import COMMANDS as TEXT_COMMANDS
from tests.test_chunked_commands import HASHING

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

FINGERPRINT = re.compile(rb'"_fingerprint": "[0-9a-f]+"')  # a Hugging Face dataset's: random on every save
ROW_GROUP = 40  # rows per row group: the mixed rows make seven
COMMANDS = {
    "check-jsonl": ("check", "--format", "jsonl"),
    "check-table": ("check", "--format", "table"),
    **{name: argv for name, argv in TEXT_COMMANDS.items() if name != "pairs-pairable"},
    **{f"export-{fmt}": ("export", "--format", fmt) for fmt in EXPORTERS.names()},
}


def write_parquet(path: Path, rows: list[tuple[str, str]], *, nested: bool = False) -> Path:
    """``rows`` as a Parquet file of ROW_GROUP-row groups; an empty side is a null cell on every other row.

    ``nested``: one ``translation`` struct column (aligner's export, Hugging Face), one whole row null; else ``en``
    and ``ar`` string columns beside an id column.
    """
    src = [s if s or k % 2 else None for k, (s, _) in enumerate(rows)]
    tgt = [t if t or k % 2 else None for k, (_, t) in enumerate(rows)]
    if nested:
        cells = [{"en": s, "ar": t, "fr": "x"} for s, t in zip(src, tgt, strict=True)]
        cells[ROW_GROUP + 1] = None  # type: ignore[call-overload]
        table = pa.table({"translation": cells})
    else:
        table = pa.table({"id": [f"r{k}" for k in range(len(rows))], "en": src, "ar": tgt})
    pq.write_table(table, path, row_group_size=ROW_GROUP)
    return path


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str]]:
    rows = mixed_rows()  # empty sides, an over-long pair, findings of every check
    rows.insert(10, ("Two lines\nof source", "سطران\r\nمن الهدف"))  # a cell's line breaks become spaces
    return rows


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Clock:  # type: ignore[override]
            return cls(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    monkeypatch.setattr(export_base, "datetime", Clock)  # exports stamp their creation time


def _outputs(monkeypatch: pytest.MonkeyPatch, out_dir: Path, argv: list[str], *, whole: bool) -> dict[str, bytes]:
    """Run ``aligner argv -o out_dir/out`` streamed (the whole-file pipeline never called) or whole-file.

    Every file written (an export's sidecar, Moses's two sides, HF's folder) and stdout, by name; then removed.
    """
    with monkeypatch.context() as patch:
        if whole:
            patch.setattr(cli, "_open_chunked", lambda args: None)
        else:
            patch.setattr(cli, "_run", lambda args: pytest.fail("the whole-file pipeline ran"))
        stdout = io.StringIO()
        assert main([*argv, *HASHING, "-o", str(out_dir / "out")], stdout=stdout) == 0
    found = {"stdout": stdout.getvalue().encode()}
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        found[str(path.relative_to(out_dir))] = FINGERPRINT.sub(b"", path.read_bytes())
    shutil.rmtree(out_dir)
    out_dir.mkdir()
    return found


@pytest.mark.parametrize("command", COMMANDS)
def test_streamed_parquet_outputs_are_the_whole_file_outputs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: list[tuple[str, str]], frozen_clock: None, command: str
) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 7)  # many blocks, each row group several
    path = write_parquet(tmp_path / "mixed.parquet", rows)
    assert pq.ParquetFile(path).metadata.num_row_groups > 1
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    name, *options = COMMANDS[command]
    streamed = _outputs(monkeypatch, out_dir, [name, str(path), *options], whole=False)
    assert streamed == _outputs(monkeypatch, out_dir, [name, str(path), *options], whole=True)
    assert any(len(data) > 100 for key, data in streamed.items() if key != "stdout") or name == "export"


@pytest.mark.parametrize("nested", [False, True])
def test_parquet_issues_are_the_whole_file_issues(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: list[tuple[str, str]], nested: bool
) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 7)
    monkeypatch.setattr(parquet, "BATCH_ROWS", 16)  # batches across row groups
    path = write_parquet(tmp_path / "mixed.parquet", rows, nested=nested)
    source = open_parallel([path])
    assert source is not None and source.fmt == "parquet"
    bitext = open_inputs([path])
    units = [(bitext.src.unit_text(i), bitext.tgt.unit_text(i)) for i in range(len(bitext.src.units))]
    assert list(source.pairs()) == units
    assert _chunked(path) == _whole(path)


def test_parquet_without_its_extension_is_sniffed_and_streamed(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "pairs.bin", [("Hello.", "مرحبا."), ("Bye.", "")])
    source = open_parallel([path])
    assert source is not None and source.fmt == "parquet"
    assert list(source.pairs()) == [("Hello.", "مرحبا."), ("Bye.", "")]


def _table_bytes(columns: dict) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table(columns), sink)
    return sink.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"PAR1 not really",  # no footer: pyarrow cannot open it
        _table_bytes({"en": ["a"], "ar": ["b"]})[:-30],  # truncated
        _table_bytes({"a": ["x"], "b": ["y"]}),  # no pair columns
        _table_bytes({"translation": [{"de": "x", "fr": "y"}]}),  # struct without the languages
        _table_bytes({"translation": pa.array([None, {"en": "x", "ar": "y"}])}),  # keys of the first row
        _table_bytes({"src": pa.array([], pa.string()), "tgt": pa.array([], pa.string())}),  # no rows
        _table_bytes({"src": [None, 1], "tgt": ["a", "b"]}),  # not strings
        _table_bytes({"en": ["ok", "x" * (MAX_UNIT_CHARS + 1)], "ar": ["نعم", "لا"]}),  # an over-long segment
        b"",
    ],
)
def test_a_bad_parquet_file_is_the_same_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(data)
    with pytest.raises(InputError) as whole:
        open_inputs([path])
    errors = []
    for streamed in (True, False):
        with monkeypatch.context() as patch:
            if not streamed:
                patch.setattr(cli, "_open_chunked", lambda args: None)
            assert main(["check", str(path), *HASHING, "-o", str(tmp_path / "out")]) == 2
        errors.append(capsys.readouterr().err)
    assert str(whole.value) in errors[0] and errors[0] == errors[1] and len(errors[0].splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_corrupt_row_group_is_the_readers_error(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "c.parquet", [(f"w{k}", f"ك{k}") for k in range(4 * ROW_GROUP)])
    chunk = pq.ParquetFile(path).metadata.row_group(3).column(1)
    data = bytearray(path.read_bytes())
    data[chunk.data_page_offset + 2 : chunk.data_page_offset + 40] = b"\xff" * 38  # the last group's page header
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as whole:
        open_inputs([path])
    source = open_parallel([path])  # the footer and the first row group read well
    assert source is not None
    with pytest.raises(InputError) as parts:
        list(source.pairs())
    assert "unreadable Parquet" in str(whole.value) and str(parts.value) == str(whole.value)
