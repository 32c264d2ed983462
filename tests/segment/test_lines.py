from __future__ import annotations

import pytest

from aligner.model import Document, Span, Unit
from aligner.segment import LineSegmenter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.\nThree", ["One. Two.", "Three"]),
        ("  padded line  \n\n\n second\r\nthird\u2028fourth", ["padded line", "second", "third", "fourth"]),
        ("سطر أول؟ نعم.\nسطر ثانٍ", ["سطر أول؟ نعم.", "سطر ثانٍ"]),
        ("", []),
        ("\n \n\t\n", []),
    ],
)
def test_one_segment_per_nonempty_line(text: str, expected: list[str]) -> None:
    assert [sp.slice(text) for sp in LineSegmenter().split_text(text, "en")] == expected


def test_split_document_with_units() -> None:
    text = "a\nb c\n\nd"
    doc = Document(id="x", lang="en", text=text, units=(Unit(Span(0, 5)), Unit(Span(5, len(text)))))
    segs = LineSegmenter().split(doc)
    assert [(s.index, s.unit, s.text) for s in segs] == [(0, 0, "a"), (1, 0, "b c"), (2, 1, "d")]
    assert all(text[s.span.start : s.span.end] == s.text for s in segs)
