"""Candidate words: the only words the numbers scanner looks at, matched in C by one trie-shaped regex."""

from __future__ import annotations

import functools
import re

from aligner.checks.numerals.lexicon import (
    AR_HOUR_ORDINALS,
    AR_NOT_NUMBERS,
    AR_PERCENT,
    AR_WORDS,
    EN_WORDS,
    MONTHS,
    UNIT_WORDS,
    ar_key,
)

_AR_PREFIX_FORMS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_AR_SPECIALS = ("الساعه", "احد", "احدي", "عشر", "عشره")


def _candidate_words() -> set[str]:
    words = set(EN_WORDS) | {w for w in UNIT_WORDS if w.isascii()}
    words |= {m for m in MONTHS if m.isascii()}
    bases = set(AR_WORDS) | {w for w in UNIT_WORDS if not w.isascii()} | {m for m in MONTHS if not m.isascii()}
    bases |= set(AR_HOUR_ORDINALS) | AR_PERCENT | {ar_key(w) for w in _AR_SPECIALS}
    for base in bases:
        for prefix in _AR_PREFIX_FORMS:
            for article in ("", "ال"):
                if article and base.startswith("ال"):
                    continue
                joined = prefix.endswith("ل") and article
                form = prefix[:-1] + "لل" + base if joined else prefix + article + base
                if form not in AR_NOT_NUMBERS:
                    words.add(form)
    return words - {p + w for p in _AR_PREFIX_FORMS for w in AR_NOT_NUMBERS if p}


_CHAR_CLASSES = {"ا": "[اأإآٱ]", "ه": "[هة]", "ي": "[يى]"}  # undo ar_key() so raw text matches
# The same on text folded by FOLD_VARIANTS (one letter per class but bare alef, which a lookahead may need): a trie
# of ~6,000 words with a few thousand small classes takes ~5x less to compile (0.27 -> 0.06 s).
FOLD_VARIANTS = str.maketrans({"إ": "أ", "آ": "أ", "ٱ": "أ", "ة": "ه", "ى": "ي"})
FOLDED_CLASSES = {"ا": "[اأ]"}


def trie_pattern(words: set[str], classes: dict[str, str] = _CHAR_CLASSES) -> str:
    """Return a regex alternation of ``words`` shaped as a trie (fast in Python's backtracking engine).

    Arabic letters that :func:`ar_key` merges match all their spellings ("ا" matches "أ", "إ", "آ"...); with
    ``classes=FOLDED_CLASSES``, all their spellings in a text folded by FOLD_VARIANTS (same offsets).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [(classes.get(ch) or re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@functools.cache
def candidate_pattern(*, folded: bool = False) -> str:
    """The trie regex of every word the scanner looks at (built on first use; ``folded``: see FOLDED_CLASSES)."""
    return trie_pattern(_candidate_words(), FOLDED_CLASSES if folded else _CHAR_CLASSES)
