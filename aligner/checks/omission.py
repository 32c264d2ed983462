"""Omission check: unaligned beads, a target too short for its source, and the source clause with no counterpart."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import ClassVar

import numpy as np

from aligner.checks.base import Check, CheckContext
from aligner.checks.clauses import split_clauses
from aligner.model import PAIRABLE_ROLES, AlignedPair, Category, Issue, Severity, Side, Span

# Calibration (EN->AR, NTREX-128 newstest2019, 1920 line pairs with >= 30 source chars): target/source character
# ratio percentiles p1 0.621, p50 0.917, p99 1.608. The logistic models below were fitted on the even lines of
# NTREX (dev half of evaluation/checks_bench.py) with one Arabic clause dropped from the target as the positive class;
# x = ln(ratio / 0.917), s = cosine(source, target) under use-m3 (the default encoder).
MEDIAN_RATIO = 0.917
MODEL_WITH_SIM = (-6.99, -5.00, 0.85 + 6.99 * math.log(MEDIAN_RATIO))  # a*x + b*s + c, with x centred
MODEL_RATIO_ONLY = (-7.73, 0.0, -2.62 + 7.73 * math.log(MEDIAN_RATIO))
# Second stage (encoder only), fitted on 360 balanced dev items (same injection): features ln(ratio) (raw),
# s, the largest similarity gain from deleting one source clause (ablation) and the lowest clause-target cosine.
MODEL_CLAUSES = ((-5.51, -1.90, 2.27, -1.77), -0.08)
CANDIDATE = 0.05  # first-stage probability above which the clause-level evidence is computed
HIGH_RATIO = 1.8  # above p99.5 of the calibration: likely addition
# Clause-level evidence re-encodes the source once per clause (quadratic in its length): beyond this many clauses (a
# pathological segment, e.g. a whole article on one line) the whole source is the span and stage one decides.
MAX_CLAUSES = 16


def omission_probability(ratio: float, similarity: float | None) -> float:
    """Probability that a target of this length ratio and similarity drops part of its source."""
    a, b, c = MODEL_WITH_SIM if similarity is not None else MODEL_RATIO_ONLY
    z = a * math.log(max(ratio, 1e-3) / MEDIAN_RATIO) + b * (similarity or 0.0) + c
    return 1.0 / (1.0 + math.exp(-z))


class OmissionCheck(Check):
    """Omitted or added content.

    Flags a translation item or document sentence left without a counterpart (1-0 / 0-1 beads), a target much
    shorter than its source given their similarity (calibrated on NTREX EN->AR) with the source clause that has the
    least counterpart in the target, and a target much longer than its source.

    Bead rule: a one-sided pair is flagged only when it is a translation unit, i.e. its role is "" (document
    alignment) or, for a source-only item, in PAIRABLE_ROLES while the target document has pairable items too. Page
    body, summaries, target-only items (a target page's own title) and other single-language items are not flagged.
    """

    name: ClassVar[str] = "omission"
    category: ClassVar[Category] = Category.OMISSION
    severity: ClassVar[Severity] = Severity.MAJOR
    skip_if: ClassVar[frozenset[str]] = frozenset({"untranslated"})

    def __init__(self, *, threshold: float = 0.5, min_src_chars: int = 30, high_ratio: float = HIGH_RATIO) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValueError("omission threshold must be in (0, 1)")
        self.threshold = threshold
        self.min_src_chars = min_src_chars
        self.high_ratio = high_ratio

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Check one pair (without document context or encoder batching)."""
        yield from self.run_document([pair], ctx)

    def run_document(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> Iterator[Issue]:
        """Check all pairs; encoder calls are batched over the document."""
        doc = ctx.pairs or pairs
        tgt_items = any(p.tgt and p.role in PAIRABLE_ROLES for p in doc)
        sims = self._similarities(pairs, ctx)
        suspects: list[tuple[AlignedPair, float, float]] = []
        for pair, sim in zip(pairs, sims, strict=True):
            src, tgt = pair.src_text.strip(), pair.tgt_text.strip()
            if src and not tgt:
                if pair.role == "" or (pair.role in PAIRABLE_ROLES and tgt_items):
                    sev = Severity.MAJOR if pair.role == "" else Severity.MINOR
                    span = Span(len(pair.src_text) - len(pair.src_text.lstrip()), len(pair.src_text.rstrip()))
                    yield Issue(
                        pair.id,
                        self.name,
                        Category.OMISSION,
                        sev,
                        "Source text has no translation",
                        Side.SOURCE,
                        span,
                        {"bead": pair.kind},
                    )
                continue
            if tgt and not src:
                if pair.role == "":  # page items: target pages add their own titles and items, not an error
                    span = Span(len(pair.tgt_text) - len(pair.tgt_text.lstrip()), len(pair.tgt_text.rstrip()))
                    yield Issue(
                        pair.id,
                        self.name,
                        Category.ADDITION,
                        Severity.MINOR,
                        "Target text has no source",
                        Side.TARGET,
                        span,
                        {"bead": pair.kind},
                    )
                continue
            if len(src) < self.min_src_chars or not tgt:
                continue
            ratio = len(tgt) / len(src)
            prob = omission_probability(ratio, sim)
            if prob >= (CANDIDATE if sim is not None and ctx.encoder is not None else self.threshold):
                suspects.append((pair, ratio, prob))
            elif ratio > self.high_ratio and (sim is None or sim < 0.8):
                span = Span(len(pair.tgt_text) - len(pair.tgt_text.lstrip()), len(pair.tgt_text.rstrip()))
                yield Issue(
                    pair.id,
                    self.name,
                    Category.ADDITION,
                    Severity.MINOR,
                    f"Target is {ratio:.2f}x the source length",
                    Side.TARGET,
                    span,
                    {"ratio": round(ratio, 3)},
                )
        yield from self._locate(suspects, ctx)

    def _similarities(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> list[float | None]:
        """Source-target cosine under the default encoder (from the pair when set, else one batched call)."""
        enc = ctx.encoder
        if enc is None or not enc.signature().startswith("use-m3"):
            return [None] * len(pairs)
        out: list[float | None] = [p.similarity for p in pairs]
        todo = [i for i, p in enumerate(pairs) if out[i] is None and p.src_text.strip() and p.tgt_text.strip()]
        if todo:
            a = enc.encode([pairs[i].src_text for i in todo])
            b = enc.encode([pairs[i].tgt_text for i in todo])
            for k, i in enumerate(todo):
                out[i] = float(a[k] @ b[k])
        return out

    def _locate(self, suspects: list[tuple[AlignedPair, float, float]], ctx: CheckContext) -> Iterator[Issue]:
        """Weigh clause-level evidence for each suspect (one batched encoder call) and point at the missing clause.

        For every source clause: its cosine with the target, and how much the source-target cosine rises when the
        clause is deleted from the source (a clause the target lacks raises it). Without an encoder the first-stage
        probability decides and the whole source is the span.
        """
        use_clauses = ctx.encoder is not None and ctx.encoder.signature().startswith("use-m3")
        clauses = [_clauses(p.src_text, ctx.src_lang) for p, _, _ in suspects]
        vecs: dict[str, np.ndarray] = {}
        if ctx.encoder is not None and suspects:
            texts: list[str] = []
            for (pair, _, _), cs in zip(suspects, clauses, strict=True):
                texts += [pair.src_text, pair.tgt_text]
                texts += [c.slice(pair.src_text) for c in cs]
                texts += [_without(pair.src_text, c) for c in cs] if len(cs) > 1 else []
            unique = list(dict.fromkeys(texts))
            vecs = dict(zip(unique, ctx.encoder.encode(unique), strict=True))
        for (pair, ratio, prob), cs in zip(suspects, clauses, strict=True):
            span, evidence = Span(0, len(pair.src_text.rstrip())), {"ratio": round(ratio, 3)}
            if vecs:
                tgt = vecs[pair.tgt_text]
                st = float(vecs[pair.src_text] @ tgt)
                cos = np.array([float(vecs[c.slice(pair.src_text)] @ tgt) for c in cs])
                gain = (
                    np.array([float(vecs[_without(pair.src_text, c)] @ tgt) - st for c in cs]) if len(cs) > 1 else None
                )
                if use_clauses:
                    (a, b, c_, d), e = MODEL_CLAUSES
                    g = float(gain.max()) if gain is not None else 0.0
                    z = a * math.log(max(ratio, 1e-3)) + b * st + c_ * g + d * float(cos.min()) + e
                    prob = 1.0 / (1.0 + math.exp(-z))
                if len(cs) > 1:
                    best = int(np.argmax(gain)) if gain is not None else int(np.argmin(cos))
                    span = cs[best]
                    evidence["clause_similarity"] = round(float(cos[best]), 3)
            if prob < self.threshold:
                continue
            evidence["probability"] = round(prob, 3)
            msg = f"Part of the source seems missing (target/source length {ratio:.2f})"
            yield Issue(pair.id, self.name, Category.OMISSION, Severity.MAJOR, msg, Side.SOURCE, span, evidence)


def _clauses(text: str, lang: str) -> list[Span]:
    """The source's clauses, or the whole source as one when there are more than MAX_CLAUSES."""
    clauses = split_clauses(text, lang)
    return clauses if len(clauses) <= MAX_CLAUSES else [Span(0, len(text.rstrip()))]


def _without(text: str, span: Span) -> str:
    """``text`` with the clause at ``span`` deleted."""
    return " ".join((text[: span.start] + text[span.end :]).split())
