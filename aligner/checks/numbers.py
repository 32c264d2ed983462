"""Numbers check: figures (digits, number words, scale words) must carry the same values on both sides."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aligner.checks.base import Check, CheckContext
from aligner.checks.numerals import extract_numbers
from aligner.checks.numerals_compare import FigureDiff, compare_figures, format_value
from aligner.checks.numerals_lexicon import MONEY_UNITS
from aligner.model import AlignedPair, Category, Issue, Severity, Side

_CRITICAL_UNITS = MONEY_UNITS | {"%"}
MAX_FIGURES = 200  # per side: matching figures is quadratic, so a table-like pair above this gets one note
_DIGIT_RUN = re.compile(r"\d+")
_CASUALTY_RE = re.compile(r"\b(?:kill|dead|death|die|injur|wound|casualt|victim|fatalit)", re.IGNORECASE)


class NumbersCheck(Check):
    """Figures differ between source and translation.

    Figures are compared as values, so "260 ألف" = "260,000", "٢٠٠" = "200", "seven decades" = "سبعين عاماً",
    "a dozen" = "12". Each difference is one issue: a source figure missing in the translation (source span), an
    extra figure in the translation (target span), or a changed figure (target span; CRITICAL for money,
    percentages and casualty counts). Pairs with an empty side are left to the omission check.
    """

    name = "numbers"
    category = Category.NUMBER
    severity = Severity.MAJOR
    version = 1

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Yield one issue per figure that differs between ``pair.src_text`` and ``pair.tgt_text``."""
        if not pair.src_text.strip() or not pair.tgt_text.strip():
            return
        if max(len(pair.src_text), len(pair.tgt_text)) > 8 * MAX_FIGURES:  # else too short to hold that many
            runs = max(_DIGIT_RUN.subn("", pair.src_text)[1], _DIGIT_RUN.subn("", pair.tgt_text)[1])
            if runs > 4 * MAX_FIGURES:  # counted in C, before extraction builds objects for each of them
                yield self._too_many(pair, f"{runs} digit groups on one side")
                return
        src = extract_numbers(pair.src_text, ctx.src_lang)
        tgt = extract_numbers(pair.tgt_text, ctx.tgt_lang)
        if not src and not tgt:
            return
        if max(len(src), len(tgt)) > MAX_FIGURES:
            yield self._too_many(pair, f"{len(src)} / {len(tgt)} figures")
            return
        for diff in compare_figures(pair.src_text, src, pair.tgt_text, tgt):
            yield self._issue(pair, diff)

    def _too_many(self, pair: AlignedPair, found: str) -> Issue:
        message = f"{found}: over {MAX_FIGURES} figures on one side, so they are not compared"
        return Issue(pair.id, self.name, self.category, Severity.INFO, message, evidence={"limit": MAX_FIGURES})

    def _issue(self, pair: AlignedPair, diff: FigureDiff) -> Issue:
        evidence: dict[str, str] = {}
        if diff.src is not None:
            evidence["src"] = diff.src.span.slice(pair.src_text)
            evidence["src_value"] = format_value(diff.src.value)
        if diff.tgt is not None:
            evidence["tgt"] = diff.tgt.span.slice(pair.tgt_text)
            evidence["tgt_value"] = format_value(diff.tgt.value)
        severity = self.severity
        if diff.kind == "missing":
            message = f"figure {evidence['src']} in the source is missing in the translation"
            side, span = Side.SOURCE, diff.src.span
        elif diff.kind == "extra":
            message = f"figure {evidence['tgt']} in the translation is not in the source"
            side, span = Side.TARGET, diff.tgt.span
        else:
            message = f"figure {evidence['src']} in the source is {evidence['tgt']} in the translation"
            side, span = Side.TARGET, diff.tgt.span
            window = pair.src_text[max(0, diff.src.span.start - 40) : diff.src.span.end + 40]
            if diff.src.unit in _CRITICAL_UNITS or diff.tgt.unit in _CRITICAL_UNITS or _CASUALTY_RE.search(window):
                severity = Severity.CRITICAL  # money, percentages, casualty counts
        evidence["kind"] = diff.kind
        return Issue(pair.id, self.name, self.category, severity, message, side, span, evidence)
