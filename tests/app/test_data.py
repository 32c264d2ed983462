from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aligner.model import AlignedPair, AlignmentResult, Category, Document, Issue, QualityScore, ReviewStatus, Severity
from aligner.review.notes import review_map
from aligner.review.recheck import shown_pair
from aligner.store.base import PairState
from aligner.ui.data import (
    PairFilter,
    clamp,
    filter_pairs,
    review_progress,
    states_token,
    status_counts,
)


def _result() -> AlignmentResult:
    pairs = tuple(AlignedPair(f"p{i}", (i,), (i,), f"en {i}", f"ar {i}") for i in range(4))
    issues = (
        Issue("p1", "numbers", Category.NUMBER, Severity.MAJOR, "number"),
        Issue("p2", "duplication", Category.DUPLICATION, Severity.MINOR, "dup"),
        Issue("p2", "numbers", Category.NUMBER, Severity.MAJOR, "number"),
    )
    scores = {"p0": QualityScore(100.0), "p1": QualityScore(40.0), "p2": QualityScore(70.0)}  # p3 unscored
    doc = Document("d", "en", "x")
    return AlignmentResult(doc, doc, (), (), pairs, issues, scores)


STATES = {
    "p1": PairState("p1", ReviewStatus.ACCEPTED, version=1, reviewer="a", updated_at=datetime.now(UTC)),
    "p2": PairState("p2", ReviewStatus.EDITED, edited_text="ar edited", version=2),
}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (PairFilter(), [0, 1, 2, 3]),
        (PairFilter(min_score=50), [0, 2, 3]),
        (PairFilter(max_score=50), [1, 3]),
        (PairFilter(categories=frozenset({"duplication"})), [2]),
        (PairFilter(categories=frozenset({"number"})), [1, 2]),
        (PairFilter(statuses=frozenset({"pending"})), [0, 3]),
        (PairFilter(statuses=frozenset({"accepted", "edited"})), [1, 2]),
        (PairFilter(issues_only=True), [1, 2]),
        (PairFilter(min_score=60, categories=frozenset({"number"})), [2]),
    ],
)
def test_filter_pairs(flt: PairFilter, expected: list[int]) -> None:
    assert filter_pairs(_result(), STATES, flt) == expected


def test_progress_counts_and_texts() -> None:
    result = _result()
    ids = [p.id for p in result.pairs]
    assert review_progress(STATES, ids) == (2, 4)
    assert status_counts(STATES, ids) == {"pending": 2, "accepted": 1, "rejected": 0, "edited": 1}
    assert shown_pair(result.pairs[2], STATES["p2"]).tgt_text == "ar edited"
    assert shown_pair(result.pairs[0], PairState("p0")).tgt_text == "ar 0"
    english = shown_pair(result.pairs[0], PairState("p0", ReviewStatus.EDITED, edited_src="en fixed"))
    assert (english.src_text, english.tgt_text, english.origin) == ("en fixed", "ar 0", "manual")
    assert review_map(STATES) == {"p1": ("accepted", None, None, ""), "p2": ("edited", "ar edited", None, "")}
    assert review_map(STATES, {"p1": "comment: x"})["p1"] == ("accepted", None, None, "comment: x")


def test_states_token_changes_with_versions() -> None:
    token = states_token(STATES)
    assert token == states_token(dict(STATES))
    bumped = {**STATES, "p1": PairState("p1", ReviewStatus.REJECTED, version=2)}
    assert states_token(bumped) != token


@pytest.mark.parametrize(("pos", "n", "expected"), [(-1, 5, 0), (3, 5, 3), (9, 5, 4), (2, 0, 0)])
def test_clamp(pos: int, n: int, expected: int) -> None:
    assert clamp(pos, n) == expected


def test_find_pair_and_next_matching() -> None:
    from aligner.ui.data import find_pair, next_matching

    ids = ["p0", "p1", "7", "p3"]
    assert find_pair("p1", ids) == 1 and find_pair(" 2 ", ids) == 1 and find_pair("7", ids) == 2
    assert find_pair("9", ids) is None and find_pair("", ids) is None and find_pair("px", ids) is None
    result = _result()  # issues on p1, p2; p1 accepted, p2 edited
    assert next_matching(result, STATES, 0, pending=True) == 3
    assert next_matching(result, STATES, 0) == 1 and next_matching(result, STATES, 2) is None


def test_focus_position_keeps_the_pair_in_view() -> None:
    from aligner.ui.data import focus_position

    index_of = {"p0": 0, "p1": 1, "p2": 2, "p3": 3}
    assert focus_position([0, 2, 3], index_of, "p2", 0) == 1
    assert focus_position([0, 2, 3], index_of, "p1", 0) == 1  # hidden by the filter: the next one shown
    assert focus_position([0, 2], index_of, "p3", 0) == 1  # past the end: the last one
    assert focus_position([0, 2, 3], index_of, None, 2) == 2 and focus_position([], index_of, "p1", 0) == 0
