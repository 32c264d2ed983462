"""Data model invariants: span validation, frozen records, Signature format."""

from __future__ import annotations

import dataclasses

import pytest

from aligner.model import AlignedPair, Category, Document, Issue, Severity, Side, Signature, Span, Unit


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2)])
def test_span_rejects_invalid_offsets(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        Span(start, end)


def test_span_slice_and_shift() -> None:
    span = Span(2, 5)
    assert span.slice("abcdefg") == "cde"
    assert span.shift(3) == Span(5, 8)
    assert len(span) == 3


def test_document_rejects_units_outside_text() -> None:
    with pytest.raises(ValueError, match="outside document"):
        Document(id="d", lang="en", text="abc", units=(Unit(Span(0, 4)),))


def test_records_are_frozen_and_mappings_read_only() -> None:
    issue = Issue("p0", "numbers", Category.NUMBER, Severity.MAJOR, "m", Side.TARGET, Span(0, 1), {"a": 1})
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.message = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        issue.evidence["b"] = 2  # type: ignore[index]


def test_pair_kind() -> None:
    assert AlignedPair("p0", (0, 1), (), "a b", "").kind == "2-0"


def test_signature_format_is_stable() -> None:
    sig = Signature("0.1.0", "rules.v1", "use-m3.v1", "dp.v1(max=2)", ("numbers.v1", "duplication.v1"), "mqm.v1")
    assert sig.format() == (
        "seg:rules.v1|enc:use-m3.v1|align:dp.v1(max=2)|checks:numbers.v1+duplication.v1|score:mqm.v1|v:0.1.0"
    )
    assert sig.as_dict()["signature"] == sig.format()
