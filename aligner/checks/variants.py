"""One multiword term in two light variants across a document's targets, kept incrementally across re-checks."""

from __future__ import annotations

import threading
from bisect import insort
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

from aligner.checks.duplication import stopwords
from aligner.checks.memo import Memo, memoised
from aligner.checks.text import PROCLITICS, Token, tokens
from aligner.model import Span

NISBA = ("ية", "ي")  # noun -> relative adjective (العالم -> العالمية): the variant that splits one term in two
Gram = tuple[str, str]
Hit = tuple[tuple[int, int, int, int], tuple[int, int, int, int], tuple[tuple[int, Span], tuple[int, Span]]]


@lru_cache(maxsize=65536)
def forms(key: str) -> frozenset[str]:
    """A normalised word and its forms without a leading clitic and/or article."""
    out = {key}
    for p in PROCLITICS:
        if key.startswith(p) and len(key) - len(p) >= 2:
            out.add(key[len(p) :])
    return frozenset(out)


@lru_cache(maxsize=65536)
def _canonical(key: str) -> str:
    return min(forms(key), key=len)


def same_word(a: str, b: str) -> bool:
    """``a`` and ``b`` (normalised) are one word up to a leading clitic or article."""
    return bool(forms(a) & forms(b))


def _nisba_variant(a: str, b: str) -> bool:
    """``a`` and ``b`` are a noun and its relative adjective (or the reverse): العالم / العالمية."""
    fa, fb = forms(a), forms(b)
    return any(x + s in fb for x in fa for s in NISBA) or any(x + s in fa for x in fb for s in NISBA)


def _bigrams(ts: Sequence[Token]) -> list[tuple[Gram, int]]:
    """A text's content-word bigrams (canonical keys) with the index of their first word."""
    stop = stopwords()
    out = []
    for i in range(1, len(ts) - 1):
        a, b = ts[i].key, ts[i + 1].key
        if a not in stop and b not in stop and len(a) > 2 and len(b) > 2:
            out.append(((_canonical(a), _canonical(b)), i))
    return out


MAX_OCCURRENCES = 20  # a bigram more frequent than this in a document is too common to name one term


def gram_hashes(text: str) -> list[int]:
    """The hashes of ``text``'s content-word bigrams (only a bigram found in two texts can hold a term variant)."""
    return [hash(gram) for gram, _ in _bigrams(tokens(text))]


def variant_renderings(
    texts: Sequence[str],
    *,
    max_left: int = 4,
    max_occurrences: int = MAX_OCCURRENCES,
    memo: Memo | None = None,
    allowed: Callable[[int], bool] | None = None,
) -> list:
    """Pairs of occurrences ``((text i, span), (text j, span))`` of one multiword term in two light variants.

    The occurrences share a tail of two content words and differ in an inner word by a noun/adjective (nisba) switch
    with a matching head word before it (``وكالة العالم لمكافحة المنشطات`` / ``الوكالة العالمية لمكافحة المنشطات``).
    With a ``memo`` the bigram index and the hits persist between calls on one document: a call after an edit only
    re-reads the changed texts and re-walks the bigrams they hold. The answer is the same either way.
    ``allowed`` (a bigram's hash -> bool) leaves out the bigrams known to occur once or over ``max_occurrences``
    times in a whole document of which ``texts`` are only those that hold some other bigram.
    """
    key = ("variants", max_left, max_occurrences, allowed)
    state = memoised(memo, key, lambda: _Variants(max_left, max_occurrences, allowed))
    return state.update(texts)


def prime_variants(
    n_texts: int,
    start: int,
    texts: Sequence[str],
    *,
    max_left: int = 4,
    max_occurrences: int = MAX_OCCURRENCES,
    memo: Memo,
) -> None:
    """Read ``texts``, a document's texts from ``start`` on, into the index :func:`variant_renderings` keeps.

    ``n_texts`` is the document's length; ``memo`` and the options are those the checks call it with. Done slice by
    slice ahead of an edit, so the first call after it only re-reads the changed texts.
    """
    key = ("variants", max_left, max_occurrences, None)  # as variant_renderings keys it on a whole document
    memo.get(key, lambda: _Variants(max_left, max_occurrences)).prime(n_texts, start, texts)


class _Variants:
    """The bigram index of a document's texts and the variant hits of each bigram, updated text by text."""

    def __init__(self, max_left: int, max_occurrences: int, allowed: Callable[[int], bool] | None = None) -> None:
        self.max_left, self.max_occurrences, self.allowed = max_left, max_occurrences, allowed
        self.lock = threading.Lock()
        self._reset(0)

    def _reset(self, n: int) -> None:
        """Empty state for ``n`` texts (all of them then read as changed)."""
        self.texts: list[str | None] = [None] * n
        self.toks: list[tuple[Token, ...]] = [()] * n
        self.grams: list[list[tuple[Gram, int]]] = [[] for _ in range(n)]
        self.index: dict[Gram, list[tuple[int, int]]] = defaultdict(list)
        self.hits: dict[Gram, list[Hit]] = {}

    def update(self, texts: Sequence[str]) -> list:
        """The variant renderings of ``texts``, re-reading only those that differ from the last call's."""
        with self.lock:
            self._read(texts)
            best: dict[tuple[int, int, int, int], Hit] = {}
            for found in self.hits.values():
                for hit in found:
                    if hit[0] not in best or hit[1] < best[hit[0]][1]:
                        best[hit[0]] = hit  # the first tail in document order names a term's spans
            return [best[k][2] for k in sorted(best)]

    def prime(self, n_texts: int, start: int, texts: Sequence[str]) -> None:
        """Read ``texts``, the document's texts from ``start`` on (those that differ from the index's), ahead."""
        with self.lock:
            self._read(texts, n_texts, start)

    def _read(self, texts: Sequence[str], n_texts: int | None = None, start: int = 0) -> None:
        """Re-read the texts that changed (``texts`` from ``start`` of ``n_texts``); re-walk the bigrams they touch."""
        n_texts = len(texts) if n_texts is None else n_texts
        if n_texts != len(self.texts):  # a merge or split moved the texts: start again
            self._reset(n_texts)
        known = self.texts
        changed = [(start + k, text) for k, text in enumerate(texts) if text != known[start + k]]
        removed: set[Gram] = set()  # bigrams that lost an occurrence: walked again in full
        added: dict[Gram, set[tuple[int, int]]] = defaultdict(set)  # the others: only the new occurrences' pairs
        for d, text in changed:
            for gram, i in self.grams[d]:
                self.index[gram].remove((d, i))
                removed.add(gram)
            self.texts[d], self.toks[d] = text, tokens(text)
            self.grams[d] = _bigrams(self.toks[d])
            if self.allowed is not None:
                self.grams[d] = [(gram, i) for gram, i in self.grams[d] if self.allowed(hash(gram))]
            for gram, i in self.grams[d]:
                insort(self.index[gram], (d, i))
                added[gram].add((d, i))
        for gram in removed | added.keys():
            occ = self.index.get(gram, [])
            if not 2 <= len(occ) <= self.max_occurrences:
                found = []
            elif gram in removed:
                found = self._walk(occ)
            else:  # occurrences only added (a slice read ahead): the old pairs' hits stand
                found = self.hits.get(gram, []) + self._walk(occ, added[gram])
            if found:
                self.hits[gram] = found
            else:
                self.hits.pop(gram, None)
            if not occ:
                self.index.pop(gram, None)

    def _walk(self, occ: Sequence[tuple[int, int]], new: set[tuple[int, int]] | None = None) -> list[Hit]:
        """The variant hits between the occurrences of one bigram (with ``new``: only pairs holding one of them)."""
        toks, texts, out = self.toks, self.texts, []
        for x in range(len(occ)):
            for y in range(x + 1, len(occ)):
                (d1, i1), (d2, i2) = occ[x], occ[y]
                if new is not None and occ[x] not in new and occ[y] not in new:
                    continue
                if i1 == i2 and texts[d1] == texts[d2]:
                    continue  # one sentence twice: the same words on both sides, never a variant
                hit = _walk_left(toks[d1], i1, toks[d2], i2, self.max_left)
                if hit is not None:
                    k1, k2 = hit
                    e1, e2 = _tail_end(toks[d1], i1, toks[d2], i2)
                    spans = ((d1, Span(toks[d1][k1].start, e1)), (d2, Span(toks[d2][k2].start, e2)))
                    out.append(((d1, k1, d2, k2), (d1, i1, d2, i2), spans))
        return out


def _walk_left(a: Sequence[Token], i: int, b: Sequence[Token], j: int, max_left: int) -> tuple[int, int] | None:
    """Walk left from a shared tail; return the term's first token indices if an inner nisba variant is found."""
    variant_at = None
    k = 1
    while k <= max_left and i - k >= 0 and j - k >= 0:
        x, y = a[i - k].key, b[j - k].key
        if same_word(x, y):
            k += 1
            continue
        if variant_at is None and _nisba_variant(x, y):
            variant_at = k
            k += 1
            continue
        break
    last = k - 1  # number of words matched to the left of the tail
    if variant_at is None or last <= variant_at:  # the variant needs a matching head word before it
        return None
    return i - last, j - last


def _tail_end(a: Sequence[Token], i: int, b: Sequence[Token], j: int) -> tuple[int, int]:
    k = 2
    while i + k < len(a) and j + k < len(b) and same_word(a[i + k].key, b[j + k].key):
        k += 1
    return a[i + k - 1].end, b[j + k - 1].end
