from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.align import AlignParams, align_segments
from aligner.model import Segment, Span

NTREX = Path(__file__).resolve().parents[2] / "evaluation" / "data" / "ntrex-en-ar"


def segs(texts: list[str], doc: str) -> list[Segment]:
    out, pos = [], 0
    for i, t in enumerate(texts):
        out.append(Segment(doc_id=doc, index=i, span=Span(pos, pos + len(t)), text=t))
        pos += len(t) + 1
    return out


SENTS = [
    "The council approved the 2024 budget on Monday.",
    "Spending on schools rises by 4 percent.",
    "Critics said the plan ignores rural roads.",
    "The mayor promised a review in March.",
    "Turnout at the meeting was 312 residents.",
]


@pytest.mark.parametrize("mode", ["embed", "mean"])
def test_pairs_ids_texts_and_similarity(fake_encoder, mode):
    tgt = [SENTS[0], SENTS[1] + " " + SENTS[2], SENTS[4]]  # 1-2 merge and a dropped sentence
    pairs = align_segments(segs(SENTS, "a"), segs(tgt, "b"), fake_encoder, AlignParams(overlap_mode=mode))
    assert [p.id for p in pairs] == [f"p{k}" for k in range(len(pairs))]
    assert [(p.src, p.tgt) for p in pairs] == [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
    assert pairs[1].src_text == SENTS[1] + " " + SENTS[2]
    assert pairs[2].similarity is None and pairs[2].tgt_text == ""
    assert pairs[0].similarity == pytest.approx(1.0, abs=1e-5)


def test_empty_documents(fake_encoder):
    pairs = align_segments(segs(SENTS[:2], "a"), [], fake_encoder)
    assert [(p.src, p.tgt, p.similarity) for p in pairs] == [((0,), (), None), ((1,), (), None)]


@pytest.mark.slow
def test_real_encoder_on_perturbed_ntrex(default_encoder):
    en = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:24]
    ar = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()[:24]
    src = [*en[:10], en[10] + " " + en[11], *en[12:]]  # src 10 <-> tgt 10, 11
    tgt = ar[:18] + ar[19:]  # en 18 (src 17) has no rendering
    pairs = align_segments(segs(src, "en"), segs(tgt, "ar"), default_encoder)
    beads = [(p.src, p.tgt) for p in pairs]
    expected = [((i,), (i,)) for i in range(10)] + [((10,), (10, 11))]
    expected += [((i - 1,), (i,)) for i in range(12, 18)] + [((17,), ())]
    expected += [((i - 1,), (i - 1,)) for i in range(19, 24)]
    assert beads == expected


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["pooled", "mean"])
def test_sentence_vectors_are_the_encoders_own(default_encoder, mode):
    vectors: dict = {}
    tgt = SENTS[::-1]
    align_segments(
        segs(SENTS, "a"), segs(tgt, "b"), default_encoder, AlignParams(overlap_mode=mode), sentence_vectors=vectors
    )
    assert sorted(vectors) == sorted(SENTS)
    assert np.allclose(np.stack([vectors[t] for t in SENTS]), default_encoder.encode(SENTS), atol=1e-6)
