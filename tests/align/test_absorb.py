"""Fragment absorption: a skipped short sentence joins its neighbour bead only when the bead keeps its cosine."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.align import AlignParams, align_vectors
from aligner.align.absorb import absorb_fragments, window_cosine
from aligner.align.overlaps import mean_overlap_vectors


def _unit(rng: np.random.Generator, n: int, d: int = 32) -> np.ndarray:
    x = rng.normal(size=(n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _fragment_case(related: bool) -> tuple[np.ndarray, np.ndarray]:
    """Source 0 = target 0 + target 1 (target 1 a short fragment of it, or unrelated); 2-3 are 1-1 pairs."""
    rng = np.random.default_rng(3)
    base = _unit(rng, 4)
    frag = base[0] if related else _unit(rng, 1)[0]
    src = np.stack([base[0], base[2], base[3]])
    tgt = np.stack([base[0], frag, base[2], base[3]])
    return mean_overlap_vectors(src, 3), mean_overlap_vectors(tgt, 3)


BEADS = [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
SRC_LENS, TGT_LENS = [100, 80, 80], [90, 20, 80, 80]


def test_window_cosine_reads_the_overlap_layer_of_the_window() -> None:
    sv, tv = _fragment_case(True)
    assert np.isclose(window_cosine(sv, tv, (0,), (0, 1)), float(sv[0, 0] @ tv[1, 0]))


def test_a_short_related_fragment_joins_its_neighbour() -> None:
    sv, tv = _fragment_case(True)
    got = absorb_fragments(BEADS, sv, tv, SRC_LENS, TGT_LENS, tolerance=0.035, share=0.3)
    assert got == [((0,), (0, 1)), ((1,), (2,)), ((2,), (3,))]


def test_an_unrelated_fragment_stays_skipped() -> None:
    sv, tv = _fragment_case(False)
    got = absorb_fragments(BEADS, sv, tv, SRC_LENS, TGT_LENS, tolerance=0.035, share=0.3)
    assert got == BEADS


def test_a_long_sentence_stays_skipped_even_when_related() -> None:
    sv, tv = _fragment_case(True)
    long_lens = [100, 80, 80], [90, 90, 80, 80]  # 90 of 180 characters: above the 0.3 share
    assert absorb_fragments(BEADS, sv, tv, *long_lens, tolerance=0.035, share=0.3) == BEADS


def test_no_merge_past_the_overlap_layers() -> None:
    sv, tv = _fragment_case(True)
    got = absorb_fragments(BEADS, sv[:1], tv[:1], SRC_LENS, TGT_LENS, tolerance=1.0, share=1.0)
    assert got == BEADS


def test_align_vectors_applies_it_by_default_and_share_zero_turns_it_off() -> None:
    sv, tv = _fragment_case(True)
    on = align_vectors(sv, tv, SRC_LENS, TGT_LENS, AlignParams(skip="fixed", deletion=0.0))
    off = align_vectors(sv, tv, SRC_LENS, TGT_LENS, AlignParams(skip="fixed", deletion=0.0, absorb_share=0.0))
    covered = sorted(j for _, t in on for j in t)
    assert covered == [0, 1, 2, 3]
    assert not any((s and not t) or (t and not s) for s, t in on)  # nothing left skipped
    assert sum(1 for s, t in off if not s or not t) >= sum(1 for s, t in on if not s or not t)


def test_signature_names_absorption_and_validates_share() -> None:
    assert AlignParams().signature().endswith(",absorb=(0.035,0.30,max5))")
    assert "absorb" not in AlignParams(absorb_share=0.0).signature()
    with pytest.raises(ValueError):
        AlignParams(absorb_share=1.5)
    with pytest.raises(ValueError, match="absorb_max"):
        AlignParams(absorb_max=0)


def test_layers_cover_absorption_only_when_it_is_on() -> None:
    assert AlignParams().layers == 5
    assert AlignParams(max_overlap=6).layers == 6
    assert AlignParams(absorb_share=0.0).layers == 4
    assert AlignParams(max_overlap=2, absorb_max=3).layers == 3


def _long_bead_case() -> tuple[np.ndarray, np.ndarray, list[int], list[int]]:
    """Source 0 = target 0..3 (a 1-4 bead) plus a short related target fragment 4; then two 1-1 pairs."""
    rng = np.random.default_rng(5)
    base = _unit(rng, 7)
    whole = base[:4].sum(axis=0)
    whole /= np.linalg.norm(whole)
    src = np.stack([whole, base[5], base[6]])
    tgt = np.stack([base[0], base[1], base[2], base[3], whole, base[5], base[6]])
    return mean_overlap_vectors(src, 5), mean_overlap_vectors(tgt, 5), [400, 80, 80], [90, 90, 90, 90, 20, 80, 80]


def test_absorption_grows_a_bead_past_max_overlap_up_to_absorb_max() -> None:
    sv, tv, sl, tl = _long_bead_case()
    beads = [((0,), (0, 1, 2, 3)), ((), (4,)), ((1,), (5,)), ((2,), (6,))]
    assert absorb_fragments(beads, sv, tv, sl, tl, tolerance=0.1, share=0.3)[0] == ((0,), (0, 1, 2, 3, 4))
    assert absorb_fragments(beads, sv[:4], tv[:4], sl, tl, tolerance=0.1, share=0.3) == beads  # 4 layers: no


def test_the_dp_reads_max_overlap_layers_and_absorption_the_rest() -> None:
    sv, tv, sl, tl = _long_bead_case()
    off = AlignParams(skip="fixed", deletion=0.0, absorb_share=0.0)
    assert align_vectors(sv, tv, sl, tl, off) == align_vectors(sv[:4], tv[:4], sl, tl, off)  # extra layer unused
    on = AlignParams(skip="fixed", deletion=0.0, absorb=0.1)
    four = AlignParams(skip="fixed", deletion=0.0, absorb=0.1, absorb_max=4)
    split = [((), (0,)), ((0,), (1, 2, 3, 4)), ((1,), (5,)), ((2,), (6,))]
    assert align_vectors(sv, tv, sl, tl, four) == split  # the 1-4 bead cannot take target 0
    assert align_vectors(sv, tv, sl, tl, on) == [((0,), (0, 1, 2, 3, 4)), ((1,), (5,)), ((2,), (6,))]


def test_windows_past_the_layers_come_from_extra_on_demand() -> None:
    sv, tv, sl, tl = _long_bead_case()
    beads = [((0,), (0, 1, 2, 3)), ((), (4,)), ((1,), (5,)), ((2,), (6,))]
    asked: list[tuple[int, int]] = []

    def fifth(first: int, size: int) -> np.ndarray:
        asked.append((first, size))
        return tv[size - 1, first]

    full = absorb_fragments(beads, sv, tv, sl, tl, tolerance=0.1, share=0.3)
    lazy = absorb_fragments(
        beads, sv[:4], tv[:4], sl, tl, tolerance=0.1, share=0.3, extra=(None, fifth), limit=(5, 5)
    )  # fmt: skip
    assert lazy == full and full[0] == ((0,), (0, 1, 2, 3, 4))
    assert asked and all(size == 5 for _, size in asked)  # only the windows the stored layers lack
    no_src = absorb_fragments(
        beads, sv[:4], tv[:4], sl, tl, tolerance=0.1, share=0.3, extra=(fifth, None), limit=(5, 5)
    )
    assert no_src == beads  # no target source: target windows stop at the 4 stored layers


def test_align_vectors_with_extra_windows_equals_the_full_layers() -> None:
    sv, tv, sl, tl = _long_bead_case()
    on = AlignParams(skip="fixed", deletion=0.0, absorb=0.1)
    extra = (lambda i, k: sv[k - 1, i], lambda i, k: tv[k - 1, i])
    assert align_vectors(sv[:4], tv[:4], sl, tl, on, extra=extra) == align_vectors(sv, tv, sl, tl, on)
    assert align_vectors(sv[:4], tv[:4], sl, tl, on)[0] == ((), (0,))  # without them the 1-4 bead stays
