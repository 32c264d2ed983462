"""Bounded alignment memory: chunked pooled overlaps equal the one-shot ones; float16 storage for long documents."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.align import AlignParams, align_vectors
from aligner.align.dp import Float32Rows
from aligner.align.overlaps import COMPACT_FROM, mean_overlap_vectors, pooled_overlap_vectors, storage_dtype


def _docs(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, 64)).astype(np.float32)
    keep = np.sort(rng.choice(n, size=n - n // 10, replace=False))
    tgt = src[keep] + 0.3 * rng.normal(size=(keep.size, 64)).astype(np.float32) / 8
    lens = rng.integers(30, 200, size=n).astype(float)
    return src, tgt, lens, lens[keep] * 1.1


def test_storage_dtype_switches_at_compact_from():
    assert storage_dtype(COMPACT_FROM - 1) is np.float32
    assert storage_dtype(COMPACT_FROM) is np.float16


def test_float16_storage_gives_the_same_beads_here():
    src, tgt, sl, tl = _docs(600)
    sv, tv = mean_overlap_vectors(src, 4), mean_overlap_vectors(tgt, 4)
    p = AlignParams()
    full = align_vectors(sv, tv, sl, tl, p)
    half = align_vectors(sv.astype(np.float16), tv.astype(np.float16), sl, tl, p)
    assert half == full


@pytest.mark.parametrize("chunk", [1, 3, 7, 1000])
def test_chunked_pooled_overlaps_equal_one_shot(default_encoder, chunk):
    texts = [f"Sentence number {i} says something about the weather in town {i % 5}." for i in range(12)]
    whole = pooled_overlap_vectors(texts, default_encoder, 4, chunk=1000)
    np.testing.assert_allclose(pooled_overlap_vectors(texts, default_encoder, 4, chunk=chunk), whole, atol=2e-6)


def test_float32_rows_follow_an_advancing_range():
    arr = np.arange(40, dtype=np.float16).reshape(20, 2)
    rows = Float32Rows(arr, block=4)
    for a, b in [(0, 3), (2, 6), (5, 5), (7, 19), (18, 20)]:
        got = rows(a, b)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, arr[a:b].astype(np.float32))
