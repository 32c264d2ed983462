"""pairs, align, score and report on a parallel file, block by block, write the whole-file outputs byte for byte."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest

import aligner.chunked as chunked
import aligner.cli as cli
import aligner.score.incremental as incremental
from aligner.cli import main
from aligner.report.tables import LEFT_OUT_LIMIT
from aligner.score import reference_scores
from aligner.score.incremental import reference_scores_streamed
from tests.test_chunked import mixed_rows, write_rows

HASHING = ("-q", "--encoder", "hashing")
COMMANDS = {
    "pairs": ("pairs", "--all-items"),
    "pairs-pairable": ("pairs",),
    "align-jsonl": ("align", "--format", "jsonl"),
    "align-tsv": ("align", "--format", "tsv"),
    "align-beads": ("align", "--format", "beads"),
    "score-table": ("score",),
    "score-json": ("score", "--format", "json"),
    "report-json": ("report", "--format", "json", "--worst", "3"),
    "report-html": ("report", "--format", "html"),
}


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str]]:
    return mixed_rows()  # empty sides, an over-long pair, findings of every check


def _refs(rows: list[tuple[str, str]]) -> list[str]:
    """A reference line per translated pair: its Arabic with the first and last words swapped."""
    out = []
    for src, tgt in rows:
        if src.strip():
            words = tgt.split() or ["-"]
            out.append(" ".join([words[-1], *words[1:-1], words[0]] if len(words) > 1 else words))
    return out


def _output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], *, whole: bool, code: int = 0) -> bytes:
    """Run ``aligner argv -o FILE`` streamed (the whole-file pipeline never called) or whole-file; the file's bytes."""
    with monkeypatch.context() as patch:
        if whole:
            patch.setattr(cli, "_open_chunked", lambda args: None)
        else:
            patch.setattr(cli, "_run", lambda args: pytest.fail("the whole-file pipeline ran"))
        out = tmp_path / ("whole.out" if whole else "streamed.out")
        assert main([*argv, *HASHING, "-o", str(out)]) == code
    return out.read_bytes() if code == 0 else b""


def _same(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str]) -> bytes:
    streamed = _output(monkeypatch, tmp_path, argv, whole=False)
    assert streamed == _output(monkeypatch, tmp_path, argv, whole=True)
    return streamed


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fmt", ["tsv", "tmx"])
def test_streamed_outputs_are_the_whole_file_outputs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: list[tuple[str, str]], command: str, fmt: str
) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 7)  # many blocks
    path = write_rows(tmp_path / f"mixed.{fmt}", rows)
    name, *options = COMMANDS[command]
    out = _same(monkeypatch, tmp_path, [name, str(path), *options])
    assert out or command == "pairs-pairable"  # a parallel file's pairs have no page role


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_score_with_references_streams_the_metrics(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: list[tuple[str, str]], fmt: str
) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 7)
    monkeypatch.setattr(incremental, "CHUNK", 10)  # the sentence statistics summed over many chunks
    rows = [row for row in rows if len(row[0]) < 1000]  # TER on a 21,000-word segment takes minutes
    path = write_rows(tmp_path / "mixed.jsonl", rows)
    ref = tmp_path / "ref.ar"
    ref.write_text("".join(f"{line}\n" for line in _refs(rows)), encoding="utf-8")
    out = _same(monkeypatch, tmp_path, ["score", str(path), "--ref", str(ref), "--format", fmt]).decode()
    assert "bleu" in out and "ter" in out


def test_score_reference_count_mismatch_is_the_same_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "mixed.tsv", rows)
    ref = tmp_path / "ref.ar"
    ref.write_text("".join(f"{line}\n" for line in _refs(rows)[:-3]), encoding="utf-8")
    errors = []
    for whole in (False, True):
        _output(monkeypatch, tmp_path, ["score", str(path), "--ref", str(ref)], whole=whole, code=2)
        errors.append(capsys.readouterr().err)
    assert "--ref has" in errors[0] and errors[0] == errors[1]
    assert not (tmp_path / "streamed.out").exists()  # refused before any line is written


def test_two_parallel_line_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 7)
    en, ar = tmp_path / "a.en", tmp_path / "a.ar"
    en.write_text("".join(f"{s}\n" for s, _ in rows), encoding="utf-8")
    ar.write_text("".join(f"{t}\n" for _, t in rows), encoding="utf-8")
    for argv in (["align", "--format", "tsv"], ["align", "--format", "beads"], ["score", "--format", "json"]):
        _same(monkeypatch, tmp_path, [argv[0], str(en), str(ar), "--parallel", *argv[1:]])


def test_a_file_longer_than_one_block(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ntrex = Path(__file__).resolve().parents[1] / "corpora/ntrex-sample/pairs.tsv"
    base = [line.split("\t")[:2] for line in ntrex.read_text(encoding="utf-8").splitlines() if "\t" in line]
    rows = [(f"{base[i % len(base)][0]} {i}", f"{base[i % len(base)][1]} {i}") for i in range(chunked.BLOCK + 300)]
    rows[5], rows[chunked.BLOCK + 7] = ("", rows[5][1]), (rows[chunked.BLOCK + 7][0], "")
    path = write_rows(tmp_path / "long.tsv", rows)
    for argv in (["pairs", "--all-items"], ["score", "--format", "json"], ["report", "--format", "json"]):
        _same(monkeypatch, tmp_path, [argv[0], str(path), *argv[1:]])


def _xlsx_parts(data: bytes) -> dict[str, bytes]:
    """The workbook's zip members but docProps/core.xml (its created/modified times are the clock's)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def _xlsx_cells(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize("fmt", ["tsv", "tmx"])
def test_report_xlsx_streams_the_whole_file_workbook(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rows: list[tuple[str, str]], fmt: str
) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 7)
    extra = [("", f"ك{i} وحدها") for i in range(LEFT_OUT_LIMIT + 5)]  # more pairs left out than HTML lists
    path = write_rows(tmp_path / f"mixed.{fmt}", [*rows, *extra])
    argv = ["report", str(path), "--format", "xlsx"]
    streamed = _output(monkeypatch, tmp_path, argv, whole=False)
    whole = _output(monkeypatch, tmp_path, argv, whole=True)
    assert _xlsx_parts(streamed) == _xlsx_parts(whole)  # every sheet byte for byte
    cells = _xlsx_cells(streamed)
    assert cells == _xlsx_cells(whole)
    left_out = cells["Pairs left out"]
    assert len(left_out) > LEFT_OUT_LIMIT and left_out[-1][4] == f"ك{LEFT_OUT_LIMIT + 4} وحدها"  # with its text


def test_streamed_reference_metrics_are_sacrebleus(monkeypatch: pytest.MonkeyPatch) -> None:
    hyps = ["The cat sat on the mat .", "", "ذهب الولد إلى المدرسة", "a b c d e f", "x"]
    refs = ["The cat is on the mat.", "nothing", "ذهب الطفل إلى المدرسة", "a b d c e f g", ""]
    monkeypatch.setattr(incremental, "CHUNK", 2)
    for tokenize in ("13a", "char"):
        assert reference_scores_streamed(hyps, refs, bleu_tokenize=tokenize) == reference_scores(
            hyps, refs, bleu_tokenize=tokenize
        )
    assert reference_scores_streamed(hyps[:1], refs[:1]) == reference_scores(hyps[:1], refs[:1])


class _Bar:
    """Records what a chunked run tells its progress bar."""

    made: ClassVar[list[_Bar]] = []

    def __init__(self, **options: object) -> None:
        self.options, self.n, self.closed = options, 0, False
        _Bar.made.append(self)

    def update(self, n: int) -> None:
        assert not self.closed
        self.n += n

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("command", ["check", "pairs", "score", "export", "report"])
def test_a_chunked_run_counts_its_pairs_on_stderr_unless_quiet(monkeypatch, tmp_path: Path, command: str) -> None:
    import tqdm

    monkeypatch.setattr(tqdm, "tqdm", _Bar)
    monkeypatch.setattr(chunked, "BLOCK", 7)
    path = write_rows(tmp_path / "in.tsv", mixed_rows()[:30])
    extra = {"export": ["--format", "tsv"], "report": ["--format", "json"]}.get(command, [])
    argv = [command, str(path), "--encoder", "hashing", *extra, "-o", str(tmp_path / "out")]
    _Bar.made.clear()
    assert main(argv) == 0
    (bar,) = _Bar.made
    assert bar.n == 30 and bar.closed and bar.options["file"] is cli.sys.stderr
    _Bar.made.clear()
    assert main([*argv, "-q"]) == 0
    assert _Bar.made == []
