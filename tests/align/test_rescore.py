"""Second-encoder pass: unsure stretches, their sentence spans, joined vectors and the re-aligned beads."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.align import AlignParams, align_vectors
from aligner.align.overlaps import embed_overlaps
from aligner.align.rescore import (
    SecondPass,
    _span,
    bead_margins,
    encode_unique,
    joined,
    second_pass,
    second_vectors,
    stretch_band,
    unsure_stretches,
    window_texts,
)
from aligner.embed.hashing import HashingEncoder

SRC = [f"Satz {k}: der Hund {k} schläft im Garten {k * 7}." for k in range(8)]
TGT = [f"Phrase {k}: le chien {k} dort au jardin {k * 7}." for k in range(8)]


def test_signature_names_every_setting():
    sig = SecondPass(weight=0.3, centre=True, windows=2, sure=0.05, context=1).signature()
    assert sig == "second.v1(w=0.30,centre,win=2,sure=0.05,ctx=1)"
    assert "sure=inf" in SecondPass(sure=float("inf")).signature()
    with pytest.raises(ValueError):
        SecondPass(weight=1.5)


def test_unsure_stretches_widen_and_merge():
    margins = np.array([0.3, 0.3, np.nan, 0.3, 0.3, 0.3, 0.01, 0.3, 0.3, 0.3])
    unsure = ~(margins >= 0.1)
    assert unsure_stretches(unsure, 1) == [(1, 4), (5, 8)]
    assert unsure_stretches(unsure, 2) == [(0, 9)]
    assert unsure_stretches(~(margins >= 0.0), 0) == [(2, 3)]
    assert unsure_stretches(np.zeros(4, dtype=bool), 1) == []


def test_span_covers_deletions_and_many_to_many():
    beads = [((0,), (0,)), ((1,), ()), ((), (1,)), ((2, 3), (2,)), ((4,), (3, 4))]
    assert _span(beads, 1, 3) == (1, 2, 1, 2)
    assert _span(beads, 3, 5) == (2, 5, 2, 5)
    assert _span(beads, 0, 5) == (0, 5, 0, 5)


def test_joined_vectors_mix_the_cosines_by_weight():
    rng = np.random.default_rng(0)

    def unit(x):
        return x / np.linalg.norm(x, axis=-1, keepdims=True)

    a1, b1 = unit(rng.normal(size=(1, 3, 8))), unit(rng.normal(size=(1, 3, 8)))
    a2, b2 = unit(rng.normal(size=(1, 3, 5))), unit(rng.normal(size=(1, 3, 5)))
    ja, jb = joined(a1, a2, 0.25), joined(b1, b2, 0.25)
    want = 0.75 * np.einsum("knd,knd->kn", a1, b1) + 0.25 * np.einsum("knd,knd->kn", a2, b2)
    assert np.allclose(np.einsum("knd,knd->kn", ja, jb), want, atol=1e-6)


def test_second_vectors_encode_windows_up_to_the_setting():
    enc = HashingEncoder()
    setting = SecondPass(windows=2)
    texts = [t for side in (SRC[:4], TGT[:5]) for layer in window_texts(side, 3, setting) for t in layer]
    vecs = encode_unique(enc, texts)
    assert len(vecs) == 4 + 3 + 5 + 4
    sv, tv = second_vectors(SRC[:4], TGT[:5], vecs, 3, setting)
    assert sv.shape == (3, 4, enc.dim) and tv.shape == (3, 5, enc.dim)
    assert np.allclose(sv[1, 0], enc.encode([SRC[0] + " " + SRC[1]])[0], atol=1e-6)
    assert np.allclose(np.linalg.norm(sv, axis=2), 1.0, atol=1e-5)
    mean = np.mean([vecs[t] for t in SRC[:4] + TGT[:5]], axis=0)
    cs, _ = second_vectors(SRC[:4], TGT[:5], vecs, 3, setting, mean)
    want = vecs[SRC[0]] - mean
    assert np.allclose(cs[0, 0], want / np.linalg.norm(want), atol=1e-5)


def test_stretch_band_pins_sure_beads_and_opens_free_runs():
    path = [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,))]
    lo, hi = stretch_band(path, np.array([False, True, True, False]), 5)
    assert lo.tolist() == [0, 1, 1, 1, 5] and hi.tolist() == [0, 4, 4, 4, 5]


def test_second_pass_keeps_sure_beads_and_realigns_the_rest():
    enc = HashingEncoder()
    params = AlignParams(max_overlap=2)
    sv, tv = embed_overlaps(SRC, enc, 2, mode="embed"), embed_overlaps(TGT, enc, 2, mode="embed")
    beads = align_vectors(sv, tv, [len(t) for t in SRC], [len(t) for t in TGT], params)
    assert beads == [((k,), (k,)) for k in range(8)]
    margins = bead_margins(beads, sv, tv)
    assert margins.shape == (8,) and np.isfinite(margins).all()
    out, encoded = second_pass(beads, sv, tv, SRC, TGT, enc, params, SecondPass(sure=float("inf")))
    assert out == beads and encoded == 16
    # every bead unsure: one stretch, all 16 sentences encoded, nothing lost or duplicated
    out, encoded = second_pass(beads, sv, tv, SRC, TGT, enc, params, SecondPass(sure=float(margins.max()) + 1))
    assert out == beads and encoded == 16
    # one unsure bead (the weakest) with one pinned bead either side: 3 + 3 sentences encoded
    weakest = int(np.argmin(margins))
    sure = (float(np.sort(margins)[0]) + float(np.sort(margins)[1])) / 2
    out, encoded = second_pass(beads, sv, tv, SRC, TGT, enc, params, SecondPass(sure=sure, context=1))
    assert out == beads and encoded == 2 * len(range(max(0, weakest - 1), min(8, weakest + 2)))
    out, encoded = second_pass(beads, sv, tv, SRC, TGT, enc, params, SecondPass(sure=-1.0))
    assert out == beads and encoded == 0
