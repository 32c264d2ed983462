"""Number extractor for English and Arabic: digits in any script, number and scale words, units, as values.

``extract_numbers(text, lang)`` returns :class:`Quantity` objects whose ``value`` is a :class:`~decimal.Decimal`,
so "260 ألف", "260,000" and "٢٦٠٬٠٠٠" all give 260000. Design decisions:

* Spans cover the figure and its scale words plus a glued currency or percent sign ("$2.5 billion", "20%");
  separate unit words are not in the span, except where they make the figure ("seven decades", "يومين").
* Decades and centuries become years ("seven decades" = 70 years, "عقدين" = 20 years).
* English "one" is a figure only in a compound ("twenty-one", "one million") or before a unit ("one year");
  "no one", "one of them" are not figures. Plural scale words alone ("thousands", "آلاف", "dozens", "عشرات")
  are not figures. Ordinals are not extracted, except digit ordinals ("21st", unit "ordinal") and Arabic clock
  hours ("الساعة التاسعة", unit "time"). Weekdays ("الثلاثاء", "الاثنين") are not numbers.
* Arabic number words with the article ("العشرين" in "القرن العشرين") get unit "ordinal"; digits glued to letters
  ("G20", "3D") get unit "code"; "1930s" gets unit "decades-of". The numbers check treats those as soft.
* "1.000" is read as 1.0 (decimal); the numbers check also accepts it as 1000. A single comma that does not
  group thousands ("2,5") is a decimal comma in Arabic text and a list separator in English text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from aligner.checks import numerals_lexicon as lx
from aligner.model import Span

__all__ = ["Quantity", "extract_numbers"]

TOKEN_RE = re.compile(
    r"(?P<t>\d{1,2}:\d\d)(?![\d:])"  # clock time
    r"|(?P<n>\d+(?:[.,]\d+|\u060c\d{3}(?!\d))*)"  # digits with separators (Arabic comma only before 3 digits)
    r"|(?P<w>(?:[^\W\d_]|[\u064B-\u065F\u0670])+)"  # a word, Arabic diacritics included
)
_SPACE_RE = re.compile(r"[ \t\u00a0\u202f]{1,3}")
_JOIN_EN_RE = re.compile(r"[ \t\u00a0\u202f]{1,3}|[ ]?-[ ]?")
_SYMBOL_UNIT_RE = re.compile(
    r"[ \u00a0]?(?:(?P<pct>[%٪])|(?P<pctw>per[ -]?cent|percent)\b|(?P<time>[ap]\.m\.?|[ap]m\b))", re.IGNORECASE
)
_AR_TIME_WORDS = frozenset({lx.ar_key("من"), lx.ar_key("الزمن"), lx.ar_key("الزمان")})
_AR_HOUR = frozenset({lx.ar_key("الساعة"), lx.ar_key("الساعه"), lx.ar_key("بالساعة"), lx.ar_key("والساعة")})
_EN_ARTICLES = frozenset({"a", "an"})
_EN_AFTER_ARTICLE = frozenset({"H", "S", "D", "F"})
_GLUE_OK = frozenset({"s", "st", "nd", "rd", "th", "km", "kg", "m", "mn", "bn", "b", "k", "tn", "am", "pm", "mph",
                      "cm", "mm", "g", "ft", "kw", "mw", "gw", "x"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure found in a text: its value, where it is, its unit ("" if none) and how it was written."""

    value: Decimal
    span: Span
    unit: str = ""
    kind: str = "digits"  # "digits" | "words" | "mixed"


class _Scanner:
    """One pass over the tokens of one text; builds Quantities phrase by phrase."""

    __slots__ = ("lang", "norm", "out", "toks")

    def __init__(self, text: str, lang: str) -> None:
        self.norm = text.translate(lx.DIGITS_TABLE)
        self.lang = lang
        self.toks = [(m.lastgroup != "w", m.start(), m.end()) for m in TOKEN_RE.finditer(self.norm)]
        self.out: list[Quantity] = []

    def word(self, i: int) -> str:
        return self.norm[self.toks[i][1] : self.toks[i][2]]

    def joined(self, i: int, *, hyphen: bool = False) -> bool:
        """Return whether token ``i`` follows token ``i - 1`` after a short blank (or a hyphen)."""
        if i >= len(self.toks):
            return False
        gap_start, gap_end = self.toks[i - 1][2], self.toks[i][1]
        if gap_start == gap_end:
            return hyphen
        pattern = _JOIN_EN_RE if hyphen else _SPACE_RE
        return pattern.fullmatch(self.norm, gap_start, gap_end) is not None

    def run(self) -> list[Quantity]:
        i, n = 0, len(self.toks)
        while i < n:
            is_num, s, e = self.toks[i]
            if is_num:
                i = self.digits_phrase(i)
                continue
            w = self.norm[s:e]
            if w.isascii():
                entry = lx.EN_WORDS.get(w.lower())
                if entry is not None or (w.lower() in _EN_ARTICLES and i + 1 < n and self.joined(i + 1)):
                    i = self.en_phrase(i)
                    continue
            elif not w.isascii():
                i = self.ar_word(i)
                continue
            i += 1
        return self.out

    # -- units -------------------------------------------------------------------------------------------------
    def unit_after(self, i: int, end: int) -> tuple[str, int, int]:
        """Unit after a figure ending at ``end`` (next token index ``i``): (unit, tokens used, new span end)."""
        m = _SYMBOL_UNIT_RE.match(self.norm, end)
        if m is not None:
            if m.group("pct"):
                return "%", 0, m.end()
            return ("%" if m.group("pctw") else "time"), (2 if m.group("pctw") and " " in m.group() else 1), end
        if i < len(self.toks) and not self.toks[i][0] and self.joined(i, hyphen=True):
            w = self.word(i)
            if w.isascii():
                unit = lx.UNIT_WORDS.get(w.lower(), "")
                return unit, (1 if unit else 0), end
            key = lx.ar_key(w)
            if key == "في" and i + 1 < len(self.toks) and lx.ar_key(self.word(i + 1)) in lx.AR_PERCENT:
                return "%", 2, end
            unit = lx.UNIT_WORDS.get(key, "")
            if not unit and key[:1] in "بل" and len(key) > 3:
                unit = lx.UNIT_WORDS.get(key[1:], "")
                unit = unit if unit == "%" else ""
            return unit, (1 if unit else 0), end
        return "", 0, end

    def emit(self, value: Decimal, start: int, end: int, kind: str, i_next: int, *, unit: str = "") -> int:
        """Attach currency and unit, convert decades, record the Quantity; return the next token index."""
        k = start
        while k > 0 and start - k < 2 and self.norm[k - 1] in " \u00a0":
            k -= 1
        if k > 0 and self.norm[k - 1] in lx.CURRENCY_SIGNS:
            start, unit = k - 1, unit or lx.CURRENCY_SIGNS[self.norm[k - 1]]
        if not unit or unit in lx.MONEY_UNITS:
            found, used, end2 = self.unit_after(i_next, end)
            if found and (not unit or found in lx.MONEY_UNITS):
                unit = unit if unit in lx.MONEY_UNITS else found
                if found in ("decade", "century"):
                    end2 = self.toks[i_next][2]
                end = end2
            i_next += used
        if unit == "decade":
            value, unit = value * 10, "year"
        elif unit == "century":
            value, unit = value * 100, "year"
        self.out.append(Quantity(value, Span(start, end), unit, kind))
        return i_next

    # -- digits ------------------------------------------------------------------------------------------------
    def digits_phrase(self, i: int) -> int:
        _, s, e = self.toks[i]
        text = self.norm[s:e]
        if ":" in text:  # a clock time, in hours
            hours, minutes = text.split(":")
            self.out.append(Quantity(Decimal(hours) + Decimal(minutes) / 60, Span(s, e), "time", "digits"))
            return i + 1
        try:
            pieces = lx.parse_digits(text.replace("\u060c", ","), self.lang)
        except InvalidOperation:  # pragma: no cover - the token regex only lets digits through
            return i + 1
        if len(pieces) > 1:
            for value, a, b in pieces:
                self.out.append(Quantity(value, Span(s + a, s + b), "", "digits"))
            return i + 1
        value = pieces[0][0]
        special = self.special_digits(i, value, text)
        if special is not None:
            return special
        glued_left = s > 0 and self.norm[s - 1].isalpha() and not (
            i > 0 and self.toks[i - 1][2] == s and lx.ar_key(self.word(i - 1)) in lx.AR_PREFIXES
        )
        j = i + 1
        nxt = self.word(j).lower() if j < len(self.toks) and not self.toks[j][0] else ""
        glued_right = j < len(self.toks) and self.toks[j][1] == e and nxt
        if glued_left or (glued_right and nxt not in _GLUE_OK and lx.UNIT_WORDS.get(nxt) is None
                          and lx.EN_SCALES.get(nxt) is None):
            self.out.append(Quantity(value, Span(s, e), "code", "digits"))
            return j
        if glued_right and nxt in lx.ORDINAL_SUFFIXES:
            self.out.append(Quantity(value, Span(s, self.toks[j][2]), "ordinal", "digits"))
            return j + 1
        if glued_right and nxt == "s":
            self.out.append(Quantity(value, Span(s, self.toks[j][2]), "decades-of", "digits"))
            return j + 1
        if nxt and (glued_right or self.joined(j, hyphen=True)):
            scale = lx.EN_SCALES.get(nxt) or (lx.EN_SHORT_SCALES.get(nxt) if glued_right or nxt in ("bn", "mn")
                                             else None)
            if scale and nxt in lx.EN_SHORT_NEED_CURRENCY and self.norm[max(0, s - 2) : s].strip()[-1:] not in \
                    lx.CURRENCY_SIGNS:
                scale = None
            if scale:
                return self.emit(value * scale, s, self.toks[j][2], "mixed", j + 1)
            if nxt == "hundred":
                return self.en_phrase(i)
            if not nxt.isascii():
                entry, article, wa = lx.ar_lookup(self.word(j))
                if entry is not None and entry[0] in ("S", "SP", "H") and not article and not wa:
                    return self.ar_phrase(i, value)
        return self.emit(value, s, e, "digits", j)

    def special_digits(self, i: int, value: Decimal, text: str) -> int | None:
        """Times ("5.30pm"), dates ("1 October"), "No. 1", sports scores ("2-2") and year ranges ("1950-53")."""
        toks, norm, n = self.toks, self.norm, len(self.toks)
        s, e = toks[i][1], toks[i][2]
        unit = ""
        before = norm[max(0, s - 4) : s].rstrip().lower()
        if before.endswith(("no.", "no", "#", "nº")):
            unit = "ordinal"
        elif value <= 31 and value == int(value) and (
            (i + 1 < n and self.joined(i + 1) and self.key(i + 1) in lx.MONTHS)
            or (i > 0 and self.joined(i) and self.key(i - 1) in lx.MONTHS)
        ):
            unit = "date"
        elif i + 1 < n and toks[i + 1][0] and norm[e : toks[i + 1][1]] == "/" and "." not in text:
            other = norm[toks[i + 1][1] : toks[i + 1][2]]
            if other.isdigit() and 1 < int(other) <= 10 and 0 < value < int(other) and (
                i + 2 >= n or norm[toks[i + 1][2] : toks[i + 1][2] + 1] != "/"
            ):
                self.out.append(Quantity(value / int(other), Span(s, toks[i + 1][2]), "", "digits"))
                return i + 2
        elif i + 1 < n and toks[i + 1][0] and norm[e : toks[i + 1][1]] in ("-", "\u2013"):
            other = norm[toks[i + 1][1] : toks[i + 1][2]]
            if len(text) == 1 and len(other) == 1:
                self.out.append(Quantity(value, Span(s, e), "score", "digits"))
                self.out.append(Quantity(Decimal(other), Span(toks[i + 1][1], toks[i + 1][2]), "score", "digits"))
                return i + 2
            if len(text) == 4 and len(other) == 2 and other.isdigit() and int(other) > int(text[2:]):
                self.out.append(Quantity(value, Span(s, e), "", "digits"))
                year = Decimal(int(text[:2]) * 100 + int(other))
                self.out.append(Quantity(year, Span(toks[i + 1][1], toks[i + 1][2]), "", "digits"))
                return i + 2
        elif "." in text and len(text.partition(".")[2]) == 2 and value < 13 and (
            self.unit_after(i + 1, e)[0] == "time" or (i > 0 and self.key(i - 1) in _AR_HOUR)
        ):
                hours, minutes = text.split(".")
                self.out.append(Quantity(Decimal(hours) + Decimal(minutes) / 60, Span(s, e), "time", "digits"))
                return i + 1
        if unit:
            self.out.append(Quantity(value, Span(s, e), unit, "digits"))
            return i + 1
        return None

    def key(self, i: int) -> str:
        """Look-up key of word token ``i`` (lower-cased English, normalised Arabic)."""
        w = self.word(i)
        return w.lower() if w.isascii() else lx.ar_key(w)

    # -- English words -----------------------------------------------------------------------------------------
    def en_phrase(self, i: int) -> int:
        toks, n = self.toks, len(self.toks)
        total, current, last, last_scale = Decimal(0), Decimal(0), "", 0
        start, end, j, kind, only_one = toks[i][1], toks[i][2], i, "words", False
        while j < n:
            if j > i and not self.joined(j, hyphen=True):
                break
            if toks[j][0]:
                if j > i:
                    break
                current, last, kind = lx.parse_digits(self.word(j), self.lang)[0][0], "DIG", "mixed"
                end, j = toks[j][2], j + 1
                continue
            w = self.word(j).lower()
            if w in _EN_ARTICLES and not last:
                if j + 1 < n and self.joined(j + 1) and (lx.EN_WORDS.get(self.word(j + 1).lower(), ("",))[0]
                                                         in _EN_AFTER_ARTICLE or self.word(j + 1).lower()
                                                         in ("decade", "century")):
                    current, last, j = Decimal(1), "A", j + 1
                    continue
                break
            if w == "and" and last in ("H", "S", "U", "T10", "T", "DIG") and j + 1 < n:
                w2 = self.word(j + 1).lower()
                if w2 == "a" and j + 2 < n and self.word(j + 2).lower() == "half" and last != "S":
                    current, end, j, last = current + Decimal("0.5"), toks[j + 2][2], j + 3, "F"
                    continue
                if last in ("H", "S") and lx.EN_WORDS.get(w2, ("",))[0] in ("U", "T10", "T"):
                    j += 1
                    last = "AND"
                    continue
                break
            entry = lx.EN_WORDS.get(w)
            if entry is None:
                break
            cls, v = entry
            if cls in ("U", "T10") and (last in ("", "H", "S", "AND") or (last == "T" and cls == "U" and v)):
                only_one = w == "one" and not last
                current += v
            elif cls == "T" and last in ("", "H", "S", "AND"):
                current += v
            elif cls == "H" and last in ("U", "T10", "T", "A", "DIG") and current < 100:
                current *= 100
            elif cls == "S" and last in ("U", "T10", "T", "H", "A", "DIG", "F") and (not last_scale or v < last_scale):
                total, current, last_scale = total + current * v, Decimal(0), int(v)
            elif cls == "D" and last in ("U", "T10", "T", "A", "DIG"):
                current *= 12
            elif cls == "F" and last in ("", "A", "U") and (w == "half" or last):
                current = v if not last else current * v
                if w == "half" and j + 2 < n and self.word(j + 1).lower() in _EN_ARTICLES and \
                        lx.EN_WORDS.get(self.word(j + 2).lower(), ("",))[0] == "S" and self.joined(j + 1):
                    j += 1  # "half a million"
            elif cls == "X" and not last:
                end = toks[j][2]
                return self.emit(v, start, end, "words", j + 1, unit="times")
            else:
                break
            last, end, j = cls, toks[j][2], j + 1
        value = total + current
        if last in ("", "AND") or (last == "A" and (j >= n or self.word(j).lower() not in ("decade", "century"))):
            return max(j, i + 1)
        if last == "A":
            end = start
        if only_one and j == i + 1:
            unit, _, _ = self.unit_after(j, end)
            if not unit:
                return j
        return self.emit(value, start, end, kind, j)

    # -- Arabic words ------------------------------------------------------------------------------------------
    def ar_word(self, i: int) -> int:
        entry = lx.ar_lookup(self.word(i))[0]
        if entry is None:
            return self.ar_special(i, self.key(i))
        if entry[0] == "SP":
            return i + 1
        if entry[0] == "DUAL":
            self.out.append(Quantity(entry[1], Span(self.toks[i][1], self.toks[i][2]), entry[3], "words"))
            return i + 1
        return self.ar_phrase(i, None)

    def ar_special(self, i: int, key: str) -> int:
        """Clock hours ("الساعة التاسعة"), "أحد عشر" and "عقد من الزمن" (a decade); else skip the word."""
        toks, n = self.toks, len(self.toks)
        if i + 1 >= n or not self.joined(i + 1):
            return i + 1
        nxt = self.key(i + 1)
        if key in _AR_HOUR and nxt in lx.AR_HOUR_ORDINALS:
            hour, j = lx.AR_HOUR_ORDINALS[nxt], i + 2
            if hour == 11 and j < n and self.key(j) in ("عشره", "عشر"):
                j += 1
            self.out.append(Quantity(Decimal(hour), Span(toks[i + 1][1], toks[j - 1][2]), "time", "words"))
            return j
        core = key[1:] if key[:1] in "وبلف" and len(key) > 3 else key
        if core in lx.AR_ONE_OF and nxt in ("عشر", "عشره"):
            return self.ar_phrase(i, None)
        unit = lx.UNIT_WORDS.get(core)
        if unit in ("decade", "century") and nxt == "من" and i + 2 < n and self.key(i + 2) in _AR_TIME_WORDS:
            value = Decimal(10 if unit == "decade" else 100)
            self.out.append(Quantity(value, Span(toks[i][1], toks[i][2]), "year", "words"))
            return i + 3
        return i + 1

    def smaller_scale_follows(self, j: int, last_scale: int) -> bool:
        """Return whether the word after "و" + digits is not a scale word of at least ``last_scale``."""
        if j >= len(self.toks) or self.toks[j][0] or not self.joined(j):
            return True
        entry = lx.ar_lookup(self.word(j))[0]
        return entry is None or entry[0] not in ("S", "SP") or entry[1] < last_scale

    def ar_phrase(self, i: int, digits_value: Decimal | None) -> int:
        toks, n = self.toks, len(self.toks)
        total, current, last, last_scale, ordinal = Decimal(0), Decimal(0), "", 0, False
        start, end, j = toks[i][1], toks[i][2], i
        kind = "words"
        if digits_value is not None:
            current, last, kind, j = digits_value, "DIG", "mixed", i + 1
        while j < n:
            if j > i and not self.joined(j):
                break
            if toks[j][0]:
                break
            w = self.word(j)
            key = lx.ar_key(w)
            if j == i and key in lx.AR_ONE_OF:
                current, last, end, j = Decimal(1), "U", toks[j][2], j + 1
                continue
            if key == "و" and last == "S" and j + 1 < n and toks[j + 1][0] and toks[j + 1][1] == toks[j][2] and \
                    self.smaller_scale_follows(j + 2, last_scale):
                current, last = lx.parse_digits(self.word(j + 1), self.lang)[0][0], "DIG"
                kind, end, j = "mixed", toks[j + 1][2], j + 2
                continue
            entry, article, wa = lx.ar_lookup(w)
            if entry is None:
                break
            cls, v, mult, _unit = entry
            if j == i:
                if cls == "TEN":
                    cls = "T10"
                ordinal = article or _unit == "ordinal"
                if cls == "S":
                    total, last_scale = v * mult if mult else v, int(v)
                elif cls in ("U", "T10", "T", "H", "F"):
                    current = v
                else:
                    break
            elif article:
                break
            elif wa:
                if cls == "T" and last == "U" and current < 10:
                    current += v
                elif cls in ("U", "T", "H", "TEN") and last in ("H", "S"):
                    current += v
                    cls = "T10" if cls == "TEN" else cls
                elif cls == "F" and last in ("U", "T", "T10", "H", "S", "DIG"):
                    if last == "S" and not current:
                        total += v * last_scale
                    else:
                        current += v
                elif cls == "S" and mult == 2 and last == "S" and v < last_scale:
                    total += 2 * v
                else:
                    break
            elif cls == "TEN" and last == "U" and current < 10:
                current += 10
                cls = "T10"
            elif cls == "H" and last == "U" and current < 10:
                current *= v
            elif cls in ("S", "SP") and mult != 2 and last in ("U", "T10", "T", "H", "DIG", "F") and \
                    (not last_scale or v < last_scale):
                total, current, last_scale = total + current * v, Decimal(0), int(v)
                cls = "S"
            else:
                break
            last, end, j = cls, toks[j][2], j + 1
        if j == i:
            return i + 1
        return self.emit(total + current, start, end, kind, j, unit="ordinal" if ordinal else "")


def extract_numbers(text: str, lang: str) -> list[Quantity]:
    """Return the figures of ``text`` (``lang`` "en" or "ar"; words of either script are read in any text)."""
    if not text:
        return []
    return _Scanner(text, lang).run()
