"""Terminology check: one term rendered in inconsistent variants across a document, and user glossary enforcement."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from aligner.checks.base import Check, CheckContext
from aligner.checks.text import is_arabic_script_lang, normalise_word, tokens
from aligner.checks.variants import prime_variants, same_word, variant_renderings
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
    for pair in pairs:
        for m in _EN_TERM.finditer(pair.src_text):
            term = re.sub(r"^(?:The|A|An)\s+", "", m.group())
            words = [w for w in re.split(r"[\s-]+", term) if w[:1].isupper()]
            if len(words) >= 2:
                terms.setdefault("".join(w[0] for w in words), (term, len(words)))
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
        texts = [p.tgt_text for p in pairs]
        seen: set[tuple[str, int, int]] = set()
        flagged: set[str] = set()
        for (d1, s1), (d2, s2) in variant_renderings(texts, memo=ctx.memo):
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
        yield from _acronym_issues(self, pairs, flagged)


def _sorted(glossary: Mapping[str, tuple[str, ...]]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(glossary.items(), key=lambda kv: -len(kv[0]))


def _acronym_issues(check: TerminologyCheck, pairs: Sequence[AlignedPair], skip: set[str]) -> Iterator[Issue]:
    """A source term whose target lacks the rendering the document gives it elsewhere as ``rendering (ACR)``."""
    for acronym, (term, rendering, where) in acronym_renderings(pairs).items():
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
