"""Document-adaptive skip costs: a sentence with a strong candidate in its band is dear to skip, one without cheap."""

from __future__ import annotations

from typing import Any

import numpy as np

from aligner.align.dp import Float32Rows, anchor_path, band_from_anchors, full_band

RANDOM_PAIRS = 4096  # random sentence pairs sampled for the document's floor


def best_in_band(src: np.ndarray, tgt: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best cosine of each source sentence to any target window in its band, and of each target sentence likewise.

    ``src``/``tgt`` are (k, n, d) overlap vectors (float16 is read in float32 blocks); node row i (source sentence
    i-1) spans columns lo[i]..hi[i]. Returns (n,) and (m,) arrays, -1 where a sentence meets no window.
    """
    n, m, ks, kt = src.shape[1], tgt.shape[1], src.shape[0], tgt.shape[0]
    best_s, best_t = np.full(n, -1.0), np.full(m, -1.0)
    s_rows = [Float32Rows(src[k]) for k in range(ks)]
    t_rows = [Float32Rows(tgt[k]) for k in range(kt)]
    for i in range(1, n + 1):
        c0, c1 = max(int(lo[i]) - kt, 0), min(int(hi[i]), m)
        if c1 <= c0:
            continue
        sent = s_rows[0](i - 1, i)[0]
        best_s[i - 1] = max(float((t_rows[k](c0, c1) @ sent).max()) for k in range(kt))
        t_sent = t_rows[0](c0, c1)
        for k in range(ks):
            win = s_rows[k](max(i - 1 - k, 0), i)  # source windows of k+1 sentences that contain sentence i-1
            best_t[c0:c1] = np.maximum(best_t[c0:c1], (t_sent @ win.T).max(axis=1))
    return best_s, best_t


def document_floor(src: np.ndarray, tgt: np.ndarray, percentile: float, *, seed: int = 0) -> float:
    """The ``percentile`` of the cosines of random sentence pairs of this document (its 'unrelated' level)."""
    n, m = src.shape[1], tgt.shape[1]
    rng = np.random.default_rng(seed)
    size = min(RANDOM_PAIRS, n * m)
    ri, rj = np.sort(rng.integers(0, n, size)), rng.integers(0, m, size)
    a = np.asarray(src[0][ri], dtype=np.float32)
    b = np.asarray(tgt[0][rj], dtype=np.float32)
    return float(np.percentile(np.einsum("nd,nd->n", a, b), percentile))


def skip_costs(
    src: np.ndarray, tgt: np.ndarray, lo: np.ndarray, hi: np.ndarray, *, low: float, span: float, floor_pct: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return (n+1,) 1-0 and (m+1,) 0-1 bead costs for banded_dp (index 0 unused): ``low + span * z`` per sentence.

    z rescales the sentence's best in-band cosine to the document: 0 at its random-pair percentile ``floor_pct``,
    1 at the median best cosine of all its sentences, clipped to [0, 1]. So the scale follows the encoder, the
    language pair and how topical the document is (NTREX news: random pairs up to 0.6; Text+Berg: 0.3).
    """
    floor = document_floor(src, tgt, floor_pct)
    best_s, best_t = best_in_band(src, tgt, lo, hi)
    top = float(np.median(np.concatenate([best_s, best_t])))
    scale = max(top - floor, 1e-3)
    dels = low + span * np.clip((best_s - floor) / scale, 0.0, 1.0)
    ins = low + span * np.clip((best_t - floor) / scale, 0.0, 1.0)
    return np.concatenate([[0.0], dels]), np.concatenate([[0.0], ins])


def band_and_skip_costs(
    src: np.ndarray, tgt: np.ndarray, p: Any
) -> tuple[np.ndarray, np.ndarray, float | np.ndarray, float | np.ndarray]:
    """The first pass's DP band ``(lo, hi)`` and its 1-0 / 0-1 bead costs for ``p`` (AlignParams).

    The costs are ``p.deletion`` for a fixed skip cost, else each sentence's (n+1,) and (m+1,) adaptive costs.
    """
    n, m = src.shape[1], tgt.shape[1]
    reach = max(min(p.max_overlap, src.shape[0], n), min(p.max_overlap, tgt.shape[0], m))
    if (n + 1) * (m + 1) <= p.full_below:
        lo, hi = full_band(n, m)
    else:
        anchors = anchor_path(src[0], tgt[0], half_width=p.first_band, top_k=p.top_k)
        lo, hi = band_from_anchors(anchors, n, m, p.band + reach)
    if p.skip != "adaptive":
        return lo, hi, p.deletion, p.deletion
    dels, ins = skip_costs(src, tgt, lo, hi, low=p.skip_low, span=p.skip_span, floor_pct=p.skip_floor)
    return lo, hi, dels, ins
