"""Compare the figures of a source and a target text as values: matched, missing, extra or mismatched.

Decisions: figures match on value whatever their units ("20%" = "20", since units are often dropped or moved
in translation), except that an Arabic ordinal word ("الثانية") only stands for a plain figure, date, code or
time. A figure also matches its other readings ("9pm" = 21:00, "1.000" = 1000, "half" = 50, "1930s" = 30) and,
for big or decimal figures, a rounded form ("2.47 billion" = "2.5 مليار"; "120 million" != "121 million").
Soft figures (small number words, ordinals, codes, dates, scores, decades) may be absent on the other side;
the rest left over on both sides are paired as mismatches (same unit, related digits, similar place first).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from aligner.checks.numerals.extract import Quantity
from aligner.checks.numerals.lexicon import DIGITS_TABLE, MONEY_UNITS

__all__ = ["SOFT_UNITS", "FigureDiff", "compare_figures", "compatible", "format_value", "is_soft", "readings"]

# Units of figures that may legitimately disappear in translation (ordinals, codes such as "G20", "1930s").
SOFT_UNITS = frozenset({"ordinal", "code", "decades-of", "date", "score"})
_UNPAIRED_UNITS = frozenset({"ordinal", "code"})  # soft units never paired as a mismatch
_AMBIGUOUS_THOUSANDS = re.compile(r"\d{1,3}\.\d{3}")
_NON_DIGIT = re.compile(r"[^0-9]")
_BIG = Decimal(10**6)
_ORDINAL_PARTNERS = frozenset({"", "ordinal", "date", "code", "time"})
_SMALL = 4096  # figure pairs compared exhaustively; beyond, bounded candidate lists keep the matching linear
_LIMIT = 16


@dataclass(frozen=True, slots=True)
class FigureDiff:
    """One difference: ``kind`` "missing" (src only), "extra" (tgt only) or "mismatch" (both, different values)."""

    kind: str
    src: Quantity | None = None
    tgt: Quantity | None = None


def format_value(value: Decimal) -> str:
    """Plain decimal form without exponent or trailing zeros, e.g. ``2500000000`` or ``2.5``."""
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_soft(q: Quantity) -> bool:
    """Return whether this figure may be absent on the other side (small number words, ordinals, codes...)."""
    if q.unit in SOFT_UNITS:
        return True
    return q.kind == "words" and q.value <= 10 and q.unit not in MONEY_UNITS and q.unit != "%"


def readings(q: Quantity, text: str) -> set[Decimal]:
    """The values a figure may stand for (its value plus readings of ambiguous notations)."""
    values = {q.value}
    if q.unit == "time" and 0 < q.value <= 24:
        values.add(q.value + 12 if q.value <= 12 else q.value - 12)
    if q.unit == "decades-of" and q.value >= 1000:
        values.add(q.value % 100)  # "the 1930s" = "الثلاثينيات"
    if q.kind == "words" and 0 < q.value < 1:
        values.add(q.value * 100)  # "half" = 50 %
    if q.kind == "digits" and _AMBIGUOUS_THOUSANDS.fullmatch(q.span.slice(text).translate(DIGITS_TABLE)):
        values.add(q.value * 1000)  # "1.000" written the European way
    return values


def _close(a: Decimal, b: Decimal) -> bool:
    """Same figure rounded differently ("2.47 billion" vs "2.5 مليار"); never for small integers such as years."""
    if a == b:
        return True
    if a <= 0 or b <= 0:
        return False
    if max(a, b) < _BIG and a == a.to_integral_value() and b == b.to_integral_value():
        return False
    # the less precise one equals the more precise one rounded to its precision
    ea, eb = a.normalize().as_tuple().exponent, b.normalize().as_tuple().exponent
    if ea == eb:
        return False
    precise, rough, exp = (a, b, eb) if ea < eb else (b, a, ea)
    mantissa = rough
    while mantissa >= 1000:
        mantissa /= 1000
    if mantissa == mantissa.to_integral_value() or abs(a - b) > Decimal("0.02") * max(a, b):
        return False  # "2.5 billion" may be a rounded "2.47 billion"; "120 million" is not a rounded "121 million"
    return precise.quantize(Decimal(1).scaleb(exp)) == rough


def _close_q(a: Quantity, b: Quantity) -> bool:
    return a.unit != "time" and b.unit != "time" and _close(a.value, b.value)


def compatible(a: Quantity, b: Quantity) -> bool:
    """Return whether two figures of equal value may be the same figure.

    Arabic ordinal words ("الثانية") stand only for plain figures, dates, codes and times, not for a score
    ("1-0") or a count of days ("two days").
    """
    for x, y in ((a, b), (b, a)):
        if x.kind == "words" and x.unit == "ordinal" and y.unit not in _ORDINAL_PARTNERS:
            return False
    return True


def _digit_signature(q: Quantity) -> str:
    return _NON_DIGIT.sub("", format_value(q.value)).strip("0")


def _pair_score(s: Quantity, t: Quantity, src_len: int, tgt_len: int) -> float | None:
    """How likely target figure ``t`` is a mistranslation of source figure ``s`` (None: not a pair)."""
    soft_s, soft_t = is_soft(s), is_soft(t)
    same_unit = bool(s.unit) and s.unit == t.unit and s.unit not in _UNPAIRED_UNITS
    if (
        (soft_s or soft_t)
        and not same_unit
        and not (
            s.kind == t.kind == "words"
            and s.unit not in _UNPAIRED_UNITS
            and t.unit not in _UNPAIRED_UNITS
            and ((s.value >= 3 and t.value >= 3) or (s.value < 1 and t.value < 1))
        )
    ):
        return None
    sig_s, sig_t = _digit_signature(s), _digit_signature(t)
    related = sig_s == sig_t or sorted(sig_s) == sorted(sig_t)
    hi, lo = max(s.value, t.value), min(s.value, t.value)
    if not related and (lo <= 0 or hi / lo > 1000) and not same_unit:
        return None
    score = 3.0 if same_unit else (-2.0 if s.unit and t.unit and s.unit != t.unit else 0.0)
    score += 2.0 if related else 0.0
    score -= 2.0 * abs(s.span.start / max(src_len, 1) - t.span.start / max(tgt_len, 1))
    return score


def _match_split(
    a_text: str, a: list[Quantity], free_a: set[int], b_text: str, b: list[Quantity], free_b: set[int]
) -> None:
    """Match two adjacent digit runs on one side ("116 123") with one run on the other ("116123")."""
    runs = sorted(i for i in free_a if a[i].kind == "digits")
    by_text: dict[str, list[int]] = {}
    for j in sorted(free_b):
        if b[j].kind == "digits":
            by_text.setdefault(b[j].span.slice(b_text).translate(DIGITS_TABLE), []).append(j)
    taken: dict[str, int] = {}  # per text, how many of its runs are used (each is used once, in order)
    for i, k in itertools.pairwise(runs):
        if k != i + 1 or a_text[a[i].span.end : a[k].span.start].strip() or i not in free_a:
            continue
        joined = a[i].span.slice(a_text).translate(DIGITS_TABLE) + a[k].span.slice(a_text).translate(DIGITS_TABLE)
        js, n = by_text.get(joined, ()), taken.get(joined, 0)
        if n < len(js):
            taken[joined] = n + 1
            free_a -= {i, k}
            free_b.discard(js[n])


class _Candidates:
    """Bounded candidate lists for many figures (linear time): by shared value, by near value, by near place."""

    def __init__(self, tgt: list[Quantity], tgt_vals: list[set[Decimal]], tgt_len: int) -> None:
        self.by_value: dict[Decimal, list[int]] = {}
        for j, vals in enumerate(tgt_vals):
            for v in vals:
                self.by_value.setdefault(v, []).append(j)
        self.start: dict[Decimal, int] = {}  # per value, index of its first possibly free target
        self.values = sorted((q.value, j) for j, q in enumerate(tgt))
        self.places = sorted((q.span.start / max(tgt_len, 1), j) for j, q in enumerate(tgt))

    def same_value(self, values: set[Decimal], free: set[int]) -> list[int]:
        """Free targets sharing a value, lowest index first (at most _LIMIT per value)."""
        out: list[int] = []
        for v in values:
            js, k = self.by_value.get(v, ()), self.start.get(v, 0)
            while k < len(js) and js[k] not in free:
                k += 1
            self.start[v] = k
            out.extend(j for j in js[k : k + 4 * _LIMIT] if j in free)
        return sorted(set(out))[:_LIMIT]

    def near_value(self, value: Decimal, free: set[int]) -> list[int]:
        """Free targets within 2% of ``value`` (at most 4 * _LIMIT looked at)."""
        lo = bisect.bisect_left(self.values, (value * Decimal("0.98"), -1))
        return sorted(j for v, j in self.values[lo : lo + 4 * _LIMIT] if j in free and v <= value * Decimal("1.02"))

    def near_place(self, place: float, free: set[int]) -> list[int]:
        """Free targets at the nearest relative places (at most _LIMIT looked at on each side)."""
        k = bisect.bisect_left(self.places, (place, -1))
        return [j for _, j in self.places[max(0, k - _LIMIT) : k + _LIMIT] if j in free]


def compare_figures(src_text: str, src: list[Quantity], tgt_text: str, tgt: list[Quantity]) -> list[FigureDiff]:
    """Match figures by value (then by rounding); report the rest as mismatches, missing or extra figures."""
    src_vals = [readings(q, src_text) for q in src]
    tgt_vals = [readings(q, tgt_text) for q in tgt]
    free_s, free_t = set(range(len(src))), set(range(len(tgt)))
    soft_s, soft_t = [is_soft(q) for q in src], [is_soft(q) for q in tgt]
    passes = (
        lambda i, j: src[i].unit == tgt[j].unit and soft_s[i] == soft_t[j] and bool(src_vals[i] & tgt_vals[j]),
        lambda i, j: src[i].unit == tgt[j].unit and bool(src_vals[i] & tgt_vals[j]),
        lambda i, j: compatible(src[i], tgt[j]) and bool(src_vals[i] & tgt_vals[j]),
        lambda i, j: compatible(src[i], tgt[j]) and _close_q(src[i], tgt[j]),
    )
    small = len(src) * len(tgt) <= _SMALL
    cands = None if small else _Candidates(tgt, tgt_vals, len(tgt_text))
    for n, test in enumerate(passes):
        for i in sorted(free_s):
            if cands is None:
                order = sorted(free_t)
            else:
                order = cands.same_value(src_vals[i], free_t) if n < 3 else cands.near_value(src[i].value, free_t)
            j = next((j for j in order if test(i, j)), None)
            if j is not None:
                free_s.discard(i)
                free_t.discard(j)
    _match_split(src_text, src, free_s, tgt_text, tgt, free_t)
    _match_split(tgt_text, tgt, free_t, src_text, src, free_s)
    candidates = []
    for i in free_s:
        place = src[i].span.start / max(len(src_text), 1)
        for j in free_t if cands is None else cands.near_place(place, free_t):
            score = _pair_score(src[i], tgt[j], len(src_text), len(tgt_text))
            if score is not None:
                candidates.append((-score, i, j))
    diffs: list[FigureDiff] = []
    for _, i, j in sorted(candidates):
        if i in free_s and j in free_t:
            free_s.discard(i)
            free_t.discard(j)
            diffs.append(FigureDiff("mismatch", src[i], tgt[j]))
    diffs.extend(FigureDiff("missing", src[i]) for i in free_s if not is_soft(src[i]))
    diffs.extend(FigureDiff("extra", tgt=tgt[j]) for j in free_t if not is_soft(tgt[j]))
    diffs.sort(key=lambda d: (d.src or d.tgt).span.start if d.kind != "extra" else 10**9 + d.tgt.span.start)
    return diffs
