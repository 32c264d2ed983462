"""Item pairing for unordered lists (headlines, captions): optimal assignment over cosine with a threshold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from aligner.embed.base import Encoder

# Cosine threshold for the default encoder (use-m3), chosen with evaluation/align_bench.py ("pairing_calibration" in
# evaluation/results/align.json). On the seed page the weakest true headline pair scores 0.633 and the unrendered video
# caption's best free candidate (the page title) 0.421; 0.48 sits between them with margin on both sides. Tatoeba ar-en
# and NTREX headlines agree: at 0.45 / 0.50, true pairs >= threshold 94.6% / 90.4% (Tatoeba), shuffled 1.9% / 1.1%.
PAIR_THRESHOLD = 0.48

ItemPair = tuple[int | None, int | None, float | None]


def assign_items(sims: np.ndarray, *, threshold: float) -> list[ItemPair]:
    """Pair rows with columns of a similarity matrix by maximum-weight assignment; keep pairs >= threshold.

    Every row index and every column index appears exactly once: paired, or with None on the other side.
    Rows come first in order (paired or not), then the unpaired columns in order.
    """
    sims = np.asarray(sims, dtype=np.float64)
    if sims.ndim != 2:
        raise ValueError(f"similarity matrix must be 2-D, got shape {sims.shape}")
    n, m = sims.shape
    match: dict[int, tuple[int, float]] = {}
    if n and m:
        from scipy.optimize import linear_sum_assignment  # imported here: ~0.5 s that document alignment never needs

        rows, cols = linear_sum_assignment(sims, maximize=True)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            if sims[r, c] >= threshold:
                match[r] = (c, float(sims[r, c]))
    used = {c for c, _ in match.values()}
    out: list[ItemPair] = []
    for r in range(n):
        if r in match:
            c, s = match[r]
            out.append((r, c, s))
        else:
            out.append((r, None, None))
    out.extend((None, c, None) for c in range(m) if c not in used)
    return out


def pair_items(
    src_texts: Sequence[str], tgt_texts: Sequence[str], encoder: Encoder, *, threshold: float = PAIR_THRESHOLD
) -> list[ItemPair]:
    """Pair items that are translations of each other, in any order; items with no rendering stay unpaired."""
    if not src_texts or not tgt_texts:
        return assign_items(np.zeros((len(src_texts), len(tgt_texts))), threshold=threshold)
    s = np.asarray(encoder.encode(list(src_texts)), dtype=np.float32)
    t = np.asarray(encoder.encode(list(tgt_texts)), dtype=np.float32)
    return assign_items(s @ t.T, threshold=threshold)
