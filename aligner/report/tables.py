"""The report's sections as plain-text tables, shared by the HTML, PDF and XLSX renderings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aligner.report.model import METRIC_LABELS, ROW_STATES, QualityReport, Scorecard, Tally
from aligner.report.settings import DEFAULT_MULTIPLIERS, MqmSettings

SEVERITIES = tuple(DEFAULT_MULTIPLIERS)  # neutral, minor, major, critical
LEFT_OUT_LIMIT = 200  # rows listed per left-out kind in HTML/PDF (the XLSX and JSON list them all)


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of plain strings; ``rtl`` names the columns holding Arabic."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    rtl: frozenset[int] = frozenset()


def fmt_number(value: float | None, digits: int = 2) -> str:
    """A number for a reader: ``-`` for None, no trailing ``.00`` on whole numbers."""
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:.{digits}f}"


def verdict_line(card: Scorecard, settings: MqmSettings) -> str:
    """``PASS: OQS 96.40 ≥ cut score 95`` (or FAIL, or NOT SCORED when no pair could be scored)."""
    if card.oqs is None:
        return "NOT SCORED: no pair has both an English source and an Arabic rendering"
    sign = "≥" if card.passed else "<"
    return f"{'PASS' if card.passed else 'FAIL'}: OQS {card.oqs:.2f} {sign} cut score {fmt_number(settings.cut_score)}"


def scorecard_table(cards: Sequence[Scorecard], settings: MqmSettings) -> Table:
    """One row per run (and the total): the MQM figures and what was left out."""
    rows = []
    for c in cards:
        rows.append(
            (
                c.name,
                str(c.pairs),
                str(c.scored),
                str(c.ewc),
                fmt_number(c.apt),
                fmt_number(c.npt),
                fmt_number(c.oqs),
                "-" if c.passed is None else ("pass" if c.passed else "fail"),
                str(c.issues),
                str(c.dismissed),
                str(c.excluded.get("no_source", 0)),
                str(c.excluded.get("no_target", 0)),
                str(c.excluded.get("rejected", 0)),
            )
        )
    headers = (
        "run",
        "pairs",
        "scored",
        "EWC (source words)",
        "APT (penalty points)",
        f"NPT (per {settings.reference_word_count} words)",
        "OQS",
        "verdict",
        "issues counted",
        "dismissed",
        "no English source",
        "no Arabic rendering",
        "rejected",
    )
    note = (
        "OQS = max score × (1 - APT / EWC). Pairs with no English source, no Arabic rendering or rejected by a "
        "reviewer are left out of EWC and APT and listed below; issues a reviewer dismissed drop out."
    )
    return Table("Scorecard", headers, tuple(rows), note)


def settings_table(settings: MqmSettings) -> Table:
    """The scoring model's parameters."""
    rows = [("cut score (OQS to pass)", fmt_number(settings.cut_score))]
    rows.append(("maximum score", fmt_number(settings.max_score)))
    rows.append(("reference word count", str(settings.reference_word_count)))
    rows += [(f"severity multiplier: {k}", fmt_number(v)) for k, v in settings.severity_multipliers.items()]
    rows += [(f"type weight: {k}", fmt_number(v)) for k, v in settings.type_weights.items()]
    return Table("Scoring settings", ("setting", "value"), tuple(rows))


def tally_table(title: str, key: str, tallies: dict[str, Tally] | object) -> Table:
    """Counted issues and penalty points per category or check, split by severity."""
    rows = []
    for name, t in dict(tallies).items():  # type: ignore[call-overload]
        rows.append((name, str(t.count), fmt_number(t.points), *(str(t.by_severity.get(s, 0)) for s in SEVERITIES)))
    return Table(title, (key, "issues", "penalty points", *SEVERITIES), tuple(rows))


def per_run_table(report: QualityReport, key: str = "category") -> Table | None:
    """Counted issues and penalty points per run and ``category`` (or ``check``); None for a single run."""
    if len(report.runs) < 2:
        return None
    rows = []
    for card in report.runs:
        tallies = card.by_category if key == "category" else card.by_check
        rows += [(card.name, name, str(t.count), fmt_number(t.points)) for name, t in tallies.items()]
    return Table(f"Issues by run and {key}", ("run", key, "issues", "penalty points"), tuple(rows))


def reference_table(report: QualityReport) -> Table | None:
    """Labelled sacrebleu metrics of the Arabic as aligned against the reviewers' edits; None without edits."""
    if not report.reference:
        return None
    rows = tuple((METRIC_LABELS.get(m, m), f"{s:.2f}", sig) for m, s, sig in report.reference)
    note = "The edited Arabic is the reference: the lower BLEU/chrF (the higher TER), the more post-editing changed."
    return Table("Post-editing effort (Arabic as aligned vs as edited)", ("metric", "score", "signature"), rows, note)


def precision_table(report: QualityReport) -> Table | None:
    """Each check's precision as judged by reviewers, least precise first; None when nobody judged an issue."""
    if not report.precision:
        return None
    rows = tuple(
        (p.check, str(p.confirmed), str(p.dismissed), "-" if p.precision is None else f"{p.precision:.2f}")
        for p in report.precision
    )
    note = "Confirmed / (confirmed + dismissed as false positives) over the project's runs: improve the first next."
    return Table("Check precision as judged by reviewers", ("check", "confirmed", "dismissed", "precision"), rows, note)


def left_out_table(report: QualityReport, state: str, limit: int = LEFT_OUT_LIMIT) -> Table | None:
    """The pairs left out for ``state``, capped at ``limit`` rows; None when there are none."""
    rows = report.left_out(state)
    if not rows:
        return None
    shown = tuple((p.run, p.pair_id, p.src, p.tgt, str(p.all_issues)) for p in rows[:limit])
    note = f"{len(rows)} pairs, not scored" + (f"; the first {limit} are listed" if len(rows) > limit else "")
    title = f"Left out: {ROW_STATES[state]}"
    return Table(title, ("run", "pair", "source", "target", "issues found"), shown, note, frozenset({3}))


def worst_table(report: QualityReport, n: int) -> Table:
    """The ``n`` worst scored pairs with their counted issues."""
    rows = []
    worst = report.worst_pairs(n)
    for p in worst:
        rows.append(
            (p.run, p.pair_id, fmt_number(p.score), fmt_number(p.points), ", ".join(p.categories), p.src, p.tgt)
        )
    headers = ("run", "pair", "pair OQS", "points", "categories", "source", "target")
    return Table(f"Worst {len(worst)} pairs", headers, tuple(rows), rtl=frozenset({6}))


def comparison_tables(report: QualityReport) -> list[Table]:
    """Run A vs run B: scorecards, per-category counts and points, reference metrics with paired bootstrap."""
    comp = report.comparison
    if comp is None:
        return []
    a, b = comp.a, comp.b
    rows = [
        ("OQS", fmt_number(a.oqs), fmt_number(b.oqs)),
        ("verdict", *("-" if c.passed is None else ("pass" if c.passed else "fail") for c in (a, b))),
        ("EWC (source words)", str(a.ewc), str(b.ewc)),
        ("APT (penalty points)", fmt_number(a.apt), fmt_number(b.apt)),
        ("issues counted", str(a.issues), str(b.issues)),
        ("pairs scored", str(a.scored), str(b.scored)),
        *((f"left out: {ROW_STATES[k]}", str(a.excluded.get(k, 0)), str(b.excluded.get(k, 0))) for k in a.excluded),
    ]
    tables = [Table(f"Comparison: {a.name} (A) vs {b.name} (B)", ("", f"A: {a.name}", f"B: {b.name}"), tuple(rows))]
    cats = tuple((c, str(na), str(nb), fmt_number(pa), fmt_number(pb)) for c, na, nb, pa, pb in comp.categories)
    tables.append(Table("Comparison by category", ("category", "A issues", "B issues", "A points", "B points"), cats))
    if comp.metrics:
        metric_rows = tuple(
            (
                METRIC_LABELS.get(m.metric.lower(), m.metric),
                f"{m.a:.2f} ± {m.a_ci:.2f}",
                f"{m.b:.2f} ± {m.b_ci:.2f}",
                f"{m.p_value:.4f}",
                "yes" if m.significant else "no",
                m.signature,
            )
            for m in comp.metrics
        )
        note = (
            f"Over the {comp.segments} segments of A with a source ({comp.matched} also in B), against the references. "
            "Paired bootstrap resampling (sacrebleu --paired-bs): p < 0.05 means the difference is unlikely to be "
            "chance; it does not say which is better."
        )
        headers = ("metric", "A (± 95% CI)", "B (± 95% CI)", "p-value", "significant", "signature")
        tables.append(Table("Reference metrics with significance", headers, metric_rows, note))
    return tables
