"""Two runs side by side: OQS, per-category counts and BLEU/chrF/TER with a paired bootstrap test (references).

Two translators, two vendors, MT vs post-edit, before vs after review; the significance test is sacrebleu's own
(``--paired-bs``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import UserError
from aligner.model import ReviewStatus
from aligner.report.model import QualityReport, RunInput, Scorecard, Tally
from aligner.report.mqm import build_report
from aligner.report.settings import MqmSettings

SIGNIFICANCE = 0.05


@dataclass(frozen=True, slots=True)
class MetricComparison:
    """One metric for both runs: scores, bootstrap 95% CIs, and the p-value of B against A as baseline."""

    metric: str
    a: float
    b: float
    a_ci: float
    b_ci: float
    p_value: float
    signature: str

    @property
    def significant(self) -> bool:
        """True when the difference is unlikely to be chance (p < 0.05)."""
        return self.p_value < SIGNIFICANCE


@dataclass(frozen=True, slots=True)
class RunComparison:
    """Run A (the baseline) and run B: scorecards, counts per category, and reference metrics when given."""

    a: Scorecard
    b: Scorecard
    categories: tuple[tuple[str, int, int, float, float], ...]  # category, A count, B count, A points, B points
    segments: int  # segments the metrics were computed over (A's pairs with a source)
    matched: int  # of those, how many sources run B also has
    metrics: tuple[MetricComparison, ...] = ()


def _norm(text: str) -> str:
    return " ".join(text.split())


def _target(run: RunInput, pair_id: str, tgt: str) -> str:
    state = run.states.get(pair_id)
    if state is None:
        return tgt
    if state.status is ReviewStatus.REJECTED:
        return ""
    return tgt if state.edited_text is None else state.edited_text


def aligned_hypotheses(a: RunInput, b: RunInput) -> tuple[list[str], list[str], int]:
    """A's Arabic and B's Arabic for every pair of A with a source (B matched by source text); and the matched count.

    A rejected pair counts as an empty translation; a source B lacks gets an empty translation from B.
    """
    by_source: dict[str, str] = {}
    for pair in b.result.pairs:
        if pair.src_text.strip():
            by_source.setdefault(_norm(pair.src_text), _target(b, pair.id, pair.tgt_text))
    hyps_a, hyps_b, matched = [], [], 0
    for pair in a.result.pairs:
        if not pair.src_text.strip():
            continue
        hyps_a.append(_target(a, pair.id, pair.tgt_text))
        other = by_source.get(_norm(pair.src_text))
        matched += other is not None
        hyps_b.append(other or "")
    return hyps_a, hyps_b, matched


def paired_bootstrap(
    names: tuple[str, str], hyps_a: Sequence[str], hyps_b: Sequence[str], refs: Sequence[str], n_samples: int = 1000
) -> tuple[MetricComparison, ...]:
    """BLEU (tokenize intl), chrF and TER of A and B with sacrebleu's PairedTest (bs, seed SACREBLEU_SEED or 12345).

    The same numbers as ``sacrebleu REF -i A B -m bleu chrf ter --tokenize intl --paired-bs``.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER
    from sacrebleu.significance import PairedTest

    if not len(hyps_a) == len(hyps_b) == len(refs):
        raise UserError(f"references: {len(refs)} lines for {len(hyps_a)} segments with a source")
    metrics = {"BLEU": BLEU(tokenize="intl"), "chrF": CHRF(), "TER": TER()}
    test = PairedTest(
        [(names[0], list(hyps_a)), (names[1], list(hyps_b))],
        metrics,  # type: ignore[arg-type]
        references=[list(refs)],
        test_type="bs",
        n_samples=n_samples,
    )
    signatures, scores = test()
    out = []
    for metric, (base, other) in ((k, v) for k, v in scores.items() if k != "System"):
        out.append(
            MetricComparison(
                metric=metric,
                a=float(base.score),  # type: ignore[union-attr]
                b=float(other.score),  # type: ignore[union-attr]
                a_ci=float(base.ci),  # type: ignore[union-attr]
                b_ci=float(other.ci),  # type: ignore[union-attr]
                p_value=float(other.p_value),  # type: ignore[union-attr]
                signature=str(signatures[metric]),
            )
        )
    return tuple(out)


def compare_runs(
    a: RunInput, b: RunInput, settings: MqmSettings | None = None, *, references: Sequence[str] | None = None
) -> RunComparison:
    """Score both runs with the same settings and put them side by side; reference metrics when ``references``."""
    settings = settings or MqmSettings()
    card_a = build_report([a], settings, with_review_metrics=False).total
    card_b = build_report([b], settings, with_review_metrics=False).total
    names = sorted(set(card_a.by_category) | set(card_b.by_category))
    empty = Tally()
    rows = tuple(
        (
            c,
            card_a.by_category.get(c, empty).count,
            card_b.by_category.get(c, empty).count,
            card_a.by_category.get(c, empty).points,
            card_b.by_category.get(c, empty).points,
        )
        for c in names
    )
    hyps_a, hyps_b, matched = aligned_hypotheses(a, b)
    metrics: tuple[MetricComparison, ...] = ()
    if references is not None:
        metrics = paired_bootstrap((a.name, b.name), hyps_a, hyps_b, references)
    return RunComparison(card_a, card_b, rows, len(hyps_a), matched, metrics)


def attach_comparison(
    report: QualityReport,
    a: RunInput,
    b: RunInput,
    settings: MqmSettings,
    *,
    references: Sequence[str] | None = None,
) -> QualityReport:
    """``report`` with the comparison of ``a`` (baseline) and ``b`` attached (rendered by every format)."""
    return dataclasses.replace(report, comparison=compare_runs(a, b, settings, references=references))


def read_references(path: str | Path) -> list[str]:
    """Reference Arabic, one segment per line (UTF-8, BOM allowed)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path}: references must be UTF-8 text") from None
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
