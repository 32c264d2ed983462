"""Catalogue: memory amplification of pairs, align, score and report on a parallel file (hardening item 6).

On a file of many one-word pairs these commands built the whole document (units, segments, pairs, issues, scores):
``aligner pairs --all-items`` on a 5 MB one-word TSV peaked at 810 MB, 122x the file over a 100-unit run. They now
run a block of pairs at a time (aligner/chunked_commands.py, aligner/report/chunked.py). Measured as
evaluation/memory_bench.py does (a fresh process under a tiny wrapper). Small files also pay a bounded constant
(word caches, encoder batches) that a 100-unit run never fills, so what is asserted is the marginal growth between
two file sizes: the extra peak over the extra bytes, which is what a large file pays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.memory_bench import command, peak_mb, write_units

MAX_MARGINAL = 10.0  # extra peak RSS <= 10x the extra input bytes (the whole-file runs: ~120x)
SIZES = (20_000, 140_000)  # one-word TSV rows: ~0.3 and ~2 MB


@pytest.mark.parametrize("name", ["pairs", "align", "score", "report", "report-xlsx"])
def test_marginal_growth_on_one_word_rows_stays_under_10x(tmp_path: Path, name: str) -> None:
    figures = []
    for units in SIZES:
        path = write_units(tmp_path / f"words{units}.tsv", "tsv", units)
        peak, _ = peak_mb(command(name, path, tmp_path / "out", "hashing"))
        figures.append((path.stat().st_size, peak))
    (small, low), (large, high) = figures
    marginal = (high - low) * (1 << 20) / (large - small)
    print(f"aligner {name}, one-word TSV {small >> 10} -> {large >> 10} KB: marginal growth {marginal:.1f}x")
    assert marginal <= MAX_MARGINAL
