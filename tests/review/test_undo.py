"""Undo/redo plans come from the review log: the reviewer's last action wherever it was, surviving a reload."""

from __future__ import annotations

from aligner.model import ReviewStatus
from aligner.review.undo import Plan, Step, plan
from aligner.store import MemoryStore

A, R = ReviewStatus.ACCEPTED, ReviewStatus.REJECTED


def test_plan_follows_the_last_action_across_pairs(store_run) -> None:
    store, run = store_run
    assert plan(store.reviewer_events(run, "a")) == Plan()
    store.record_review(run, "p0", status=A, reviewer="a", expected_version=0)
    store.record_review(run, "p1", status=R, reviewer="a", expected_version=0)  # after auto-advance
    store.record_review(run, "p3", status=A, reviewer="b", expected_version=0)  # someone else's
    assert plan(store.reviewer_events(run, "a")) == Plan(Step("p1", 1, "review"))
    store.undo(run, "p1", reviewer="a", expected_version=1)
    p = plan(store.reviewer_events(run, "a"))
    assert p == Plan(Step("p0", 1, "review"), Step("p1", 2, "undo"))
    store.undo(run, "p0", reviewer="a", expected_version=1)
    p = plan(store.reviewer_events(run, "a"))
    assert p.undo is None and p.redo == Step("p0", 2, "undo")
    store.redo(run, "p0", reviewer="a", expected_version=2)
    p = plan(store.reviewer_events(run, "a"))
    assert p.undo == Step("p0", 3, "redo") and p.redo == Step("p1", 2, "undo")
    store.record_review(run, "p2", status=A, reviewer="a", expected_version=0)
    assert plan(store.reviewer_events(run, "a")).redo is None  # a new action clears redo


def test_merge_as_last_action_leaves_nothing_to_undo() -> None:
    from tests.store.factory import make_result

    store = MemoryStore()
    run = store.save_run(store.create_project("p"), make_result())
    store.record_review(run, "p0", status=A, reviewer="a", expected_version=0)
    store.merge_with_next(run, "p1", reviewer="a")
    assert plan(store.reviewer_events(run, "a")) == Plan()
