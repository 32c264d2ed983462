from __future__ import annotations

import numpy as np
import pytest

from aligner.align import AlignParams, align_vectors
from aligner.align.cost import BeadScorer, bead_types
from aligner.align.dp import anchor_path, band_from_anchors, banded_dp, full_band
from aligner.align.overlaps import mean_overlap_vectors, overlap_lengths

DIM = 64


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def noisy(v: np.ndarray, rng: np.random.Generator, scale: float = 0.3) -> np.ndarray:
    out = v + scale * rng.normal(size=v.shape).astype(np.float32) / np.sqrt(DIM)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def build(gold: list[tuple[tuple[int, ...], tuple[int, ...]]], seed: int = 0):
    """Make src/tgt sentence vectors and lengths realising ``gold`` beads (meanings shared within a bead)."""
    rng = np.random.default_rng(seed)
    n = sum(len(s) for s, _ in gold)
    m = sum(len(t) for _, t in gold)
    src = np.zeros((n, DIM), dtype=np.float32)
    tgt = np.zeros((m, DIM), dtype=np.float32)
    src_len = np.zeros(n)
    tgt_len = np.zeros(m)
    for s_ids, t_ids in gold:
        parts = unit(rng, max(len(s_ids), len(t_ids)))
        lengths = rng.integers(40, 160, size=parts.shape[0]).astype(float)
        meaning = parts.sum(axis=0)
        for ids, vecs, lens in ((s_ids, src, src_len), (t_ids, tgt, tgt_len)):
            k = len(ids)
            if k == 0:
                continue
            groups = np.array_split(np.arange(parts.shape[0]), k)
            for idx, grp in zip(ids, groups, strict=True):
                v = parts[grp].sum(axis=0) if len(ids) > 1 else meaning
                vecs[idx] = noisy(v[None, :] / np.linalg.norm(v), rng)[0]
                lens[idx] = lengths[grp].sum() if len(ids) > 1 else lengths.sum()
    return src, tgt, src_len, tgt_len


def one_to_one(n: int, start: int = 0):
    return [((i,), (i,)) for i in range(start, start + n)]


CASES = {
    "identity": one_to_one(12),
    "merge_1_2": [*one_to_one(4), ((4,), (4, 5)), *[((i,), (i + 1,)) for i in range(5, 12)]],
    "merge_2_1": [*one_to_one(4), ((4, 5), (4,)), *[((i + 1,), (i,)) for i in range(5, 12)]],
    "deletion_1_0": [*one_to_one(5), ((5,), ()), *[((i + 1,), (i,)) for i in range(5, 12)]],
    "insertion_0_1": [*one_to_one(5), ((), (5,)), *[((i,), (i + 1,)) for i in range(5, 12)]],
    "merge_2_2": [*one_to_one(3), ((3, 4), (3, 4)), *one_to_one(6, 5)],
}


@pytest.mark.parametrize("name", list(CASES))
def test_synthetic_beads(name):
    gold = CASES[name]
    src, tgt, sl, tl = build(gold, seed=len(name))
    params = AlignParams(max_overlap=2)
    beads = align_vectors(mean_overlap_vectors(src, 2), mean_overlap_vectors(tgt, 2), sl, tl, params)
    if name == "merge_2_2":
        # a 2-2 bead of two parallel sentence pairs may legitimately come out as two 1-1 beads
        assert beads[:3] == gold[:3] and beads[-6:] == gold[-6:]
    else:
        assert beads == gold


@pytest.mark.parametrize(("n", "m"), [(0, 0), (0, 3), (4, 0)])
def test_empty_side(n, m):
    src = np.zeros((2, n, DIM), dtype=np.float32)
    tgt = np.zeros((2, m, DIM), dtype=np.float32)
    beads = align_vectors(src, tgt, [10] * n, [10] * m)
    assert beads == [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]


@pytest.mark.parametrize("seed", range(6))
def test_banded_equals_full(seed):
    rng = np.random.default_rng(seed)
    gold = []
    i = j = 0
    for _ in range(40):
        kind = rng.choice(["11", "12", "21", "10", "01"], p=[0.7, 0.1, 0.1, 0.05, 0.05])
        a, b = int(kind[0]), int(kind[1])
        gold.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    src, tgt, sl, tl = build(gold, seed=seed)
    sv, tv = mean_overlap_vectors(src, 3), mean_overlap_vectors(tgt, 3)
    banded = align_vectors(sv, tv, sl, tl, AlignParams(band=3))
    full = align_vectors(sv, tv, sl, tl, AlignParams(full_below=10**9))
    assert banded == full


def test_band_is_linear_and_contains_path():
    rng = np.random.default_rng(1)
    v = unit(rng, 400)
    anchors = anchor_path(v, noisy(v, rng), half_width=50, top_k=3)
    assert len(anchors) > 380
    lo, hi = band_from_anchors(anchors, 400, 400, 4)
    assert lo[0] == 0 and hi[-1] == 400
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
    assert int((hi - lo + 1).max()) < 20


def test_banded_dp_rejects_bad_band():
    lo, hi = full_band(3, 3)
    hi[-1] = 2
    with pytest.raises(ValueError, match="band"):
        banded_dp(3, 3, lo, hi, [(1, 1)], lambda i, a, b: np.zeros((1, b - a + 1)), del_cost=1.0, ins_cost=1.0)


def test_scorer_prefers_true_bead():
    rng = np.random.default_rng(3)
    v = unit(rng, 6)
    lens = np.full(6, 50.0)
    s = mean_overlap_vectors(v, 2)
    scorer = BeadScorer(s, s, lens, lens, bead_types(2, 2), AlignParams().weights())
    costs = scorer.row(3, 0, 6)
    assert int(np.argmin(costs[0])) == 3  # 1-1 bead (2,2) ends at node (3, 3)
    assert np.isinf(costs[0, 0])  # a bead ending at column 0 has no target sentence


@pytest.mark.parametrize("n", [1, 2, 3])
def test_mean_overlaps_on_short_documents(n):
    v = unit(np.random.default_rng(n), n)
    out = mean_overlap_vectors(v, 4)
    assert out.shape == (4, n, DIM)
    np.testing.assert_allclose(out[3, 0], mean_overlap_vectors(v, n)[n - 1, 0], atol=1e-6)


def test_overlap_lengths_count_spaces():
    out = overlap_lengths([3, 4, 5], 2)
    assert out[0].tolist() == [3, 4, 5]
    assert out[1].tolist() == [8, 10, 5]


def test_params_signature_and_validation():
    assert AlignParams().signature().startswith("dp.v3(max=")
    with pytest.raises(ValueError, match="overlap_mode"):
        AlignParams(overlap_mode="bogus")
