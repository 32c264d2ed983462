"""Terminology check: one term rendered in inconsistent variants across a document, and user glossary enforcement."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from aligner.checks.base import Check, CheckContext
from aligner.checks.text import is_arabic_script_lang, normalise_word, tokens
from aligner.checks.variants import MAX_OCCURRENCES, gram_hashes, prime_variants, same_word, variant_renderings
from aligner.errors import UserError
from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span


class GlossaryError(UserError):
    """A glossary file is unreadable or has a malformed line."""


def load_glossary(path: str | Path) -> dict[str, tuple[str, ...]]:
    """Read a TSV glossary: ``source term<TAB>rendering|rendering`` per line; blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot read glossary: {exc}") from None
    out: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        term, tab, rest = line.partition("\t")
        renderings = tuple(r.strip() for r in rest.split("|") if r.strip())
        if not tab or not term.strip() or not renderings:
            raise GlossaryError(f"{path}:{n}: expected 'term<TAB>rendering[|rendering...]'")
        out[term.strip()] = renderings
    return out


_ACRONYM_DEF = re.compile(r"\(\s*([A-Z][A-Z0-9&]{1,9})\s*\)")
_EN_TERM = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:(?:of|for|and|the|on|de)\s+)*[A-Z][\w-]*)+")


def acronym_renderings(pairs: Sequence[AlignedPair]) -> dict[str, tuple[str, str, str]]:
    """Acronym -> (source term, target rendering, pair id) from a target ``rendering (ACR)`` and a source term.

    The source term is a capitalised multiword name in some pair's source whose initials spell the acronym
    (``World Anti-Doping Agency`` -> WADA); the rendering is as many target words before ``(WADA)`` as it has words.
    """
    terms: dict[str, tuple[str, int]] = {}
    source_terms(pairs, terms)
    return target_renderings(pairs, terms)


def source_terms(pairs: Iterable[AlignedPair], terms: dict[str, tuple[str, int]]) -> None:
    """Add to ``terms`` (acronym -> (term, words)) the capitalised multiword names of the pairs' sources."""
    for pair in pairs:
        for m in _EN_TERM.finditer(pair.src_text):
            term = re.sub(r"^(?:The|A|An)\s+", "", m.group())
            words = [w for w in re.split(r"[\s-]+", term) if w[:1].isupper()]
            if len(words) >= 2:
                terms.setdefault("".join(w[0] for w in words), (term, len(words)))


def target_renderings(
    pairs: Iterable[AlignedPair], terms: Mapping[str, tuple[str, int]]
) -> dict[str, tuple[str, str, str]]:
    """Acronym -> (term, rendering, pair id) of the first target that defines a known acronym as ``... (ACR)``."""
    out: dict[str, tuple[str, str, str]] = {}
    for pair in pairs:
        for m in _ACRONYM_DEF.finditer(pair.tgt_text):
            found = terms.get(m.group(1))
            if found is None or m.group(1) in out:
                continue
            term, k = found
            before = tokens(pair.tgt_text[: m.start()])
            if len(before) >= k:
                out[m.group(1)] = (term, pair.tgt_text[before[-k].start : before[-1].end], pair.id)
    return out


@lru_cache(maxsize=4096)
def _term_re(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.I)


def _find_term(term: str, text: str) -> Span | None:
    m = _term_re(term).search(text)
    return Span(m.start(), m.end()) if m else None


def _contains(text_keys: Sequence[str], rendering: str) -> bool:
    want = [normalise_word(w) for w in rendering.split()]
    n = len(want)
    return any(all(same_word(text_keys[i + k], want[k]) for k in range(n)) for i in range(len(text_keys) - n + 1))


class TerminologyCheck(Check):
    """Inconsistent terminology.

    Flags a multiword term rendered in two light variants inside one document (noun vs adjective form of an inner
    word, same head and tail), with spans on both renderings, and a glossary term whose required rendering is absent.
    """

    name: ClassVar[str] = "terminology"
    category: ClassVar[Category] = Category.TERMINOLOGY
    severity: ClassVar[Severity] = Severity.MAJOR
    document_level: ClassVar[bool] = True

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Enforce the glossary on one pair."""
        if not ctx.glossary or not pair.src_text.strip() or not pair.tgt_text.strip():
            return
        keys = [t.key for t in tokens(pair.tgt_text)]
        for term, renderings in _sorted(ctx.glossary):
            span = _find_term(term, pair.src_text)
            if span is not None and not any(_contains(keys, r) for r in renderings):
                msg = f"Glossary: {term!r} should be rendered as {' or '.join(repr(r) for r in renderings)}"
                yield Issue(
                    pair.id,
                    self.name,
                    self.category,
                    Severity.MAJOR,
                    msg,
                    Side.SOURCE,
                    span,
                    {"term": term, "expected": list(renderings)},
                )

    def warm(self, pairs: Sequence[AlignedPair], part: slice, ctx: CheckContext) -> None:
        """Read the targets of ``pairs[part]`` into the memoised variant index :meth:`run_document` keeps."""
        if ctx.memo is not None and is_arabic_script_lang(ctx.tgt_lang):
            start = range(len(pairs))[part].start
            prime_variants(len(pairs), start, [p.tgt_text for p in pairs[part]], memo=ctx.memo)

    def run_document(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> Iterator[Issue]:
        """Glossary per pair, then inconsistent variants of one term across the document's targets."""
        if ctx.glossary:
            for pair in pairs:
                yield from self.run(pair, ctx)
        if not is_arabic_script_lang(ctx.tgt_lang):
            return
        flagged: set[str] = set()
        yield from self.variant_issues(pairs, ctx, flagged)
        yield from _acronym_issues(self, pairs, flagged, acronym_renderings(pairs))

    def variant_issues(
        self,
        pairs: Sequence[AlignedPair],
        ctx: CheckContext,
        flagged: set[str],
        allowed: Callable[[int], bool] | None = None,
    ) -> Iterator[Issue]:
        """Issues on both renderings of a term in two light variants; the pairs flagged are added to ``flagged``."""
        texts = [p.tgt_text for p in pairs]
        seen: set[tuple[str, int, int]] = set()
        for (d1, s1), (d2, s2) in variant_renderings(texts, memo=ctx.memo, allowed=allowed):
            for (d, s), (od, os) in (((d1, s1), (d2, s2)), ((d2, s2), (d1, s1))):
                pair, other = pairs[d], pairs[od]
                if (pair.id, s.start, s.end) in seen:
                    continue
                seen.add((pair.id, s.start, s.end))
                flagged.add(pair.id)
                here, there = s.slice(pair.tgt_text), os.slice(other.tgt_text)
                yield Issue(
                    pair.id,
                    self.name,
                    self.category,
                    Severity.MINOR,
                    f"Term rendered inconsistently: {here!r} vs {there!r}",
                    Side.TARGET,
                    s,
                    {"rendering": here, "other": there, "other_pair": other.id, "other_span": [os.start, os.end]},
                )

    def prepass(self, ctx: CheckContext) -> DocumentTerms:
        """The document-wide state a chunked run fills in a first pass over all pairs (see DocumentTerms)."""
        return DocumentTerms(self, ctx)

    def run_block(self, pairs: Sequence[AlignedPair], ctx: CheckContext, state: object) -> Iterator[Issue]:
        """A chunked run: per pair, its glossary issues, then its document findings from ``state`` (a DocumentTerms)."""
        assert isinstance(state, DocumentTerms)
        for pair in pairs:
            if ctx.glossary:
                yield from self.run(pair, ctx)
            yield from state.issues(pair)


class DocumentTerms:
    """What the document-level rules need of every pair, kept compactly over a chunked run's first passes.

    Pass 1 counts the hash of every content bigram of the targets (8 bytes each) and notes the source terms and
    the targets that define an acronym (``... (ACR)``, few); pass 2 keeps the id and target of the pairs holding a
    bigram found 2 to MAX_OCCURRENCES times, the only ones a variant can join. :meth:`finish` then runs the rules of
    :meth:`TerminologyCheck.run_document` on them: the findings are those of the whole document.
    """

    def __init__(self, check: TerminologyCheck, ctx: CheckContext) -> None:
        self.check, self.ctx = check, ctx
        self.arabic = is_arabic_script_lang(ctx.tgt_lang)
        self.passes = 0
        self.hashes = array("q")
        self.allowed = np.empty(0, dtype=np.int64)  # sorted hashes of the bigrams that may join a variant
        self.candidates: list[AlignedPair] = []
        self.definitions: list[AlignedPair] = []
        self.terms: dict[str, tuple[str, int]] = {}
        self.found: dict[str, list[Issue]] = {}
        self.flagged: set[str] = set()
        self.renderings: dict[str, tuple[str, str, str]] = {}

    def feed(self, pairs: Sequence[AlignedPair]) -> None:
        """Read one block of the document's pairs (in order; pairs the check skips left out)."""
        if not self.arabic:
            return
        if self.passes == 0:
            source_terms(pairs, self.terms)
            for pair in pairs:
                self.hashes.extend(gram_hashes(pair.tgt_text))
                if _ACRONYM_DEF.search(pair.tgt_text):
                    self.definitions.append(replace(pair, src_text=""))
            return
        for pair in pairs:
            hashes = gram_hashes(pair.tgt_text)
            if hashes and self._allowed(hashes).any():
                self.candidates.append(replace(pair, src_text=""))

    def _allowed(self, hashes: Sequence[int]) -> np.ndarray:
        found = np.asarray(hashes, dtype=np.int64)
        at = np.searchsorted(self.allowed, found).clip(max=len(self.allowed) - 1)
        return self.allowed[at] == found if len(self.allowed) else np.zeros(len(found), dtype=bool)

    def finish(self) -> bool:
        """End a pass; True when another pass over the pairs is needed."""
        self.passes += 1
        if self.arabic and self.passes == 1:
            values, counts = np.unique(np.frombuffer(self.hashes, dtype=np.int64), return_counts=True)
            self.allowed = values[(counts >= 2) & (counts <= MAX_OCCURRENCES)]
            self.hashes = array("q")
            if len(self.allowed):
                return True
        allowed = set(self.allowed.tolist()).__contains__
        for issue in self.check.variant_issues(self.candidates, self.ctx, self.flagged, allowed=allowed):
            self.found.setdefault(issue.pair_id, []).append(issue)
        self.renderings = target_renderings(self.definitions, self.terms)
        self.candidates, self.definitions, self.allowed = [], [], np.empty(0, dtype=np.int64)
        return False

    def issues(self, pair: AlignedPair) -> Iterator[Issue]:
        """The document-level issues of one pair: its variant renderings, then its missing acronym renderings."""
        if self.arabic:
            yield from self.found.get(pair.id, ())
            yield from _acronym_issues(self.check, [pair], self.flagged, self.renderings)


def _sorted(glossary: Mapping[str, tuple[str, ...]]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(glossary.items(), key=lambda kv: -len(kv[0]))


def _acronym_issues(
    check: TerminologyCheck,
    pairs: Sequence[AlignedPair],
    skip: set[str],
    renderings: Mapping[str, tuple[str, str, str]],
) -> Iterator[Issue]:
    """A source term whose target lacks the rendering the document gives it elsewhere as ``rendering (ACR)``."""
    for acronym, (term, rendering, where) in renderings.items():
        for pair in pairs:
            if pair.id in skip or pair.id == where or not pair.tgt_text.strip():
                continue
            span = _find_term(term, pair.src_text)
            if span is None or acronym in pair.tgt_text:
                continue
            if not _contains([t.key for t in tokens(pair.tgt_text)], rendering):
                yield Issue(
                    pair.id,
                    check.name,
                    check.category,
                    Severity.MINOR,
                    f"{term!r} is rendered {rendering!r} ({acronym}) elsewhere in the document, not here",
                    Side.SOURCE,
                    span,
                    {"term": term, "rendering": rendering, "defined_in": where},
                )
