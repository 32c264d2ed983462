"""Clause splitting with offsets (English and Arabic), for the omission check and error injection."""

from __future__ import annotations

import re

from aligner.model import Span

# Boundaries: , ; : – — and the conjunctions/relatives that open a new clause.
_EN_BOUNDARY = re.compile(
    r"\s*[,;:]\s+|\s+[–—-]\s+|\s+(?=(?:and|but|which|while|whereas|although|though|because|after|before|as well as)\s)",
    re.I,
)
_AR_BOUNDARY = re.compile(r"\s*[،,;؛:]\s*|\s+[–—-]\s+|\s+(?=(?:حيث|بينما|لكن|ولكن|والتي|الذي|التي|إذ|بعد أن|كما)\s)")


def split_clauses(text: str, lang: str = "en", *, min_words: int = 3) -> list[Span]:
    """Clause spans of ``text`` (boundaries at punctuation and clause-opening words; short pieces merged)."""
    pattern = _AR_BOUNDARY if lang.split("-")[0] in {"ar", "fa", "ur"} else _EN_BOUNDARY
    pieces: list[Span] = []
    start = 0
    for m in pattern.finditer(text):
        if m.start() > start:
            pieces.append(Span(start, m.start()))
        start = m.end()
    if start < len(text):
        pieces.append(Span(start, len(text)))
    pieces = [_trim(text, p) for p in pieces if text[p.start : p.end].strip()]
    merged: list[Span] = []
    for p in pieces:
        if merged and (_words(text, merged[-1]) < min_words or _words(text, p) < min_words):
            merged[-1] = Span(merged[-1].start, p.end)
        else:
            merged.append(p)
    if len(merged) > 1 and _words(text, merged[-1]) < min_words:
        last = merged.pop()
        merged[-1] = Span(merged[-1].start, last.end)
    return merged


def _words(text: str, span: Span) -> int:
    return len(span.slice(text).split())


def _trim(text: str, span: Span) -> Span:
    piece = span.slice(text)
    lead = len(piece) - len(piece.lstrip(" \t\n\"'“”«»"))
    trail = len(piece) - len(piece.rstrip(" \t\n.!?؟\"'“”«»"))
    return Span(span.start + lead, max(span.start + lead, span.end - trail))
