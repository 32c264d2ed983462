"""Strict/lax precision, recall and F1 of system beads against gold beads (Vecalign score.py semantics)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class AlignScores:
    """Strict and lax precision/recall/F1 plus the raw counts they were computed from."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    # (p_tp_strict, p_fp_strict, p_tp_lax, p_fp_lax, r_tp_strict, r_fn_strict, r_tp_lax, r_fn_lax)
    counts: tuple[int, ...]

    def as_dict(self) -> dict[str, float]:
        """Return the six scores as a JSON-ready dict."""
        return {
            "precision_strict": self.precision_strict,
            "recall_strict": self.recall_strict,
            "f1_strict": self.f1_strict,
            "precision_lax": self.precision_lax,
            "recall_lax": self.recall_lax,
            "f1_lax": self.f1_lax,
        }


def _as_set(beads: Iterable[Bead]) -> set[Bead]:
    return {(tuple(s), tuple(t)) for s, t in beads if len(s) or len(t)}


def _precision_counts(gold: Iterable[Bead], test: Iterable[Bead]) -> tuple[int, int, int, int]:
    """Return (tp_strict, fp_strict, tp_lax, fp_lax) of ``test`` measured against ``gold``."""
    test_set = _as_set(test)
    gold_set = _as_set(gold)
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for g_src, g_tgt in gold_set:
        for s in g_src:
            src_to_gold_tgt[s].update(g_tgt)
    tp_s = fp_s = tp_l = fp_l = 0
    for t_src, t_tgt in test_set:
        if (t_src, t_tgt) in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        linked: set[int] = set()
        for s in t_src:
            linked |= src_to_gold_tgt.get(s, set())
        if linked.intersection(t_tgt):
            tp_l += 1
        else:
            fp_l += 1
    return tp_s, fp_s, tp_l, fp_l


def _ratio(num: int, den: int, default: float) -> float:
    return num / den if den else default


def _f1(p: float, r: float, default: float) -> float:
    return 2 * p * r / (p + r) if p + r else default


def score_alignments(
    gold_docs: Sequence[Sequence[Bead]], test_docs: Sequence[Sequence[Bead]], *, value_for_div_by_0: float = 0.0
) -> AlignScores:
    """Score several documents at once; counts are summed over documents before dividing.

    Precision is over every system bead, deletions included (a 1-0/0-1 bead is right only when the gold has the
    identical bead; it never counts as a lax match). Recall is over gold beads with both sides non-empty, measured
    against the system's non-deletion beads. Beads empty on both sides are ignored; duplicates count once.
    """
    if len(gold_docs) != len(test_docs):
        raise ValueError(f"got {len(gold_docs)} gold documents but {len(test_docs)} system documents")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(gold_docs, test_docs, strict=True):
        for k, v in enumerate(_precision_counts(gold, test)):
            p[k] += v
        test_no_del = [(s, t) for s, t in test if len(s) and len(t)]
        gold_no_del = [(s, t) for s, t in gold if len(s) and len(t)]
        for k, v in enumerate(_precision_counts(test_no_del, gold_no_del)):
            r[k] += v
    d = value_for_div_by_0
    ps, pl = _ratio(p[0], p[0] + p[1], d), _ratio(p[2], p[2] + p[3], d)
    rs, rl = _ratio(r[0], r[0] + r[1], d), _ratio(r[2], r[2] + r[3], d)
    return AlignScores(ps, rs, _f1(ps, rs, d), pl, rl, _f1(pl, rl, d), tuple(p + r))


def evaluate(gold: Sequence[Bead], test: Sequence[Bead]) -> AlignScores:
    """Score one document's system beads against its gold beads."""
    return score_alignments([gold], [test])
