"""overlap_mode="pooled": falls back to "embed" for encoders without token pooling, and validates as a mode."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.align import AlignParams, align_segments
from aligner.align.overlaps import OVERLAP_MODES, embed_overlaps, pooling_encoder
from aligner.embed.cache import CachedEncoder
from tests.align.test_segments import SENTS, segs


def test_pooled_is_a_known_mode():
    assert "pooled" in OVERLAP_MODES
    assert "ov=pooled" in AlignParams(overlap_mode="pooled").signature()


@pytest.mark.parametrize("max_overlap", [1, 2, 4])
def test_pooled_falls_back_to_embed_vectors(fake_encoder, max_overlap):
    assert pooling_encoder(fake_encoder) is None
    pooled = embed_overlaps(SENTS, fake_encoder, max_overlap, mode="pooled")
    embed = embed_overlaps(SENTS, fake_encoder, max_overlap, mode="embed")
    np.testing.assert_array_equal(pooled, embed)


def test_pooled_falls_back_to_embed_beads(fake_encoder):
    tgt = [SENTS[0], SENTS[1] + " " + SENTS[2], SENTS[4]]
    got = {
        mode: [
            (p.src, p.tgt)
            for p in align_segments(segs(SENTS, "a"), segs(tgt, "b"), fake_encoder, AlignParams(overlap_mode=mode))
        ]
        for mode in ("pooled", "embed")
    }
    assert got["pooled"] == got["embed"] == [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]


def test_pooling_encoder_unwraps_cache(fake_encoder):
    class Pooler:
        supports_pooling = True

        def pooled_parts(self, texts):  # pragma: no cover - never called here
            raise AssertionError

    assert pooling_encoder(CachedEncoder(fake_encoder)) is None
    wrapped = CachedEncoder.__new__(CachedEncoder)
    wrapped.inner = Pooler()
    assert isinstance(pooling_encoder(wrapped), Pooler)


def test_pooled_empty_input(fake_encoder):
    assert embed_overlaps([], fake_encoder, 3, mode="pooled").shape == (3, 0, fake_encoder.dim)


def test_overlap_vectors_hold_all_layers_without_pooling(fake_encoder):
    from aligner.align import overlap_vectors

    p = AlignParams()
    vecs, extra = overlap_vectors(SENTS, fake_encoder, p)
    assert extra is None and vecs.shape[0] == p.layers == 5


@pytest.mark.slow
def test_on_demand_pooled_windows_equal_the_full_layer(default_encoder):
    from pathlib import Path

    from aligner.align import overlap_vectors
    from aligner.align.overlaps import PooledWindows, pooled_overlap_vectors

    ntrex = Path(__file__).resolve().parents[2] / "evaluation" / "data" / "ntrex-en-ar"
    texts = (ntrex / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:60]
    full = pooled_overlap_vectors(texts, default_encoder, 5)
    vecs, extra = overlap_vectors(texts, default_encoder, AlignParams())
    assert isinstance(extra, PooledWindows) and vecs.shape[0] == 4
    np.testing.assert_array_equal(vecs, full[:4])  # the DP's layers are the very same
    for first in range(0, len(texts) - 5, 3):
        for size in (5, 6):
            want = (
                full[4, first]
                if size == 5
                else pooled_overlap_vectors(texts[first : first + 6], default_encoder, 6)[5, 0]
            )
            got = extra(first, size)
            assert got.dtype == np.float32
            np.testing.assert_allclose(got, want, atol=1e-6)  # equal up to float rounding (own sums, not a chunk's)
    assert extra(0, 5) is extra(0, 5)  # cached
