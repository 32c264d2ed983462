"""The default encoder's in-place pooling gives, bit for bit, what the same operations on fresh arrays give."""

from __future__ import annotations

from itertools import chain
from pathlib import Path

import numpy as np
import pytest

from aligner.embed import usem3_pool
from aligner.embed.default import DIGITS
from aligner.embed.usem3_pool import _CNN_DIM, _ORDERS, _batches, _features, _layernorm, _token_table

NTREX = Path(__file__).resolve().parents[2] / "evaluation" / "data" / "ntrex-en-ar"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """News sentences in both languages (a token table of several fill blocks), one-word units and empty texts."""
    en = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:300]
    ar = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()[:300]
    return [*en, *ar, *(f"w{i}" for i in range(150)), *(f"ك{i}" for i in range(150)), "", "OK"]


def _seqs(encoder, texts: list[str]) -> list[list[int]]:
    tokenize = encoder._backend.sp.encode
    return [tokenize(t.translate(DIGITS), out_type=int, add_bos=True, add_eos=True) for t in texts]


def _fresh_table(be, seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """The token table computed on fresh arrays, a fill block at a time (the code before the in-place fill)."""
    ids = np.unique(np.fromiter(chain.from_iterable(seqs), dtype=np.int64))
    emb = np.zeros((len(ids) + 1, 512), dtype=np.float32)
    xs = np.zeros((len(ids) + 1, len(_ORDERS) * _CNN_DIM), dtype=np.float32)
    taps = tuple(np.zeros((len(ids) + 1, n, _CNN_DIM), dtype=np.float32) for n, _ in _ORDERS)
    w1s = [
        w.reshape(n, _CNN_DIM, _CNN_DIM).transpose(1, 0, 2).reshape(_CNN_DIM, -1)
        for w, (n, _) in zip(be.w1, _ORDERS, strict=True)
    ]
    for first in range(0, len(ids), usem3_pool._TABLE_BLOCK):
        stop = min(first + usem3_pool._TABLE_BLOCK, len(ids))
        part = ids[first:stop]
        chunk = part % be.scale.shape[0]
        e = be.table[part].astype(np.float32)
        e *= be.scale[chunk, None]
        e += be.lo[chunk, None]
        emb[first:stop] = e
        x = e @ be.proj_W
        x += be.proj_b
        _layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        for i in range(len(_ORDERS)):
            branch = np.ascontiguousarray(x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM])
            xs[first:stop, i * _CNN_DIM : (i + 1) * _CNN_DIM] = branch
            taps[i][first:stop] = (branch @ w1s[i]).reshape(stop - first, -1, _CNN_DIM)
    return emb, xs, tuple(t.reshape(-1, _CNN_DIM) for t in taps)


def test_the_token_table_filled_in_place_is_the_fresh_one(default_encoder, texts):
    be = default_encoder._backend
    seqs = _seqs(default_encoder, texts)
    table = _token_table(be, seqs)
    assert len(table.ids) > usem3_pool._TABLE_BLOCK  # several fill blocks
    emb, xs, taps = _fresh_table(be, seqs)
    assert np.array_equal(table.emb, emb)
    assert np.array_equal(np.concatenate(table.x, axis=1), xs)
    for got, want in zip(table.taps, taps, strict=True):
        assert np.array_equal(got, want)


def test_encode_is_the_projection_of_fresh_arrays(default_encoder, texts):
    """Each micro-batch's rows written into one array project as the concatenation of separate arrays did."""
    be = default_encoder._backend
    texts = texts[:512]  # one encode run: one token table, the micro-batches of _batches
    seqs = _seqs(default_encoder, texts)
    table = _token_table(be, seqs)
    g, b = be.ln_g, be.ln_b
    sums = np.empty((len(seqs), be.cnn_W.shape[1]), dtype=np.float64)
    for first, stop in _batches(seqs):
        lens = np.fromiter(map(len, seqs[first:stop]), dtype=np.int64)
        fc, rstd, starts = _features(be, seqs[first:stop], table, lens)
        ends = starts + lens - 1
        blocks = [usem3_pool._text_sums(fc, rstd, starts, lens) * g + lens[:, None].astype(np.float32) * b]
        blocks += [fc[starts] * rstd[starts, None] * g + b, fc[ends] * rstd[ends, None] * g + b]
        sums[first:stop] = (np.concatenate(blocks) @ be.cnn_W)[: stop - first]
    lens = np.fromiter(map(len, seqs), dtype=np.int64)
    assert np.array_equal(default_encoder.encode(texts), default_encoder.from_pooled(sums, lens))
