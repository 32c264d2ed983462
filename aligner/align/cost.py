"""Bead costs for the DP: cosine with neighbour-margin and hubness normalisation, length and bead-type penalties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

BeadType = tuple[int, int]
COST_FORMS = ("bertalign", "vecalign")


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
        self.src = np.ascontiguousarray(src_vecs, dtype=np.float32)
        self.tgt = np.ascontiguousarray(tgt_vecs, dtype=np.float32)
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
            self.src_hub = hubness(self.src[: self.A], self.tgt[0], sample=weights.hub_sample, rng=rng)
            self.tgt_hub = hubness(self.tgt[: self.B], self.src[0], sample=weights.hub_sample, rng=rng)
        self.many = np.array([max(0, a + b - 2) * weights.many for a, b in self.types])

    def row(self, i: int, lo: int, hi: int) -> np.ndarray:
        """Return (len(types), hi-lo+1) costs of each bead type ending at nodes (i, lo..hi); inf where impossible."""
        A, B, w = self.A, self.B, self.w
        width = hi - lo + 1
        out = np.full((len(self.types), width), np.inf)
        if i == 0:
            return out
        a_max = min(A, i)
        # source windows ending at i, one per size a: (a_max, d)
        sw = self.src[np.arange(a_max), i - np.arange(1, a_max + 1)]
        # target windows start at j-b for j in [lo, hi]: starts range [lo-B, hi-1]
        t0 = max(0, lo - B)
        t1 = hi  # exclusive
        if t1 <= t0:
            return out
        tw = self.tgt[:B, t0:t1]  # (B, W', d)
        dots = tw @ sw.T  # (B, W', a_max)
        js = np.arange(lo, hi + 1)
        if w.margin:
            # src window vs target sentences adjacent to the target window: t0-1 .. hi
            n0 = max(0, t0 - 1)
            nb_t = self.tgt[0, n0 : min(self.m, hi + 1)] @ sw.T  # (W'', a_max)
            # target windows vs source sentences adjacent to the source window: i-a-1 and i
            s_idx = np.arange(i - a_max - 1, i + 1)
            s_ok = (s_idx >= 0) & (s_idx < self.n)
            nb_s = np.zeros((B, t1 - t0, s_idx.size), dtype=np.float32)
            if s_ok.any():
                nb_s[:, :, s_ok] = tw @ self.src[0, s_idx[s_ok]].T
        for k, (a, b) in enumerate(self.types):
            if a > i:
                continue
            starts = js - b
            ok = (starts >= 0) & (starts < self.m)
            if not ok.any():
                continue
            st = starts[ok]
            sim = dots[b - 1, st - t0, a - 1].astype(np.float64)
            score = sim
            if w.margin:
                left, right = st - 1, st + b
                has_l, has_r = left >= 0, right < self.m
                tl = np.where(has_l, nb_t[np.clip(left - n0, 0, None), a - 1], 0.0)
                tr = np.where(has_r, nb_t[np.clip(right - n0, 0, nb_t.shape[0] - 1), a - 1], 0.0)
                tn = (tl + tr) / np.maximum(has_l.astype(float) + has_r, 1.0)
                sl_i, sr_i = i - a - 1, i
                cols = []
                if sl_i >= 0:
                    cols.append(nb_s[b - 1, st - t0, sl_i - (i - a_max - 1)])
                if sr_i < self.n:
                    cols.append(nb_s[b - 1, st - t0, sr_i - (i - a_max - 1)])
                sn = np.mean(cols, axis=0) if cols else 0.0
                score = score - w.margin * (tn + sn) / 2.0
            if w.hub or w.form == "vecalign":
                hub = (self.src_hub[a - 1, i - a] + self.tgt_hub[b - 1, st]) / 2.0
            if w.hub:
                score = score - w.hub * hub
            factor = 1.0
            sl = self.src_len[a - 1, i - a]
            tl_ = self.tgt_len[b - 1, st]
            if w.gc:
                score = score - w.gc * gale_church_nll(sl, tl_)
            if w.length:
                lo_, hi_ = np.minimum(sl, tl_), np.maximum(sl, tl_)
                factor = np.log2(1.0 + np.where(hi_ > 0, lo_ / np.where(hi_ > 0, hi_, 1.0), 1.0)) ** w.length
            if w.form == "vecalign":
                cost = a * b * (1.0 - score) / np.maximum(1.0 - hub, 1e-3) / np.maximum(factor, 1e-3)
            else:
                cost = -score * factor
            out[k, ok] = cost + self.many[k]
        return out
