"""Figure cues: the words that give a figure its meaning (month, weekday, currency, unit, qualifier, ordinal...).

``find_cues(text, figures)`` reads one text in one left-to-right pass (longest phrase first, at most
``_MAX_WORDS`` words, so linear in the text); ``compare_cues`` reports, per kind, a cue the source has and the
translation lacks *together with* a cue of the same kind the translation has and the source lacks (a
substitution: "June" -> "يوليو", "$" -> "يورو", "more than" -> "أقل من"). A cue present on one side only is
not reported (Arabic often restates or drops a currency or weekday). A changed unit whose figure is the source
figure correctly converted ("10 miles" -> "16 كيلومترًا") is reported as a conversion, which the numbers check
shows as a note and uses to excuse the changed figure.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from aligner.checks.numerals import figure_words as fw
from aligner.checks.numerals.extract import Quantity
from aligner.checks.numerals.lexicon import ar_key
from aligner.model import Span

__all__ = ["Cue", "CueDiff", "compare_cues", "find_cues"]

_MAX_WORDS = 4
_MAX_TRIES = 4  # target units tried either side of a source unit's rank as its conversion (stays linear)
_TOKEN_RE = re.compile(r"[ap]\.m\.?|us\$|(?:[^\W\d_]|[\u064b-\u065f\u0670\u0640])+|[$£€¥%٪°]", re.IGNORECASE)
_CLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_GAP_RE = re.compile(r"[ \u00a0\u202f\-–]{0,3}")


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue: its kind ("month", "currency"...), key ("6", "dollar", "gt"...), span, and attached figure."""

    kind: str
    key: str
    span: Span
    figure: Quantity | None = None
    context: Span | None = None  # the cue with the figure next to it ("12 June"), for messages


@dataclass(frozen=True, slots=True)
class CueDiff:
    """A cue of the source replaced by a different one in the translation (``converted``: a correct conversion)."""

    src: Cue
    tgt: Cue
    converted: bool = False


def _norm(word: str) -> str:
    return word.lower() if word.isascii() else ar_key(word)


@functools.cache
def _table() -> dict[tuple[str, ...], tuple[str, str, str, bool]]:
    """Phrase (normalised words) -> (kind, key, need, raw_only)."""
    out: dict[tuple[str, ...], tuple[str, str, str, bool]] = {}
    tables = (
        ("month", fw.MONTHS_EN),
        ("month", fw.MONTHS_AR),
        ("weekday", fw.WEEKDAYS_EN),
        ("weekday", fw.WEEKDAYS_AR),
        ("currency", fw.CURRENCIES),
        ("unit", fw.UNITS),
        ("qualifier", fw.QUALIFIERS),
        ("ordinal", fw.ORDINALS_EN),
        ("ordinal", fw.ORDINALS_AR),
        ("fraction", fw.FRACTIONS),
        ("day_period", fw.DAY_PERIODS),
    )
    for kind, table in tables:
        for phrase, key in table.items():
            need = fw.NEEDS_BY_PHRASE.get(phrase, fw.NEEDS.get(kind, ""))
            words = tuple(_norm(w) for w in _TOKEN_RE.findall(phrase))
            out[words] = (kind, str(key), need, phrase == "آب")
    return out


@functools.lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, ...]:
    """Look-up forms of a word: itself, then without an Arabic conjunction/preposition prefix and article."""
    key = _norm(word)
    if word.isascii():
        return (key,)
    forms = [key]
    for p in _CLITICS:
        if key.startswith(p) and len(key) - len(p) >= 2:
            rest = key[len(p) :]
            forms.append("ال" + rest[1:] if p.endswith("ل") and rest.startswith("ل") else rest)  # "للدولار"
    forms += [f[2:] for f in list(forms) if f.startswith("ال") and len(f) > 3]
    return tuple(dict.fromkeys(forms))


def find_cues(text: str, figures: list[Quantity]) -> list[Cue]:
    """Return the cues of ``text``; ``figures`` (from extract_numbers) tell which cues sit next to a figure."""
    toks = list(_TOKEN_RE.finditer(text))
    starts = {q.span.start: q for q in figures}
    ends = {q.span.end: q for q in figures}
    table = _table()
    out: list[Cue] = []
    i = 0
    while i < len(toks):
        found = None
        for n in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
            tail = tuple(_norm(t.group()) for t in toks[i + 1 : i + n])
            if n > 1 and any(text[toks[k - 1].end() : toks[k].start()].strip(" -") for k in range(i + 1, i + n)):
                continue
            for form in _forms(toks[i].group()):
                entry = table.get((form, *tail))
                if entry is not None:
                    found = (n, entry)
                    break
            if found:
                break
        if found is None:
            i += 1
            continue
        n, (kind, key, need, raw_only) = found
        start, end = toks[i].start(), toks[i + n - 1].end()
        i += n
        if raw_only and "آب" not in text[start:end]:
            continue
        if kind in fw.CASED and text[start].isascii() and not text[start].isupper():
            continue
        before = _adjacent(text, ends, start, backwards=True)
        after = starts.get(start) or _adjacent(text, starts, end, backwards=False)  # "$4,200": sign in figure
        if (need == "pre" and after is None) or (need == "post" and before is None):
            continue
        if need == "near" and before is None and after is None:
            continue
        if kind == "ordinal" and before is not None:  # "30 second" is a unit, not an ordinal
            continue
        ctx = Span(min(start, before.span.start) if before else start, max(end, after.span.end) if after else end)
        out.append(Cue(kind, key, Span(start, end), before if kind == "unit" else after, ctx))
    month_ends = [c.span.end for c in out if c.kind == "month"]  # sorted, non-overlapping
    month_starts = [c.span.start for c in out if c.kind == "month"]
    for q in figures:  # digit ordinals ("21st") and Arabic ordinal words ("التاسع عشر"), not "كانون الأول"
        k = bisect.bisect_right(month_ends, q.span.start)
        if q.unit == "ordinal" and not (k < len(month_starts) and month_starts[k] < q.span.end):
            out.append(Cue("ordinal", format(q.value.normalize(), "f"), q.span))
    out.sort(key=lambda c: c.span.start)
    return out


def _adjacent(text: str, at: dict[int, Quantity], pos: int, *, backwards: bool) -> Quantity | None:
    """The figure that ends (``backwards``) or starts within a short blank or hyphen of ``pos``."""
    for k in range(4):
        p = pos - k if backwards else pos + k
        if p in at:
            gap = text[p:pos] if backwards else text[pos:p]
            return at[p] if _GAP_RE.fullmatch(gap) else None
    return None


def _cls(cue: Cue) -> str:
    return fw.CLASSES.get(cue.kind, {}).get(cue.key, cue.key)


def _excess(mine: list[Cue], other: list[Cue]) -> list[Cue]:
    """Cues of ``mine`` whose class occurs more often than in ``other`` (the last occurrences)."""
    left = Counter(_cls(c) for c in mine)
    left.subtract(Counter(_cls(c) for c in other))
    out: list[Cue] = []
    for cue in reversed(mine):
        if left[_cls(cue)] > 0:
            left[_cls(cue)] -= 1
            out.append(cue)
    return out[::-1]


def _converted(s: Cue, t: Cue) -> bool:
    """Return whether the target figure is the source figure converted to the target unit (2% or rounding)."""
    if (s.key, t.key) not in fw.CONVERSIONS or s.figure is None or t.figure is None:
        return False
    a, b = s.figure.value, t.figure.value
    factor = fw.CONVERSIONS[(s.key, t.key)]
    want = ((a - 32) * 5 / 9 if s.key == "F" else a * 9 / 5 + 32) if factor is None else a * factor
    return abs(want - b) <= max(Decimal("0.5") + abs(want) / 50, abs(want) / 20 if b >= 10 else 0)


def compare_cues(
    src: list[Cue], tgt: list[Cue], src_figures: list[Quantity] = (), tgt_figures: list[Quantity] = ()
) -> list[CueDiff]:
    """Substitutions of a cue of one kind by a different one, plus correct unit conversions.

    An ordinal left over on one side is matched by a plain figure of its value on the other ("the 25th minute"
    = "الدقيقة 25", "Radio 4" = "الإذاعة الرابعة").
    """
    diffs: list[CueDiff] = []
    values = {
        "s": {format(q.value.normalize(), "f") for q in src_figures},
        "t": {format(q.value.normalize(), "f") for q in tgt_figures},
    }
    for kind in dict.fromkeys(c.kind for c in tgt):
        s_ex = _excess([c for c in src if c.kind == kind], [c for c in tgt if c.kind == kind])
        t_ex = _excess([c for c in tgt if c.kind == kind], [c for c in src if c.kind == kind])
        if kind == "ordinal":
            s_ex = [c for c in s_ex if c.key not in values["t"]]
            t_ex = [c for c in t_ex if c.key not in values["s"]]
        if not s_ex or not t_ex:
            continue
        if kind == "unit":
            used_s, used_t = set(), set()
            for a, s in enumerate(s_ex):
                near = range(max(0, a - _MAX_TRIES), min(len(t_ex), a + _MAX_TRIES))
                b = next((b for b in near if b not in used_t and _converted(s, t_ex[b])), None)
                if b is not None:
                    diffs.append(CueDiff(s, t_ex[b], converted=True))
                    used_s.add(a)
                    used_t.add(b)
            s_ex = [c for a, c in enumerate(s_ex) if a not in used_s]
            t_ex = [c for b, c in enumerate(t_ex) if b not in used_t]
        diffs.extend(CueDiff(s, t) for s, t in zip(s_ex, t_ex, strict=False))
    return diffs
