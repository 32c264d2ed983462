"""RuleSegmenter: the default regex sentence splitter for English and Arabic (abbreviations, numbers, quotes)."""

from __future__ import annotations

import re
from typing import ClassVar

from aligner.model import Span
from aligner.segment.abbreviations import (
    ARABIC_ABBREVIATIONS,
    ARABIC_LETTER_NAMES,
    ARABIC_QUOTE_CONTINUATIONS,
    ARABIC_SPEECH_VERBS,
    BEFORE_NUMBER,
    ENGLISH_SPEECH_VERBS,
    MAYBE_FINAL,
    NEVER_FINAL,
    SENTENCE_STARTERS,
)
from aligner.segment.base import LINE, Segmenter, trim_span

# Sentence-final marks: . ! ? … and the Arabic question mark ؟ (plus the rare double/mixed forms).
_FINALS = ".!?…؟‼⁇⁈⁉"
# Closing quotes and brackets that stay with the sentence they close (Arabic texts use both « » orientations).
_CLOSERS = "\"'”’»«)\\]}›"
# Opening quotes/brackets (and dashes) skipped when looking at the first or last word around a boundary.
_OPENERS = "\"'“‘”’«»([{‹›¿¡-–—"

_LATIN_INITIAL = re.compile(r"[A-Z]")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ARABIC_LETTER = r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]"
_ARABIC_ABBR = re.compile(rf"(?:{_ARABIC_LETTER}\u0640?\.)*{_ARABIC_LETTER}\u0640?")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670]")  # harakat and dagger alif, ignored when matching abbreviations
_LAST_TOKEN = re.compile(r"\S+$")
_NEXT_TOKEN = re.compile(r"\s+(\S+)")
_LEADING_NUMBER = re.compile(r"\s*\(?\d{1,3}$")
_WORD = re.compile(r"[A-Za-z]+")

_NEVER = frozenset(NEVER_FINAL)
_MAYBE = frozenset(MAYBE_FINAL)
_BEFORE_NUMBER = frozenset(BEFORE_NUMBER)
_STARTERS = frozenset(SENTENCE_STARTERS)
_ARABIC_ABBRS = frozenset(ARABIC_ABBREVIATIONS)
_LETTER_NAMES = frozenset(ARABIC_LETTER_NAMES)
_LAST_TWO_TOKENS = re.compile(r"(\S+)\s+\S+$")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A short attribution after a quotation closed by a final mark keeps the quotation and attribution together.
_ATTRIBUTION = re.compile(
    rf"\s+(?:(?:{_alternation(ARABIC_QUOTE_CONTINUATIONS)})(?!\w)"
    rf"|(?:كما\s+)?(?:{_alternation(ARABIC_SPEECH_VERBS)})(?:\s+[^\s.،,:؛؟!]+){{0,3}}\s*(?:\.|$)"
    rf"|(?:[A-Z][\w'’.-]*\s+){{1,3}}(?:{_alternation(ENGLISH_SPEECH_VERBS)})\s*(?:\.|,(?!\s*[\"“‘'«])|$))"
)
_ELLIPSIS = frozenset(".…")
_QUOTES = frozenset("\"'”’»«›")


def _is_arabic(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] in {"ar", "ara", "arb", "arz", "apc", "ary", "acm"}


class RuleSegmenter(Segmenter):
    """Regex sentence splitter for English and Arabic; every line break also ends a segment.

    A sentence ends at ``. ! ? … ؟`` (and the closing quotes/brackets right after it) followed by whitespace, unless
    the next word starts in lower case, the period follows an abbreviation (English list, Arabic single letters such
    as ``د.``), an initial (``J. K. Rowling``) or a list number at the start of a line. Commas (``,`` ``،``) and
    colons never end a sentence; numbers (``2.5``, ``١٬٠٠٠``, ``10.30``), URLs and e-mails are safe because a
    boundary needs whitespace after the mark.

    :param arabic_semicolon: also end Arabic sentences at ``؛`` (off by default: see evaluation/segment_bench.py).
    """

    name: ClassVar[str] = "rules"
    version: ClassVar[int] = 1

    def __init__(self, *, arabic_semicolon: bool = False) -> None:
        self.arabic_semicolon = arabic_semicolon
        self._boundary = re.compile(rf"([{re.escape(_FINALS)}]+)([{_CLOSERS}]*)(?=\s)")
        self._boundary_ar = re.compile(rf"([{re.escape(_FINALS)}؛]+)([{_CLOSERS}]*)(?=\s)")

    def signature(self) -> str:
        """Return ``rules.v1``, with the non-default options in brackets."""
        base = super().signature()
        return f"{base}(arabic_semicolon)" if self.arabic_semicolon else base

    def split_text(self, text: str, lang: str) -> list[Span]:
        """Return the trimmed sentence spans of ``text`` in order; ``lang`` is a code such as ``en`` or ``ar``."""
        boundary = self._boundary_ar if self.arabic_semicolon and _is_arabic(lang) else self._boundary
        spans: list[Span] = []
        for line in LINE.finditer(text):
            line_start, line_end = line.span()
            start = line_start
            for m in boundary.finditer(text, line_start, line_end):
                if _ends_sentence(text, m, line_start, line_end):
                    span = trim_span(text, start, m.end())
                    if span is not None:
                        spans.append(span)
                    start = m.end()
            span = trim_span(text, start, line_end)
            if span is not None:
                spans.append(span)
        return spans


def _ends_sentence(text: str, m: re.Match[str], line_start: int, line_end: int) -> bool:
    """Decide whether the final mark matched by ``m`` (followed by whitespace) ends a sentence."""
    nxt_match = _NEXT_TOKEN.match(text, m.end(), line_end)
    if nxt_match is None:
        return False  # only whitespace follows: the line end closes the segment anyway
    nxt = nxt_match.group(1).lstrip(_OPENERS)
    if not nxt:
        return True  # the next token is only quotes/brackets/dashes: opening a new sentence
    first = nxt[0]
    if first.islower() or first in ",;:،؛.!?…؟%)]}":
        return False  # "… he said", "e.g. this", spaced ellipsis ". . .", stray punctuation
    marks, closers = m.group(1), m.group(2)
    if closers and not _QUOTES.isdisjoint(closers) and _ATTRIBUTION.match(text, m.end(), line_end):
        return False  # '"…!" Hammel added.', '"هل …؟" تساءلت.' — a short attribution after the quotation
    if marks != "." and _ELLIPSIS.issuperset(marks) and not (first.isupper() or first.isdigit()):
        return False  # an ellipsis before a caseless (Arabic) word: a pause inside the sentence
    if marks != "." or closers:
        return True  # ! ? ؟ … ... (and any mark closed by a quote or bracket)
    return _period_ends_sentence(text, m.start(), line_start, nxt)


def _period_ends_sentence(text: str, dot: int, line_start: int, nxt: str) -> bool:
    """Decide a single period by the word before it (abbreviations, initials, list numbers) and the word after."""
    window = text[max(line_start, dot - 48) : dot]
    last = _LAST_TOKEN.search(window)
    if last is None:
        return True  # a period after whitespace
    word = last.group().lstrip(_OPENERS)
    if not word:
        return True
    lower = word.lower()
    if lower in _NEVER:
        return False
    bare = _ARABIC_MARKS.sub("", word)
    if bare in _ARABIC_ABBRS or _ARABIC_ABBR.fullmatch(bare):
        return False
    if bare in _LETTER_NAMES:
        return _is_acronym_end(window)
    if dot - line_start <= 6 and _LEADING_NUMBER.fullmatch(window):
        return False  # "1. First item" at the start of a line
    if _LATIN_INITIAL.fullmatch(word):
        return _opens_sentence(nxt)  # an initial ("J. K. Rowling", "P. Diddy") unless "Plan B. The ..."
    if lower in _BEFORE_NUMBER:
        return not nxt[0].isdigit()
    if lower in _MAYBE or _DOTTED_ACRONYM.fullmatch(word):
        return _opens_sentence(nxt)
    return True


def _opens_sentence(nxt: str) -> bool:
    """Tell whether ``nxt`` is a typical sentence opener (after an abbreviation that may close a sentence)."""
    first = nxt[0]
    if first.isdigit():
        return False  # "No. 5", "Jan. 12"
    word = _WORD.match(nxt)
    if word is None:
        return first.isalpha()  # Arabic or another script after a Latin abbreviation
    return word.group().lower() in _STARTERS


def _is_acronym_end(window: str) -> bool:
    """Tell whether a Latin letter name spelled in Arabic before a period ends an acronym (and so the sentence).

    The end of an acronym ("إم إس إن بي سي.") ends the sentence; an initial ("روي في. واد", "جيه. كيه. رولينغ")
    does not.
    """
    two = _LAST_TWO_TOKENS.search(window)
    return two is not None and two.group(1) in _LETTER_NAMES
