"""Script detection by letter counts: Arabic vs Latin per line and per document."""

from __future__ import annotations

import re

ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc"
)
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
ARABIC_BLOCKS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"

_ARABIC = re.compile(f"[{ARABIC_LETTERS}]")
_LATIN = re.compile(f"[{LATIN_LETTERS}]")
_LATIN_LINE = re.compile(f"(?m)^[^{ARABIC_BLOCKS}\\n]*[A-Za-z]{{2,}}[^{ARABIC_BLOCKS}\\n]*$")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

SAMPLE_CHARS = 2_000_000


def count_letters(text: str) -> tuple[int, int]:
    """Return (Arabic letters, Latin letters) in ``text`` (counted by subn: findall would hold one str per letter)."""
    return _ARABIC.subn("", text)[1], _LATIN.subn("", text)[1]


def line_script(line: str) -> str:
    """Return ``"ar"`` or ``"en"`` by the majority of letters, ``""`` when the line has no letters."""
    arabic, latin = count_letters(line)
    if arabic == latin == 0:
        return ""
    return "ar" if arabic >= latin else "en"


def detect_lang(text: str, *, sample: int = SAMPLE_CHARS) -> str:
    """Return ``"ar"``, ``"en"`` or ``"und"`` (no letters) by the majority script of a leading sample."""
    return line_script(text[:sample]) or "und"


def is_bilingual(text: str) -> bool:
    """True when ``text`` has Arabic letters and at least one line of Latin words without any Arabic."""
    if not _ARABIC.search(text):
        return False
    return any(len(_LATIN_WORD.findall(m.group())) >= 2 for m in _LATIN_LINE.finditer(text))
