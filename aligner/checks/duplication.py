"""Duplication check: doubled words, repeated phrases, redundant hedges and sentences repeated across a document."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import ClassVar

from aligner.checks.base import Check, CheckContext
from aligner.checks.first_sentences import FirstSentences, SourceDigest
from aligner.checks.memo import Memo, memoised
from aligner.checks.restatement import restated_subjects, speech_verbs, stacked_speech_verbs
from aligner.checks.text import ARABIC_CHAR, Token, tokens
from aligner.data import data_lines
from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span

# Roles whose text legitimately repeats elsewhere on a page (a title echoed as a sub-heading, a caption, ...).
HEADING_ROLES = frozenset({"title", "headline", "related_headline", "caption", "heading", "subheading", "subtitle"})
_SENTENCE_END = re.compile(r"[.!?؟\n]+")
# A source that elides a repeated verb or noun ("some brought in by X, others by Y"; "in Cairo and in Alexandria"):
# Arabic must restate it, so a non-adjacent repeated phrase is faithful.
_GAPPING_RE = re.compile(
    r"\b(?:others|the others|the other|the rest|respectively|the latter|the former)\b"
    r"|\b(?:and|or|but|while|whereas|then)[ ]+(?:also[ ]+)?(?:in|on|by|at|to|for|from|with|of|into)\b",
    re.IGNORECASE,
)
_ANY_GAP = 10**9
_MAX_PHRASE = 64  # longest repeat measured at one place (longer ones are reported in pieces): keeps the scan linear
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{1,5}s?\b")  # "AI", "TV", "NATO"


@cache
def exception_phrases() -> frozenset[tuple[str, ...]]:
    """Legitimate repetitions from ``aligner/data/duplication_exceptions.txt`` as normalised key tuples."""
    return frozenset(tuple(t.key for t in tokens(line)) for line in data_lines("duplication_exceptions.txt"))


@cache
def stopwords() -> frozenset[str]:
    """Function words that do not make a repeated phrase meaningful."""
    return frozenset(t.key for line in data_lines("stopwords.txt") for t in tokens(line))


@cache
def letter_names() -> frozenset[str]:
    """Keys of Arabic letter names used to spell Latin acronyms (``تي في``, ``دبليو``)."""
    return frozenset(t.key for line in data_lines("arabic_letter_names.txt") for t in tokens(line))


@cache
def hedge_patterns() -> tuple[tuple[tuple[str, ...], tuple[str, ...], int, bool], ...]:
    """(opener keys, closer keys, max words between, number required) from ``redundant_hedges.txt``."""
    out = []
    for line in data_lines("redundant_hedges.txt"):
        cols = line.split("\t")
        opener, closer = (tuple(t.key for t in tokens(c)) for c in cols[:2])
        out.append((opener, closer, int(cols[2]), len(cols) > 3 and cols[3].strip() == "num"))
    return tuple(out)


def protected_positions(toks: Sequence[Token]) -> set[int]:
    """Indices of tokens inside a legitimate fixed repetition (``يوما بعد يوم``, ``day by day``...)."""
    keys = [t.key for t in toks]
    by_first = _exceptions_by_first()
    out: set[int] = set()
    for i, key in enumerate(keys):
        for phrase in by_first.get(key, ()):
            if tuple(keys[i : i + len(phrase)]) == phrase:
                out.update(range(i, i + len(phrase)))
    return out


@cache
def _exceptions_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in exception_phrases():
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


def doubled_words(text: str, toks: Sequence[Token]) -> list[tuple[int, int]]:
    """(first, last) token indices of each immediate repetition run beyond the first word (``محظور محظور``)."""
    out = []
    i = 1
    while i < len(toks):
        a, b = toks[i - 1], toks[i]
        if a.key == b.key and _doublable(a.key) and not text[a.end : b.start].strip():
            j = i
            while j + 1 < len(toks) and toks[j + 1].key == a.key and not text[toks[j].end : toks[j + 1].start].strip():
                j += 1
            out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


def repeated_phrases(toks: Sequence[Token], *, min_words: int = 3, max_gap: int = 12, far_words: int = 5) -> list:
    """(first start, repeat start, length) of phrases said twice: adjacent (>= 2 words), near or long ones.

    A match is extended to ``MAX_PHRASE_WORDS`` at most (a longer repeat is reported in pieces), so the work is
    linear in the number of tokens however periodic the text.
    """
    keys = [t.key for t in toks]
    stop = stopwords()
    seen: dict[tuple[str, ...], int] = {}
    out = []
    i = 0
    while i < len(keys) - 1:
        gram = tuple(keys[i : i + 2])
        j = seen.get(gram)
        if j is not None and j + 2 <= i:
            m = 2
            while m < _MAX_PHRASE and i + m < len(keys) and j + m < i and keys[j + m] == keys[i + m]:
                m += 1
            gap = i - (j + m)
            content = sum(1 for k in keys[i : i + m] if k not in stop and len(k) > 1)
            if content >= 1 and (
                (gap == 0 and content >= 1)
                or (m >= min_words and gap <= max_gap and content >= 2)
                or (m >= far_words and content >= 3)
            ):
                out.append((j, i, m))
                i += m
                continue
        seen.setdefault(gram, i)
        i += 1
    return out


def redundant_hedges(toks: Sequence[Token]) -> list[tuple[int, int, str]]:
    """(closer first, closer last, opener text) for a hedge rendered twice around one quantity."""
    keys = [t.key for t in toks]
    present = set(keys)
    out: list[tuple[int, int, str]] = []
    for opener, closer, gap, need_num in hedge_patterns():
        if closer[0] not in present or opener[0] not in present:
            continue
        n, c = len(opener), len(closer)
        for i in range(len(keys) - n + 1):
            if keys[i] != opener[0] or tuple(keys[i : i + n]) != opener:
                continue
            for k in range(i + n + 1, min(len(keys) - c, i + n + gap) + 1):
                if tuple(keys[k : k + c]) == closer:
                    fresh = all(k != o[0] for o in out)
                    if fresh and (not need_num or any(any(ch.isdigit() for ch in x) for x in keys[i + n : k])):
                        out.append((k, k + c - 1, " ".join(t.text for t in toks[i : i + n])))
                    break
    return out


class DuplicationCheck(Check):
    """Duplicated words or phrases.

    Flags a doubled word, a phrase or clause said twice in one segment, a hedge rendered twice around one quantity
    and a sentence repeated across the document; legitimate reduplication (data file) and repetitions the source
    also has are left alone.
    """

    name: ClassVar[str] = "duplication"
    category: ClassVar[Category] = Category.DUPLICATION
    severity: ClassVar[Severity] = Severity.MAJOR
    document_level: ClassVar[bool] = True

    def __init__(self, *, min_sentence_words: int = 6, max_gap: int = 12) -> None:
        self.min_sentence_words = min_sentence_words
        self.max_gap = max_gap

    def _issue(self, pair: AlignedPair, span: Span, sev: Severity, msg: str, **evidence: object) -> Issue:
        return Issue(pair.id, self.name, self.category, sev, msg, Side.TARGET, span, evidence)

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Yield issues for repetitions inside the pair's target."""
        text = pair.tgt_text
        toks = tokens(text)
        if len(toks) < 2:
            return
        src_toks = tokens(pair.src_text) if pair.src_text.strip() else []
        # the source-side rules run only for a target that has a candidate (most have none)
        doubled = doubled_words(text, toks)
        phrases = repeated_phrases(toks, max_gap=self.max_gap)
        safe = protected_positions(toks) if doubled or phrases else set()
        if doubled and not _near_repeat(src_toks):
            names = letter_names()
            for a, b in doubled:
                if a >= 2 and toks[a].key in names and toks[a - 2].key in names:
                    continue  # "تي في في المساء": the first "في" is the acronym's last letter
                if not all(k in safe for k in range(a - 1, b + 1)):
                    span = Span(toks[a].start, toks[b].end)
                    yield self._issue(
                        pair, span, Severity.MINOR, f"Word repeated: {toks[a].text!r}", repeated=toks[a].text
                    )
        if phrases and not repeated_phrases(src_toks, max_gap=self.max_gap):
            src_repeats = _repeated_content(src_toks) or _repeated_acronym(pair.src_text)
            gapping = _GAPPING_RE.search(pair.src_text) is not None
            for j, i, m in phrases:
                if all(k in safe for k in range(i, i + m)):
                    continue
                if (src_repeats or gapping) if i > j + m else _near_repeat(src_toks, window=m):
                    continue  # the source repeats itself too, or elides what Arabic restates: may be faithful
                span, first = Span(toks[i].start, toks[i + m - 1].end), Span(toks[j].start, toks[j + m - 1].end)
                phrase = span.slice(text)
                yield self._issue(
                    pair,
                    span,
                    Severity.MAJOR,
                    f"Phrase repeated: {phrase!r}",
                    repeated=phrase,
                    first=[first.start, first.end],
                )
        yield from self._restatements(pair, toks, src_toks, {i for _, i, _ in phrases})
        hedges = redundant_hedges(toks)
        if hedges and not redundant_hedges(src_toks):
            for a, b, opener in hedges:
                span = Span(toks[a].start, toks[b].end)
                yield self._issue(
                    pair,
                    span,
                    Severity.MINOR,
                    f"Redundant hedge: {span.slice(text)!r} repeats {opener!r}",
                    repeated=span.slice(text),
                    opener=opener,
                )

    def _restatements(
        self, pair: AlignedPair, toks: Sequence[Token], src_toks: Sequence[Token], done: set[int]
    ) -> Iterator[Issue]:
        """A quote opened by two speech verbs; a subject introduced twice around a speech verb (one sentence)."""
        text = pair.tgt_text
        verbs = speech_verbs()
        if not any(t.key in verbs for t in toks):
            return
        for a, b in stacked_speech_verbs(text, toks):
            yield self._issue(
                pair,
                Span(toks[b].start, toks[b].end),
                Severity.MINOR,
                f"Speech verb restated: {toks[b].text!r} after {toks[a].text!r} opens the same quote",
                repeated=toks[b].text,
                first=[toks[a].start, toks[a].end],
            )
        far = repeated_phrases(toks, max_gap=_ANY_GAP, far_words=_ANY_GAP)
        if not far or repeated_phrases(src_toks, max_gap=_ANY_GAP, far_words=_ANY_GAP):
            return  # the source introduces it twice too
        for j, i, m in restated_subjects(text, toks, far):
            if i in done:
                continue
            span, first = Span(toks[i].start, toks[i + m - 1].end), Span(toks[j].start, toks[j + m - 1].end)
            yield self._issue(
                pair,
                span,
                Severity.MINOR,
                f"Subject restated in one sentence: {span.slice(text)!r}",
                repeated=span.slice(text),
                first=[first.start, first.end],
            )

    def _own_issues(self, pair: AlignedPair, ctx: CheckContext) -> list[Issue]:
        """:meth:`run` on one pair: its issues depend on its id and texts only, so a re-check memo keeps them."""
        key = (self.name, pair.id, pair.src_text, pair.tgt_text)
        return memoised(ctx.memo, key, lambda: [*self.run(pair, ctx)])

    def warm(self, pairs: Sequence[AlignedPair], part: slice, ctx: CheckContext) -> None:
        """Memoise each pair's own issues, its sentences' keys and its source's keys (see :meth:`run_document`)."""
        for pair in pairs[part]:
            self._own_issues(pair, ctx)
            _sentence_keys(pair.tgt_text, ctx.memo)
            _keys(pair.src_text, ctx.memo)

    def run_document(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> Iterator[Issue]:
        """Run the per-pair rules, then flag body sentences that repeat an earlier sentence of the document."""
        yield from self.run_block(pairs, ctx, FirstSentences())

    def block_state(self, ctx: CheckContext) -> FirstSentences:
        """The document's first sentences, carried from block to block by a chunked run."""
        return FirstSentences()

    def run_block(self, pairs: Sequence[AlignedPair], ctx: CheckContext, state: object) -> Iterator[Issue]:
        """:meth:`run_document` on the next pairs of a document whose earlier sentences ``state`` remembers."""
        assert isinstance(state, FirstSentences)
        memo = ctx.memo
        for pair in pairs:
            yield from self._own_issues(pair, ctx)
            if pair.role in HEADING_ROLES:
                continue
            source = SourceDigest(lambda pair=pair: _keys(pair.src_text, memo))  # once a pair, not once a sentence
            for span, key in _sentence_keys(pair.tgt_text, memo):
                if len(key) < self.min_sentence_words:
                    continue
                first = state.first(key, pair, source)
                if first is None:
                    continue
                first_id, first_source = first
                if first_id == pair.id or (first_source is not None and first_source == source.value):
                    continue  # the same pair, or both translate one source sentence: the repetition is the source's
                yield self._issue(
                    pair,
                    span,
                    Severity.MAJOR,
                    "Sentence repeats an earlier one in the document",
                    repeated=span.slice(pair.tgt_text),
                    first_pair=first_id,
                )


_SENTENCE_KEYS = "duplication.sentence_keys"
_KEYS = "duplication.keys"


def _sentence_keys(text: str, memo: Memo | None) -> list[tuple[Span, tuple[str, ...]]]:
    """Each sentence span of ``text`` with its normalised word keys."""

    def make() -> list[tuple[Span, tuple[str, ...]]]:
        return [(span, tuple(t.key for t in tokens(span.slice(text)))) for span in _sentences(text)]

    return memoised(memo, (_SENTENCE_KEYS, text), make)


def _sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` (split after . ! ? ؟ and newlines), trimmed of spaces."""
    out, start = [], 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.end() if m else len(text)
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            out.append(Span(start + lead, start + len(piece.rstrip())))
        start = end
        if m is None:
            break
    return out


def _keys(text: str, memo: Memo | None) -> list[str]:
    """The normalised word keys of ``text``."""
    return memoised(memo, (_KEYS, text), lambda: [t.key for t in tokens(text)])


def _near_repeat(toks: Sequence[Token], window: int = 3) -> bool:
    """The source repeats a content word within a few words (``New York, New York``; ``very, very``)."""
    stop = stopwords()
    last: dict[str, int] = {}
    for i, t in enumerate(toks):
        if i - last.get(t.key, -window - 1) <= window and t.key not in stop:
            return True
        last[t.key] = i
    return False


_SHORT_WORDS = frozenset({"في", "من", "عن", "مع", "لا", "قد", "ما", "هو", "هي", "او"})


def _doublable(key: str) -> bool:
    """Whether a doubled ``key`` is suspicious: not a number, not a transliterated letter (بي بي سي, سي إن إن)."""
    if key.isdigit():
        return False
    return len(key) >= 3 or key in _SHORT_WORDS or not ARABIC_CHAR.match(key)


def _repeated_acronym(text: str) -> bool:
    """The source uses an acronym twice ("AI announcements ... AI strategy")."""
    seen: set[str] = set()
    for m in _ACRONYM_RE.finditer(text):
        if m.group() in seen:
            return True
        seen.add(m.group())
    return False


def _repeated_content(toks: Sequence[Token]) -> bool:
    """The source uses some content word twice (so a repeated target phrase may translate it faithfully)."""
    stop = stopwords()
    seen: set[str] = set()
    for t in toks:
        if len(t.key) >= 4 and t.key not in stop:
            if t.key in seen:
                return True
            seen.add(t.key)
    return False
