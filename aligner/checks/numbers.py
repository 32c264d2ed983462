"""Numbers check: figures (digits, number words, scale words) must carry the same values on both sides."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence

from aligner.checks.base import Check, CheckContext
from aligner.checks.numerals import Quantity, extract_numbers
from aligner.checks.numerals.compare import FigureDiff, compare_figures, format_value
from aligner.checks.numerals.cues import Cue, CueDiff, compare_cues, find_cues
from aligner.checks.numerals.lexicon import MONEY_UNITS
from aligner.model import AlignedPair, Category, Issue, Severity, Side

_CRITICAL_UNITS = MONEY_UNITS | {"%"}
_CUE_LABELS = {"day_period": "time of day"}
MAX_FIGURES = 200  # per side: matching figures is quadratic, so a table-like pair above this gets one note
MAX_PREPARED = 10_000  # texts read ahead by read_ahead() (~300 B each with figures), the rest when their pair comes
_DIGIT_RUN = re.compile(r"\d+")
_CASUALTY_RE = re.compile(r"\b(?:kill|dead|death|die|injur|wound|casualt|victim|fatalit)", re.IGNORECASE)


_NOTHING: tuple[list[Quantity], list[Cue]] = ([], [])  # the reading of most texts (shared; callers get copies)
_MARKUP_RE = re.compile(r"<[A-Za-z/][^<>\n]{0,200}>")  # a tag left in the text: "<seg id="1">"


def _outside_markup(text: str, figures: list[Quantity]) -> list[Quantity]:
    """Drop figures inside markup tags (their digits are attributes, not figures)."""
    if "<" not in text:
        return figures
    tags = [(m.start(), m.end()) for m in _MARKUP_RE.finditer(text)]
    if not tags:
        return figures
    starts = [a for a, _ in tags]
    keep = []
    for q in figures:
        k = bisect.bisect_right(starts, q.span.start) - 1
        if k < 0 or tags[k][1] <= q.span.start:
            keep.append(q)
    return keep


class NumbersCheck(Check):
    """Figures differ between source and translation.

    Figures are compared as values, so "260 ألف" = "260,000", "٢٠٠" = "200", "seven decades" = "سبعين عاماً",
    "a dozen" = "12". Each difference is one issue: a source figure missing in the translation (source span), an
    extra figure in the translation (target span), or a changed figure (target span; CRITICAL for money,
    percentages and casualty counts). Pairs with an empty side are left to the omission check.
    Figure cues (checks/numerals/cues.py) add one issue per changed month, weekday, currency, unit, qualifier,
    ordinal, fraction or time of day, on the wrong Arabic, naming both sides ("source: 12 June — translation:
    12 يوليو"); a correctly converted unit ("10 miles" -> "16 كيلومترًا") is an INFO note and excuses its figure.
    """

    name = "numbers"
    category = Category.NUMBER
    severity = Severity.MAJOR
    version = 4  # 3: glued ordinals, "opening", conversions; 4: dates in words, centuries, clock minutes

    def __init__(self) -> None:
        self._prepared: dict[tuple[str, str], tuple[list[Quantity], list[Cue]]] = {}  # (text, lang) -> its reading

    def read_ahead(self, texts: Sequence[tuple[str, str]]) -> None:
        """Read the figures and cues of each text ahead of the pairs (a check worker started during alignment).

        At most MAX_PREPARED texts are kept (the first ones), so the worker's memory stays bounded on long inputs.
        """
        for text, lang in texts:
            if len(self._prepared) >= MAX_PREPARED:
                return
            if len(text) <= 8 * MAX_FIGURES and (text, lang) not in self._prepared:  # longer: run() decides
                figures = _outside_markup(text, extract_numbers(text, lang))
                if len(figures) <= MAX_FIGURES:
                    cues = find_cues(text, figures)
                    self._prepared[text, lang] = (figures, cues) if figures or cues else _NOTHING

    def _figures(self, text: str, lang: str) -> list[Quantity]:
        hit = self._prepared.get((text, lang))
        return list(hit[0]) if hit else _outside_markup(text, extract_numbers(text, lang))

    def _cues(self, text: str, lang: str, figures: list[Quantity]) -> list[Cue]:
        hit = self._prepared.get((text, lang))
        return list(hit[1]) if hit else find_cues(text, figures)

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Yield one issue per figure that differs between ``pair.src_text`` and ``pair.tgt_text``."""
        if not pair.src_text.strip() or not pair.tgt_text.strip():
            return
        if max(len(pair.src_text), len(pair.tgt_text)) > 8 * MAX_FIGURES:  # else too short to hold that many
            runs = max(_DIGIT_RUN.subn("", pair.src_text)[1], _DIGIT_RUN.subn("", pair.tgt_text)[1])
            if runs > 4 * MAX_FIGURES:  # counted in C, before extraction builds objects for each of them
                yield self._too_many(pair, f"{runs} digit groups on one side")
                return
        src, tgt = self._figures(pair.src_text, ctx.src_lang), self._figures(pair.tgt_text, ctx.tgt_lang)
        if max(len(src), len(tgt)) > MAX_FIGURES:
            yield self._too_many(pair, f"{len(src)} / {len(tgt)} figures")
            return
        src_cues, tgt_cues = self._cues(pair.src_text, ctx.src_lang, src), self._cues(pair.tgt_text, ctx.tgt_lang, tgt)
        cue_diffs = compare_cues(src_cues, tgt_cues, src, tgt, (pair.src_text, pair.tgt_text))
        excused = set()  # figures explained by a correct unit conversion
        for cd in cue_diffs:
            if cd.converted and cd.src.figure is not None and cd.tgt.figure is not None:
                excused |= {("s", cd.src.figure.span), ("t", cd.tgt.figure.span)}
        flagged: list[tuple[int, int]] = []  # target spans of figure issues, sorted
        if src or tgt:
            for diff in compare_figures(pair.src_text, src, pair.tgt_text, tgt):
                if (diff.src is not None and ("s", diff.src.span) in excused) or (
                    diff.tgt is not None and ("t", diff.tgt.span) in excused
                ):
                    continue
                if diff.tgt is not None:
                    flagged.append((diff.tgt.span.start, diff.tgt.span.end))
                yield self._issue(pair, diff)
        flagged.sort()
        ends = list(itertools.accumulate((e for _, e in flagged), max))
        for cd in cue_diffs:
            k = bisect.bisect_left(flagged, (cd.tgt.span.end, -1)) - 1  # figure issues starting before its end
            if k >= 0 and ends[k] > cd.tgt.span.start:
                continue  # the figure itself is already reported ("half" -> "ربع")
            yield self._cue_issue(pair, cd)

    def _cue_issue(self, pair: AlignedPair, diff: CueDiff) -> Issue:
        """A month, weekday, currency, unit, qualifier, ordinal, fraction or time of day changed (or converted)."""
        s_ctx = (diff.src.context or diff.src.span).slice(pair.src_text)
        t_ctx = (diff.tgt.context or diff.tgt.span).slice(pair.tgt_text)
        kind = diff.src.kind
        label = _CUE_LABELS.get(kind, kind)
        if diff.converted:
            severity, what = Severity.INFO, f"{label} converted"
        else:
            severity, what = self.severity, f"{label} changed"
            if kind == "currency" or (kind == "qualifier" and {diff.src.key[0], diff.tgt.key[0]} == {"g", "l"}):
                severity = Severity.CRITICAL  # another currency; "more than" -> "less than"
        evidence = {
            "src": diff.src.span.slice(pair.src_text),
            "tgt": diff.tgt.span.slice(pair.tgt_text),
            "figure_kind": kind,
            "kind": "conversion" if diff.converted else "substitution",
        }
        message = f"{what}: source: {s_ctx} \u2014 translation: {t_ctx}"
        return Issue(pair.id, self.name, self.category, severity, message, Side.TARGET, diff.tgt.span, evidence)

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
