"""Deep links round-trip and ignore junk."""

from __future__ import annotations

from aligner.review.links import Link, from_params, to_params


def test_round_trip_and_short_defaults() -> None:
    link = Link("proj", "run1", "p3+p4", 20.0, 80.5, ("terminology",), ("pending",), True, "page")
    params = to_params(link)
    assert params == {
        "project": "proj",
        "run": "run1",
        "pair": "p3+p4",
        "score": "20-80.5",
        "cat": "terminology",
        "status": "pending",
        "issues": "1",
        "view": "page",
    }
    assert from_params(params) == link
    assert to_params(Link()) == {}


def test_junk_is_ignored() -> None:
    link = from_params({"score": "90-10", "cat": "nope,number", "status": "x", "view": "grid", "issues": "yes"})
    assert link == Link(categories=("number",))
    assert from_params({"score": "a-b"}).min_score == 0.0
