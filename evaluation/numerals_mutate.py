"""Error injection for figures: change one figure of a text (a digit, a dropped zero, a swapped scale word)."""

from __future__ import annotations

import random
import re
from typing import Any

from aligner.checks.numerals import lexicon as lx
from aligner.checks.numerals.extract import Quantity, extract_numbers
from aligner.model import Span

__all__ = ["mutate_number"]

_SCALE_SWAPS = {
    "thousand": "million",
    "million": "billion",
    "billion": "million",
    "trillion": "billion",
    "bn": "m",
    "m": "bn",
    "k": "m",
    "ألف": "مليون",
    "آلاف": "ملايين",
    "مليون": "مليار",
    "ملايين": "مليارات",
    "مليار": "مليون",
    "مليارات": "ملايين",
    "ألفا": "مليونا",
    "مليونا": "مليارا",
    "مليارا": "مليونا",
}
_SCALE_RE = re.compile(r"(?<![^\W\d_])(" + "|".join(sorted(_SCALE_SWAPS, key=len, reverse=True)) + r")(?![^\W\d_])")
_DIGIT_RE = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
_WORD_SWAPS = {
    "one": "two",
    "two": "three",
    "three": "four",
    "four": "five",
    "five": "six",
    "six": "seven",
    "seven": "eight",
    "eight": "nine",
    "nine": "ten",
    "ten": "twelve",
    "eleven": "twelve",
    "twelve": "fifteen",
    "fifteen": "fifty",
    "twenty": "thirty",
    "thirty": "forty",
    "forty": "fifty",
    "fifty": "sixty",
    "sixty": "seventy",
    "seventy": "eighty",
    "eighty": "ninety",
    "ninety": "seventy",
    "hundred": "thousand",
    "dozen": "hundred",
    "decade": "century",
    "decades": "centuries",
    "ثلاثة": "أربعة",
    "ثلاث": "أربع",
    "أربعة": "خمسة",
    "أربع": "خمس",
    "خمسة": "ستة",
    "خمس": "ست",
    "ستة": "سبعة",
    "سبعة": "ثمانية",
    "سبع": "ثماني",
    "ثمانية": "تسعة",
    "تسعة": "عشرة",
    "عشرة": "ثلاثة",
    "اثنان": "ثلاثة",
    "اثنين": "ثلاثة",
    "عشرين": "ثلاثين",
    "عشرون": "ثلاثون",
    "ثلاثين": "أربعين",
    "ثلاثون": "أربعون",
    "أربعين": "خمسين",
    "خمسين": "ستين",
    "ستين": "سبعين",
    "سبعين": "ثمانين",
    "ثمانين": "تسعين",
    "تسعين": "سبعين",
    "مئة": "ألف",
    "مائة": "ألف",
    "يومين": "ثلاثة أيام",
    "عامين": "ثلاثة أعوام",
}
_WORD_RE = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(_WORD_SWAPS, key=len, reverse=True)) + r")(?![^\W\d_])", re.IGNORECASE
)


def _randint(rng: Any, n: int) -> int:
    """Random int in [0, n) from a ``random.Random`` or a ``numpy.random.Generator``."""
    return int(rng.integers(n)) if hasattr(rng, "integers") else rng.randrange(n)


def _change_digit(piece: str, rng: Any) -> str | None:
    positions = [m.start() for m in _DIGIT_RE.finditer(piece)]
    if not positions:
        return None
    pos = positions[_randint(rng, len(positions))]
    old = piece[pos]
    base = ord(old) - int(old.translate(lx.DIGITS_TABLE))  # keep the digit script
    low = 1 if pos == positions[0] and len(positions) > 1 else 0
    choices = [d for d in range(low, 10) if chr(base + d) != old]
    return piece[:pos] + chr(base + choices[_randint(rng, len(choices))]) + piece[pos + 1 :]


def _drop_zero(piece: str, rng: Any) -> str | None:
    zeros = [m.start() for m in re.finditer(r"[0\u0660\u06f0]", piece)]
    digits = _DIGIT_RE.findall(piece)
    if not zeros or len(digits) < 2:
        return None
    pos = zeros[_randint(rng, len(zeros))]
    out = piece[:pos] + piece[pos + 1 :]
    return re.sub(r"[,\u066c](?=\D|$)|^[,\u066c]", "", out)


def _swap_scale(piece: str, rng: Any) -> str | None:
    m = _SCALE_RE.search(piece)
    if m is None:
        return None
    return piece[: m.start()] + _SCALE_SWAPS[m.group()] + piece[m.end() :]


def _swap_word(piece: str, rng: Any) -> str | None:
    m = _WORD_RE.search(piece)
    if m is None:
        return None
    new = _WORD_SWAPS.get(m.group().lower(), "")
    if m.group()[:1].isupper():
        new = new.capitalize()
    return piece[: m.start()] + new + piece[m.end() :]


_STRATEGIES = (_change_digit, _drop_zero, _swap_scale, _swap_word)


def _values(text: str, lang: str) -> list:
    return sorted(q.value for q in extract_numbers(text, lang))


def mutate_number(text: str, lang: str, rng: Any = None) -> tuple[str, Span] | None:
    """Change one figure of ``text``; return the new text and the span of the changed figure, or None.

    ``rng`` is a ``random.Random`` or ``numpy.random.Generator`` (default: ``random.Random(0)``). The result is
    checked: the figures extracted from the new text differ in value from the old ones.
    """
    rng = rng if rng is not None else random.Random(0)
    quantities: list[Quantity] = [q for q in extract_numbers(text, lang) if q.unit not in ("code", "ordinal")]
    if not quantities:
        return None
    before = _values(text, lang)
    order = list(range(len(quantities)))
    for k in range(len(order) - 1, 0, -1):  # Fisher-Yates with the given rng
        r = _randint(rng, k + 1)
        order[k], order[r] = order[r], order[k]
    for index in order:
        q = quantities[index]
        piece = q.span.slice(text)
        strategies = list(_STRATEGIES)
        first = _randint(rng, len(strategies))
        for strategy in strategies[first:] + strategies[:first]:
            new_piece = strategy(piece, rng)
            if not new_piece or new_piece == piece:
                continue
            new_text = text[: q.span.start] + new_piece + text[q.span.end :]
            if _values(new_text, lang) != before:
                return new_text, Span(q.span.start, q.span.start + len(new_piece))
    return None
