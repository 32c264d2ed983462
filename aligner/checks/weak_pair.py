"""Weak-pair check: a pair whose similarity is far below what its source length predicts may not be a translation."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from aligner.checks.base import Check, CheckContext
from aligner.embed.calibration import calibration_of
from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span


class WeakPairCheck(Check):
    """Possibly not a translation of the source.

    Compares a pair's source-target cosine with the encoder's calibrated floor for its source length (the 1st
    percentile of true translations of that length on NTREX): below it the pair gets an ``alignment`` issue, MAJOR,
    CRITICAL when the cosine is no better than a random pair's. Needs an encoder with such a calibration (the
    default encoder); otherwise it says nothing.
    """

    name: ClassVar[str] = "weak_pair"
    category: ClassVar[Category] = Category.ALIGNMENT
    severity: ClassVar[Severity] = Severity.MAJOR
    skip_if: ClassVar[frozenset[str]] = frozenset({"untranslated"})

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
        for pair in both:
            words = len(pair.src_text.split())
            floor, sim = cal.weak_pair_floor(words), sims[pair.id]
            if floor is None or sim is None or sim >= floor:
                continue
            severity = Severity.CRITICAL if sim < cal.similarity.low else self.severity
            message = (
                f"possibly not a translation of the source: similarity {sim:.2f}, below the {floor:.2f} of"
                f" translations of a {words}-word source"
            )
            span = Span(0, len(pair.tgt_text.rstrip()))
            evidence = {"similarity": round(sim, 4), "floor": floor, "source_words": words}
            yield Issue(pair.id, self.name, self.category, severity, message, Side.TARGET, span, evidence)
