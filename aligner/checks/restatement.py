"""Restatement in one sentence: a quote opened by two speech verbs, a subject introduced twice around a speech verb."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from aligner.checks.text import Token, tokens
from aligner.data import data_lines

__all__ = ["restated_subjects", "speech_verbs", "stacked_speech_verbs"]

_SENTENCE_END = re.compile(r"[.!?؟\n]+")
_QUOTES = frozenset('"«»“”')


@cache
def speech_verbs() -> frozenset[str]:
    """Keys of Arabic speech verbs (``قال``, ``وأضاف``...) from ``aligner/data/speech_verbs.txt``."""
    return frozenset(t.key for line in data_lines("speech_verbs.txt") for t in tokens(line))


def _sentence_ids(text: str, toks: Sequence[Token]) -> list[int]:
    """Sentence number of each token (one pass over the sentence ends)."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    out, k = [], 0
    for t in toks:
        while k < len(ends) and ends[k] < t.start:
            k += 1
        out.append(k)
    return out


def stacked_speech_verbs(text: str, toks: Sequence[Token]) -> list[tuple[int, int]]:
    """(first verb, second verb) token indices where one quote is opened by two speech verbs.

    ``وقال X، المحاضر في …: وأضاف: "…"``: a speech verb whose clause ends with a colon and no quote of its own,
    followed at once by a second speech verb that opens the quote.
    """
    verbs = speech_verbs()
    out: list[tuple[int, int]] = []
    last = -1  # index of the last speech verb with no quote since, in this sentence
    sent = _sentence_ids(text, toks)
    for k, t in enumerate(toks):
        if k and sent[k] != sent[k - 1]:
            last = -1
        gap = text[toks[k - 1].end : t.start] if k else ""
        if _QUOTES.intersection(gap):
            last = -1
        if t.key not in verbs:
            continue
        after = text[t.end : t.end + 3].lstrip()
        if last >= 0 and gap.strip() == ":" and (after[:1] == ":" or after[:1] in _QUOTES):
            out.append((last, k))
            last = -1
            continue
        last = k
    return out


def restated_subjects(
    text: str, toks: Sequence[Token], phrases: Sequence[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """(first start, repeat start, length) of a phrase repeated right after a speech verb in the same sentence.

    ``وعندما سُئل متحدث باسم الكرملين … قال متحدث باسم الكرملين إن``: the subject is introduced twice.
    ``phrases`` are the repeated phrases of the text at any distance (``repeated_phrases(max_gap=...)``).
    """
    verbs = speech_verbs()
    if not phrases or not any(t.key in verbs for t in toks):
        return []
    sent = _sentence_ids(text, toks)
    return [(j, i, m) for j, i, m in phrases if i > j + m and toks[i - 1].key in verbs and sent[j] == sent[i]]
