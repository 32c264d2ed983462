"""Document-adaptive skip costs: per-sentence 1-0/0-1 costs in the DP, dear for sentences with a strong candidate."""

from __future__ import annotations

import numpy as np

from aligner.align import AlignParams, align_vectors
from aligner.align.adaptive import skip_costs
from aligner.align.dp import banded_dp, full_band
from aligner.align.overlaps import mean_overlap_vectors


def _unit(rng: np.random.Generator, n: int, d: int = 32) -> np.ndarray:
    x = rng.normal(size=(n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_banded_dp_uses_per_row_and_per_column_skip_costs() -> None:
    lo, hi = full_band(2, 2)

    def never(i: int, a: int, b: int) -> np.ndarray:
        return np.full((1, b - a + 1), np.inf)  # no 1-1 bead: only skips

    beads = banded_dp(2, 2, lo, hi, [(1, 1)], never, del_cost=np.array([0, 1.0, 2.0]), ins_cost=np.array([0, 3, 4.0]))
    assert sorted(beads) == sorted([((0,), ()), ((1,), ()), ((), (0,)), ((), (1,))])
    same = banded_dp(2, 2, lo, hi, [(1, 1)], never, del_cost=1.0, ins_cost=1.0)
    assert sorted(same) == sorted(beads)


def test_skip_cost_is_higher_for_a_sentence_with_a_translation() -> None:
    rng = np.random.default_rng(1)
    tgt = _unit(rng, 60)
    src = tgt.copy()
    src[5] = _unit(rng, 1)[0]  # source sentence 5 has no translation
    sv, tv = mean_overlap_vectors(src, 2), mean_overlap_vectors(tgt, 2)
    lo, hi = full_band(60, 60)
    dels, ins = skip_costs(sv, tv, lo, hi, low=0.01, span=0.2, floor_pct=97.0)
    assert dels.shape == (61,) and ins.shape == (61,)
    assert dels[6] < dels[1] and np.isclose(dels[1], 0.21)
    assert np.all((dels[1:] >= 0.01) & (dels[1:] <= 0.21 + 1e-9))


def test_adaptive_and_fixed_skip_align_a_clean_document_alike() -> None:
    rng = np.random.default_rng(2)
    vecs = _unit(rng, 20)
    sv = mean_overlap_vectors(vecs, 2)
    lens = [30] * 20
    fixed = align_vectors(sv, sv, lens, lens, AlignParams(max_overlap=2, skip="fixed"))
    adaptive = align_vectors(sv, sv, lens, lens, AlignParams(max_overlap=2))
    assert adaptive == fixed == [((i,), (i,)) for i in range(20)]
    assert "skip=adaptive(0.00,0.20,p97)" in AlignParams().signature()
    assert "skip=" not in AlignParams(skip="fixed").signature()
