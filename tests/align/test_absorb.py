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
    assert AlignParams().signature().endswith(",absorb=(0.035,0.30))")
    assert "absorb" not in AlignParams(absorb_share=0.0).signature()
    with pytest.raises(ValueError):
        AlignParams(absorb_share=1.5)
