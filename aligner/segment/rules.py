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
_LAST_TWO_TOKENS = re.compile(r"(\S+)\s+\S+$")
_LIST_MARK = re.compile(r"\d{1,3}|[A-Za-z]|[IVXivx]{1,4}")  # "1." "a." "IV." opening a list item
_WORD = re.compile(r"[A-Za-z]+")


def _boundary(finals: str) -> re.Pattern[str]:
    """Candidate boundary: final marks and the closing quotes/brackets after them, followed by whitespace."""
    return re.compile(rf"(?P<marks>[{re.escape(finals)}]+)(?P<close>[{_CLOSERS}]*)(?=\s)")


_BOUNDARY = _boundary(_FINALS)
_BOUNDARY_SEMICOLON = _boundary(_FINALS + "؛")
_NEXT_TOKEN = re.compile(r"\s+(\S*)")

_NEVER = frozenset(NEVER_FINAL)
_MAYBE = frozenset(MAYBE_FINAL)
_BEFORE_NUMBER = frozenset(BEFORE_NUMBER)
_STARTERS = frozenset(SENTENCE_STARTERS)
_ARABIC_ABBRS = frozenset(ARABIC_ABBREVIATIONS)
_LETTER_NAMES = frozenset(ARABIC_LETTER_NAMES)
_ELLIPSIS = frozenset(".…")
_QUOTES = frozenset("\"'”’»«›")
_NO_START = frozenset(",;:،؛.!?…؟%)]}")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A short attribution after a quotation closed by a final mark keeps the quotation and attribution together.
_ATTRIBUTION = re.compile(
    rf"\s+(?:(?:{_alternation(ARABIC_QUOTE_CONTINUATIONS)})(?!\w)"
    rf"|(?:كما\s+)?(?:{_alternation(ARABIC_SPEECH_VERBS)})(?:\s+[^\s.،,:؛؟!]+){{0,3}}\s*(?:\.|$)"
    rf"|(?:[A-Z][\w'’.-]*\s+){{1,3}}(?:{_alternation(ENGLISH_SPEECH_VERBS)})\s*(?:\.|,(?!\s*[\"“‘'«])|$))"
)


def _is_arabic(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] in {"ar", "ara", "arb", "arz", "apc", "ary", "acm"}


class RuleSegmenter(Segmenter):
    """Regex sentence splitter for English and Arabic; every line break also ends a segment.

    A sentence ends at ``. ! ? … ؟`` (and the closing quotes/brackets right after it) followed by whitespace, unless
    the next word starts in lower case, the period follows an abbreviation (English list, Arabic single letters such
    as ``د.``), an initial (``J. K. Rowling``) or a list number at the start of a line, or a short attribution
    follows a quotation (``"Why?" Smith asked.``). Commas (``,`` ``،``) and colons never end a sentence; numbers
    (``2.5``, ``١٬٠٠٠``, ``10.30``), URLs and e-mails are safe because a boundary needs whitespace after the mark.

    :param arabic_semicolon: also end Arabic sentences at ``؛`` (off by default: see evaluation/segment_bench.py).
    """

    name: ClassVar[str] = "rules"
    version: ClassVar[int] = 1

    def __init__(self, *, arabic_semicolon: bool = False) -> None:
        self.arabic_semicolon = arabic_semicolon

    def signature(self) -> str:
        """Return ``rules.v1``, with the non-default options in brackets."""
        base = super().signature()
        return f"{base}(arabic_semicolon)" if self.arabic_semicolon else base

    def split_text(self, text: str, lang: str) -> list[Span]:
        """Return the trimmed sentence spans of ``text`` in order; ``lang`` is a code such as ``en`` or ``ar``."""
        boundary = _BOUNDARY_SEMICOLON if self.arabic_semicolon and _is_arabic(lang) else _BOUNDARY
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
    """Decide whether the final marks matched by ``m`` (followed by whitespace) end a sentence."""
    after = _NEXT_TOKEN.match(text, m.end(), line_end)
    raw = after.group(1) if after else ""
    nxt = raw.lstrip(_OPENERS)
    if not nxt:
        return bool(raw)  # only whitespace follows (the line end closes the segment), or a lone quote/dash opens one
    first = nxt[0]
    if first.islower() or first in _NO_START:
        return False  # "… he said", "e.g. this", spaced ellipsis ". . .", stray punctuation
    marks, closers = m.group("marks", "close")
    if closers and not _QUOTES.isdisjoint(closers) and _ATTRIBUTION.match(text, m.end(), line_end):
        return False  # '"…!" Hammel added.', '"هل …؟" تساءلت.' — a short attribution after the quotation
    if marks != "." and _ELLIPSIS.issuperset(marks) and not (first.isupper() or first.isdigit()):
        return False  # an ellipsis before a caseless (Arabic) word: a pause inside the sentence
    if marks != "." or closers:
        return True  # ! ? ؟ … ... (and any mark closed by a quote or bracket)
    dot = m.start()
    lo = max(line_start, dot - 64)
    before = text[max(lo, text.rfind(" ", lo, dot) + 1) : dot].split()  # the word before the period (bounded)
    word = before[-1].lstrip(_OPENERS) if before else ""
    return _period_ends_sentence(text, dot, line_start, word, nxt)


def _period_ends_sentence(text: str, dot: int, line_start: int, word: str, nxt: str) -> bool:
    """Decide a single period by the word before it (abbreviations, initials, list numbers) and the word after."""
    if not word:
        return True  # a period after whitespace or a bracket
    lower = word.lower()
    if lower in _NEVER:
        return False
    if not word.isascii():
        bare = _ARABIC_MARKS.sub("", word)
        if bare in _ARABIC_ABBRS or _ARABIC_ABBR.fullmatch(bare):
            return False
        if bare in _LETTER_NAMES:
            return _is_acronym_end(text[max(line_start, dot - 40) : dot])
    if _LIST_MARK.fullmatch(word) and not text[line_start : dot - len(word)].strip().strip(_OPENERS):
        return False  # "1. First item", "a. Option", "IV. Results" at the start of a line
    if _LATIN_INITIAL.fullmatch(word):
        # an initial ("J. K. Rowling", "P. Diddy") unless "Plan B. The ..." or a Latin letter ends an Arabic sentence
        return _opens_sentence(nxt) or "\u0621" <= nxt[0] <= "\u06d3"
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
    return word is not None and word.group().lower() in _STARTERS  # an Arabic word: a Latin name inside Arabic


def _is_acronym_end(window: str) -> bool:
    """Tell whether a Latin letter name spelled in Arabic before a period ends an acronym (and so the sentence).

    The end of an acronym ("إم إس إن بي سي.") ends the sentence; an initial ("روي في. واد", "جيه. كيه. رولينغ")
    does not.
    """
    two = _LAST_TWO_TOKENS.search(window)
    return two is not None and two.group(1) in _LETTER_NAMES
