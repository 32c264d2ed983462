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
