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
from aligner.checks.numerals.compare import readings
from aligner.checks.numerals.extract import Quantity
from aligner.checks.numerals.lexicon import ar_key
from aligner.model import Span

__all__ = ["Cue", "CueDiff", "compare_cues", "find_cues"]

_MAX_WORDS = 4
_MAX_PAIRING = 16  # left-over cues paired by place up to this many, in order beyond (stays linear)
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


@functools.cache
def _first_words() -> frozenset[str]:
    """The first (normalised) word of every phrase of the table."""
    return frozenset(words[0] for words in _table() if words)


_norm_cached = functools.lru_cache(maxsize=1 << 16)(_norm)


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
    words = [t.group() for t in toks]
    starts = {q.span.start: q for q in figures}
    ends = {q.span.end: q for q in figures}
    table, firsts = _table(), _first_words()
    out: list[Cue] = []
    i = 0
    while i < len(toks):
        found = None
        forms = _forms(words[i])
        if not firsts.isdisjoint(forms):  # else no phrase starts with this word (most words)
            for n in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
                tail = tuple(map(_norm_cached, words[i + 1 : i + n]))
                if n > 1 and any(text[toks[k - 1].end() : toks[k].start()].strip(" -") for k in range(i + 1, i + n)):
                    continue
                for form in forms:
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
        if need == "near" and before is None and after is None and not _month_lead(toks, i - n):
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
            out.append(Cue("ordinal", _value(q), q.span, q))
    out.sort(key=lambda c: c.span.start)
    return out


def _month_lead(toks: list[re.Match[str]], i: int) -> bool:
    """Return whether the word before token ``i`` makes a "near" month a month ("in May", "في مارس")."""
    return i > 0 and _forms(toks[i - 1].group())[0] in fw.MONTH_LEADS


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
    """Cues of ``mine`` whose class occurs more often than in ``other``.

    Those whose figure the other side's cues of that class lack come first ("45 كيلومتر" when the source has
    "72 kilometers"), then the last occurrences.
    """
    left = Counter(_cls(c) for c in mine)
    left.subtract(Counter(_cls(c) for c in other))
    figures = {(_cls(c), _value(c.figure)) for c in other if c.figure is not None}
    order = sorted(
        range(len(mine)),
        key=lambda k: (mine[k].figure is not None and (_cls(mine[k]), _value(mine[k].figure)) in figures, -k),
    )
    chosen: set[int] = set()
    for k in order:
        if left[_cls(mine[k])] > 0:
            left[_cls(mine[k])] -= 1
            chosen.add(k)
    return [c for k, c in enumerate(mine) if k in chosen]


def _converted(s: Cue, t: Cue, texts: tuple[str, str]) -> bool:
    """Return whether the target figure is the source figure converted to the target unit (2% or rounding).

    Every reading of an ambiguous figure is tried ("187.800 فدان" may be 187,800 acres written the European way).
    """
    if (s.key, t.key) not in fw.CONVERSIONS or s.figure is None or t.figure is None:
        return False
    factor = fw.CONVERSIONS[(s.key, t.key)]
    for a in readings(s.figure, texts[0]):
        want = ((a - 32) * 5 / 9 if s.key == "F" else a * 9 / 5 + 32) if factor is None else a * factor
        tol = Decimal("0.5") + abs(want) / 50
        if any(abs(want - b) <= max(tol, abs(want) / 20 if b >= 10 else 0) for b in readings(t.figure, texts[1])):
            return True
    return False


def _spare(figures: list[Quantity], others: list[Quantity]) -> Counter[str]:
    """Values of plain figures on one side not matched by plain figures of the same value on the other."""
    plain = Counter(_value(q) for q in figures if q.unit != "ordinal")
    plain.subtract(Counter(_value(q) for q in others if q.unit != "ordinal"))
    return +plain


def _value(q: Quantity) -> str:
    return format(q.value.normalize(), "f")


def _pair_up(s_ex: list[Cue], t_ex: list[Cue], s_len: int, t_len: int) -> list[tuple[Cue, Cue]]:
    """Pair left-over source and target cues, each source cue with the unused target cue at the nearest place."""
    if len(t_ex) > _MAX_PAIRING:
        return list(zip(s_ex, t_ex, strict=False))
    free, out = list(t_ex), []
    for s in s_ex:
        if not free:
            break
        where = s.span.start / max(s_len, 1)
        t = min(free, key=lambda c: abs(c.span.start / max(t_len, 1) - where))
        free.remove(t)
        out.append((s, t))
    return out


def compare_cues(
    src: list[Cue],
    tgt: list[Cue],
    src_figures: list[Quantity] = (),
    tgt_figures: list[Quantity] = (),
    texts: tuple[str, str] = ("", ""),
) -> list[CueDiff]:
    """Substitutions of a cue of one kind by a different one, plus correct unit conversions.

    A left-over ordinal is matched by a spare plain figure of its value on the other side: a target ordinal word
    by a source figure ("Radio 4" = "الإذاعة الرابعة"), a source digit ordinal by a target figure ("the 25th
    minute" = "الدقيقة 25"). ``texts`` are the source and target texts (cue places, ambiguous figure readings).
    """
    diffs: list[CueDiff] = []
    for kind in dict.fromkeys(c.kind for c in tgt):
        s_ex = _excess([c for c in src if c.kind == kind], [c for c in tgt if c.kind == kind])
        t_ex = _excess([c for c in tgt if c.kind == kind], [c for c in src if c.kind == kind])
        if kind == "ordinal" and s_ex and t_ex:
            spare_s, spare_t = _spare(src_figures, tgt_figures), _spare(tgt_figures, src_figures)
            s_ex = [c for c in s_ex if not (c.figure is not None and c.figure.kind == "digits" and spare_t[c.key])]
            t_ex = [c for c in t_ex if not spare_s[c.key]]
        if not s_ex or not t_ex:
            continue
        if kind == "unit":
            used_s, used_t = set(), set()
            for a, s in enumerate(s_ex):
                near = range(max(0, a - _MAX_TRIES), min(len(t_ex), a + _MAX_TRIES))
                b = next((b for b in near if b not in used_t and _converted(s, t_ex[b], texts)), None)
                if b is not None:
                    diffs.append(CueDiff(s, t_ex[b], converted=True))
                    used_s.add(a)
                    used_t.add(b)
            s_ex = [c for a, c in enumerate(s_ex) if a not in used_s]
            t_ex = [c for b, c in enumerate(t_ex) if b not in used_t]
        diffs.extend(CueDiff(s, t) for s, t in _pair_up(s_ex, t_ex, len(texts[0]), len(texts[1])))
    return diffs
