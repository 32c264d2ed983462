"""The benchmark's re-implementation of Bertalign's two-step search recovers known alignments (hashing encoder)."""

from __future__ import annotations

import numpy as np

from aligner.align.overlaps import embed_overlaps
from aligner.embed.hashing import HashingEncoder
from evaluation.bertalign_search import (
    BertalignParams,
    bead_types,
    bertalign_align,
    first_band,
    preprocess,
    second_band,
    window_byte_lengths,
)

WORDS = [f"{a}{b}r{a}{b}" for a in "bcdfghklmnp" for b in "aeiou"]  # 55 pseudo-words


def sentences(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, 8)) + f" {i}" for i in range(n)]


def align(src: list[str], tgt: list[str], params: BertalignParams | None = None) -> list:
    enc = HashingEncoder()
    s, t = preprocess(src), preprocess(tgt)
    return bertalign_align(
        embed_overlaps(s, enc, 4),
        embed_overlaps(t, enc, 4),
        window_byte_lengths(s, 4),
        window_byte_lengths(t, 4),
        params,
    )


def test_recovers_a_merge_an_insertion_and_one_to_one_beads() -> None:
    src = sentences(12)
    tgt = [*src[:3], src[3] + " " + src[4], *src[5:8], "zzz qqq www unrelated xyzzy plugh", *src[8:]]
    want = [((i,), (i,)) for i in range(3)]
    want += [((3, 4), (3,))]
    want += [((i,), (i - 1,)) for i in range(5, 8)]
    want += [((), (7,))]
    want += [((i,), (i,)) for i in range(8, 12)]
    assert align(src, tgt) == want


def test_recovers_a_split_and_a_deletion() -> None:
    src = sentences(10, seed=1)
    tgt = [*src[:2], *src[3:6], "", *src[7:]]
    tgt = [*tgt[:4], src[5][:20], src[5][20:], *tgt[5:]]  # src 5 split in two target lines, src 6 a blank line
    got = align(src, tgt)
    assert ((2,), ()) in got  # src 2 has no rendering
    assert ((5,), (4, 5)) in got
    assert [b for b in got if b[0] == (0,)] == [((0,), (0,))]
    assert got[-1] == ((9,), (len(tgt) - 1,))


def test_bead_types_follow_the_reference_order() -> None:
    assert bead_types(3) == [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)]
    assert len(bead_types(5)) == 12


def test_bands_cover_the_end_cell() -> None:
    band = first_band(10, 20, 3, 0.06)
    assert band.shape == (11, 2) and band[0].tolist() == [0, 3] and band[10].tolist() == [17, 20]
    second = second_band([(1, 1), (3, 2)], 1, 4, 4)  # path forced to end at (4, 4)
    assert second.shape == (5, 2) and second[-1].tolist()[1] == 4


def test_empty_side() -> None:
    enc = HashingEncoder()
    src = preprocess(["one", "two"])
    empty = np.zeros((4, 0, enc.dim), dtype=np.float32)
    got = bertalign_align(embed_overlaps(src, enc, 4), empty, window_byte_lengths(src, 4), np.zeros((4, 0)))
    assert got == [((0,), ()), ((1,), ())]
