"""Segmenter ABC: split a Document into sentence Segments by offsets, never across a Unit boundary."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import ClassVar

from aligner.model import Document, Segment, Span, Unit

# Characters trimmed from both ends of a segment: Unicode whitespace (as str.isspace) plus invisible format marks
# that scraped Arabic often carries at line edges (ZWSP..RLM, bidi embeddings/isolates, BOM).
_EDGE = r"\s\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_CONTENT = re.compile(rf"[^{_EDGE}](?:.*[^{_EDGE}])?", re.DOTALL)

# Every line-break character known to str.splitlines(); a line break always ends a segment.
LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def trim_span(text: str, start: int, end: int) -> Span | None:
    """Return ``[start, end)`` with edge whitespace/format marks removed, or None if nothing visible is left."""
    m = _CONTENT.search(text, start, end)
    return Span(m.start(), m.end()) if m else None


class Segmenter(ABC):
    """Split documents into sentence segments; offsets always index into ``doc.text``."""

    name: ClassVar[str]
    version: ClassVar[int] = 1

    def signature(self) -> str:
        """Return e.g. ``rules.v1``."""
        return f"{self.name}.v{self.version}"

    @abstractmethod
    def split_text(self, text: str, lang: str) -> list[Span]:
        """Return the trimmed, non-empty, ordered, non-overlapping sentence spans of ``text``."""

    def split(self, doc: Document) -> list[Segment]:
        """Split ``doc`` unit by unit (the whole text is one unit when ``doc.units`` is empty)."""
        text = doc.text
        units = doc.units or (Unit(Span(0, len(text))),)
        segments: list[Segment] = []
        for u, unit in enumerate(units):
            offset = unit.span.start
            for local in self.split_text(unit.span.slice(text), doc.lang):
                span = local.shift(offset)
                segments.append(
                    Segment(doc_id=doc.id, index=len(segments), span=span, text=text[span.start : span.end], unit=u)
                )
        return segments
