"""Weak-pair check: a pair whose similarity is far below what its source length predicts may not be a translation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

import numpy as np

from aligner.checks.base import Check, CheckContext
from aligner.embed.calibration import Calibration, calibration_of
from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span

WINDOW = 4  # neighbours either side searched for a better match (misalignments are local; stays linear)
MARGIN = 0.1  # a neighbour beats the pair's own side by this much: the pair is likely misaligned


class WeakPairCheck(Check):
    """Possibly not a translation of the source.

    Compares a pair's source-target cosine with the encoder's calibrated floor for its source length (the 1st
    percentile of true translations of that length on NTREX): below it the pair gets an ``alignment`` issue, MAJOR,
    CRITICAL when the cosine is no better than a random pair's. Short texts (headlines) have a wide cosine spread, so
    a loosely related title at 0.55 sits among true translations; such a pair (cosine under the calibration's
    ``high``) is also flagged, MAJOR, when a sentence of a neighbouring pair (up to ``WINDOW`` either side: a 1-0 or
    0-1 bead, or a pair itself under ``high``) matches its target or its source better by ``MARGIN``: the headline
    "See moment Putin is greeted..." paired with the Arabic of "Putin may need arms..." (0.56 vs 0.78). Needs an
    encoder with such a calibration (the default encoder); otherwise it says nothing.
    """

    name: ClassVar[str] = "weak_pair"
    category: ClassVar[Category] = Category.ALIGNMENT
    severity: ClassVar[Severity] = Severity.MAJOR
    version: ClassVar[int] = 2  # 2: the neighbour margin
    skip_if: ClassVar[frozenset[str]] = frozenset({"untranslated"})
    uses_encoder: ClassVar[bool] = True
    neighbours: ClassVar[int] = WINDOW

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Check one pair."""
        yield from self.run_document([pair], ctx)

    def run_document(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> Iterator[Issue]:
        """Check all pairs; missing similarities are computed in one batched encoder call."""
        cal = calibration_of(ctx.encoder)
        if cal is None or not cal.weak_pair_floors:
            return
        both = [p for p in pairs if p.src_text.strip() and p.tgt_text.strip()]
        todo = [p for p in both if p.similarity is None]
        sims = {p.id: p.similarity for p in both}
        if todo:
            a = ctx.encoder.encode([p.src_text for p in todo])
            b = ctx.encoder.encode([p.tgt_text for p in todo])
            sims.update({p.id: float(a[k] @ b[k]) for k, p in enumerate(todo)})
        better = _better_neighbours(list(pairs), sims, cal, ctx.encoder, ctx.vectors)
        for pair in both:
            words = len(pair.src_text.split())
            floor, sim = cal.weak_pair_floor(words), sims[pair.id]
            span = Span(0, len(pair.tgt_text.rstrip()))
            if floor is not None and sim is not None and sim < floor:
                severity = Severity.CRITICAL if sim < cal.similarity.low else self.severity
                message = (
                    f"possibly not a translation of the source: similarity {sim:.2f}, below the {floor:.2f} of"
                    f" translations of a {words}-word source"
                )
                evidence = {"similarity": round(sim, 4), "floor": floor, "source_words": words}
                yield Issue(pair.id, self.name, self.category, severity, message, Side.TARGET, span, evidence)
            elif pair.id in better:
                other, side, cos = better[pair.id]
                what = "translation matches the source" if side == "src" else "source matches the translation"
                message = (
                    f"possibly not a translation of the source: similarity {sim:.2f}, while its {what} of pair"
                    f" {other} better ({cos:.2f})"
                )
                evidence = {"similarity": round(sim, 4), "better_pair": other, "better_similarity": round(cos, 4)}
                yield Issue(pair.id, self.name, self.category, self.severity, message, Side.TARGET, span, evidence)


def _better_neighbours(
    pairs: list[AlignedPair],
    sims: dict[str, float | None],
    cal: Calibration,
    encoder,
    known: Mapping[str, np.ndarray] | None = None,
) -> dict[str, tuple[str, str, float]]:
    """Pair id -> (neighbour pair id, its side, cosine) for pairs a neighbour's sentence matches by ``MARGIN`` more.

    Only a pair between its floor and the calibration's ``high`` is examined, and only against neighbours whose
    sentence may be displaced: a 1-0 or 0-1 bead, or a pair itself under ``high`` (a swap). So few texts are encoded,
    and none of those in ``known`` (the alignment's sentence vectors).
    """

    def weak(p: AlignedPair) -> bool:
        return (s := sims.get(p.id)) is not None and s < cal.similarity.high

    def loose(p: AlignedPair) -> bool:
        return not (p.src_text.strip() and p.tgt_text.strip()) or weak(p)

    examined = [
        k
        for k, p in enumerate(pairs)
        if weak(p) and sims[p.id] >= (cal.weak_pair_floor(len(p.src_text.split())) or 0.0)
    ]
    near = {
        k: js
        for k in examined
        if (js := [j for j in range(max(0, k - WINDOW), min(len(pairs), k + WINDOW + 1)) if j != k and loose(pairs[j])])
    }
    if not near:
        return {}
    texts = {pairs[k].src_text for k in near} | {pairs[k].tgt_text for k in near}
    for js in near.values():
        texts |= {t for j in js for t in (pairs[j].src_text, pairs[j].tgt_text) if t.strip()}
    known = known or {}
    vec = {t: known[t] for t in texts if t in known}
    order = [t for t in texts if t not in known]
    if order:
        vec.update(zip(order, np.asarray(encoder.encode(order)), strict=True))
    out: dict[str, tuple[str, str, float]] = {}
    for k, js in near.items():
        p, best = pairs[k], (sims[pairs[k].id] or 0.0) + MARGIN
        for j in js:
            q = pairs[j]
            for side, cos in (
                ("src", float(vec[q.src_text] @ vec[p.tgt_text]) if q.src_text.strip() else -1.0),
                ("tgt", float(vec[p.src_text] @ vec[q.tgt_text]) if q.tgt_text.strip() else -1.0),
            ):
                if cos >= best:
                    best, out[p.id] = cos, (q.id, side, cos)
    return out
