"""Arabic number phrases for the scanner: clitics, the "و" conjunction, teens, scales, duals, ordinals, hours."""

from __future__ import annotations

import re
from decimal import Decimal

from aligner.checks.numerals import lexicon as lx

__all__ = ["AR_HOUR", "NANO", "ArabicPhrases"]

AR_HOUR = frozenset({lx.ar_key("الساعة"), lx.ar_key("الساعه"), lx.ar_key("بالساعة"), lx.ar_key("والساعة")})
NANO = Decimal("1e-9")
_AR_TIME_RE = re.compile(r"[ ]من[ ]الزما?ن\b")  # "عقد من الزمن" = a decade
_AR_MONTHS = lx.MONTHS | {lx.ar_key(w) for w in ("كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                                                  "أيلول", "تشرين")}  # fmt: skip
_AR_OF_MONTH_RE = re.compile(r"[ \u00a0]من[ \u00a0]+([^\W\d_]+)")
# A definite noun before an ordinal makes it an adjective ("النصف الأول من"), except "الموافق" (dated)
_AR_NOUN_BEFORE_RE = re.compile(r"(?:^|[ \u00a0])(?!الموافق)(?:ال|لل|وال|بال)[^\W\d_]+[ \u00a0]+$")
_AR_WA_GAP = frozenset({" و", " و "})  # "مليار و200 مليون"
# Minutes after a clock hour in words: "الثالثة والنصف" = 3:30, "والربع" = 3:15, "والثلث" = 3:20
_AR_MINUTES = {lx.ar_key(w): Decimal(m) / 60 for w, m in (("والنصف", 30), ("والربع", 15), ("والثلث", 20))}


class ArabicPhrases:
    """Mixin of :class:`~aligner.checks.numerals.scan.Scanner` reading Arabic number words."""

    __slots__ = ()
    norm: str
    lang: str
    toks: list[tuple[bool, int, int]]

    def add(self, value: Decimal, start: int, end: int, unit: str, kind: str) -> None:
        raise NotImplementedError

    def joined(self, i: int, *, hyphen: bool = False) -> bool:
        raise NotImplementedError

    def word(self, i: int) -> str:
        raise NotImplementedError

    def key(self, i: int) -> str:
        raise NotImplementedError

    def digits(self, i: int) -> str:
        raise NotImplementedError

    def emit(self, value: Decimal, start: int, end: int, kind: str, i_next: int, *, unit: str = "") -> int:
        raise NotImplementedError

    def ar_word(self, i: int) -> int:
        """Handle Arabic candidate word ``i``; return the next token index."""
        entry = lx.ar_lookup(self.word(i))[0]
        if entry is None:
            return self.ar_special(i, self.key(i))
        if entry[0] == "SP":
            return i + 1
        if entry[0] == "DUAL":
            self.add(entry[1], self.toks[i][1], self.toks[i][2], entry[3], "words")
            return i + 1
        return self.ar_phrase(i, None)

    def ar_special(self, i: int, key: str) -> int:
        """Clock hours ("الساعة التاسعة"), "أحد عشر" and "عقد من الزمن" (a decade); else skip the word."""
        toks, n = self.toks, len(self.toks)
        nxt = self.key(i + 1) if i + 1 < n and self.joined(i + 1) else ""
        if key in AR_HOUR and nxt in lx.AR_HOUR_ORDINALS:
            hour, j = lx.AR_HOUR_ORDINALS[nxt], i + 2
            if hour == 11 and j < n and self.key(j) in ("عشره", "عشر"):
                j += 1
            value = Decimal(hour)
            if j < n and self.joined(j) and self.key(j) in _AR_MINUTES:
                value, j = (value + _AR_MINUTES[self.key(j)]).quantize(NANO), j + 1
            self.add(value, toks[i + 1][1], toks[j - 1][2], "time", "words")
            return j
        core = key[1:] if key[:1] in "وبلف" and len(key) > 3 else key
        if core in lx.AR_ONE_OF and nxt in ("عشر", "عشره"):
            return self.ar_phrase(i, None)
        unit = lx.UNIT_WORDS.get(core)
        if unit in ("decade", "century") and _AR_TIME_RE.match(self.norm, toks[i][2]):
            value = Decimal(10 if unit == "decade" else 100)
            self.add(value, toks[i][1], toks[i][2], "year", "words")
        return i + 1

    def smaller_scale_follows(self, j: int, last_scale: int) -> bool:
        """Return whether the word after "و" + digits is not a scale word of at least ``last_scale``."""
        if j >= len(self.toks) or self.toks[j][0] or not self.joined(j):
            return True
        entry = lx.ar_lookup(self.word(j))[0]
        return entry is None or entry[0] not in ("S", "SP") or entry[1] < last_scale

    def ar_phrase(self, i: int, digits_value: Decimal | None) -> int:
        """Read an Arabic figure from token ``i`` (or from digits worth ``digits_value`` there, e.g. "260 ألف")."""
        toks, n = self.toks, len(self.toks)
        total, current, last, last_scale, ordinal = Decimal(0), Decimal(0), "", 0, False
        start, end, j = toks[i][1], toks[i][2], i
        kind = "words"
        if digits_value is not None:
            current, last, kind, j = digits_value, "DIG", "mixed", i + 1
        while j < n:
            if j > i and not self.joined(j):
                if (
                    toks[j][0]
                    and last == "S"
                    and self.norm[toks[j - 1][2] : toks[j][1]] in _AR_WA_GAP
                    and self.smaller_scale_follows(j + 1, last_scale)
                ):
                    current, last = lx.parse_digits(self.digits(j), self.lang)[0][0], "DIG"
                    kind, end, j = "mixed", toks[j][2], j + 1
                    continue
                break
            if toks[j][0]:
                break
            w = self.word(j)
            key = lx.ar_key(w)
            if j == i and key in lx.AR_ONE_OF:
                current, last, end, j = Decimal(1), "U", toks[j][2], j + 1
                continue
            entry, article, wa = lx.ar_lookup(w)
            if entry is None:
                break
            cls, v, mult, _unit = entry
            if j == i:
                if cls == "TEN":
                    cls = "T10"
                # "القرن العشرين" (20th century) is an ordinal; "الثلاثة" (the three) is not
                ordinal = (article and cls not in ("F", "DUAL", "U", "TEN")) or _unit == "ordinal"
                if cls == "S":
                    total, last_scale = v * mult if mult else v, int(v)
                elif cls in ("U", "T10", "T", "H", "F"):
                    current = v
                else:
                    break
            elif article and not ordinal:  # "الحادي والعشرين" continues an ordinal
                break
            elif wa:
                if cls == "T" and last == "U" and current % 100 < 10:  # "مائة وخمسة وعشرون" = 125
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
            elif cls == "TEN" and last == "U" and current % 100 < 10:  # "ثلاثة عشر", "مائة وخمسة عشر"
                current += 10
                cls = "T10"
            elif cls == "H" and last == "U" and current < 10:
                current *= v
            elif (
                cls in ("S", "SP")
                and mult != 2
                and last in ("U", "T10", "T", "H", "DIG", "F")
                and (not last_scale or v < last_scale)
            ):
                total, current, last_scale = total + current * v, Decimal(0), int(v)
                cls = "S"
            else:
                break
            last, end, j = cls, toks[j][2], j + 1
        if j == i:
            return i + 1
        if j == i + 1 and lx.ar_key(self.word(i)) in lx.AR_ONE_IN_COMPOUND:  # "اليوم الواحد": the one day
            ordinal = False
        unit = "ordinal" if ordinal else ""
        if (
            ordinal
            and total + current <= 31
            and self.month_after(end)
            and not _AR_NOUN_BEFORE_RE.search(self.norm, max(0, start - 40), start)
        ):
            unit = "date"  # "في الأول من سبتمبر" = 1 September; "النصف الأول من أغسطس" is the first half
        return self.emit(total + current, start, end, kind, j, unit=unit)

    def month_after(self, end: int) -> bool:
        """Return whether "من" and a month name follow offset ``end`` ("الثاني من أيلول")."""
        m = _AR_OF_MONTH_RE.match(self.norm, end)
        return m is not None and lx.ar_key(m.group(1)) in _AR_MONTHS
