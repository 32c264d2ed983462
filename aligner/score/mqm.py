"""MQM-style penalty: severity-weighted issue points per 100 words, turned into a 0-100 score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aligner.model import Issue, Severity


@dataclass(frozen=True, slots=True)
class MqmWeights:
    """Penalty points per severity (MQM 2.0 defaults: minor 1, major 5, critical 25; INFO costs nothing)."""

    info: float = 0.0
    minor: float = 1.0
    major: float = 5.0
    critical: float = 25.0

    def weight(self, severity: Severity) -> float:
        """Points for one issue of ``severity``."""
        return {Severity.INFO: self.info, Severity.MINOR: self.minor, Severity.MAJOR: self.major}.get(
            severity, self.critical
        )


def penalty_points(issues: Iterable[Issue], weights: MqmWeights) -> float:
    """Sum of the severity weights of ``issues``."""
    return sum(weights.weight(i.severity) for i in issues)


def mqm_score(points: float, words: int, *, per_words: int = 100, min_words: int = 20) -> float:
    """0-100 quality: ``100 - points * per_words / max(words, min_words)``, floored at 0.

    ``min_words`` keeps a one-line headline from dropping to 0 for a single minor issue.
    """
    penalty = points * per_words / max(words, min_words, 1)
    return max(0.0, 100.0 - penalty)
