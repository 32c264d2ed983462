"""Banded dynamic programming over bead types with traceback; anchor path and band for linear time and memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np

Bead = tuple[tuple[int, ...], tuple[int, ...]]
RowCosts = Callable[[int, int, int], np.ndarray]  # (i, lo, hi) -> (n_types, hi-lo+1) costs


def _bead(i: int, j: int, a: int, b: int) -> Bead:
    return tuple(range(i - a, i)), tuple(range(j - b, j))


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the band covering the whole (n+1) x (m+1) node grid."""
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def banded_dp(
    n: int,
    m: int,
    lo: np.ndarray,
    hi: np.ndarray,
    types: Sequence[tuple[int, int]],
    row_costs: RowCosts,
    *,
    del_cost: float | np.ndarray,
    ins_cost: float | np.ndarray,
) -> list[Bead]:
    """Minimum-cost monotone path from node (0, 0) to (n, m) within rows' column bands [lo[i], hi[i]].

    ``types`` are the non-deletion bead types (a, b), a, b >= 1; 1-0 (cost ``del_cost``) and 0-1 (``ins_cost``)
    beads are always allowed. Either cost may be an array: ``del_cost[i]`` is the 1-0 bead ending at row i (source
    sentence i-1), ``ins_cost[j]`` the 0-1 bead ending at column j (target sentence j-1); index 0 is unused.
    Memory: one int8 back-pointer per band cell and the path costs of the last
    max(a) + 1 rows only; time O(band cells x bead types).
    """
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    if lo[0] != 0 or hi[n] != m or np.any(lo > hi):
        raise ValueError("band must contain nodes (0, 0) and (n, m) and have lo <= hi")
    dels = np.broadcast_to(np.asarray(del_cost, dtype=np.float64), (n + 1,))
    ins_csum = np.cumsum(np.broadcast_to(np.asarray(ins_cost, dtype=np.float64), (m + 1,)))  # shift of column j
    widths = hi - lo + 1
    off = np.concatenate([[0], np.cumsum(widths)])
    if len(types) > 120:
        raise ValueError(f"at most 120 bead types, got {len(types)}")
    reach = max([1, *(a for a, _ in types)])  # rows back a move reaches
    rows: dict[int, np.ndarray] = {}  # path costs of the rows still reachable
    bp = np.empty(int(off[-1]), dtype=np.int8)  # index into types; -1 = 1-0, -2 = 0-1, -3 = origin
    del_k, ins_k = -1, -2
    for i in range(n + 1):
        li, hi_i = int(lo[i]), int(hi[i])
        js = np.arange(li, hi_i + 1)
        best = np.full(js.size, np.inf)
        arg = np.full(js.size, -4, dtype=np.int8)
        if i > 0:
            costs = row_costs(i, li, hi_i)
            moves: list[tuple[int, int, int, np.ndarray | float]] = [(1, 0, del_k, float(dels[i]))]
            moves += [(a, b, k, costs[k]) for k, (a, b) in enumerate(types)]
            for a, b, k, c in moves:
                pi = i - a
                if pi < 0:
                    continue
                # the columns j whose predecessor (pi, j - b) lies in row pi's band form one run
                j0, j1 = max(li, int(lo[pi]) + b), min(hi_i, int(hi[pi]) + b)
                if j0 > j1:
                    continue
                start, seg = j0 - b - int(lo[pi]), slice(j0 - li, j1 - li + 1)
                total = rows[pi][start : start + j1 - j0 + 1] + (c[seg] if isinstance(c, np.ndarray) else c)
                better = total < best[seg]
                best[seg][better] = total[better]
                arg[seg][better] = k
        else:
            best[0] = 0.0  # lo[0] == 0: node (0, 0)
            arg[0] = -3
        # 0-1 beads within the row: best[j] = min_k best[k] + ins[k+1] + ... + ins[j]  (prefix-min scan)
        shift = ins_csum[js]
        scanned = np.minimum.accumulate(best - shift) + shift
        take = scanned < best - 1e-12
        best[take] = scanned[take]
        arg[take] = ins_k
        rows[i] = best
        rows.pop(i - reach - 1, None)
        bp[off[i] : off[i + 1]] = arg
    if not np.isfinite(rows[n][m - lo[n]]):
        raise ValueError("no path through the band reaches the end node")
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(bp[off[i] + j - lo[i]])
        if k == del_k:
            a, b = 1, 0
        elif k == ins_k:
            a, b = 0, 1
        elif k >= 0:
            a, b = types[k]
        else:
            raise RuntimeError(f"broken back-pointer at node ({i}, {j})")
        beads.append(_bead(i, j, a, b))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def monotone_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Clip a band to [0, m], make lo and hi non-decreasing, and pin (0, 0) and (n, m) inside it."""
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, m)
    hi = np.clip(np.asarray(hi, dtype=np.int64), 0, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # lo[i] <= lo[i'] for i < i'
    hi = np.maximum.accumulate(hi)
    lo[0] = 0
    hi[-1] = m
    return lo, np.maximum(hi, lo)


def diagonal_band(n: int, m: int, half_width: int) -> tuple[np.ndarray, np.ndarray]:
    """Band of +- half_width columns around the proportional diagonal j = i * m / n."""
    centre = np.round(np.arange(n + 1) * (m / max(n, 1))).astype(np.int64)
    return monotone_band(centre - half_width, centre + half_width, m)


def band_from_anchors(
    anchors: Sequence[tuple[int, int]], n: int, m: int, half_width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Band around a monotone chain of anchor nodes: rows between two anchors span their columns +- half_width."""
    pts = [(0, 0), *[(int(i), int(j)) for i, j in anchors], (n, m)]
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in pairwise(pts):
        rows = slice(i0, i1 + 1)
        lo[rows] = np.minimum(lo[rows], j0 - half_width)
        hi[rows] = np.maximum(hi[rows], j1 + half_width)
    return monotone_band(lo, hi, m)


class Float32Rows:
    """Rows ``a:b`` of a (float16 or float32) matrix as float32, converted a block at a time as the range advances."""

    def __init__(self, arr: np.ndarray, block: int = 4096) -> None:
        self.arr, self.block, self.r0, self.rows = arr, block, 0, arr[:0].astype(np.float32)

    def __call__(self, a: int, b: int) -> np.ndarray:
        """Return ``arr[a:b]`` as float32 (no copy when the array is float32)."""
        if self.arr.dtype == np.float32:
            return self.arr[a:b]
        if not (self.r0 <= a and b <= self.r0 + self.rows.shape[0]):
            self.r0, self.rows = a, self.arr[a : max(b, a + self.block)].astype(np.float32)
        return self.rows[a - self.r0 : b - self.r0]


def anchor_path(src: np.ndarray, tgt: np.ndarray, *, half_width: int, top_k: int) -> list[tuple[int, int]]:
    """First pass (Bertalign-style): 1-1 beads maximising the summed similarity of top-k candidates.

    Searches a diagonal band of +- half_width; only a row's top_k similarities in the band score, the rest score 0.
    Returns the nodes (i+1, j+1) after each 1-1 bead on the best path. float16 vectors are read in float32 blocks.
    """
    n, m = src.shape[0], tgt.shape[0]
    if n == 0 or m == 0:
        return []
    lo, hi = diagonal_band(n, m, half_width)
    src_rows, tgt_rows = Float32Rows(src), Float32Rows(tgt)

    def row_costs(i: int, li: int, hi_i: int) -> np.ndarray:
        t0 = max(li - 1, 0)
        sims = tgt_rows(t0, hi_i) @ src_rows(i - 1, i)[0]
        cost = np.zeros(hi_i - li + 1)
        if sims.size:
            k = min(top_k, sims.size)
            kth = np.partition(sims, sims.size - k)[sims.size - k]
            keep = np.where(sims >= kth, sims, 0.0)
            cost[(t0 + 1) - li :] = -keep
        if li == 0:
            cost[0] = np.inf
        return cost[None, :]

    beads = banded_dp(n, m, lo, hi, [(1, 1)], row_costs, del_cost=0.0, ins_cost=0.0)
    out: list[tuple[int, int]] = []
    for s, t in beads:
        if len(s) == 1 and len(t) == 1:
            out.append((s[0] + 1, t[0] + 1))
    return out
