"""Optional sentence-transformers backend for models already on disk (LaBSE, MiniLM, ...); never downloads."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from aligner.embed.base import EncoderSpecError, normalise_rows
from aligner.embed.calibration import Calibration
from aligner.errors import UserError


class EncoderUnavailableError(UserError, RuntimeError):
    """The backend or its model cannot be loaded on this machine; the message says why in one line."""


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local path or the local Hugging Face cache only."""

    name = "sentence-transformers"
    VERSION = 1
    requires: ClassVar[str | None] = "sentence_transformers"
    needs_argument: ClassVar[bool] = True
    calibration: ClassVar[Calibration | None] = None  # unknown model: no measured cosine range

    @classmethod
    def from_spec(cls, arg: str, *, threads: int | None = None) -> SentenceTransformerEncoder:
        """``sentence-transformers:<model folder>`` (a model already on disk; never downloaded)."""
        if not arg:
            raise EncoderSpecError(f"{cls.name} needs a model: {cls.name}:/path/to/model")
        return cls(arg)

    def __init__(self, model: str, *, device: str = "cpu", batch_size: int = 64) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EncoderUnavailableError(
                "sentence-transformers is not installed: pip install 'aligner[st]' (after torch==2.13.0)"
            ) from None
        self.model_ref = model
        self._batch = batch_size
        try:
            self._model = SentenceTransformer(model, device=device, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EncoderUnavailableError(
                f"sentence-transformers model {model!r} is not on disk ({type(exc).__name__}); "
                "models cannot be downloaded here: pass a local model directory"
            ) from None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise EncoderUnavailableError(f"model {model!r} does not report an embedding dimension")
        self.dim = int(dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` on the CPU in batches; unit-length float32 rows."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=self._batch, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
        )
        return normalise_rows(vectors)

    def signature(self) -> str:
        """Return e.g. ``st:all-MiniLM-L6-v2.v1(dim=384)`` (the model folder's name, not its full path)."""
        label = Path(self.model_ref).name or self.model_ref
        return f"st:{label}.v{self.VERSION}(dim={self.dim})"
