"""LineSegmenter: one segment per non-empty line, for pre-split (one sentence a line) input."""

from __future__ import annotations

from typing import ClassVar

from aligner.model import Span
from aligner.segment.base import LINE, Segmenter, trim_span


class LineSegmenter(Segmenter):
    """One segment per non-empty line; lines are trimmed, blank lines skipped."""

    name: ClassVar[str] = "lines"
    version: ClassVar[int] = 1

    def split_text(self, text: str, lang: str) -> list[Span]:
        """Return one trimmed span per line holding visible text (``lang`` is ignored)."""
        spans = (trim_span(text, m.start(), m.end()) for m in LINE.finditer(text))
        return [s for s in spans if s is not None]
