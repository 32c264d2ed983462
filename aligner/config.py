"""Run configuration (frozen dataclass), TOML loading with loud unknown-key errors, and the Signature builder."""

from __future__ import annotations

import inspect
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from aligner.errors import UserError
from aligner.model import Signature


class ConfigError(UserError):
    """A config file or value is wrong; the message names the key."""


SCORE_KEYS = frozenset({"minor", "major", "critical", "per_words", "min_words", "similarity_weight"})  # [score] keys


@dataclass(frozen=True)
class Config:
    """Everything a run depends on; defaults are the embedded, offline ones."""

    src_lang: str = "en"
    tgt_lang: str = "ar"
    encoder: str = "default"  # ENCODERS spec: default | hashing | sentence-transformers:<name or path>
    segmenter: str = "rules"  # SEGMENTERS name
    checks: tuple[str, ...] = ()  # CHECKS names to run; empty = all registered
    align: Mapping[str, Any] = field(default_factory=dict)  # AlignParams keyword arguments
    pair_threshold: float | None = None  # item pairing similarity threshold; None = aligner default
    check_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # check name -> kwargs
    score: Mapping[str, Any] = field(default_factory=dict)  # ScoreConfig keyword arguments
    glossary: str | None = None  # path of a TSV glossary (source term<TAB>rendering|rendering)
    report: Mapping[str, Any] = field(default_factory=dict)  # MQM report settings (aligner.report.mqm.MqmSettings)
    max_segment_chars: int = 100_000  # pairs with a longer side are noted, not checked (bounded work per pair)

    def replace(self, **changes: Any) -> Config:
        """Return a copy with ``changes`` applied (unknown keys raise ConfigError)."""
        return config_from_mapping({**self.as_dict(), **changes})

    def as_dict(self) -> dict[str, Any]:
        """Return a plain dict (JSON/TOML ready)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def config_from_mapping(data: Mapping[str, Any]) -> Config:
    """Build a Config from a mapping; unknown keys are an error, not a warning."""
    known = {f.name for f in fields(Config)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"unknown config key(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    values = dict(data)
    if "checks" in values:
        values["checks"] = tuple(values["checks"])
    config = Config(**values)
    validate(config)
    return config


def _known_keys(table: str, given: Any, known: Sequence[str]) -> None:
    if not isinstance(given, Mapping):
        raise ConfigError(f"[{table}] must be a table of settings, not {type(given).__name__}")
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ConfigError(f"[{table}]: unknown key(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")


def _build(table: str, factory: Any, values: Mapping[str, Any]) -> None:
    try:
        factory(**values)
    except (TypeError, ValueError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"[{table}]: {message}") from None


def validate(config: Config) -> None:
    """Check every nested table when the config is loaded, not deep in a run: unknown keys and bad values.

    ``[align]`` must build AlignParams, ``[score]`` ScoreConfig, ``[check_params.NAME]`` the check NAME; the check
    and segmenter names must be registered.
    """
    from aligner.align import AlignParams
    from aligner.checks import CHECKS
    from aligner.registry import UnknownNameError
    from aligner.score import ScoreConfig
    from aligner.segment import SEGMENTERS

    align_keys = [f.name for f in fields(AlignParams)]
    _known_keys("align", config.align, align_keys)
    _build("align", AlignParams, config.align)
    score_keys = [f.name for f in fields(ScoreConfig) if f.name in SCORE_KEYS]
    _known_keys("score", config.score, score_keys)
    _build("score", ScoreConfig, config.score)
    try:
        SEGMENTERS.get(config.segmenter)
        for name in config.checks:
            CHECKS.get(name)
    except UnknownNameError as exc:
        raise ConfigError(str(exc)) from None
    if not isinstance(config.check_params, Mapping):
        raise ConfigError("[check_params] must hold one table per check")
    for name, params in config.check_params.items():
        table = f"check_params.{name}"
        if name not in CHECKS:
            raise ConfigError(f"[{table}]: unknown check {name!r}; known: {', '.join(CHECKS.names())}")
        if config.checks and name not in config.checks:
            raise ConfigError(f"[{table}]: check {name!r} is not run (checks = {list(config.checks)})")
        cls = CHECKS.get(name)
        init = inspect.signature(cls.__init__).parameters
        keys = [k for k, v in init.items() if k != "self" and v.kind is inspect.Parameter.KEYWORD_ONLY]
        _known_keys(table, params, keys)
        _build(table, cls, params)


def load_config(path: str | Path) -> Config:
    """Read a TOML config file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    return config_from_mapping(data)


def build_signature(
    *, segmenter: str = "", encoder: str = "", aligner: str = "", checks: tuple[str, ...] = (), score: str = ""
) -> Signature:
    """Stamp the library version onto the component signatures."""
    from aligner import __version__

    return Signature(
        version=__version__, segmenter=segmenter, encoder=encoder, aligner=aligner, checks=checks, score=score
    )
