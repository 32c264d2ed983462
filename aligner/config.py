"""Run configuration (frozen dataclass), TOML loading with loud unknown-key errors, and the Signature builder."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from aligner.errors import UserError
from aligner.model import Signature


class ConfigError(UserError):
    """A config file or value is wrong; the message names the key."""


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
    return Config(**values)


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
