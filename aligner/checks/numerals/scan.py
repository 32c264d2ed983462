"""The scanning engine of the number extractor: one pass over candidate tokens, digits and English phrases."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from aligner.checks.numerals import candidates as cand
from aligner.checks.numerals import lexicon as lx
from aligner.checks.numerals.arabic import AR_HOUR, NANO, ArabicPhrases

__all__ = ["Scanner"]

Found = tuple[Decimal, int, int, str, str]  # value, start, end, unit, kind


@functools.cache
def _token_re() -> re.Pattern[str]:
    """Clock times, digit runs and the candidate words (compiled on first use: the word trie is large).

    Matched against text folded by cand.FOLD_VARIANTS (letters swapped one for one: the same offsets and word
    boundaries), whose word trie has far fewer character classes to compile.
    """
    return re.compile(
        r"(?P<t>\d{1,2}:\d\d)(?![\d:])"  # clock time
        r"|(?P<n>\d+(?:[.,\u066b\u066c]\d+|\u060c\d{3}(?!\d))*)"  # digits, separators (Arabic comma: thousands)
        rf"|\b(?P<w>{cand.candidate_pattern(folded=True)})\b"  # a number, unit, month or other cue word (lower case)
        rf"|\b(?P<g>{_glued_ordinals()})(?=ال[^\W\d_])"  # "الثانيالذي": a definite ordinal missing its space
    )


def _glued_ordinals() -> str:
    """Definite Arabic ordinals ("الثاني"), read also when glued to the next definite word (a missing space)."""
    words = {w for w, e in lx.AR_WORDS.items() if e[3] == "ordinal" and w.startswith("ال")}
    return cand.trie_pattern(words, cand.FOLDED_CLASSES)


_SPACE_RE = re.compile(r"[ \t\u00a0\u202f]{1,3}")
_JOIN_EN_RE = re.compile(r"[ \t\u00a0\u202f]{1,3}|[ ]?-[ ]?")
_SYMBOL_UNIT_RE = re.compile(
    r"[ \u00a0]?(?:(?P<pct>[%٪])|(?P<pctw>per[ -]?cent|percent|في[ ]ال(?:مئ|مائ|مي)[هة])\b"
    r"|(?P<time>[ap]\.m\.?|[ap]m\b))",
    re.IGNORECASE,
)
_EN_AFTER_ARTICLE = frozenset({"H", "S", "D", "F"})
_SUFFIX_RE = re.compile(  # glued to digits: "21st", "1930s", "£2.8bn", "£11million", "72km"; spaced "5 bn"
    r"(?:(?P<g>st|nd|rd|th|s|bn|mn|mln|m|k|b|tn|trn|thousand|million|billion|trillion|km|kg|mph|ft|cm|mm|am|pm|pc)"
    r"|[ ](?P<sp>bn|mn|mln|tn))(?![^\W\d_])"
)
_OF_MONTH_RE = re.compile(r" (?:of )?([a-z]+)", re.IGNORECASE)  # "1st of September"
_US = frozenset({" us ", " u.s. "})  # "3 million US dollars"
_ARTICLE_RE = re.compile(r"(?:^|[^\w])(?P<a>an?) ")


def _hours(hours: str, minutes: str) -> Decimal:
    return (Decimal(hours) + Decimal(minutes) / 60).quantize(NANO)


class Scanner(ArabicPhrases):
    """One pass over the candidate tokens of one text; finds figures phrase by phrase."""

    __slots__ = ("lang", "norm", "out", "shifts", "toks")

    def __init__(self, text: str, lang: str) -> None:
        norm = text.lower()
        if len(norm) != len(text):  # a few exotic letters change length when lower-cased
            norm = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        self.shifts: list[tuple[int, int]] = []  # (offset in self.norm, diacritics removed before it)
        if lx.MARKS_RE.search(norm) is not None:  # strip Arabic diacritics, remembering where they were
            parts, removed, pos = [], 0, 0
            for m in lx.MARKS_RE.finditer(norm):
                parts.append(norm[pos : m.start()])
                removed += m.end() - m.start()
                self.shifts.append((m.start() - removed + (m.end() - m.start()), removed))
                pos = m.end()
            parts.append(norm[pos:])
            norm = "".join(parts)
        self.norm = norm
        self.lang = lang
        folded = norm.translate(cand.FOLD_VARIANTS)
        self.toks = [(m.lastgroup in ("t", "n"), m.start(), m.end()) for m in _token_re().finditer(folded)]
        self.out: list[Found] = []

    def original(self, offset: int) -> int:
        """Map an offset of the diacritic-free text back to the caller's text (trailing diacritics included)."""
        return offset + next((r for p, r in reversed(self.shifts) if p <= offset), 0)

    def add(self, value: Decimal, start: int, end: int, unit: str, kind: str) -> None:
        """Record one figure found at ``[start, end)`` of the normalised text."""
        self.out.append((value, start, end, unit, kind))

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

    def run(self) -> list[Found]:
        """Return (value, start, end, unit, kind) for every figure, offsets into the caller's text."""
        i, n = 0, len(self.toks)
        while i < n:
            is_num, s, e = self.toks[i]
            if is_num:
                i = self.digits_phrase(i)
                continue
            w = self.norm[s:e]
            if not w.isascii():
                i = self.ar_word(i)
            elif w in lx.EN_WORDS:
                i = self.en_phrase(i)
            else:
                if w in ("decade", "century") and (article := self.article_before(s)) >= 0:  # "a decade"
                    value = Decimal(10 if w == "decade" else 100)
                    self.add(value, article, e, "year", "words")
                i += 1
        if self.shifts:
            return [(v, self.original(s), self.original(e), u, k) for v, s, e, u, k in self.out]
        return self.out

    # -- units -------------------------------------------------------------------------------------------------
    def unit_after(self, i: int, end: int) -> tuple[str, int, int]:
        """Unit after a figure ending at ``end`` (next token index ``i``): (unit, tokens used, new span end)."""
        m = _SYMBOL_UNIT_RE.match(self.norm, end)
        if m is not None:
            used = 0
            while i + used < len(self.toks) and self.toks[i + used][1] < m.end():
                used += 1
            if m.group("pct"):
                return "%", used, m.end()
            return ("%" if m.group("pctw") else "time"), used, end
        if (
            i < len(self.toks)
            and not self.toks[i][0]
            and (self.joined(i, hyphen=True) or self.norm[self.toks[i - 1][2] : self.toks[i][1]] in _US)
        ):
            w = self.word(i)
            if w.isascii():
                unit = lx.UNIT_WORDS.get(w.lower(), "")
                return unit, (1 if unit else 0), end
            key = lx.ar_key(w)
            unit = lx.UNIT_WORDS.get(key, "")
            if not unit and key[:1] in "بل" and len(key) > 3:
                unit = lx.UNIT_WORDS.get(key[1:], "")
                unit = unit if unit == "%" else ""
            return unit, (1 if unit else 0), end
        return "", 0, end

    def emit(self, value: Decimal, start: int, end: int, kind: str, i_next: int, *, unit: str = "") -> int:
        """Attach currency and unit, convert decades, record the figure; return the next token index."""
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
        if value.as_tuple().exponent < -9:  # thirds: "two-thirds" and "ثلثي" must agree
            value = value.quantize(NANO)
        if unit == "decade":
            value, unit = value * 10, "year"
        elif unit == "century":
            value, unit = value * 100, "year"
        self.add(value, start, end, unit, kind)
        return i_next

    # -- digits ------------------------------------------------------------------------------------------------
    def digits_phrase(self, i: int) -> int:
        _, s, e = self.toks[i]
        text = self.digits(i)
        if ":" in text:  # a clock time, in hours
            hours, minutes = text.split(":")
            self.add(_hours(hours, minutes), s, e, "time", "digits")
            return i + 1
        try:
            pieces = lx.parse_digits(text.replace("\u060c", ","), self.lang)
        except InvalidOperation:  # pragma: no cover - the token regex only lets digits through
            return i + 1
        if len(pieces) > 1:
            for value, a, b in pieces:
                self.add(value, s + a, s + b, "", "digits")
            return i + 1
        value = pieces[0][0]
        special = self.special_digits(i, value, text)
        if special is not None:
            return special
        norm, toks = self.norm, self.toks
        m = _SUFFIX_RE.match(norm, e)
        suffix = (m.group("g") or m.group("sp")) if m is not None else ""
        glued_left = s > 0 and norm[s - 1].isascii() and norm[s - 1].isalpha()  # "G20", not "حوالي200"
        if glued_left or (not suffix and e < len(norm) and norm[e].isalpha() and norm[e].isascii()):  # "3D"
            self.add(value, s, e, "code", "digits")
            return i + 1
        if suffix:
            after = m.end()
            j = i + 1
            while j < len(toks) and toks[j][1] < after:
                j += 1
            if suffix in lx.ORDINAL_SUFFIXES or suffix == "s":
                unit = "ordinal" if suffix != "s" else "decades-of"
                if unit == "ordinal" and value <= 31 and self.month_next_to(i, after):  # "1st September"
                    unit = "date"
                self.add(value, s, after, unit, "digits")
                return j
            scale = lx.EN_SCALES.get(suffix) or lx.EN_SHORT_SCALES.get(suffix)
            if (
                scale
                and suffix in lx.EN_SHORT_NEED_CURRENCY
                and norm[max(0, s - 2) : s].strip()[-1:] not in lx.CURRENCY_SIGNS
            ):
                scale = None
            if scale:
                return self.emit(value * scale, s, after, "mixed", j)
            return self.emit(value, s, e, "digits", j, unit=lx.UNIT_WORDS.get(suffix, "m" if suffix == "m" else ""))
        j = i + 1
        if j < len(toks) and not toks[j][0] and self.joined(j, hyphen=True):
            nxt = self.word(j)
            if nxt in lx.EN_SCALES:
                return self.emit(value * lx.EN_SCALES[nxt], s, toks[j][2], "mixed", j + 1)
            if nxt == "hundred":
                return self.en_phrase(i)
            if not nxt.isascii():
                entry, article, wa = lx.ar_lookup(nxt)
                if entry is not None and entry[0] in ("S", "SP", "H") and not article and not wa:
                    return self.ar_phrase(i, value)
        return self.emit(value, s, e, "digits", j)

    def month_next_to(self, i: int, after: int) -> bool:
        """Return whether an English month name precedes digit token ``i`` or follows offset ``after``."""
        m = _OF_MONTH_RE.match(self.norm, after)
        if m is not None and m.group(1).lower() in lx.MONTHS:
            return True
        return i > 0 and self.joined(i) and self.key(i - 1) in lx.MONTHS

    def special_digits(self, i: int, value: Decimal, text: str) -> int | None:
        """Times ("5.30pm"), dates ("1 October"), "No. 1", sports scores ("2-2") and year ranges ("1950-53")."""
        toks, norm, n = self.toks, self.norm, len(self.toks)
        s, e = toks[i][1], toks[i][2]
        unit = ""
        before = norm[max(0, s - 4) : s].rstrip().lower()
        if before.endswith(("no.", "no", "#", "nº")):
            unit = "ordinal"
        elif (
            value <= 31
            and value == int(value)
            and (
                (i + 1 < n and self.joined(i + 1) and self.key(i + 1) in lx.MONTHS)
                or (i > 0 and self.joined(i) and self.key(i - 1) in lx.MONTHS)
            )
        ):
            unit = "date"
        elif i + 1 < n and toks[i + 1][0] and norm[e : toks[i + 1][1]] == "/" and "." not in text:
            other = norm[toks[i + 1][1] : toks[i + 1][2]]
            if (
                other.isdigit()
                and 1 < int(other) <= 10
                and 0 < value < int(other)
                and (i + 2 >= n or norm[toks[i + 1][2] : toks[i + 1][2] + 1] != "/")
            ):
                self.add((value / int(other)).quantize(NANO), s, toks[i + 1][2], "", "digits")
                return i + 2
        elif i + 1 < n and toks[i + 1][0] and norm[e : toks[i + 1][1]] in ("-", "\u2013"):
            other = norm[toks[i + 1][1] : toks[i + 1][2]]
            if len(text) == 1 and len(other) == 1:
                self.add(value, s, e, "score", "digits")
                self.add(Decimal(other), toks[i + 1][1], toks[i + 1][2], "score", "digits")
                return i + 2
            if len(text) == 4 and text.isdigit() and len(other) == 2 and other.isdigit() and int(other) > int(text[2:]):
                self.add(value, s, e, "", "digits")
                year = Decimal(int(text[:2]) * 100 + int(other))
                self.add(year, toks[i + 1][1], toks[i + 1][2], "", "digits")
                return i + 2
        elif (
            "." in text
            and len(text.partition(".")[2]) == 2
            and value < 13
            and (self.unit_after(i + 1, e)[0] == "time" or (i > 0 and self.key(i - 1) in AR_HOUR))
        ):
            hours, minutes = text.split(".")
            self.add(_hours(hours, minutes), s, e, "time", "digits")
            return i + 1
        if unit:
            self.add(value, s, e, unit, "digits")
            return i + 1
        return None

    def digits(self, i: int) -> str:
        """Text of digit token ``i`` with ASCII digits and "." / "," separators."""
        return self.norm[self.toks[i][1] : self.toks[i][2]].translate(lx.DIGITS_TABLE)

    def key(self, i: int) -> str:
        """Look-up key of word token ``i`` (lower-cased English, normalised Arabic)."""
        w = self.word(i)
        return w.lower() if w.isascii() else lx.ar_key(w)

    # -- English words -----------------------------------------------------------------------------------------
    def article_before(self, start: int) -> int:
        """Offset of an article "a"/"an" right before ``start``, or -1."""
        m = _ARTICLE_RE.search(self.norm, max(0, start - 4), start)
        return m.start("a") if m is not None and m.end() == start else -1

    def en_phrase(self, i: int) -> int:
        toks, n, norm = self.toks, len(self.toks), self.norm
        total, current, last, last_scale = Decimal(0), Decimal(0), "", 0
        start, end, j, kind, only_one = toks[i][1], toks[i][2], i, "words", False
        if not toks[i][0]:
            article = self.article_before(start)
            if article >= 0 and lx.EN_WORDS.get(self.word(i), ("",))[0] in _EN_AFTER_ARTICLE:
                current, last, start = Decimal(1), "A", article
        while j < n:
            if j > i and not self.joined(j, hyphen=True):
                gap = norm[toks[j - 1][2] : toks[j][1]]
                nxt = lx.EN_WORDS.get(self.word(j), ("",))[0] if not toks[j][0] else ""
                if gap == " and " and last in ("H", "S") and nxt in ("U", "T10", "T"):
                    last = "AND"
                elif gap == " and a " and nxt == "F" and self.word(j) == "half" and last in ("U", "T10", "T", "DIG"):
                    current, end, j, last = current + Decimal("0.5"), toks[j][2], j + 1, "F"
                    continue
                elif not (gap == " a " and last == "F" and nxt == "S"):  # "half a million"
                    break
            if toks[j][0]:
                if j > i:
                    break
                current, last, kind = lx.parse_digits(self.digits(j), self.lang)[0][0], "DIG", "mixed"
                end, j = toks[j][2], j + 1
                continue
            w = self.word(j)
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
            elif cls == "X" and not last:
                return self.emit(v, start, toks[j][2], "words", j + 1, unit="times")
            else:
                break
            last, end, j = cls, toks[j][2], j + 1
        if last in ("", "AND", "A"):
            return max(j, i + 1)
        if only_one and j == i + 1 and not self.unit_after(j, end)[0]:
            return j
        return self.emit(total + current, start, end, kind, j)

    # -- Arabic words ------------------------------------------------------------------------------------------
