"""Bertalign's published two-step search, re-implemented on numpy to run as a peer fed with our own vectors.

Source of the algorithm: Lei Liu and Min Zhu, "Bertalign: Improved word embedding-based sentence alignment for
Chinese-English parallel corpora of literary texts", Digital Scholarship in the Humanities 38(2), 2023, and its
reference code https://github.com/bfsujason/bertalign (``bertalign/corelib.py``, ``bertalign/aligner.py``). This
module is our own code written from that description; it keeps the published parameters and their names
(``max_align=5, top_k=3, win=5, skip=-0.1, margin=True, len_penalty=True``; first-pass window
``max(250, 6% of the longer side)``). PyPI ``bertalign`` 2.x needs Python >= 3.12, hence this re-implementation.

Input: the overlap vectors of both sides, ``vecs[k-1, i]`` = the unit vector of the concatenated text of
sentences ``i .. i+k-1`` (Bertalign embeds every window's text), ``k = 1 .. max_align-1``, and the UTF-8 byte
lengths of the same windows. Steps:

1. first pass: the ``top_k`` most similar target sentences of each source sentence (inner product); a DP over
   0-1/1-0/1-1 moves inside a diagonal band scores a 1-1 cell with its similarity when the target is among the
   source's top-k (else 0), deletions cost nothing; the back-track keeps the 1-1 cells: an approximate path.
2. second pass: a band of ``win`` target sentences around that path; a DP over every bead ``x-y`` with
   ``x + y <= max_align`` (plus 0-1 and 1-0 at cost ``skip``) scores a bead with the cosine of its windows minus
   the mean similarity of each window to the single sentences next to the other window (``margin``), times
   ``log2(1 + min/max)`` of the byte lengths with the target scaled by the document's byte ratio (``len_penalty``).
Ties go to the earlier bead type (0-1, 1-0, 1-1, 1-2, ..., 2-1, ...), as in the reference code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Bead = tuple[tuple[int, ...], tuple[int, ...]]
NEG = -np.inf


@dataclass(frozen=True)
class BertalignParams:
    """Bertalign's published defaults (``Bertalign.__init__`` and ``find_first_search_path``)."""

    max_align: int = 5
    top_k: int = 3
    win: int = 5
    skip: float = -0.1
    margin: bool = True
    len_penalty: bool = True
    min_win_size: int = 250
    percent: float = 0.06

    def signature(self) -> str:
        """Return e.g. ``bertalign_search(max=5,k=3,win=5,skip=-0.10,margin=1,len=1,first=250/0.06)``."""
        return (
            f"bertalign_search(max={self.max_align},k={self.top_k},win={self.win},skip={self.skip:.2f},"
            f"margin={int(self.margin)},len={int(self.len_penalty)},first={self.min_win_size}/{self.percent})"
        )


def preprocess(lines: Sequence[str]) -> list[str]:
    """Bertalign's line clean-up before embedding: strip, an empty line becomes ``BLANK_LINE``."""
    return [line.strip() or "BLANK_LINE" for line in lines]


def window_byte_lengths(lines: Sequence[str], layers: int) -> np.ndarray:
    """Return (layers, n) UTF-8 byte lengths of ``lines[i .. i+k-1]`` joined by one space (shorter at the end)."""
    n = len(lines)
    base = np.array([len(s.encode("utf-8")) for s in lines], dtype=np.float64)
    csum = np.concatenate([[0.0], np.cumsum(base)])
    starts = np.arange(n)
    out = np.empty((layers, n), dtype=np.float64)
    for k in range(1, layers + 1):
        ends = np.minimum(starts + k, n)
        out[k - 1] = csum[ends] - csum[starts] + (ends - starts - 1)
    return out


def bead_types(max_align: int) -> list[tuple[int, int]]:
    """0-1, 1-0, then every x-y with x, y >= 1 and x + y <= max_align, x-major (the reference order)."""
    types = [(0, 1), (1, 0)]
    types += [(x, y) for x in range(1, max_align) for y in range(1, max_align) if x + y <= max_align]
    return types


def first_band(n: int, m: int, min_win: int, percent: float) -> np.ndarray:
    """Rows 0..n: the target range [lo, hi] around the length diagonal, half-width max(min_win, percent*max(n,m))."""
    w = max(min_win, int(max(n, m) * percent))
    centre = (np.arange(n + 1) * (m / n)).astype(np.int64)
    return np.stack([np.maximum(0, centre - w), np.minimum(centre + w, m)], axis=1)


def top_k(src: np.ndarray, tgt: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` highest inner products of each source row against the target rows: (scores, indices)."""
    sims = src.astype(np.float32) @ tgt.astype(np.float32).T
    k = min(k, sims.shape[1])
    idx = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(sims, idx, axis=1), idx


def first_pass(n: int, m: int, band: np.ndarray, scores: np.ndarray, index: np.ndarray) -> list[tuple[int, int]]:
    """DP over 0-1/1-0/1-1 inside ``band``; return the 1-1 cells (i, j) of the best path (1-based ends)."""
    cost: list[np.ndarray] = []
    move: list[np.ndarray] = []
    for i in range(n + 1):
        lo, hi = int(band[i, 0]), int(band[i, 1])
        width = hi - lo + 1
        c = np.full(width, NEG)
        p = np.full(width, -1, dtype=np.int8)
        gain = np.zeros(width)
        if i > 0:
            for s, t in zip(scores[i - 1], index[i - 1], strict=True):
                if lo <= t + 1 <= hi:
                    gain[t + 1 - lo] += s  # the reference adds every top-k hit on j-1
            plo, phi = int(band[i - 1, 0]), int(band[i - 1, 1])
            prev = cost[i - 1]
        for off in range(width):
            j = lo + off
            if i == 0 and j == 0:
                c[off], p[off] = 0.0, -1
                continue
            best, arg = NEG, -1
            if j > lo:  # 0-1 from (i, j-1)
                best, arg = c[off - 1], 0
            if i > 0 and plo <= j <= phi and prev[j - plo] > best:  # 1-0 from (i-1, j)
                best, arg = prev[j - plo], 1
            if i > 0 and j > 0 and plo <= j - 1 <= phi and prev[j - 1 - plo] + gain[off] > best:  # 1-1
                best, arg = prev[j - 1 - plo] + gain[off], 2
            c[off], p[off] = best, arg
        cost.append(c)
        move.append(p)
    path: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        a = int(move[i][j - int(band[i, 0])])
        if a == 2:
            path.append((i, j))
        i, j = (i, j - 1) if a == 0 else (i - 1, j) if a == 1 else (i - 1, j - 1)
    return path[::-1]


def second_band(path: list[tuple[int, int]], win: int, n: int, m: int) -> np.ndarray:
    """Rows 0..n: target range around the first-pass path (the path is first forced to end at (n, m))."""
    path = list(path)
    if not path:
        path = [(n, m)]
    elif path[-1][0] != n:
        if path[-1][1] == m:
            path.pop()
        path.append((n, m))
    elif path[-1][1] != m:
        path.pop()
        path.append((n, m))
    rows: list[tuple[int, int]] = []
    prev_i, prev_j = 0, 0
    for i, j in path:
        lo, hi = max(0, prev_j - win), min(m, j + win)
        rows.extend([(lo, hi)] * (i - prev_i))
        prev_i, prev_j = i, j
    rows = [rows[0], *rows] if rows else [(0, m)]
    return np.array(rows, dtype=np.int64)


def _neighbour_sim(vec: np.ndarray, sents: np.ndarray, ends: np.ndarray, size: int, count: int) -> np.ndarray:
    """Mean similarity of ``vec`` to the sentence after and the one before windows of ``size`` ending at ``ends``.

    ``ends`` are 1-based window ends on the side of ``sents``; a neighbour that does not exist, or whose similarity
    is exactly 0, counts as absent (the reference's truthiness test).
    """
    right_idx = ends + 1
    left_idx = ends - size
    right = np.where(right_idx <= count, sents[np.clip(right_idx - 1, 0, count - 1)] @ vec, 0.0)
    left = np.where(left_idx > 0, sents[np.clip(left_idx - 1, 0, count - 1)] @ vec, 0.0)
    return _mean_present(left, right)


def _mean_present(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The mean of the two neighbour similarities where both are present (non-zero), else the one that is."""
    both = (right != 0) & (left != 0)
    return np.where(both, (left + right) / 2, left + right)


def second_pass(
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_lens: np.ndarray,
    tgt_lens: np.ndarray,
    band: np.ndarray,
    params: BertalignParams,
) -> list[Bead]:
    """DP over every bead type inside ``band``; return the beads (0-based sentence indices)."""
    n, m = src_vecs.shape[1], tgt_vecs.shape[1]
    types = bead_types(params.max_align)
    ratio = float(src_lens[0].sum() / tgt_lens[0].sum()) if tgt_lens[0].sum() > 0 else 1.0
    src0, tgt0 = src_vecs[0].astype(np.float64), tgt_vecs[0].astype(np.float64)
    cost: list[np.ndarray] = []
    move: list[np.ndarray] = []
    for i in range(n + 1):
        lo, hi = int(band[i, 0]), int(band[i, 1])
        js = np.arange(lo, hi + 1)
        width = js.size
        cand = np.full((len(types), width), NEG)
        for a, (x, y) in enumerate(types):
            if x == 0 or i - x < 0:
                continue  # 0-1 is resolved along the row below
            pi = i - x
            plo, phi = int(band[pi, 0]), int(band[pi, 1])
            pj = js - y
            ok = (pj >= plo) & (pj <= phi) & (pj >= 0)
            if not ok.any():
                continue
            prev = np.full(width, NEG)
            prev[ok] = cost[pi][pj[ok] - plo]
            if y == 0:
                cand[a] = prev + params.skip
                continue
            jj = js[ok]
            sv = src_vecs[x - 1, i - x].astype(np.float64)  # the window of x sentences ending at sentence i
            tv = tgt_vecs[y - 1, jj - y].astype(np.float64)  # windows of y sentences ending at each j
            score = tv @ sv
            if params.margin:
                tgt_nb = _neighbour_sim(sv, tgt0, jj, y, m)
                src_nb = _neighbour_sim_rows(tv, src0, i, x, n)
                score = score - (tgt_nb + src_nb) / 2
            if params.len_penalty:
                sl = src_lens[x - 1, i - x]
                tl = tgt_lens[y - 1, jj - y] * ratio
                score = score * np.log2(1 + np.minimum(sl, tl) / np.maximum(sl, tl))
            vals = np.full(width, NEG)
            vals[ok] = prev[ok] + score
            cand[a] = vals
        best_other = cand[1:].max(axis=0)
        arg_other = cand[1:].argmax(axis=0) + 1
        c = np.full(width, NEG)
        p = np.full(width, -1, dtype=np.int8)
        for off in range(width):
            if i == 0 and js[off] == 0:
                c[off] = 0.0
                continue
            best, arg = (c[off - 1] + params.skip, 0) if off > 0 else (NEG, -1)
            if best_other[off] > best:
                best, arg = best_other[off], int(arg_other[off])
            c[off], p[off] = best, arg
        cost.append(c)
        move.append(p)
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        a = int(move[i][j - int(band[i, 0])])
        if a < 0:
            raise RuntimeError(f"no path through cell ({i}, {j})")
        x, y = types[a]
        beads.append((tuple(range(i - x, i)), tuple(range(j - y, j))))
        i, j = i - x, j - y
    return beads[::-1]


def _neighbour_sim_rows(windows: np.ndarray, sents: np.ndarray, end: int, size: int, count: int) -> np.ndarray:
    """As ``_neighbour_sim`` for many target ``windows`` against the sentences next to one source window."""
    right_idx, left_idx = end + 1, end - size
    zero = np.zeros(windows.shape[0])
    right = windows @ sents[right_idx - 1] if right_idx <= count else zero
    left = windows @ sents[left_idx - 1] if left_idx > 0 else zero
    return _mean_present(left, right)


def bertalign_align(
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_lens: np.ndarray,
    tgt_lens: np.ndarray,
    params: BertalignParams | None = None,
) -> list[Bead]:
    """Align two documents given (max_align-1, n, dim) window vectors and (max_align-1, n) window byte lengths."""
    params = params or BertalignParams()
    n, m = src_vecs.shape[1], tgt_vecs.shape[1]
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    scores, index = top_k(src_vecs[0], tgt_vecs[0], params.top_k)
    path = first_pass(n, m, first_band(n, m, params.min_win_size, params.percent), scores, index)
    band = second_band(path, params.win, n, m)
    return second_pass(src_vecs, tgt_vecs, src_lens, tgt_lens, band, params)
