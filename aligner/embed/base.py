"""Encoder protocol: texts in, L2-normalised float32 vectors out; specs and calibration are the encoder's own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from aligner.errors import UserError


class EncoderSpecError(UserError):
    """An encoder spec that names no usable encoder (missing or extra argument)."""


def no_argument(name: str, arg: str) -> None:
    """Refuse an argument given to an encoder that takes none (``hashing:256``)."""
    if arg:
        raise EncoderSpecError(f"encoder {name!r} takes no argument (got {name}:{arg})")


@runtime_checkable
class Encoder(Protocol):
    """A sentence encoder: ``encode(texts)`` returns an (n, dim) float32 array with unit rows.

    Registered encoders also own their spec and calibration: ``from_spec(arg, threads=None)`` builds one from the part
    of ``name:arg`` after the colon, and ``calibration`` (an aligner.embed.calibration.Calibration, or None when
    nothing was measured on its cosines) is what checks and scores ask for; see aligner.embed.calibration_of.
    """

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; row i is the unit-length vector of texts[i]."""
        ...

    def signature(self) -> str:
        """Return a short versioned id, e.g. ``use-m3.v1``; part of cache keys and Signatures."""
        ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Return ``vectors`` as float32 with unit-length rows (zero rows stay zero)."""
    out = np.asarray(vectors, dtype=np.float32)
    if out.ndim == 1:
        out = out[None, :]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms
