"""Calibrated embedding-similarity component: source-target cosine mapped to 0-100 (calibrations live with encoders)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aligner.embed.base import Encoder
from aligner.embed.calibration import USE_M3_SIMILARITY as USE_M3
from aligner.embed.calibration import SimilarityCalibration


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


__all__ = ["USE_M3", "SimilarityCalibration", "calibrate"]
