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


def load_encoder(spec: str = "default") -> Encoder:
    """Build an encoder from a spec: ``default``, ``hashing`` or ``sentence-transformers:<name or path>``."""
    name, _, arg = spec.partition(":")
    cls = ENCODERS.get(name)
    if name == "sentence-transformers" and not arg:
        raise EncoderSpecError("sentence-transformers needs a model: sentence-transformers:/path/to/model")
    if arg and name != "sentence-transformers":
        raise EncoderSpecError(f"encoder {name!r} takes no argument (got {spec!r})")
    return cls(arg) if arg else cls()  # type: ignore[call-arg]


__all__ = ["ENCODERS", "Encoder", "EncoderSpecError", "load_encoder", "normalise_rows"]
