"""Self-trained lexical evidence: IBM Model 1 learnt on a first pass's confident 1-1 beads re-scores the DP's band.

After the first DP pass, the 1-1 beads whose cosine beats every neighbouring pairing by ``conf`` are taken as a
bitext; IBM Model 1 is trained on it in both directions (plus identical words, e.g. numbers and names, as mutual
translations, the hunalign/Bleualign cue). Every bead in the band then gets the length-normalised Model 1
log-probability of each side given the other, averaged over both directions and rescaled to the document: 0 at the
median of all 1-1 cells of the band (mostly unrelated pairs), 1 at the median of the confident beads. The second
pass adds ``-weight * (z - centre)`` to each bead's embedding cost. Model 1 sums ``t(f|e)`` over the source words
of a bead, so a window's translation mass is the sum of its sentences' (sparse rows) and the per-window log-probs are
one vectorised gather over the band, with no Python loop over cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from aligner.align.dp import Bead, RowCosts
from aligner.align.model1 import Vocab, ragged, tokenize, train_model1

EPS = 1e-3  # probability floor of a word no table explains (unknown words)
MIN_CONFIDENT = 4  # fewer confident beads than this: no second pass
PRUNE = 0.01  # t(f|e) below this is dropped before scoring (keeps the window translation mass sparse)
IDENTICAL = 1.0  # extra t(f|e) mass of a word written the same on both sides (numbers, names)


@dataclass(frozen=True)
class LexicalEvidence:
    """What the lexical pass adds: bead cost addends and each sentence's best 1-1 z.

    ``addend`` is (len(types), band cells); ``src_best``/``tgt_best`` are indexed like the DP's skip costs
    (index 0 unused, ``src_best[i]`` is source sentence i-1).
    """

    addend: np.ndarray
    src_best: np.ndarray
    tgt_best: np.ndarray


def confident_beads(beads: Sequence[Bead], src: np.ndarray, tgt: np.ndarray, conf: float) -> list[tuple[int, int]]:
    """1-1 beads (i, j) whose cosine beats their best neighbouring pairing (i+-1 with j, i with j+-1) by ``conf``.

    ``src``/``tgt`` are (n, d) / (m, d) sentence vectors.
    """
    ones = [(s[0], t[0]) for s, t in beads if len(s) == 1 and len(t) == 1]
    if not ones:
        return []
    n, m = src.shape[0], tgt.shape[0]
    i = np.array([a for a, _ in ones])
    j = np.array([b for _, b in ones])
    s0, t0 = np.asarray(src[i], np.float32), np.asarray(tgt[j], np.float32)
    cos = np.einsum("nd,nd->n", s0, t0)
    best = np.full(i.size, -1.0)
    for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        ii, jj = np.clip(i + di, 0, n - 1), np.clip(j + dj, 0, m - 1)
        ok = (ii != i) | (jj != j)
        sim = np.einsum("nd,nd->n", np.asarray(src[ii], np.float32), np.asarray(tgt[jj], np.float32))
        best = np.where(ok, np.maximum(best, sim), best)
    keep = cos - best >= conf
    return [(int(a), int(b)) for a, b in zip(i[keep], j[keep], strict=True)]


def _bags(tokens: Sequence[np.ndarray], size: int) -> sparse.csr_matrix:
    rows = np.repeat(np.arange(len(tokens)), [t.size for t in tokens])
    cols = np.concatenate([*tokens, np.zeros(0, np.int64)])
    return sparse.csr_matrix((np.ones(cols.size), (rows, cols)), shape=(len(tokens), size))


def _pruned(table: sparse.csr_matrix) -> sparse.csr_matrix:
    """``table`` without the entries below PRUNE (Model 1 spreads a little mass over every co-occurring word)."""
    out = table.tocsr(copy=True)
    out.data[out.data < PRUNE] = 0.0
    out.eliminate_zeros()
    return out


def _lookup(mat: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``mat[rows, cols]`` as a flat array, by binary search over the sorted (row, col) keys (no per-row scans)."""
    mat = mat.tocsr()
    mat.sum_duplicates()  # canonical: sorted column indices in each row
    keys = np.repeat(np.arange(mat.shape[0], dtype=np.int64), np.diff(mat.indptr)) * mat.shape[1] + mat.indices
    query = rows.astype(np.int64) * mat.shape[1] + cols
    at = np.minimum(np.searchsorted(keys, query), max(keys.size - 1, 0))
    return np.where(keys[at] == query, mat.data[at], 0.0) if keys.size else np.zeros(query.size)


def window_sentence_logprobs(
    win_tok: Sequence[np.ndarray],
    sent_tok: Sequence[np.ndarray],
    table: sparse.csr_matrix,
    k_win: int,
    k_sent: int,
    lo: np.ndarray,
    hi: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Model 1 log-probs of each other-side sentence given each conditioning window that a band bead can pair it with.

    Row nodes i (0..n) index ``win_tok`` sentences, column nodes j (0..m) ``sent_tok``; ``table[e, f]`` = t(f|e),
    row 0 NULL. Returns (g, r0): ``g[a-1, jj, i0 - r0[jj]]`` = sum over words f of sentence jj of
    log((sum_{e in window(a, i0)} t(f|e) + t(f|NULL)) / (|window| + 1)), window(a, i0) = sentences i0 .. i0+a-1.
    Work: one lookup per (word of sentence jj, sentence in its row range), window sums by cumulative sums.
    """
    n, m = len(win_tok), len(sent_tok)
    mass = _bags(win_tok, table.shape[0]) @ _pruned(table)
    null = np.asarray(table[0].todense()).ravel()
    csum = np.concatenate([[0.0], np.cumsum([t.size for t in win_tok])])
    sent_lens = np.array([t.size for t in sent_tok], dtype=np.int64)
    jj = np.arange(m)
    # node rows I whose band holds a bead covering sentence jj: lo[I] <= jj + k_sent and hi[I] >= jj + 1
    i_min = np.searchsorted(hi, jj + 1, side="left")
    i_max = np.searchsorted(lo, jj + k_sent, side="right") - 1
    r0 = np.maximum(0, i_min - k_win)
    width = max(int((np.minimum(n - 1, i_max - 1) - r0 + 1).max(initial=1)), 1)
    span = width + k_win  # sentences a row of lookups covers: window starts r0 .. r0+width-1, plus their reach
    f_ids = np.concatenate([*sent_tok, np.zeros(0, np.int64)])
    p_sent = np.repeat(jj, sent_lens)
    rows = r0[p_sent][:, None] + np.arange(span)[None, :]  # (words, span)
    inside = rows < n
    vals = _lookup(mass, np.where(inside, rows, 0).ravel(), np.repeat(f_ids, span)).reshape(rows.shape) * inside
    cv = np.concatenate([np.zeros((f_ids.size, 1)), np.cumsum(vals, axis=1)], axis=1)
    ptr = np.concatenate([[0], np.cumsum(sent_lens)])
    g = np.zeros((k_win, m, width))
    starts = rows[:, :width]  # window start i0 of each column
    for a in range(1, k_win + 1):
        wmass = cv[:, a : a + width] - cv[:, :width]
        wlen = csum[np.minimum(starts + a, n)] - csum[np.minimum(starts, n)]
        logp = np.log(np.maximum(wmass + null[f_ids][:, None], EPS)) - np.log(wlen + 1.0)
        acc = np.concatenate([np.zeros((1, width)), np.cumsum(logp, axis=0)])
        g[a - 1] = acc[ptr[1:]] - acc[ptr[:-1]]
    return g, r0


def transpose_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Row range [rlo[j], rhi[j]] of each column node j of a monotone band."""
    j = np.arange(m + 1)
    return np.searchsorted(hi, j, side="left"), np.searchsorted(lo, j, side="right") - 1


def _gather(g: np.ndarray, sent: np.ndarray, start: np.ndarray, r0: np.ndarray) -> np.ndarray:
    """``g[sent, start - r0[sent]]`` (window starts outside a sentence's range cannot occur in the band)."""
    return g[sent, np.clip(start - r0[sent], 0, g.shape[1] - 1)]


class LexicalScorer:
    """Per-token Model 1 log-probability of every band bead, both directions (arrays over the band's cells)."""

    def __init__(
        self,
        src_tok: Sequence[np.ndarray],
        tgt_tok: Sequence[np.ndarray],
        fwd: sparse.csr_matrix,
        bwd: sparse.csr_matrix,
        types: Sequence[tuple[int, int]],
        lo: np.ndarray,
        hi: np.ndarray,
    ) -> None:
        n, m = len(src_tok), len(tgt_tok)
        self.types, self.lo, self.hi = list(types), lo, hi
        a_max, b_max = max(a for a, _ in types), max(b for _, b in types)
        gf, r0f = window_sentence_logprobs(src_tok, tgt_tok, fwd, a_max, b_max, lo, hi)
        rlo, rhi = transpose_band(lo, hi, m)
        gb, r0b = window_sentence_logprobs(tgt_tok, src_tok, bwd, b_max, a_max, rlo, rhi)
        widths = hi - lo + 1
        self.off = np.concatenate([[0], np.cumsum(widths)])
        self.rows = rows = np.repeat(np.arange(n + 1), widths)
        self.cols = cols = lo[rows] + ragged(widths)
        cs = np.concatenate([[0], np.cumsum([t.size for t in src_tok])])
        ct = np.concatenate([[0], np.cumsum([t.size for t in tgt_tok])])
        self.logp = np.full((len(self.types), rows.size), np.nan, dtype=np.float32)
        for k, (a, b) in enumerate(self.types):
            ok = (rows >= a) & (cols >= b)
            r, c = rows[ok], cols[ok]
            i0, j0 = r - a, c - b
            fsum = sum(_gather(gf[a - 1], c - t, i0, r0f) for t in range(1, b + 1))
            bsum = sum(_gather(gb[b - 1], r - t, j0, r0b) for t in range(1, a + 1))
            flen, blen = ct[c] - ct[j0], cs[r] - cs[i0]
            with np.errstate(invalid="ignore", divide="ignore"):
                both = (fsum / flen + bsum / blen) / 2.0  # nan when a side has no words: no evidence
            self.logp[k, ok] = both

    def cell(self, i: int, j: int, k: int) -> float:
        """Log-prob of bead type ``k`` ending at node (i, j) (in the band)."""
        return float(self.logp[k, self.off[i] + j - self.lo[i]])


def lexical_costs(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    first: Sequence[Bead],
    src_sent: np.ndarray,
    tgt_sent: np.ndarray,
    types: Sequence[tuple[int, int]],
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    weight: float,
    centre: float = 0.5,
    conf: float = 0.05,
    iterations: int = 5,
    stem: int = 0,
) -> LexicalEvidence | None:
    """Cost addends ``-weight * (z - centre)`` of every band bead (0 where no evidence) and best 1-1 z per sentence.

    None when the first pass has fewer than MIN_CONFIDENT confident 1-1 beads to learn from.
    """
    pairs = confident_beads(first, src_sent, tgt_sent, conf)
    if len(pairs) < MIN_CONFIDENT:
        return None
    sv, tv = Vocab(), Vocab()
    src_tok = [sv.encode(tokenize(t, stem=stem)) for t in src_texts]
    tgt_tok = [tv.encode(tokenize(t, stem=stem)) for t in tgt_texts]
    train = [(src_tok[i], tgt_tok[j]) for i, j in pairs]
    fwd = train_model1(train, len(sv), len(tv), iterations=iterations).t
    bwd = train_model1([(f, e) for e, f in train], len(tv), len(sv), iterations=iterations).t
    same = [(sv.ids[w], tv.ids[w]) for w in sv.ids.keys() & tv.ids.keys() if len(w) > 1 or w.isdigit()]
    if same:
        e_ids, f_ids = np.array(same).T
        fwd = fwd + sparse.csr_matrix((np.full(len(same), IDENTICAL), (e_ids, f_ids)), shape=fwd.shape)
        bwd = bwd + sparse.csr_matrix((np.full(len(same), IDENTICAL), (f_ids, e_ids)), shape=bwd.shape)
    scorer = LexicalScorer(src_tok, tgt_tok, fwd.tocsr(), bwd.tocsr(), types, lo, hi)
    one = list(types).index((1, 1))
    floor = float(np.nanmedian(scorer.logp[one]))
    conf_cells = [scorer.cell(i + 1, j + 1, one) for i, j in pairs if lo[i + 1] <= j + 1 <= hi[i + 1]]
    top = float(np.nanmedian(conf_cells)) if conf_cells else floor + 1.0
    z = np.clip((scorer.logp - floor) / max(top - floor, 1e-3), 0.0, 1.0)
    z11 = np.nan_to_num(z[one], nan=0.0)
    src_best, tgt_best = np.zeros(len(src_texts) + 1), np.zeros(len(tgt_texts) + 1)
    np.maximum.at(src_best, scorer.rows, z11)  # node row i: source sentence i-1 in a 1-1 bead
    np.maximum.at(tgt_best, scorer.cols, z11)
    src_best[0] = tgt_best[0] = 0.0
    return LexicalEvidence(np.nan_to_num(-weight * (z - centre), nan=0.0), src_best, tgt_best)


def recorded(row_costs: RowCosts, store: dict[int, np.ndarray]) -> RowCosts:
    """``row_costs`` that keeps a copy of each row it returns in ``store`` (for a second pass over the same band)."""

    def costs(i: int, li: int, hi_i: int) -> np.ndarray:
        out = store[i] = np.array(row_costs(i, li, hi_i))
        return out

    return costs


def with_addend(row_costs: RowCosts, addend: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> RowCosts:
    """``row_costs`` plus the band-cell ``addend`` of lexical_costs (band ``lo``/``hi`` as in banded_dp)."""
    starts = np.concatenate([[0], np.cumsum(hi - lo + 1)])

    def costs(i: int, li: int, hi_i: int) -> np.ndarray:
        start = int(starts[i]) + li - int(lo[i])
        return row_costs(i, li, hi_i) + addend[:, start : start + hi_i - li + 1]

    return costs
