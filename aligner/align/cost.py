"""Bead costs for the DP: cosine with neighbour-margin and hubness normalisation, length and bead-type penalties."""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from aligner.align.dp import RowCosts

BeadType = tuple[int, int]
COST_FORMS = ("bertalign", "vecalign")
BLOCK_CELLS = 4096  # DP nodes per cost block: one matmul per block instead of numpy calls per row


def bead_types(max_src: int, max_tgt: int, *, max_total: int | None = None) -> list[BeadType]:
    """Return the non-deletion bead types (a, b) with 1 <= a <= max_src, 1 <= b <= max_tgt and a + b <= max_total."""
    limit = max_total if max_total is not None else max_src + max_tgt
    return [(a, b) for a in range(1, max_src + 1) for b in range(1, max_tgt + 1) if a + b <= limit]


@dataclass(frozen=True, slots=True)
class CostWeights:
    """Weights of the bead score ``(cos - margin*neighbours - hub*hubness) * lenfactor**length - penalty``."""

    margin: float = 1.0  # Bertalign: subtract the mean similarity to the sentences adjacent to the bead
    hub: float = 0.0  # vecalign-style: subtract the mean similarity to a random sample of the other side
    length: float = 1.0  # exponent on log2(1 + min/max) of the char lengths (0 disables)
    many: float = 0.0  # extra cost per sentence beyond 2 in a bead (1-2 costs 1*many, 2-2 costs 2*many)
    gc: float = 0.0  # weight of the Gale-Church length term -log P(|delta|), delta from char lengths
    form: str = "bertalign"  # "bertalign": cost = -score per bead | "vecalign": cost = a*b*(1-score)/(1-hubness)
    hub_sample: int = 64
    seed: int = 0


def gale_church_nll(src_len: np.ndarray | float, tgt_len: np.ndarray) -> np.ndarray:
    """Return -log P(|delta|) of Gale & Church (1993) for ratio-scaled char lengths (variance 6.8 per char)."""
    from scipy.special import log_ndtr  # imported here: scipy.special takes ~0.4 s to import and gc is off by default

    mean = np.maximum((src_len + tgt_len) / 2.0, 1.0)
    delta = np.abs(tgt_len - src_len) / np.sqrt(mean * 6.8)
    return -(np.log(2.0) + log_ndtr(-delta))


def char_ratio(src_lens: np.ndarray, tgt_lens: np.ndarray) -> float:
    """Return total source chars / total target chars (1.0 when either side is empty)."""
    s, t = float(np.sum(src_lens)), float(np.sum(tgt_lens))
    return s / t if s > 0 and t > 0 else 1.0


def hubness(vecs: np.ndarray, other: np.ndarray, *, sample: int, rng: np.random.Generator) -> np.ndarray:
    """Return (k, n) mean cosine of each overlap vector to a random sample of the other side's sentences."""
    k, n, _ = vecs.shape
    if other.shape[0] == 0 or n == 0:
        return np.zeros((k, n), dtype=np.float32)
    idx = rng.choice(other.shape[0], size=min(sample, other.shape[0]), replace=False)
    return np.einsum("knd,sd->kns", vecs, other[idx]).mean(axis=2)


class BeadScorer:
    """Cost of every bead type ending at DP node (i, j), row by row (pure numpy, arrays in).

    Node (i, j) means src sentences [0, i) and tgt sentences [0, j) are consumed; bead (a, b) ending there
    covers src [i-a, i) and tgt [j-b, j). Overlap vectors are indexed by window start: ``vecs[a-1, s]``.
    """

    def __init__(
        self,
        src_vecs: np.ndarray,
        tgt_vecs: np.ndarray,
        src_lens: np.ndarray,
        tgt_lens: np.ndarray,
        types: Sequence[BeadType],
        weights: CostWeights,
    ) -> None:
        # float16 (long documents) stays float16; blocks are computed in float32
        keep = np.float16 if np.asarray(src_vecs).dtype == np.float16 == np.asarray(tgt_vecs).dtype else np.float32
        self.src = np.ascontiguousarray(src_vecs, dtype=keep)
        self.tgt = np.ascontiguousarray(tgt_vecs, dtype=keep)
        self.types = list(types)
        self.w = weights
        self.A = max(a for a, _ in self.types)
        self.B = max(b for _, b in self.types)
        if self.src.shape[0] < self.A or self.tgt.shape[0] < self.B:
            have = f"{self.src.shape[0]}/{self.tgt.shape[0]}"
            raise ValueError(f"bead types need {self.A}/{self.B} overlap layers, got {have}")
        self.n, self.m = self.src.shape[1], self.tgt.shape[1]
        from aligner.align.overlaps import overlap_lengths

        ratio = char_ratio(src_lens, tgt_lens)
        self.src_len = overlap_lengths(src_lens, self.A)
        self.tgt_len = overlap_lengths(tgt_lens, self.B) * ratio
        if weights.form not in COST_FORMS:
            raise ValueError(f"unknown cost form {weights.form!r}; known: {', '.join(COST_FORMS)}")
        if weights.hub or weights.form == "vecalign":
            rng = np.random.default_rng(weights.seed)
            src, tgt = self.src.astype(np.float32, copy=False), self.tgt.astype(np.float32, copy=False)
            self.src_hub = hubness(src[: self.A], tgt[0], sample=weights.hub_sample, rng=rng)
            self.tgt_hub = hubness(tgt[: self.B], src[0], sample=weights.hub_sample, rng=rng)
        self.many = np.array([max(0, a + b - 2) * weights.many for a, b in self.types])

    def row(self, i: int, lo: int, hi: int) -> np.ndarray:
        """Return (len(types), hi-lo+1) costs of each bead type ending at nodes (i, lo..hi); inf where impossible."""
        return self.block(i, i + 1, lo, hi)[:, 0]

    def banded(self, lo: np.ndarray, hi: np.ndarray, *, cells: int = BLOCK_CELLS) -> RowCosts:
        """Return ``row_costs(i, lo[i], hi[i])`` for banded_dp, computed a block of rows at a time (``cells`` nodes).

        The blocks of rows 1, 2, ... are computed ahead on a worker thread (their numpy work releases the GIL, so
        they overlap the DP's own loop); a row asked out of that order gets its block computed on the spot.
        """
        lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
        spans = _block_spans(lo, hi, cells)
        ahead = _Ahead(lambda span: self.block(span[0], span[1], int(lo[span[0]]), int(hi[span[1] - 1])), spans)
        cache: dict[str, Any] = {"r0": 0, "r1": 0, "c0": 0, "costs": None, "next": 0}

        def row_costs(i: int, li: int, hi_i: int) -> np.ndarray:
            if not cache["r0"] <= i < cache["r1"]:
                k = cache["next"]
                if k < len(spans) and spans[k][0] == i:
                    r1, costs = spans[k][1], ahead.get(k)
                    cache["next"] = k + 1
                else:  # out of order: this row's block here
                    r1 = _block_end(lo, hi, i, cells)
                    costs = self.block(i, r1, int(lo[i]), int(hi[r1 - 1]))
                cache.update(r0=i, r1=r1, c0=int(lo[i]), costs=costs)
            c0 = li - cache["c0"]
            return cache["costs"][:, i - cache["r0"], c0 : c0 + hi_i - li + 1]

        return row_costs

    def block(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Return (len(types), r1-r0, c1-c0+1) costs of every bead type ending at nodes (r0..r1-1, c0..c1)."""
        A, B, w, n, m = self.A, self.B, self.w, self.n, self.m
        rows, cols = np.arange(r0, r1), np.arange(c0, c1 + 1)
        out = np.full((len(self.types), rows.size, cols.size), np.inf)
        a_ids, b_ids = np.arange(1, A + 1)[:, None], np.arange(1, B + 1)[:, None]
        s_start = rows[None, :] - a_ids  # (A, R): first source sentence of the window of a ending at row
        t_start = cols[None, :] - b_ids  # (B, C)
        s_ok, t_ok = (s_start >= 0) & (s_start < n), (t_start >= 0) & (t_start < m)
        f32 = np.float32
        sw = self.src[a_ids - 1, np.clip(s_start, 0, max(n - 1, 0))].astype(f32, copy=False)  # (A, R, d)
        tw = self.tgt[b_ids - 1, np.clip(t_start, 0, max(m - 1, 0))].astype(f32, copy=False)  # (B, C, d)
        d = sw.shape[-1]
        dots = (sw.reshape(-1, d) @ tw.reshape(-1, d).T).reshape(A, rows.size, B, cols.size)
        if w.margin:
            # source windows vs target sentences left and right of the target window: t_start-1 .. c1
            x0, x1 = max(0, c0 - B - 1), min(m, c1 + 1)
            nb_t = (sw.reshape(-1, d) @ self.tgt[0, x0:x1].astype(f32, copy=False).T).reshape(A, rows.size, x1 - x0)
            # target windows vs source sentences left and right of the source window: s_start-1 .. r1-1
            y0, y1 = max(0, r0 - A - 1), min(n, r1)
            nb_s = (tw.reshape(-1, d) @ self.src[0, y0:y1].astype(f32, copy=False).T).reshape(B, cols.size, y1 - y0)
        r_idx, c_idx = np.arange(rows.size)[:, None], np.arange(cols.size)[None, :]
        for k, (a, b) in enumerate(self.types):
            ok = s_ok[a - 1][:, None] & t_ok[b - 1][None, :]
            if not ok.any():
                continue
            si, st = s_start[a - 1][:, None], t_start[b - 1][None, :]  # (R, 1), (1, C)
            score = dots[a - 1, :, b - 1, :].astype(np.float64)
            if w.margin:
                left, right = st - 1, st + b
                has_l, has_r = left >= 0, right < m
                tl = np.where(has_l, nb_t[a - 1][r_idx, np.clip(left - x0, 0, nb_t.shape[2] - 1)], 0.0)
                tr = np.where(has_r, nb_t[a - 1][r_idx, np.clip(right - x0, 0, nb_t.shape[2] - 1)], 0.0)
                tn = (tl + tr) / np.maximum(has_l.astype(float) + has_r, 1.0)
                sl_i, sr_i = si - 1, si + a
                has_sl, has_sr = sl_i >= 0, sr_i < n
                cl = np.where(has_sl, nb_s[b - 1][c_idx, np.clip(sl_i - y0, 0, nb_s.shape[2] - 1)], 0.0)
                cr = np.where(has_sr, nb_s[b - 1][c_idx, np.clip(sr_i - y0, 0, nb_s.shape[2] - 1)], 0.0)
                sn = (cl + cr) / np.maximum(has_sl.astype(float) + has_sr, 1.0)
                score = score - w.margin * (tn + sn) / 2.0
            sic, stc = np.clip(si, 0, n - 1), np.clip(st, 0, m - 1)
            if w.hub or w.form == "vecalign":
                hub = (self.src_hub[a - 1, sic] + self.tgt_hub[b - 1, stc]) / 2.0
            if w.hub:
                score = score - w.hub * hub
            factor = 1.0
            sl, tl_ = self.src_len[a - 1, sic], self.tgt_len[b - 1, stc]
            if w.gc:
                score = score - w.gc * gale_church_nll(sl, tl_)
            if w.length:
                lo_, hi_ = np.minimum(sl, tl_), np.maximum(sl, tl_)
                factor = np.log2(1.0 + np.where(hi_ > 0, lo_ / np.where(hi_ > 0, hi_, 1.0), 1.0)) ** w.length
            if w.form == "vecalign":
                cost = a * b * (1.0 - score) / np.maximum(1.0 - hub, 1e-3) / np.maximum(factor, 1e-3)
            else:
                cost = -score * factor
            out[k] = np.where(ok, cost + self.many[k], np.inf)
        return out


def _block_end(lo: np.ndarray, hi: np.ndarray, i: int, cells: int) -> int:
    """The end row of the block starting at row ``i``: grown while its dense rectangle stays within ``cells`` nodes."""
    r1 = i + 1
    while r1 < lo.size and (r1 + 1 - i) * (hi[r1] - lo[i] + 1) <= cells:
        r1 += 1
    return r1


def _block_spans(lo: np.ndarray, hi: np.ndarray, cells: int) -> list[tuple[int, int]]:
    """The ``(first, end)`` rows of the blocks banded_dp asks for, rows 1 to n in order."""
    spans, i = [], 1
    while i < lo.size:
        r1 = _block_end(lo, hi, i, cells)
        spans.append((i, r1))
        i = r1
    return spans


class _Ahead:
    """``make(items[k])`` for k = 0, 1, ... computed in order on a daemon thread, at most AHEAD results held."""

    AHEAD = 8  # blocks of ~300 KB

    def __init__(self, make: Callable[[tuple[int, int]], np.ndarray], items: list[tuple[int, int]]) -> None:
        self._results: queue.Queue[tuple[int, np.ndarray | BaseException]] = queue.Queue(self.AHEAD)
        stop = threading.Event()
        args = (make, items, self._results, stop)
        threading.Thread(target=_produce, args=args, name="bead-costs", daemon=True).start()
        weakref.finalize(self, stop.set)  # dropped before the last block (the DP failed): the thread ends

    def get(self, k: int) -> np.ndarray:
        """The k-th result (asked in order)."""
        got, result = self._results.get()
        if got != k:
            raise RuntimeError(f"bead cost block {got} arrived when {k} was due")
        if isinstance(result, BaseException):
            raise result
        return result


def _produce(
    make: Callable[[tuple[int, int]], np.ndarray],
    items: list[tuple[int, int]],
    results: queue.Queue[tuple[int, np.ndarray | BaseException]],
    stop: threading.Event,
) -> None:
    """Put ``(k, make(items[k]))`` into ``results`` in order (an exception in place of a result ends the run)."""
    for k, item in enumerate(items):
        try:
            result: np.ndarray | BaseException = make(item)
        except BaseException as exc:  # handed to the consumer
            result = exc
        while not stop.is_set():
            try:
                results.put((k, result), timeout=0.1)
                break
            except queue.Full:
                continue
        if stop.is_set() or isinstance(result, BaseException):
            return
