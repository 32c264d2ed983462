"""Deterministic character n-gram hashing encoder: dependency-free, for unit tests and as a fallback."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from aligner.embed.base import no_argument, normalise_rows
from aligner.embed.calibration import Calibration


class HashingEncoder:
    """Bag of hashed character n-grams: deterministic, for tests and as a fallback.

    Similar strings get similar vectors; across languages only via shared characters (digits, Latin names).
    Not a semantic model.
    """

    name = "hashing"
    VERSION = 1
    requires: ClassVar[str | None] = None  # module the backend imports
    needs_argument: ClassVar[bool] = False
    calibration: ClassVar[Calibration | None] = None  # not a semantic model: nothing to calibrate

    @classmethod
    def from_spec(cls, arg: str, *, threads: int | None = None) -> HashingEncoder:
        """``hashing`` (no argument)."""
        no_argument(cls.name, arg)
        return cls()

    def __init__(self, *, dim: int = 256, ngram: int = 3) -> None:
        if dim < 8 or ngram < 1:
            raise ValueError("hashing encoder needs dim >= 8 and ngram >= 1")
        self.dim = dim
        self.ngram = ngram

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        norm = " " + " ".join(unicodedata.normalize("NFKC", text).lower().split()) + " "
        for i in range(max(1, len(norm) - self.ngram + 1)):
            gram = norm[i : i + self.ngram].encode("utf-8")
            digest = hashlib.blake2b(gram, digest_size=8).digest()
            h = int.from_bytes(digest, "little")
            vec[h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        return vec

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` deterministically."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(np.stack([self._vector(t) for t in texts]))

    def signature(self) -> str:
        """Return e.g. ``hashing.v1(dim=256,n=3)``."""
        return f"hashing.v{self.VERSION}(dim={self.dim},n={self.ngram})"
