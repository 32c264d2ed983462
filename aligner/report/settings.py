"""MQM scoring settings: severity multipliers, error-type weights, reference word count and the pass/fail cut score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from aligner.config import ConfigError
from aligner.model import Category, Severity

# MQM names the severity levels neutral / minor / major / critical; the checks' INFO is MQM's neutral.
SEVERITY_NAMES: dict[Severity, str] = {
    Severity.INFO: "neutral",
    Severity.MINOR: "minor",
    Severity.MAJOR: "major",
    Severity.CRITICAL: "critical",
}
DEFAULT_MULTIPLIERS: dict[str, float] = {"neutral": 0.0, "minor": 1.0, "major": 5.0, "critical": 25.0}
DEFAULT_TYPE_WEIGHTS: dict[str, float] = {c.value: 1.0 for c in Category}


def _frozen(data: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType({str(k): float(v) for k, v in data.items()})


@dataclass(frozen=True, slots=True)
class MqmSettings:
    """The scoring model's parameters (MQM Council raw scoring model); every one is shown on the report.

    ``cut_score`` 95: the delivery passes when it loses at most 5 penalty points per 100 source words, i.e. one
    major error (or five minor ones) per 100 words. A project's ``[report]`` config table overrides any value.
    """

    severity_multipliers: Mapping[str, float] = field(default_factory=lambda: _frozen(DEFAULT_MULTIPLIERS))
    type_weights: Mapping[str, float] = field(default_factory=lambda: _frozen(DEFAULT_TYPE_WEIGHTS))
    reference_word_count: int = 1000
    max_score: float = 100.0
    cut_score: float = 95.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity_multipliers", _frozen(self.severity_multipliers))
        object.__setattr__(self, "type_weights", _frozen(self.type_weights))

    def multiplier(self, severity: Severity) -> float:
        """The severity multiplier of ``severity``."""
        return self.severity_multipliers[SEVERITY_NAMES[Severity(severity)]]

    def weight(self, category: Category | str) -> float:
        """The error-type weight of ``category`` (1.0 for a category the settings do not name)."""
        return self.type_weights.get(str(getattr(category, "value", category)), 1.0)

    def as_dict(self) -> dict[str, Any]:
        """A JSON/TOML-ready dict."""
        return {
            "severity_multipliers": dict(self.severity_multipliers),
            "type_weights": dict(self.type_weights),
            "reference_word_count": self.reference_word_count,
            "max_score": self.max_score,
            "cut_score": self.cut_score,
        }

    def replace(self, **changes: Any) -> MqmSettings:
        """A copy with ``changes`` applied."""
        return settings_from_mapping({**self.as_dict(), **changes})


def _number(key: str, value: Any, *, low: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= low or value == float("inf"):
        raise ConfigError(f"report.{key}: expected a finite number ≥ {low:g}, got {value!r}")
    return float(value)


def settings_from_mapping(data: Mapping[str, Any] | None) -> MqmSettings:
    """Build MqmSettings from a config's ``report`` table: defaults for what it leaves out, unknown keys an error."""
    data = dict(data or {})
    known = {"severity_multipliers", "type_weights", "reference_word_count", "max_score", "cut_score"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"unknown report setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    multipliers = dict(DEFAULT_MULTIPLIERS)
    for name, value in dict(data.get("severity_multipliers") or {}).items():
        if name not in multipliers:
            known_names = ", ".join(multipliers)
            raise ConfigError(f"report.severity_multipliers: unknown severity {name!r}; known: {known_names}")
        multipliers[name] = _number(f"severity_multipliers.{name}", value)
    weights = dict(DEFAULT_TYPE_WEIGHTS)
    for name, value in dict(data.get("type_weights") or {}).items():
        if name not in weights:
            raise ConfigError(f"report.type_weights: unknown category {name!r}; known: {', '.join(weights)}")
        weights[name] = _number(f"type_weights.{name}", value)
    rwc = data.get("reference_word_count", 1000)
    if isinstance(rwc, bool) or not isinstance(rwc, int) or rwc < 1:
        raise ConfigError(f"report.reference_word_count: expected a whole number ≥ 1, got {rwc!r}")
    max_score = _number("max_score", data.get("max_score", 100.0), low=1.0)
    cut = data.get("cut_score", 95.0)
    if isinstance(cut, bool) or not isinstance(cut, int | float) or not 0.0 <= cut <= max_score:
        raise ConfigError(f"report.cut_score: expected a number between 0 and {max_score:g}, got {cut!r}")
    return MqmSettings(multipliers, weights, rwc, max_score, float(cut))
