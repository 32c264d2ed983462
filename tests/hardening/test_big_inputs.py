"""Catalogue: big inputs — a 200 MB file (bounded memory, in a subprocess), a 1 MB line, 100k one-word lines."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aligner.ingest import read_bitext
from aligner.segment import get_segmenter
from tests.hardening.helpers import AR, AR2, EN, EN2, assert_one_line_error, check_cli

ROOT = Path(__file__).resolve().parents[2]
ROW = f"{EN} {EN2}\t{AR} {AR2}\n".encode()
# Peak RSS bounds (multiples of the file size) asserted below; the figures measured on the reference machine are
# in evaluation/results/hardening.json. Two-document ingest meets the ~4x target; TSV ingest does not (about 7.3x):
# every row becomes two Unit objects with two Spans each (~280 bytes per unit, the frozen model) next to the
# decoded text and both document texts, so the bound for it is a regression guard, not the target.
DOCUMENTS_INGEST_MAX = 4.0
TSV_INGEST_MAX = 8.5

MEASURE = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    from aligner.batch.shards import peak_rss_kb
    from aligner.ingest import open_inputs
    from aligner.segment import get_segmenter

    def rss():  # VmHWM: ru_maxrss would carry the (large) peak of the pytest process that spawned us
        return peak_rss_kb() * 1024

    segment = sys.argv[1] == "--segment"
    paths = sys.argv[2:]
    start = time.perf_counter()
    bitext = open_inputs(paths)
    ingest_s, ingest_rss = time.perf_counter() - start, rss()
    segmenter, segments = get_segmenter("rules"), 0
    for doc in (bitext.src, bitext.tgt) if segment else ():  # streamed: segment unit by unit, keep only the count
        for i in range(len(doc.units)):
            segments += len(segmenter.split_text(doc.unit_text(i), doc.lang))
    print(json.dumps({"bytes": sum(Path(p).stat().st_size for p in paths), "units": len(bitext.src.units),
                      "segments": segments, "ingest_s": round(ingest_s, 1),
                      "segment_s": round(time.perf_counter() - start - ingest_s, 1),
                      "peak_rss_ingest": ingest_rss, "peak_rss": rss()}))
    """
)


def _measure(paths: list[Path], *, segment: bool) -> dict[str, float]:
    flag = "--segment" if segment else "--no-segment"
    argv = [sys.executable, "-c", MEASURE, flag, *map(str, paths)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _write_repeated(path: Path, unit: bytes, size: int) -> None:
    block = unit * max(1, (1 << 20) // len(unit))
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)


@pytest.mark.slow
def test_200mb_tsv_ingest_and_segmentation_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.tsv"
    _write_repeated(big, ROW, 200 << 20)
    figures = _measure([big], segment=True)
    print("200 MB TSV:", figures)
    assert figures["units"] == big.stat().st_size // len(ROW)
    assert figures["segments"] >= 2 * figures["units"]
    assert figures["peak_rss"] < TSV_INGEST_MAX * figures["bytes"]


@pytest.mark.slow
def test_200mb_two_documents_ingest_under_4x(tmp_path: Path) -> None:
    en, ar = tmp_path / "en.txt", tmp_path / "ar.txt"
    _write_repeated(en, f"{EN} {EN2} {EN}\n\n".encode(), 100 << 20)
    _write_repeated(ar, f"{AR} {AR2} {AR}\n\n".encode(), 100 << 20)
    figures = _measure([en, ar], segment=False)
    print("2 x 100 MB documents:", figures)
    assert figures["peak_rss_ingest"] < DOCUMENTS_INGEST_MAX * figures["bytes"]


@pytest.mark.slow
def test_full_cli_check_on_2mb(tmp_path: Path) -> None:
    """The whole pipeline (hashing encoder) on 2 MB; 5 MB takes ~30-50 s on 2 cores, so CI runs 2 MB."""
    data = tmp_path / "two.tsv"
    rows = [f"{EN} Item {i} costs {i * 3} dollars.\t{AR} البند {i} يكلف {i * 3} دولار.\n" for i in range(40_000)]
    data.write_text("".join(rows)[: 2 << 20].rsplit("\n", 1)[0] + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = check_cli(data, "-o", out)
    assert code == 0, err
    for line in out.read_text(encoding="utf-8").split("\n")[:-1]:
        json.loads(line)


def test_single_1mb_line_ingest_and_segmentation() -> None:
    """A 1 MB line of words and a 1 MB "word" without spaces: read and segmented, offsets intact."""
    words = (" ".join(["officials", "said", "3", "talks"]) + " ") * (1 << 20 // 32)
    for src in (words[: 1 << 20], "W" * (1 << 20)):
        bitext = read_bitext(f"{src}\t{AR}\n".encode(), "line.tsv")
        assert bitext.src.unit_text(0) == src.strip()
        spans = get_segmenter("rules").split_text(bitext.src.text, "en")
        assert spans and all(0 <= s.start < s.end <= len(bitext.src.text) for s in spans)


@pytest.mark.slow
def test_single_1mb_line_through_the_cli(tmp_path: Path) -> None:  # the omission check used to be quadratic here
    data = tmp_path / "line.tsv"
    data.write_text(f"{'officials said 3 talks ' * 45_000}\t{AR * 4000}\n", encoding="utf-8")
    assert check_cli(data)[0] == 0


def test_100k_one_word_lines_page_is_a_clear_error(tmp_path: Path) -> None:
    """A "page" of 100k one-word lines is not a news page: one clear line, quickly."""
    page = tmp_path / "words.txt"
    page.write_text("\n".join("talks\nالمحادثات" for _ in range(50_000)) + "\n", encoding="utf-8")
    assert_one_line_error(*check_cli(page), contains="one language only")


@pytest.mark.slow
def test_100k_one_word_lines_parallel_alignment(tmp_path: Path) -> None:
    en, ar = tmp_path / "en.txt", tmp_path / "ar.txt"
    en.write_text("\n".join(["talks", "Monday", "capital", "officials"] * 25_000) + "\n", encoding="utf-8")
    ar.write_text("\n".join(["المحادثات", "الاثنين", "العاصمة", "مسؤولين"] * 25_000) + "\n", encoding="utf-8")
    out = tmp_path / "out.beads"
    code, _, err = check_cli(en, ar, "--parallel", "--format", "beads", "-o", out, command="align")
    assert code == 0, err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 100_000
