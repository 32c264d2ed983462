"""IBM Model 1 translation tables trained by EM on a small tokenised bitext (numpy, deterministic), and a tokeniser."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from aligner.checks.text import WORD_RE, normalise_word, strip_proclitics

NULL = 0  # row of the empty word in every table


def tokenize(text: str, *, stem: int = 0) -> list[str]:
    """Lower-cased word keys of ``text``, punctuation dropped.

    Arabic marks, alef forms and digits are normalised and the article and one-letter proclitics stripped;
    ``stem`` > 0 keeps only a word's first ``stem`` characters (a crude stemmer for inflected languages when the
    training bitext is a few hundred sentences).
    """
    return [_key(word, stem) for word in WORD_RE.findall(text)]


@lru_cache(maxsize=1 << 16)
def _key(word: str, stem: int) -> str:
    key = strip_proclitics(normalise_word(word))
    return key[:stem] if stem > 0 and not key.isdigit() else key


class Vocab:
    """Word -> id (ids start at 1; 0 is NULL on the conditioning side)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.ids: dict[str, int] = {}
        for w in words:
            self.add(w)

    def add(self, word: str) -> int:
        return self.ids.setdefault(word, len(self.ids) + 1)

    def encode(self, words: Sequence[str]) -> np.ndarray:
        return np.array([self.add(w) for w in words], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids) + 1  # with NULL


@dataclass(frozen=True)
class TranslationTable:
    """``t[e, f]`` = P(f | e) as a CSR matrix, row 0 = NULL; rows of seen words sum to 1 (ids are Vocab ids)."""

    t: sparse.csr_matrix
    iterations: int


def train_model1(
    pairs: Sequence[tuple[np.ndarray, np.ndarray]], n_e: int, n_f: int, *, iterations: int = 5
) -> TranslationTable:
    """Estimate P(f | e) with IBM Model 1 EM over ``pairs`` of (e ids, f ids), an empty (NULL) word on the e side.

    Vectorised: every (f position, e candidate) co-occurrence is one entry of flat arrays, so an EM iteration is
    three bincounts. Starts from uniform P(f | e); deterministic. ``n_e``/``n_f`` are the vocabulary sizes (with 0).
    """
    kept = [(np.asarray(e, dtype=np.int64), np.asarray(f, dtype=np.int64)) for e, f in pairs if len(f)]
    if not kept:
        return TranslationTable(sparse.csr_matrix((n_e, n_f)), iterations)
    e_len = np.array([e.size + 1 for e, _ in kept])  # with NULL
    f_len = np.array([f.size for _, f in kept])
    e_flat = np.concatenate([np.concatenate([[NULL], e]) for e, _ in kept])
    f_flat = np.concatenate([f for _, f in kept])
    e_ptr = np.cumsum(e_len) - e_len
    # one entry per (f position, e candidate of its pair): f position p of pair k meets e_len[k] candidates
    f_pair = np.repeat(np.arange(len(kept)), f_len)
    p_all = np.repeat(np.arange(f_flat.size), e_len[f_pair])
    pos = f_flat.size
    e_all = e_flat[e_ptr[f_pair[p_all]] + ragged(e_len[f_pair])]
    f_all = f_flat[p_all]
    keys, pid = np.unique(e_all * n_f + f_all, return_inverse=True)
    pe, pf = keys // n_f, keys % n_f
    t = np.ones(keys.size)
    for _ in range(iterations):
        tv = t[pid]
        norm = np.bincount(p_all, tv, minlength=pos)
        counts = np.bincount(pid, tv / norm[p_all], minlength=keys.size)
        totals = np.bincount(pe, counts, minlength=n_e)
        t = counts / totals[pe]
    return TranslationTable(sparse.csr_matrix((t, (pe, pf)), shape=(n_e, n_f)), iterations)


def ragged(lengths: np.ndarray) -> np.ndarray:
    """0..L0-1, 0..L1-1, ... concatenated."""
    ends = np.cumsum(lengths)
    return np.arange(int(ends[-1]) if ends.size else 0) - np.repeat(ends - lengths, lengths)
