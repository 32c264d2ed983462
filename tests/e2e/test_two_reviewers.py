"""Two reviewers on one pair in real Chromium: no lost edits (save, merge, split, bulk accept), undo/redo after a
reload, and checks that always describe the shown text (undo, cross-pair terminology)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.model import ReviewStatus
from tests.e2e.helpers import click, edit_box, goto_pair, idle, rerun, review_as, shown_pair, type_edit

pytestmark = pytest.mark.browser

EN = [
    "The World Anti-Doping Agency met on Monday in Paris.",
    "The World Anti-Doping Agency said the tests were clean.",
    "The weather was nice in the city on that day.",
    "Officials said the talks would continue next week in Geneva.",
    "The minister arrived on Monday.",
    "He met twelve officials at the ministry.",
]
AR = [
    "اجتمعت الوكالة العالمية لمكافحة المنشطات يوم الاثنين في باريس.",
    "قالت وكالة العالم لمكافحة المنشطات إن الاختبارات كانت نظيفة.",
    "كان الطقس جميلا في المدينة في ذلك اليوم.",
    "قال المسؤولون إن المحادثات ستستمر الأسبوع المقبل في جنيف.",
    "وصل الوزير يوم الاثنين.",
    "التقى باثني عشر مسؤولا في الوزارة.",
]
A_NAME, B_NAME = "Layla", "Sami"


@pytest.fixture
def run(store_path: Path, app_url: str) -> Iterator[tuple[object, str]]:
    """A fresh project (the newest, so both reviewers open it) with one run; p3+p4 pre-merged for a split."""
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest.base import Piece, build_document
    from aligner.model import Bitext, Layout
    from aligner.pipeline import process
    from aligner.store import open_store

    config = Config(encoder="hashing")
    src = build_document("en", [Piece(t, "line") for t in EN], name="two.tsv")
    tgt = build_document("ar", [Piece(t, "line") for t in AR], name="two.tsv")
    result = process(Bitext("two", src, tgt, Layout.PARALLEL), encoder=load_encoder("hashing"), config=config)
    store = open_store(str(store_path))
    run_id = store.save_run(store.create_project("two reviewers", config=config.as_dict()), result, name="two")
    store.merge_with_next(run_id, "p3", reviewer="setup")  # -> "p3+p4", two sentences a side
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
    """Wait (generously: the machine is loaded) until the store has the pair in ``status``."""
    deadline = time.monotonic() + 60
    while _state(run, pair_id).status is not status:
        assert time.monotonic() < deadline, f"{pair_id} is {_state(run, pair_id).status}, not {status}"
        time.sleep(0.2)


def _card(page) -> str:
    return page.locator("div.pair").first.inner_text()


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
    a.get_by_label("Comment").fill("check the week")
    a.get_by_label("Comment").press("Tab")
    idle(a)
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
    assert "Phrase repeated" not in _card(a)
    repeated = AR[2].rstrip(".") + " " + AR[2]
    type_edit(a, repeated)
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    assert "Phrase repeated" in _card(a) and a.locator("div.pair mark.cat-duplication").count() >= 1
    click(a, "Undo")
    a.get_by_text("your last change undone").wait_for()
    card = _card(a)
    assert AR[2] in card and repeated not in card and "Phrase repeated" not in card
    assert a.locator("div.pair mark.cat-duplication").count() == 0
    click(a, "Redo")
    assert "Phrase repeated" in _card(a)


def test_english_edit_is_checked_undone_and_conflicts_between_reviewers(two, run) -> None:
    a, b = two
    goto_pair(a, "p5")
    goto_pair(b, "p5")
    assert "figure" not in _card(a)  # twelve / اثني عشر agree
    mine = EN[5].replace("twelve", "twelve senior")
    type_edit(b, mine, "en")  # B types in the English box and does not save yet
    theirs = EN[5].replace("twelve", "40")  # a source typo A "fixes" into a mismatch
    type_edit(a, theirs, "en")
    click(a, "Save English edit and re-check")
    a.get_by_text("English edit saved and re-checked").wait_for()
    assert "figure 40 in the source" in _card(a) and theirs in _card(a)
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
    card = _card(a)
    assert EN[5] in card and "figure" not in card and _state(run, "p5").edited_src is None
    assert edit_box(a, "en").input_value() == EN[5]


def test_fixing_a_term_clears_the_flag_on_the_other_pair(two, run) -> None:
    a, _ = two
    assert "Term rendered inconsistently" in _card(a)  # p0 holds the correct rendering
    goto_pair(a, "p1")
    type_edit(a, AR[1].replace("وكالة العالم", "الوكالة العالمية"))
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    assert "Term rendered inconsistently" not in _card(a)
    click(a, "◀ Previous")
    a.wait_for_function("() => document.querySelector('div.pair')?.dataset.pair === 'p0'")
    assert shown_pair(a) == "p0" and "Term rendered inconsistently" not in _card(a)


def test_dismissal_survives_a_recheck_of_the_same_text(two, run) -> None:
    a, _ = two
    assert "Term rendered inconsistently" in _card(a)
    a.get_by_label("Reason for a dismissal (optional)").fill("both renderings are in use")
    a.get_by_label("Reason for a dismissal (optional)").press("Tab")
    idle(a)
    a.locator(".st-key-dismiss_p0_0 button").first.click()
    idle(a)
    a.get_by_text("dismissed as a false positive").first.wait_for()
    assert "Term rendered inconsistently" not in _card(a)
    store, run_id = run
    (v,) = store.verdicts(run_id, "p0")
    assert (v.kind, v.reason, v.reviewer) == ("dismiss", "both renderings are in use", A_NAME)
    type_edit(a, AR[0] + " نص")
    click(a, "Save edit and re-check")
    a.get_by_text("edit saved and re-checked").wait_for()
    click(a, "Undo")  # the same text again: re-checked, the same issue, still dismissed
    a.get_by_text("your last change undone").wait_for()
    assert "Term rendered inconsistently" not in _card(a)
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
