"""Overlaps of 1..N consecutive sentences (vecalign layer()): their texts, character lengths and vectors."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from aligner.embed.base import Encoder

log = logging.getLogger(__name__)

OVERLAP_MODES = ("embed", "hybrid", "mean", "pooled")


def overlap_texts(texts: Sequence[str], max_overlap: int) -> list[list[str]]:
    """Return ``out[k-1][i]`` = sentences ``i .. i+k-1`` joined by one space (windows past the end are shorter)."""
    if max_overlap < 1:
        raise ValueError(f"max_overlap must be >= 1, got {max_overlap}")
    n = len(texts)
    return [[" ".join(texts[i : min(n, i + k)]) for i in range(n)] for k in range(1, max_overlap + 1)]


def overlap_lengths(lens: Sequence[int] | np.ndarray, max_overlap: int) -> np.ndarray:
    """Return (max_overlap, n) float64 character lengths of the windows starting at each sentence."""
    base = np.asarray(lens, dtype=np.float64)
    n = base.shape[0]
    csum = np.concatenate([[0.0], np.cumsum(base)])
    out = np.empty((max_overlap, n), dtype=np.float64)
    starts = np.arange(n)
    for k in range(1, max_overlap + 1):
        ends = np.minimum(starts + k, n)
        out[k - 1] = csum[ends] - csum[starts] + (ends - starts - 1)  # joining spaces
    return out


def mean_overlap_vectors(sent_vecs: np.ndarray, max_overlap: int) -> np.ndarray:
    """Cheap overlaps: window vector = re-normalised sum of its sentence vectors; shape (max_overlap, n, dim)."""
    vecs = np.asarray(sent_vecs, dtype=np.float32)
    if vecs.ndim != 2:
        raise ValueError(f"sentence vectors must be 2-D, got shape {vecs.shape}")
    n, dim = vecs.shape
    out = np.empty((max_overlap, n, dim), dtype=np.float32)
    out[0] = vecs
    running = vecs.copy()
    for k in range(2, max_overlap + 1):
        shifted = np.zeros_like(vecs)
        if k <= n:
            shifted[: n - k + 1] = vecs[k - 1 :]
        running += shifted
        out[k - 1] = running
    norms = np.linalg.norm(out, axis=2, keepdims=True)
    norms[norms == 0] = 1.0
    out /= norms
    return out


def pooling_encoder(encoder: Any) -> Any | None:
    """Return ``encoder`` (or the encoder it wraps, via ``.inner``) when it supports token-sum pooling, else None."""
    seen = 0
    while encoder is not None and seen < 8:
        if getattr(encoder, "supports_pooling", False) and hasattr(encoder, "pooled_parts"):
            return encoder
        encoder, seen = getattr(encoder, "inner", None), seen + 1
    return None


POOL_CHUNK = 1024  # window starts per pooled chunk: bounds the float64 pools, sums and token table (16 KB a text)
# From this many sentences a side on, overlap vectors are stored as float16 (8 KB less per sentence with 4 layers;
# cosines move by ~1e-4); the aligner computes with float32 blocks of them. Shorter documents keep float32.
COMPACT_FROM = 4_000


def storage_dtype(n: int) -> type[np.floating]:
    """The dtype overlap vectors of an ``n``-sentence document are stored in (see COMPACT_FROM)."""
    return np.float16 if n >= COMPACT_FROM else np.float32


def pooled_overlap_vectors(
    texts: Sequence[str], pooler: Any, max_overlap: int, *, chunk: int = POOL_CHUNK
) -> np.ndarray:
    """Window vectors from per-sentence pooled token sums (vectorised over windows via cumulative sums).

    A window ``i .. j`` gets ``sum(sums) - sum(inner EOS rows) - sum(inner BOS rows) + sum(join corrections)`` over
    ``lens - 2*(j-i)`` tokens, i.e. the joined text's pool (see aligner.embed.usem3_pool.PooledParts); ``from_pooled``
    applies the model head. Texts are pooled ``chunk`` window starts at a time (plus the ``max_overlap - 1`` texts
    the last windows reach), so the float64 temporaries stay bounded and only the float32 output grows with ``n``.
    """
    n = len(texts)
    out: np.ndarray | None = None
    for c0 in range(0, n, max(chunk, 1)):
        c1 = min(n, c0 + max(chunk, 1))
        vecs = _pooled_windows(list(texts[c0 : min(n, c1 + max_overlap - 1)]), pooler, max_overlap, c1 - c0)
        if out is None:
            out = np.empty((max_overlap, n, vecs.shape[-1]), dtype=storage_dtype(n))
        out[:, c0:c1] = vecs
    return out if out is not None else np.zeros((max_overlap, 0, 0), dtype=np.float32)


def _pooled_windows(texts: list[str], pooler: Any, max_overlap: int, count: int) -> np.ndarray:
    """(max_overlap, count, dim) vectors of the windows starting at the first ``count`` of ``texts``."""
    parts = pooler.pooled_parts(texts)
    n, dim = parts.sums.shape
    zero = np.zeros((1, dim), dtype=np.float64)
    c_sum = np.concatenate([zero, np.cumsum(parts.sums, axis=0)])
    c_bos = np.concatenate([zero, np.cumsum(parts.bos, axis=0)])
    c_eos = np.concatenate([zero, np.cumsum(parts.eos, axis=0)])
    c_join = np.concatenate([zero, np.cumsum(parts.joins, axis=0)])
    c_len = np.concatenate([[0], np.cumsum(parts.lens)])
    del parts
    starts = np.arange(count)
    ends = np.minimum(starts[None, :] + np.arange(1, max_overlap + 1)[:, None], n).ravel()  # (k*count,) exclusive
    first = np.tile(starts, max_overlap)
    sums = c_sum[ends] - c_sum[first] - (c_eos[ends - 1] - c_eos[first]) - (c_bos[ends] - c_bos[first + 1])
    sums += c_join[ends - 1] - c_join[first]
    lens = c_len[ends] - c_len[first] - 2 * (ends - first - 1)
    del c_sum, c_bos, c_eos, c_join
    vecs = np.asarray(pooler.from_pooled(sums, lens), dtype=np.float32)
    return vecs.reshape(max_overlap, count, -1)


class PooledWindows:
    """Vectors of single windows, pooled when asked: ``self(first, size)`` for windows beyond the stored layers.

    Equal to layer ``size`` of :func:`pooled_overlap_vectors` at ``first`` up to float rounding (~3e-7 a component:
    the window's sums are taken over its own texts, not a chunk's cumulative sums), stored as that document's
    dtype (storage_dtype) and returned as float32. Fragment absorption (aligner.align.absorb) asks for the few
    windows longer than max_overlap it tries, so their layer need not be held for every position.
    """

    def __init__(self, texts: Sequence[str], pooler: Any) -> None:
        self.texts, self.pooler, self.dtype = texts, pooler, storage_dtype(len(texts))
        self._cache: dict[tuple[int, int], np.ndarray] = {}

    def __call__(self, first: int, size: int) -> np.ndarray:
        """The float32 vector of the window of ``size`` sentences from ``first`` (shorter past the end)."""
        key = (first, size)
        if key not in self._cache:
            texts = list(self.texts[first : first + size])
            vec = _pooled_windows(texts, self.pooler, size, 1)[size - 1, 0]
            self._cache[key] = vec.astype(self.dtype).astype(np.float32)
        return self._cache[key]


def embed_overlaps(texts: Sequence[str], encoder: Encoder, max_overlap: int, *, mode: str = "embed") -> np.ndarray:
    """Return (max_overlap, n, dim) overlap vectors for ``texts``.

    Documents of COMPACT_FROM sentences or more get float16 vectors, shorter ones float32.
    ``mode="embed"`` encodes the concatenated text of every window (accurate, max_overlap times the encoder calls);
    ``mode="mean"`` encodes each sentence once and averages (fast); ``mode="hybrid"`` encodes sentences and
    2-sentence windows and builds longer windows by averaging (2x the sentence encoder calls); ``mode="pooled"``
    pools each sentence once and sums token-level pools per window (encoders with ``supports_pooling``, e.g. the
    default USE-m3; others fall back to ``"embed"``).
    """
    if mode not in OVERLAP_MODES:
        raise ValueError(f"unknown overlap mode {mode!r}; known: {', '.join(OVERLAP_MODES)}")
    n = len(texts)
    if n == 0:
        return np.zeros((max_overlap, 0, encoder.dim), dtype=np.float32)
    if mode == "pooled":
        pooler = pooling_encoder(encoder)
        if pooler is not None:
            return pooled_overlap_vectors(texts, pooler, max_overlap)  # stores storage_dtype(n) itself
        log.debug("encoder %s cannot pool; overlap mode 'pooled' falls back to 'embed'", encoder.name)
        mode = "embed"
    return _embed_overlaps(texts, encoder, max_overlap, mode).astype(storage_dtype(n), copy=False)


def _embed_overlaps(texts: Sequence[str], encoder: Encoder, max_overlap: int, mode: str) -> np.ndarray:
    """The float32 overlap vectors of the non-pooled modes."""
    if mode == "mean":
        return mean_overlap_vectors(encoder.encode(list(texts)), max_overlap)
    if mode == "hybrid" and max_overlap > 2:
        exact = _embed_overlaps(texts, encoder, 2, "embed")
        out = mean_overlap_vectors(exact[0], max_overlap)
        out[1] = exact[1]
        return out
    layers = overlap_texts(texts, max_overlap)
    unique: dict[str, int] = {}
    for layer in layers:
        for text in layer:
            unique.setdefault(text, len(unique))
    vecs = np.asarray(encoder.encode(list(unique)), dtype=np.float32)
    index = np.array([[unique[t] for t in layer] for layer in layers], dtype=np.int64)
    return vecs[index]
