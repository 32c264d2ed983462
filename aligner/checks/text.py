"""Shared text helpers for checks: word tokens with offsets, light Arabic normalisation, scripts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Arabic letters plus tashkeel/tatweel inside words; Latin words may carry an inner apostrophe or hyphen.
WORD_RE = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+(?:['’][\w]+)*")
_TASHKEEL = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ARABIC_CHAR = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_CHAR = re.compile(r"[A-Za-z\u00C0-\u024F]")
PROCLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


class Token(NamedTuple):
    """A word of a text: its surface form, its normalised key and its [start, end) offsets (a light tuple)."""

    text: str
    key: str
    start: int
    end: int


@lru_cache(maxsize=1 << 12)  # ~230 B a word: 200,000 held ~46 MB, 32,768 a 7 MB floor under files of many words
def normalise_word(word: str) -> str:
    """Lower-case and lightly normalise a word: tashkeel, tatweel and tanween removed, alef/hamza forms unified."""
    word = unicodedata.normalize("NFKC", word)
    word = _TASHKEEL.sub("", word).translate(_ALEF).translate(_ARABIC_DIGITS)
    return word.lower().replace("’", "'")


@lru_cache(maxsize=256)  # small: shares work between the checks of one document, never across a corpus
def tokens(text: str) -> tuple[Token, ...]:
    """Split ``text`` into word tokens with offsets (punctuation and spaces dropped)."""
    out = []
    for m in WORD_RE.finditer(text):  # the hottest loop of the checks: one group() and tuple.__new__ per word
        word = m.group()
        start, end = m.span()
        out.append(_new_tuple(Token, (word, normalise_word(word), start, end)))
    return tuple(out)


_new_tuple = tuple.__new__  # builds a Token without NamedTuple's keyword-argument wrapper


_QUICK_FOLD = {ord(c): None for c in map(chr, [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640])}
_QUICK_FOLD.update(
    {ord(k): v for k, v in {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "و", "ئ": "ي"}.items()}
)


def quick_fold(text: str) -> str:
    """Fast light normalisation of a whole text (marks dropped, alef forms unified, lower-cased); offsets change."""
    return text.translate(_QUICK_FOLD).lower()


def strip_proclitics(key: str, *, article_only: bool = False) -> str:
    """Remove a leading conjunction/preposition clitic and the article from a normalised Arabic word."""
    if not ARABIC_CHAR.match(key):
        return key
    for p in ("ال",) if article_only else PROCLITICS:
        if key.startswith(p) and len(key) - len(p) >= 2:
            return key[len(p) :]
    return key


def script_counts(text: str) -> tuple[int, int]:
    """Return (Arabic-script letters, Latin letters) in ``text``."""
    return ARABIC_CHAR.subn("", text)[1], LATIN_CHAR.subn("", text)[1]  # no list of one str per letter


def is_arabic_script_lang(lang: str) -> bool:
    """Whether ``lang`` (ISO 639-1/3 code) is written in Arabic script."""
    return lang.split("-")[0].lower() in {"ar", "ara", "arb", "fa", "fas", "ur", "urd", "ps", "ckb", "ug"}
