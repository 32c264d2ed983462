"""Bead costs: the block-vectorised BeadScorer against a per-cell reference written from the cost's definition."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aligner.align.cost import BeadScorer, CostWeights, bead_types, gale_church_nll
from aligner.align.dp import full_band
from aligner.align.overlaps import mean_overlap_vectors

WEIGHTS = {
    "default": CostWeights(margin=0.75),
    "no margin": CostWeights(margin=0.0),
    "hub, gc, many": CostWeights(margin=0.5, hub=0.3, gc=0.1, many=0.2),
    "vecalign form": CostWeights(form="vecalign", length=0.0),
}


def unit(rng: np.random.Generator, n: int, dim: int = 16) -> np.ndarray:
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def reference(scorer: BeadScorer, i: int, j: int, a: int, b: int) -> float:
    """Cost of bead (a, b) ending at node (i, j), cell by cell from CostWeights' definition."""
    w, n, m = scorer.w, scorer.n, scorer.m
    s0, t0 = i - a, j - b
    if s0 < 0 or t0 < 0 or t0 >= m:
        return math.inf
    sv, tv = scorer.src[a - 1, s0], scorer.tgt[b - 1, t0]
    score = float(sv @ tv)
    if w.margin:
        t_nb = [float(sv @ scorer.tgt[0, x]) for x in (t0 - 1, t0 + b) if 0 <= x < m]
        s_nb = [float(tv @ scorer.src[0, y]) for y in (s0 - 1, s0 + a) if 0 <= y < n]
        tn = sum(t_nb) / len(t_nb) if t_nb else 0.0
        sn = sum(s_nb) / len(s_nb) if s_nb else 0.0
        score -= w.margin * (tn + sn) / 2
    hub = 0.0
    if w.hub or w.form == "vecalign":
        hub = (scorer.src_hub[a - 1, s0] + scorer.tgt_hub[b - 1, t0]) / 2
        score -= w.hub * hub
    sl, tl = scorer.src_len[a - 1, s0], scorer.tgt_len[b - 1, t0]
    if w.gc:
        score -= w.gc * float(gale_church_nll(sl, np.array(tl)))
    factor = math.log2(1 + (min(sl, tl) / max(sl, tl) if max(sl, tl) > 0 else 1.0)) ** w.length if w.length else 1.0
    if w.form == "vecalign":
        return a * b * (1 - score) / max(1 - hub, 1e-3) / max(factor, 1e-3) + max(0, a + b - 2) * w.many
    return -score * factor + max(0, a + b - 2) * w.many


@pytest.mark.parametrize("weights", WEIGHTS.values(), ids=WEIGHTS.keys())
@pytest.mark.parametrize(("n", "m", "k"), [(1, 1, 1), (1, 4, 2), (4, 1, 2), (6, 8, 3), (9, 7, 4)])
def test_block_costs_match_the_per_cell_definition(weights, n, m, k):
    rng = np.random.default_rng(n * 10 + m)
    src, tgt = mean_overlap_vectors(unit(rng, n), k), mean_overlap_vectors(unit(rng, m), k)
    src_lens, tgt_lens = rng.integers(1, 120, n).astype(float), rng.integers(1, 120, m).astype(float)
    types = bead_types(min(k, n), min(k, m), max_total=5)
    scorer = BeadScorer(src, tgt, src_lens, tgt_lens, types, weights)
    want = np.array([[[reference(scorer, i, j, a, b) for j in range(m + 1)] for i in range(n + 1)] for a, b in types])
    got = scorer.block(0, n + 1, 0, m)
    np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
    np.testing.assert_allclose(got[np.isfinite(got)], want[np.isfinite(want)], atol=1e-5)


@pytest.mark.parametrize("cells", [1, 7, 64, 4096])
def test_banded_rows_equal_single_rows_for_any_block_size(cells):
    rng = np.random.default_rng(cells)
    n, m = 30, 26
    src, tgt = mean_overlap_vectors(unit(rng, n), 3), mean_overlap_vectors(unit(rng, m), 3)
    scorer = BeadScorer(src, tgt, np.full(n, 40.0), np.full(m, 44.0), bead_types(3, 3), CostWeights())
    lo, hi = full_band(n, m)
    lo[1:] = np.clip(np.arange(1, n + 1) - 6, 0, m)  # a narrower monotone band
    hi[:-1] = np.clip(np.arange(n) + 6, 0, m)
    rows = scorer.banded(lo, hi, cells=cells)
    for i in range(1, n + 1):
        np.testing.assert_allclose(rows(i, lo[i], hi[i]), scorer.row(i, lo[i], hi[i]), atol=1e-6)


def test_banded_rows_asked_out_of_order_or_again_are_computed_on_the_spot():
    rng = np.random.default_rng(3)
    n, m = 30, 26
    src, tgt = mean_overlap_vectors(unit(rng, n), 3), mean_overlap_vectors(unit(rng, m), 3)
    scorer = BeadScorer(src, tgt, np.full(n, 40.0), np.full(m, 44.0), bead_types(3, 3), CostWeights())
    lo, hi = full_band(n, m)
    rows = scorer.banded(lo, hi, cells=64)  # blocks computed ahead on a thread for rows 1, 2, ... in order
    for i in [5, 1, 2, 2, 30, 3]:
        np.testing.assert_array_equal(rows(i, lo[i], hi[i]), scorer.row(i, lo[i], hi[i]))


def test_a_failing_block_raises_in_the_dp():
    rng = np.random.default_rng(4)
    src, tgt = mean_overlap_vectors(unit(rng, 12), 3), mean_overlap_vectors(unit(rng, 12), 3)
    scorer = BeadScorer(src, tgt, np.full(12, 40.0), np.full(12, 44.0), bead_types(3, 3), CostWeights())
    scorer.block = lambda *args: (_ for _ in ()).throw(MemoryError("block"))  # type: ignore[method-assign]
    lo, hi = full_band(12, 12)
    with pytest.raises(MemoryError):
        scorer.banded(lo, hi, cells=16)(1, lo[1], hi[1])
