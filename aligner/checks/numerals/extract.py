"""Number extractor for English and Arabic: digits in any script, number and scale words, units, as values.

``extract_numbers(text, lang)`` returns :class:`Quantity` objects whose ``value`` is a :class:`~decimal.Decimal`,
so "260 ألف", "260,000" and "٢٦٠٬٠٠٠" all give 260000. Design decisions:

* Spans cover the figure and its scale words plus a glued currency or percent sign ("$2.5 billion", "20%");
  separate unit words are not in the span, except where they make the figure ("seven decades", "يومين").
* Decades and centuries become years ("seven decades" = 70 years, "عقدين" = 20 years).
* English "one" is a figure only in a compound ("twenty-one", "one million") or before a unit ("one year");
  "no one", "one of them" are not figures. Plural scale words alone ("thousands", "آلاف", "dozens", "عشرات")
  are not figures. English ordinal words ("first") are not extracted; digit ordinals ("21st"), Arabic ordinals
  ("الأولى", "الحادي والعشرين") and Arabic number words with the article ("العشرين" in "القرن العشرين") get
  unit "ordinal", because Arabic often writes "Channel 5" or "Radio 4" as "القناة الخامسة", "الإذاعة الرابعة".
  Arabic clock hours ("الساعة التاسعة") get unit "time". Weekdays ("الثلاثاء", "الاثنين") are not numbers.
* Digits glued to Latin letters ("G20", "3D") get unit "code", "1930s" unit "decades-of", "1 October" unit
  "date", "2-2" unit "score". The numbers check treats those, ordinals and small number words as soft: they
  may be missing on one side without an issue, but still match the other side's figures.
* "1.000" is read as 1.0 (decimal); the numbers check also accepts it as 1000. A single comma that does not
  group thousands ("2,5") is a decimal comma in Arabic text and a list separator in English text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aligner.checks.numerals.scan import Scanner
from aligner.model import Span

__all__ = ["Quantity", "extract_numbers"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure found in a text: its value, where it is, its unit ("" if none) and how it was written."""

    value: Decimal
    span: Span
    unit: str = ""
    kind: str = "digits"  # "digits" | "words" | "mixed"


def extract_numbers(text: str, lang: str) -> list[Quantity]:
    """Return the figures of ``text`` (``lang`` "en" or "ar"; words of either script are read in any text)."""
    if not text:
        return []
    return [Quantity(v, Span(s, e), u, k) for v, s, e, u, k in Scanner(text, lang).run()]
