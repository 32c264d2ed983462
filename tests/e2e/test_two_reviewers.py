"""Two reviewers on one pair in real Chromium: no lost edits (save, merge, split, bulk accept), undo/redo after a
reload, and checks that always describe the shown text (undo, cross-pair terminology)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.model import ReviewStatus
from tests.e2e.helpers import (
    AR,
    EN,
    card,
    click,
    edit_box,
    goto_pair,
    idle,
    rerun,
    review_as,
    seed_run,
    shown_pair,
    type_edit,
    type_into,
    wait_until,
)

pytestmark = pytest.mark.browser

A_NAME, B_NAME = "Layla", "Sami"


@pytest.fixture
def run(store_path: Path, app_url: str) -> Iterator[tuple[object, str]]:
    """A fresh project (the newest, so both reviewers open it) with one run; p3+p4 pre-merged for a split."""
    store, run_id = seed_run(store_path, "two reviewers")
    yield store, run_id
    store.close()


@pytest.fixture
def two(browser, app_url: str, run, tmp_path: Path, request: pytest.FixtureRequest):
    pages = [review_as(browser, app_url, A_NAME), review_as(browser, app_url, B_NAME)]
    yield pages
    for k, p in enumerate(pages):
        p.screenshot(path=str(tmp_path / f"{request.node.name}-{k}.png"))  # post-mortems, outside the tree
        p.context.close()


def _state(run, pair_id: str):
    store, run_id = run
    return store.pair_states(run_id)[pair_id]


def _status_becomes(run, pair_id: str, status: ReviewStatus) -> None:
    wait_until(lambda: _state(run, pair_id).status is status, f"{pair_id} to be {status}")


def test_save_under_a_dirty_box_is_a_conflict_and_keeps_text(two, run) -> None:
    a, b = two
    goto_pair(a, "p2")
    goto_pair(b, "p2")
    mine = "كان الجو لطيفا في المدينة ذلك اليوم."
    type_edit(b, mine)
    theirs = "كان الطقس جميلا جدا في المدينة في ذلك اليوم."
    type_edit(a, theirs)
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    rerun(b)  # any rerun on B's page (a toggle, a click elsewhere) must keep B's text
    assert edit_box(b).input_value() == mine
    b.get_by_text("Someone else saved a newer version").first.wait_for()
    click(b, "Save edit and re-check")
    b.get_by_text("Not saved").first.wait_for()
    assert edit_box(b).input_value() == mine
    state = _state(run, "p2")
    assert (state.edited_text, state.reviewer) == (theirs, A_NAME)  # A's text is not recorded under B's name
    click(b, "Keep my text")
    click(b, "Save edit and re-check")
    b.get_by_text("edit saved and re-checked").wait_for()
    state = _state(run, "p2")
    assert (state.edited_text, state.reviewer) == (mine, B_NAME)


def test_stale_merge_is_refused(two, run) -> None:
    a, b = two
    assert shown_pair(b) == "p0"
    goto_pair(a, "p1")
    click(a, "Reject")
    _status_becomes(run, "p1", ReviewStatus.REJECTED)
    click(b, "Merge with next")  # B saw p1 pending
    b.get_by_text("Not done").first.wait_for()
    store, run_id = run
    assert "p1" in store.pair_states(run_id) and _state(run, "p1").status is ReviewStatus.REJECTED


def test_stale_split_keeps_the_edit_and_comment(two, run) -> None:
    a, b = two
    goto_pair(a, "p3+p4")
    goto_pair(b, "p3+p4")
    type_edit(a, "قال المسؤولون إن المحادثات ستستمر. وصل الوزير.")
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    type_into(a, a.get_by_label("Comment"), "check the week")
    click(a, "Save comment")
    a.get_by_text("comment saved").wait_for()
    click(b, "Split")
    b.get_by_text("Not done").first.wait_for()
    state = _state(run, "p3+p4")
    assert state.edited_text == "قال المسؤولون إن المحادثات ستستمر. وصل الوزير." and state.comment == "check the week"


def test_bulk_accept_leaves_a_concurrently_rejected_pair(two, run) -> None:
    a, b = two
    for p in (a, b):
        p.get_by_text("Page of pairs").click()
        p.locator("div.pair").nth(2).wait_for()
        idle(p)
    a.locator(".st-key-rej_p1 button").click()
    idle(a)
    _status_becomes(run, "p1", ReviewStatus.REJECTED)
    b.get_by_role("button", name="Accept the").click()
    idle(b)
    b.get_by_role("dialog").get_by_role("button", name="Accept them").click()  # bulk accept asks first
    idle(b)
    b.get_by_text("changed by someone else first").first.wait_for()
    _status_becomes(run, "p1", ReviewStatus.REJECTED)
    _status_becomes(run, "p0", ReviewStatus.ACCEPTED)


def test_undo_after_advance_and_reload_and_against_another_reviewer(two, run, browser, app_url: str) -> None:
    a, b = two
    click(a, "Accept")  # p0 accepted, the view advances to p1
    _status_becomes(run, "p0", ReviewStatus.ACCEPTED)
    a.wait_for_function("() => document.querySelector('div.pair')?.dataset.pair === 'p1'")
    a.context.close()
    a = review_as(browser, app_url, A_NAME)  # a reload is a new session: the plan comes from the review log
    two[0] = a
    click(a, "Undo")
    _status_becomes(run, "p0", ReviewStatus.PENDING)
    click(a, "Redo")
    _status_becomes(run, "p0", ReviewStatus.ACCEPTED)
    rerun(b)
    click(b, "Reject")  # B now overrules A on p0
    _status_becomes(run, "p0", ReviewStatus.REJECTED)
    click(a, "Undo")  # A's last change was overwritten by B: refused, nothing lost
    a.get_by_text("Not done").first.wait_for()
    assert _state(run, "p0").status is ReviewStatus.REJECTED and _state(run, "p0").reviewer == B_NAME


def test_undo_restores_the_checks_of_the_shown_text(two, run) -> None:
    a, _ = two
    goto_pair(a, "p2")
    assert "Phrase repeated" not in card(a)
    repeated = AR[2].rstrip(".") + " " + AR[2]
    type_edit(a, repeated)
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    assert "Phrase repeated" in card(a) and a.locator("div.pair mark.cat-duplication").count() >= 1
    click(a, "Undo")
    a.get_by_text("your last change undone").wait_for()
    text = card(a)
    assert AR[2] in text and repeated not in text and "Phrase repeated" not in text
    assert a.locator("div.pair mark.cat-duplication").count() == 0
    click(a, "Redo")
    assert "Phrase repeated" in card(a)


def test_english_edit_is_checked_undone_and_conflicts_between_reviewers(two, run) -> None:
    a, b = two
    goto_pair(a, "p5")
    goto_pair(b, "p5")
    assert "figure" not in card(a)  # twelve / اثني عشر agree
    mine = EN[5].replace("twelve", "twelve senior")
    type_edit(b, mine, "en")  # B types in the English box and does not save yet
    theirs = EN[5].replace("twelve", "40")  # a source typo A "fixes" into a mismatch
    type_edit(a, theirs, "en")
    click(a, "Save English edit and re-check")
    a.get_by_text("English edit saved and re-checked").wait_for()
    assert "figure 40 in the source" in card(a) and theirs in card(a)
    state = _state(run, "p5")
    assert (state.edited_src, state.edited_text, state.reviewer) == (theirs, None, A_NAME)
    rerun(b)  # B's English box keeps B's text; A's version is a conflict, not a replacement
    assert edit_box(b, "en").input_value() == mine
    b.get_by_text("Someone else saved a newer version").first.wait_for()
    click(b, "Save English edit and re-check")
    b.get_by_text("Not saved").first.wait_for()
    assert _state(run, "p5").edited_src == theirs and edit_box(b, "en").input_value() == mine
    click(a, "Undo")
    a.get_by_text("your last change undone").wait_for()
    text = card(a)
    assert EN[5] in text and "figure" not in text and _state(run, "p5").edited_src is None
    assert edit_box(a, "en").input_value() == EN[5]


def test_fixing_a_term_clears_the_flag_on_the_other_pair(two, run) -> None:
    a, _ = two
    assert "Term rendered inconsistently" in card(a)  # p0 holds the correct rendering
    goto_pair(a, "p1")
    type_edit(a, AR[1].replace("وكالة العالم", "الوكالة العالمية"))
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    assert "Term rendered inconsistently" not in card(a)
    click(a, "◀ Previous")
    a.wait_for_function("() => document.querySelector('div.pair')?.dataset.pair === 'p0'")
    assert shown_pair(a) == "p0" and "Term rendered inconsistently" not in card(a)


def test_dismissal_survives_a_recheck_of_the_same_text(two, run) -> None:
    a, _ = two
    assert "Term rendered inconsistently" in card(a)
    type_into(a, a.get_by_label("Reason for a dismissal (optional)"), "both renderings are in use")
    a.locator(".st-key-dismiss_p0_0 button").first.click()
    idle(a)
    a.get_by_text("dismissed as a false positive").first.wait_for()
    assert "Term rendered inconsistently" not in card(a)
    store, run_id = run
    (v,) = store.verdicts(run_id, "p0")
    assert (v.kind, v.reason, v.reviewer) == ("dismiss", "both renderings are in use", A_NAME)
    type_edit(a, AR[0] + " نص")
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    click(a, "Undo")  # the same text again: re-checked, the same issue, still dismissed
    a.get_by_text("your last change undone").wait_for()
    assert "Term rendered inconsistently" not in card(a)
    a.get_by_text("dismissed by Layla").first.wait_for()


def test_reload_and_shared_link_open_the_same_pair(two, run, browser, app_url: str) -> None:
    a, b = two
    goto_pair(a, "p2")
    a.get_by_text("Only pairs with issues").click()
    idle(a)
    a.wait_for_url(re.compile(r"issues=1"))
    url, before = a.url, shown_pair(a)
    assert "pair=" in url
    a.reload()  # a new browser session of the same browser: still signed in; the URL's pair and filters come back
    a.locator("div.pair").first.wait_for()
    idle(a)
    assert a.locator(".st-key-f_issues_only input").is_checked() and shown_pair(a) == before
    b.goto(url)  # a shared link, opened by another reviewer (signed in in their own browser)
    b.locator("div.pair").first.wait_for()
    idle(b)
    assert shown_pair(b) == shown_pair(a)


def test_layout_stays_put_and_the_edit_box_fits_the_arabic(two, run) -> None:
    a, _ = two
    accept = a.locator(".st-key-accept button").first
    before = accept.bounding_box()
    click(a, "Accept")  # a toast, not an alert above the pair: nothing moves
    a.get_by_text("p0: accepted").first.wait_for()
    after = a.locator(".st-key-accept button").first.bounding_box()
    assert before is not None and after is not None
    assert abs(before["y"] - after["y"]) < 2 and abs(before["x"] - after["x"]) < 2
    box = edit_box(a)
    short = box.bounding_box()["height"]
    box.fill(" ".join([AR[1]] * 8))
    a.wait_for_timeout(500)
    assert box.bounding_box()["height"] > short  # the box grows with the Arabic
    assert a.locator('[class*="st-key-edit_ar"] [data-testid="InputInstructions"]').evaluate_all(
        "els => els.every(e => getComputedStyle(e).display === 'none')"
    )  # no "Press Ctrl+Enter" hint over the text
    assert a.get_by_role("button", name="Deploy").count() == 0  # no developer chrome for reviewers
    assert a.locator('div.pair ul.issues bdi.msg bdi[dir="rtl"]').count() >= 2  # Arabic quotes isolated
