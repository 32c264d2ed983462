"""Verdicts on issues: dismissals survive re-checks of the same text, not an edited one; added issues; severity."""

from __future__ import annotations

import pytest

from aligner.model import Category, ReviewStatus, Severity, Side, Span
from aligner.review.recheck import refresh_checks, shown_pairs
from aligner.review.verdicts import (
    CONFIRMED,
    DISMISSED,
    OPEN,
    added_issue,
    find_span,
    in_force,
    issue_key,
    judge,
    verdict,
)
from aligner.store import StoreError
from tests.review.conftest import AR, CONFIG


def _judged(store, run: str, pair_id: str):
    result, states = store.load_run(run), store.pair_states(run)
    pair = next(p for p in shown_pairs(result, states) if p.id == pair_id)
    return judge(result.issues_for(pair_id), store.verdicts(run, pair_id), pair.src_text, pair.tgt_text), pair


def test_dismissal_survives_a_recheck_of_the_same_text_only(store_run, encoder) -> None:
    store, run = store_run
    (term, *_), pair = _judged(store, run, "p0")
    assert term.issue.check == "terminology" and term.state == OPEN
    store.record_verdict(verdict(run, "p0", term.key, "dismiss", "a", reason="  both renderings are fine "))
    (j, *_), _ = _judged(store, run, "p0")
    assert (j.state, j.reason, j.by) == (DISMISSED, "both renderings are fine", "a")
    assert in_force([j]) == []
    original = pair.tgt_text
    store.record_review(run, "p0", status=ReviewStatus.EDITED, reviewer="a", expected_version=0, edited_text="نص")
    refresh_checks(store, run, ["p0"], config=CONFIG, encoder=encoder)
    store.undo(run, "p0", reviewer="a", expected_version=1)
    refresh_checks(store, run, ["p0"], config=CONFIG, encoder=encoder)  # the same text again: same issue, same key
    judged, pair = _judged(store, run, "p0")
    assert pair.tgt_text == original and judged[0].state == DISMISSED
    store.record_review(
        run, "p0", status=ReviewStatus.EDITED, reviewer="a", expected_version=2, edited_text=original + " "
    )
    refresh_checks(store, run, ["p0"], config=CONFIG, encoder=encoder)
    judged, _ = _judged(store, run, "p0")
    assert all(j.state == OPEN for j in judged)  # another text: the verdict does not carry over


def test_confirm_reopen_and_severity(store_run) -> None:
    store, run = store_run
    (term, *_), _ = _judged(store, run, "p1")
    store.record_verdict(verdict(run, "p1", term.key, "confirm", "b"))
    store.record_verdict(verdict(run, "p1", term.key, "severity", "b", severity=Severity.CRITICAL))
    (j, *_), _ = _judged(store, run, "p1")
    assert j.state == CONFIRMED and j.issue.severity is Severity.CRITICAL and j.checked_severity is Severity.MINOR
    store.record_verdict(verdict(run, "p1", term.key, "reopen", "b"))
    assert _judged(store, run, "p1")[0][0].state == OPEN


def test_reviewer_adds_and_retracts_an_issue(store_run) -> None:
    store, run = store_run
    _, pair = _judged(store, run, "p3")
    span = find_span(pair.tgt_text, " الأسبوع المقبل ")
    assert span is not None and span.slice(pair.tgt_text) == "الأسبوع المقبل"
    issue = added_issue("p3", Side.TARGET, span, Category.TERMINOLOGY, Severity.MAJOR, "", pair.tgt_text)
    key = issue_key(issue, pair.src_text, pair.tgt_text)
    store.record_verdict(verdict(run, "p3", key, "add", "a", issue=issue))
    judged, _ = _judged(store, run, "p3")
    (mine,) = [j for j in judged if j.added]
    assert mine.issue.category is Category.TERMINOLOGY and mine.issue.span == span and mine.by == "a"
    assert "terminology" in mine.issue.message
    store.record_verdict(verdict(run, "p3", key, "retract", "a"))
    assert not [j for j in _judged(store, run, "p3")[0] if j.added]
    with pytest.raises(ValueError, match="not inside"):
        added_issue("p3", Side.TARGET, Span(0, 999), Category.OTHER, Severity.MINOR, "", pair.tgt_text)
    assert find_span(AR[3], "غير موجود") is None


def test_bad_verdicts_are_refused(store_run) -> None:
    store, run = store_run
    with pytest.raises(StoreError, match="unknown verdict"):
        store.record_verdict(verdict(run, "p0", "k", "like", "a"))
    with pytest.raises(StoreError, match="severity"):
        store.record_verdict(verdict(run, "p0", "k", "severity", "a"))
    with pytest.raises(StoreError, match="reviewer"):
        store.record_verdict(verdict(run, "p0", "k", "dismiss", " "))
