"""ENCODERS registry (lazy entries: no model loads at import) and the load_encoder() factory."""

from __future__ import annotations

from aligner.embed.base import Encoder, normalise_rows
from aligner.registry import Registry

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
    return cls(arg) if arg else cls()  # type: ignore[call-arg]


__all__ = ["ENCODERS", "Encoder", "load_encoder", "normalise_rows"]
