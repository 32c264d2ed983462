"""Punctuation check: unbalanced quotes/brackets, Latin ? and , in Arabic, page chrome, doubled spaces, invisibles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import ClassVar

from aligner.checks.base import Check, CheckContext
from aligner.checks.text import is_arabic_script_lang, normalise_word, quick_fold
from aligner.data import data_lines
from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span

PAIRS = (("(", ")"), ("[", "]"), ("«", "»"), ("{", "}"))
SYMMETRIC = ('"',)
_BRACKET_CHARS = "".join(c for p in PAIRS for c in p) + "".join(SYMMETRIC)
# Quote marks of any style; an apostrophe counts only at a word edge (not in "it's").
_QUOTE_MARKS = re.compile(r"[\"“”«»„]|(?<!\w)['‘’]|['‘’](?!\w)")
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
# A Latin ? or , right after an Arabic letter (optionally a space) where ؟ or ، is expected; 1,000 is left alone.
_LATIN_MARK = re.compile(r"(?<=[\u0621-\u064A\u0660-\u0669\u0670-\u06D3])\s?([?,;])")
_QUESTION = re.compile(r"[?؟]")
# Invisible characters that change what a word is without showing: zero-width space, non-joiner, joiner, word
# joiner, a BOM inside text, and the bidi embedding/override/isolate controls (Trojan Source).
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]+")
_ZWNJ_LANGS = frozenset({"fa", "fas", "ps", "ur", "urd", "ckb", "ku"})  # written with ZWNJ inside words
_WORD_CHAR = re.compile(r"\w")


@cache
def chrome_patterns() -> tuple[tuple[str, bool], ...]:
    """(normalised chrome string, whole-segment-only) pairs from ``aligner/data/chrome_strings.txt``."""
    out = []
    for line in data_lines("chrome_strings.txt"):
        whole = line.startswith("=")
        out.append((_norm(line.lstrip("=")), whole))
    return tuple(out)


@cache
def _chrome_re() -> re.Pattern[str]:
    """One pattern matching any chrome string (a pre-filter: one scan of the text instead of one per string)."""
    return re.compile("|".join(re.escape(p) for p, _ in chrome_patterns()))


def _norm(text: str) -> str:
    return fold(text)[0]


def fold(text: str) -> tuple[str, list[int]]:
    """Lightly normalised ``text`` (marks dropped, case folded) and, per folded char, its offset in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for out in normalise_word(ch):
            chars.append(out)
            where.append(i)
    return "".join(chars), where


def unbalanced(text: str) -> list[tuple[int, str]]:
    """(offset, char) of each unmatched bracket or of the last quote when a symmetric quote count is odd."""
    out: list[tuple[int, str]] = []
    if not any(ch in text for ch in _BRACKET_CHARS):
        return out
    for opener, closer in PAIRS:
        if opener not in text and closer not in text:
            continue
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == opener:
                stack.append(i)
            elif ch == closer:
                if stack:
                    stack.pop()
                else:
                    out.append((i, ch))
        out.extend((i, opener) for i in stack)
    for quote in SYMMETRIC:
        where = [i for i, ch in enumerate(text) if ch == quote]
        if len(where) % 2:
            out.append((where[-1], quote))
    return sorted(out)


class PunctuationCheck(Check):
    """Punctuation and leftover page chrome.

    Flags quotes or brackets left unbalanced in the target (when the source's are balanced), Latin ? , ; inside
    Arabic text, scraping chrome (share bars, loaders: data file), doubled spaces, a question whose translation
    lost its question mark, and invisible characters (zero-width, bidi controls) on either side.
    """

    name: ClassVar[str] = "punctuation"
    category: ClassVar[Category] = Category.PUNCTUATION
    severity: ClassVar[Severity] = Severity.MINOR

    def _issue(self, pair: AlignedPair, span: Span, msg: str, side: Side = Side.TARGET, **evidence: object) -> Issue:
        return Issue(pair.id, self.name, self.category, Severity.MINOR, msg, side, span, evidence)

    def _invisible(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """One issue per run of zero-width or bidi control characters, on either side."""
        sides = ((Side.SOURCE, pair.src_text, ctx.src_lang), (Side.TARGET, pair.tgt_text, ctx.tgt_lang))
        for side, text, lang in sides:
            for m in INVISIBLE.finditer(text):
                run = m.group()
                if run == "\u200c" and lang.split("-")[0].lower() in _ZWNJ_LANGS:
                    continue
                if run == "\u200d" and not _WORD_CHAR.match(text[m.start() - 1 : m.start()] or " "):
                    continue  # a joiner in an emoji sequence
                codes = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(run))
                start, end = m.start(), m.end()
                while start > 0 and _WORD_CHAR.match(text[start - 1]) and m.start() - start < 40:
                    start -= 1
                while end < len(text) and _WORD_CHAR.match(text[end]) and end - m.end() < 40:
                    end += 1
                word = INVISIBLE.sub("", text[start:end])
                where = f"inside {word!r}" if word else "between words"
                yield self._issue(
                    pair, Span(m.start(), m.end()), f"Invisible character {codes} {where}", side, invisible=codes
                )

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Yield minor punctuation issues on the pair's target."""
        tgt, src = pair.tgt_text, pair.src_text
        if INVISIBLE.search(src) or INVISIBLE.search(tgt):
            yield from self._invisible(pair, ctx)
        if not tgt.strip():
            return
        if src.strip():
            src_bad = {ch for _, ch in unbalanced(src)}
            if len(_QUOTE_MARKS.findall(src)) % 2:  # the source's own quotes are open (a quote spans segments)
                src_bad.update(SYMMETRIC)
            for i, ch in unbalanced(tgt):
                if ch not in src_bad:
                    yield self._issue(pair, Span(i, i + 1), f"Unbalanced {ch!r}", char=ch)
            if src.rstrip().endswith("?") and not _QUESTION.search(tgt[-3:]) and not _QUESTION.search(tgt):
                end = len(tgt.rstrip())
                yield self._issue(pair, Span(max(0, end - 1), end), "The source asks a question; the target has no ?")
        if is_arabic_script_lang(ctx.tgt_lang):
            for m in _LATIN_MARK.finditer(tgt):
                mark = m.group(1)
                want = {"?": "؟", ",": "،", ";": "؛"}[mark]
                yield self._issue(
                    pair,
                    Span(m.start(1), m.end(1)),
                    f"Latin {mark!r} in Arabic text; use {want!r}",
                    found=mark,
                    expected=want,
                )
        if "  " in tgt and "  " not in src:
            for m in _DOUBLE_SPACE.finditer(tgt):
                yield self._issue(pair, Span(m.start(), m.end()), "Doubled space")
        yield from self._chrome(pair)

    def _chrome(self, pair: AlignedPair) -> Iterator[Issue]:
        text = pair.tgt_text
        if not _chrome_re().search(quick_fold(text)):
            return
        folded, where = fold(text)
        body = Span(len(text) - len(text.lstrip()), len(text.rstrip()))
        taken: list[Span] = []
        for pattern, whole_only in chrome_patterns():
            if whole_only:
                if folded.strip().rstrip(".:…") == pattern.rstrip(".:…") and not taken:
                    taken.append(body)
                    yield self._issue(pair, body, f"Page chrome: {body.slice(text)!r}", chrome=pattern)
                continue
            start = folded.find(pattern)
            if start >= 0:
                span = Span(where[start], where[start + len(pattern) - 1] + 1)
                if any(t.start < span.end and span.start < t.end for t in taken):
                    continue
                taken.append(span)
                yield self._issue(pair, span, f"Page chrome left in text: {span.slice(text)!r}", chrome=pattern)
