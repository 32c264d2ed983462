"""Untranslated check: target copied from the source, runs left in the source script, a target in another language."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, ClassVar

from aligner.checks.base import Check, CheckContext
from aligner.checks.text import ARABIC_CHAR, LATIN_CHAR, Token, is_arabic_script_lang, tokens
from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span

log = logging.getLogger(__name__)

_URL = re.compile(  # the lookbehind keeps the e-mail branch linear on long runs of word characters
    r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|\b[\w-]+\.(?:com|org|net|gov|edu|io|uk)\b\S*", re.I
)
# Letters used by Persian, Urdu, Pashto... but not by Arabic: a cheap cue before asking the language detector.
_NON_ARABIC_LETTERS = re.compile(r"[پچژگکیےٹڈڑںھۀ]")
CONFUSERS = ("en", "ar", "fa", "ur", "fr", "es", "de")


@cache
def _detector(langs: tuple[str, ...]) -> Any:
    """A lingua detector restricted to ``langs`` (built once per language set, models loaded lazily)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in langs:
        try:
            languages.append(Language.from_iso_code_639_1(IsoCode639_1.from_str(code)))
        except (ValueError, AttributeError):
            log.debug("language %r unknown to lingua", code)
    if len(set(languages)) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*set(languages)).with_low_accuracy_mode().build()


def detect_language(text: str, langs: Sequence[str]) -> str | None:
    """ISO 639-1 code of ``text``'s language among ``langs`` plus common confusers; None if unsure or unavailable."""
    try:
        detector = _detector(tuple(sorted({*(code.split("-")[0].lower() for code in langs), *CONFUSERS})))
    except ImportError:  # lingua-language-detector not installed: no language evidence
        return None
    found = detector.detect_language_of(text) if detector is not None else None
    return found.iso_code_639_1.name.lower() if found is not None else None


def latin_runs(text: str, source: str = "") -> list[tuple[Span, int, int]]:
    """(span, words, suspicious words) of each run of Latin-script words in ``text`` (URLs and e-mails ignored).

    A word is suspicious (likely untranslated) unless it is an acronym, a capitalised name, or a name the source
    also writes capitalised.
    """
    masked = _URL.sub(lambda m: " " * len(m.group()), text)
    src_names = {t.text for t in tokens(source) if t.text[:1].isupper()}
    runs: list[list[Token]] = []
    for tok in tokens(masked):
        if not LATIN_CHAR.search(tok.text):
            if not tok.text.isdigit() and runs and runs[-1]:
                runs.append([])
            continue
        gap = masked[runs[-1][-1].end : tok.start] if runs and runs[-1] else ""
        if runs and runs[-1] and not ARABIC_CHAR.search(gap):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    out = []
    for run in runs:
        if not run:
            continue
        suspicious = sum(
            1 for t in run if not (t.text.isupper() or t.text[:1].isupper() or t.text in src_names) and len(t.text) > 1
        )
        out.append((Span(run[0].start, run[-1].end), len(run), suspicious))
    return out


class UntranslatedCheck(Check):
    """Untranslated or wrong-language target.

    Flags a target identical to its source, a run of source-script words left in the target (names, acronyms, URLs
    and the source's own proper names allowed), and a target written in another language.
    """

    name: ClassVar[str] = "untranslated"
    category: ClassVar[Category] = Category.UNTRANSLATED
    severity: ClassVar[Severity] = Severity.CRITICAL

    def __init__(self, *, min_run_words: int = 3, detect: bool = True) -> None:
        self.min_run_words = min_run_words
        self.detect = detect

    def _issue(self, pair: AlignedPair, cat: Category, sev: Severity, span: Span, msg: str, **ev: object) -> Issue:
        return Issue(pair.id, self.name, cat, sev, msg, Side.TARGET, span, ev)

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Yield at most a few issues for one pair's target."""
        tgt, src = pair.tgt_text, pair.src_text
        if not tgt.strip():
            return
        body = Span(len(tgt) - len(tgt.lstrip()), len(tgt.rstrip()))
        tgt_toks = tokens(tgt)
        same = (
            abs(len(src) - len(tgt)) < 8 and src.strip() and [t.key for t in tokens(src)] == [t.key for t in tgt_toks]
        )
        if same:
            if len(tgt_toks) >= 3 or any(t.text.islower() and LATIN_CHAR.search(t.text) for t in tgt_toks):
                yield self._issue(
                    pair, Category.UNTRANSLATED, Severity.CRITICAL, body, "Target is a copy of the source"
                )
            return
        if is_arabic_script_lang(ctx.tgt_lang) and not is_arabic_script_lang(ctx.src_lang):
            if not LATIN_CHAR.search(tgt) and not _NON_ARABIC_LETTERS.search(tgt):
                return
            yield from self._latin_in_arabic(pair, ctx, body)
        elif (
            self.detect
            and len(tgt_toks) >= 4
            and is_arabic_script_lang(ctx.tgt_lang) == is_arabic_script_lang(ctx.src_lang)
        ):
            found = detect_language(tgt, (ctx.src_lang, ctx.tgt_lang))
            if found and found != ctx.tgt_lang.split("-")[0]:
                cat = Category.UNTRANSLATED if found == ctx.src_lang.split("-")[0] else Category.WRONG_LANGUAGE
                yield self._issue(pair, cat, Severity.CRITICAL, body, f"Target looks like {found}", language=found)

    def _latin_in_arabic(self, pair: AlignedPair, ctx: CheckContext, body: Span) -> Iterator[Issue]:
        tgt = pair.tgt_text
        arabic, _ = script_letters = (ARABIC_CHAR.subn("", tgt)[1], LATIN_CHAR.subn("", tgt)[1])
        flagged = False
        for span, words, suspicious in latin_runs(tgt, pair.src_text):
            if suspicious < self.min_run_words:
                continue
            flagged = True
            run_text = span.slice(tgt)
            cat = Category.UNTRANSLATED
            found = detect_language(run_text, (ctx.src_lang, ctx.tgt_lang)) if self.detect and words >= 4 else None
            if found and found not in (ctx.src_lang.split("-")[0], ctx.tgt_lang.split("-")[0]):
                cat = Category.WRONG_LANGUAGE
            share = len(span) / max(1, len(body))
            sev = Severity.CRITICAL if share > 0.5 else Severity.MAJOR
            what = "in another language" if cat is Category.WRONG_LANGUAGE else "left untranslated"
            yield self._issue(
                pair, cat, sev, span, f"{words} words {what}: {run_text[:60]!r}", words=words, language=found or ""
            )
        if flagged or not self.detect or arabic < 20 or script_letters[1] > arabic:
            return
        if len(_NON_ARABIC_LETTERS.findall(tgt)) >= 3:
            found = detect_language(tgt, (ctx.src_lang, ctx.tgt_lang))
            if found and found != ctx.tgt_lang.split("-")[0]:
                yield self._issue(
                    pair, Category.WRONG_LANGUAGE, Severity.CRITICAL, body, f"Target looks like {found}", language=found
                )
