from __future__ import annotations

import numpy as np
import pytest

from aligner.align import AlignParams, align_segments, align_vectors, lexical
from aligner.align.cost import bead_types
from aligner.align.dp import band_from_anchors, full_band
from aligner.align.lexical import LexicalScorer, confident_beads, lexical_costs, transpose_band, with_addend
from aligner.align.model1 import Vocab, tokenize, train_model1
from aligner.align.overlaps import mean_overlap_vectors
from aligner.embed.hashing import HashingEncoder
from aligner.model import Segment, Span

DIM = 48
WORDS = [f"w{k:02d}" for k in range(60)]


def cipher(word: str) -> str:
    """The target 'language': every word has one fixed, differently spelt translation."""
    return "q" + word[::-1]


def bitext(n: int, seed: int) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    src = [" ".join(rng.choice(WORDS, size=6, replace=False)) for _ in range(n)]
    return src, [" ".join(cipher(w) for w in s.split()) for s in src]


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def test_model1_learns_the_translation_pairs():
    pairs = [
        ("das haus", "la maison"),
        ("das buch", "le livre"),
        ("ein buch", "un livre"),
        ("ein haus", "une maison"),
        ("das kleine haus", "la petite maison"),
        ("ein kleines buch", "un petit livre"),
    ]
    sv, tv = Vocab(), Vocab()
    enc = [(sv.encode(tokenize(a)), tv.encode(tokenize(b))) for a, b in pairs]
    table = train_model1(enc, len(sv), len(tv), iterations=10)
    t = table.t.toarray()
    for de, fr in (("haus", "maison"), ("buch", "livre")):
        row = t[sv.ids[de]]
        assert int(np.argmax(row)) == tv.ids[fr]
    assert np.allclose(t[1:].sum(axis=1), 1.0)  # every seen word's distribution is normalised
    again = train_model1(enc, len(sv), len(tv), iterations=10).t.toarray()
    assert np.array_equal(t, again)  # deterministic


def test_tokenize_normalises_arabic_and_strips_punctuation():
    assert tokenize("Das Haus, (1984)!") == ["das", "haus", "1984"]
    assert tokenize("والكتاب ٣") == ["كتاب", "3"]
    assert tokenize("maisonnette", stem=5) == ["maiso"]


def test_band_scores_prefer_the_true_pairs():
    src, tgt = bitext(12, seed=1)
    sv, tv = Vocab(), Vocab()
    st = [sv.encode(tokenize(s)) for s in src]
    tt = [tv.encode(tokenize(t)) for t in tgt]
    train = list(zip(st, tt, strict=True))
    fwd = train_model1(train, len(sv), len(tv)).t
    bwd = train_model1([(f, e) for e, f in train], len(tv), len(sv)).t
    types = bead_types(2, 2)
    lo, hi = full_band(12, 12)
    scorer = LexicalScorer(st, tt, fwd, bwd, types, lo, hi)
    one = types.index((1, 1))
    for i in range(12):
        row = [scorer.cell(i + 1, j + 1, one) for j in range(12)]
        assert int(np.argmax(row)) == i
    # a 2-1 bead holding an extra source sentence scores below the true 1-1 bead
    assert scorer.cell(3, 2, types.index((2, 1))) < scorer.cell(3, 3, one)


def test_transpose_band_inverts_rows_and_columns():
    lo, hi = np.array([0, 0, 1, 3]), np.array([1, 2, 4, 4])
    rlo, rhi = transpose_band(lo, hi, 4)
    for j in range(5):
        rows = [i for i in range(4) if lo[i] <= j <= hi[i]]
        assert (rlo[j], rhi[j]) == (min(rows), max(rows))


def confusable(n: int = 24, seed: int = 0, bad: int = 12):
    """Vectors that align 1-1 except at ``bad``, whose target looks like the next source sentence, and texts
    (a word cipher) that say the truth."""
    rng = np.random.default_rng(seed)
    src_texts, tgt_texts = bitext(n, seed)
    meaning = unit(rng.normal(size=(n, DIM)))
    src = meaning
    tgt = unit(meaning + 0.25 * unit(rng.normal(size=(n, DIM))))
    tgt[bad] = unit(0.2 * meaning[bad] + meaning[bad + 1])
    k = 2
    return mean_overlap_vectors(src, k), mean_overlap_vectors(tgt, k), src_texts, tgt_texts


def test_lexical_pass_fixes_what_the_embeddings_get_wrong():
    sv, tv, st, tt = confusable()
    lens = [len(s) for s in st], [len(t) for t in tt]
    gold = [((i,), (i,)) for i in range(len(st))]
    base = AlignParams(max_overlap=2, max_total=4, full_below=10**6, lexical=0.0)
    first = align_vectors(sv, tv, *lens, base, texts=(st, tt))
    assert ((12, 13), (12, 13)) in first  # embeddings alone merge the confusable sentence with its neighbour
    lex = AlignParams(max_overlap=2, max_total=4, full_below=10**6, lexical=0.5)
    assert align_vectors(sv, tv, *lens, lex, texts=(st, tt)) == gold
    assert align_vectors(sv, tv, *lens, lex) == first  # no texts: one pass


def test_lexical_costs_need_confident_beads():
    sv, tv, st, tt = confusable(n=6, bad=3)
    types = bead_types(2, 2)
    lo, hi = full_band(6, 6)
    assert lexical_costs(st, tt, [((0,), (0,))], sv[0], tv[0], types, lo, hi, weight=0.5) is None
    beads = [((i,), (i,)) for i in range(6)]
    assert len(confident_beads(beads, sv[0], tv[0], 0.05)) >= 4
    lex = lexical_costs(st, tt, beads, sv[0], tv[0], types, lo, hi, weight=0.5)
    assert lex is not None and lex.src_best.shape == (7,) and lex.tgt_best.max() == 1.0 >= lex.tgt_best.min() >= 0
    addend = lex.addend
    assert addend.shape == (len(types), int((hi - lo + 1).sum()))
    costs = with_addend(lambda i, a, b: np.zeros((len(types), b - a + 1)), addend, lo, hi)
    assert costs(2, int(lo[2]), int(hi[2])).shape == (len(types), int(hi[2] - lo[2] + 1))


def test_signature_names_the_lexical_pass():
    assert "lex=" not in AlignParams(lexical=0.0).signature()
    assert "lex=" not in AlignParams().signature()  # off by default (see README: it did not help on test)
    sig = AlignParams(lexical=0.3, lex_conf=0.1, lex_stem=5).signature()
    assert ",lex=m1(0.30,c0.50,conf0.10,it5,stem5,skip0.00)" in sig
    assert sig != AlignParams(lexical=0.2, lex_conf=0.1, lex_stem=5).signature()
    for bad in ({"lexical": -0.1}, {"lex_iter": 0}, {"lex_stem": -1}):
        with pytest.raises(ValueError):
            AlignParams(**bad)


def seg(doc: str, i: int, text: str) -> Segment:
    return Segment(doc_id=doc, index=i, span=Span(0, len(text)), text=text)


@pytest.mark.parametrize("weight", [0.0, 0.3])
def test_align_segments_runs_the_lexical_pass(weight: float):
    src = [seg("s", i, f"Sentence number {i} about topic {i * 7}.") for i in range(8)]
    tgt = [seg("t", i, f"Satz Nummer {i} über Thema {i * 7}.") for i in range(8)]
    pairs = align_segments(src, tgt, HashingEncoder(), AlignParams(lexical=weight))
    assert [(p.src, p.tgt) for p in pairs] == [((i,), (i,)) for i in range(8)]


def brute_logp(e_sents, f_sents, table: np.ndarray, null: np.ndarray) -> float:
    """Per-word Model 1 log-prob of the f sentences given the e sentences, word by word (the reference)."""
    e = np.concatenate([*e_sents, np.zeros(0, np.int64)])
    f = np.concatenate([*f_sents, np.zeros(0, np.int64)])
    total = sum(np.log(max(table[e, w].sum() + null[w], lexical.EPS)) - np.log(e.size + 1) for w in f)
    return total / f.size


def test_band_scores_match_a_word_by_word_reference_on_a_narrow_band():
    src, tgt = bitext(14, seed=5)
    tgt = [*tgt[:5], tgt[5] + " " + tgt[6], *tgt[7:]]  # a 1-2 bead: a band that bends
    sv, tv = Vocab(), Vocab()
    st = [sv.encode(tokenize(s)) for s in src]
    tt = [tv.encode(tokenize(t)) for t in tgt]
    train = [(st[i], tt[i]) for i in range(5)]
    fwd = train_model1(train, len(sv), len(tv)).t
    bwd = train_model1([(f, e) for e, f in train], len(tv), len(sv)).t
    types = bead_types(3, 2)
    n, m = len(st), len(tt)
    lo, hi = band_from_anchors([(i, i) for i in range(1, 6)] + [(i, i - 1) for i in range(7, n)], n, m, 2)
    scorer = LexicalScorer(st, tt, fwd, bwd, types, lo, hi)
    pf, pb = (lexical._pruned(t).toarray() for t in (fwd, bwd))
    nf, nb = (np.asarray(t[0].todense()).ravel() for t in (fwd, bwd))
    checked = 0
    for i in range(n + 1):
        for j in range(int(lo[i]), int(hi[i]) + 1):
            for k, (a, b) in enumerate(types):
                if i < a or j < b:
                    continue
                es, fs = st[i - a : i], tt[j - b : j]
                want = (brute_logp(es, fs, pf, nf) + brute_logp(fs, es, pb, nb)) / 2
                assert scorer.cell(i, j, k) == pytest.approx(want, rel=1e-4, abs=1e-4), (i, j, a, b)
                checked += 1
    assert checked > 200
