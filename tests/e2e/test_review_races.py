"""Review under races in real Chromium: text typed while a save's re-check runs is kept, the page view's editor
stays open after a save, and "next pending" / "next with issues" go where the store says at click time."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.model import ReviewStatus
from aligner.store.base import PairState
from tests.e2e.helpers import (
    AR,
    EN,
    click,
    edit_box,
    go,
    goto_pair,
    idle,
    page_view,
    shown_pair,
    sign_in,
    type_edit,
    wait_until,
)

pytestmark = pytest.mark.browser
NAME = "Rania"


class Held:
    """The app's WebSocket with the server's messages held back on demand: a slow rerun, made deterministic."""

    def __init__(self) -> None:
        self.on, self.queue, self.socket = False, [], None

    def route(self, socket) -> None:
        server = socket.connect_to_server()
        self.socket = socket
        server.on_message(lambda msg: self.queue.append(msg) if self.on else socket.send(msg))
        socket.on_message(server.send)

    def until(self, page, predicate, timeout: float = 60) -> None:
        """Wait for ``predicate`` while Playwright keeps relaying (a plain sleep would stop the relay)."""
        for _ in range(int(timeout / 0.2)):
            if predicate():
                return
            page.wait_for_timeout(200)
        raise AssertionError("timed out")

    def quiet(self, page, seconds: float = 1.5) -> None:
        """Wait until the server has sent nothing for ``seconds`` (its script run is over)."""
        while True:
            n = len(self.queue)
            page.wait_for_timeout(seconds * 1000)
            if len(self.queue) == n:
                return

    def release(self) -> None:
        """Let the held messages through, in order."""
        self.on, queue, self.queue = False, self.queue, []
        for msg in queue:
            self.socket.send(msg)


@pytest.fixture
def held(browser, app_url: str, run, tmp_path: Path, request: pytest.FixtureRequest):
    """A reviewer on the Review page whose server messages can be held back (see Held)."""
    hold = Held()
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    context.route_web_socket("**/_stcore/stream", hold.route)
    page = context.new_page()
    page.set_default_timeout(60_000)
    sign_in(page, app_url, NAME)
    go(page, "Review")
    page.locator("div.pair").first.wait_for()
    idle(page)
    yield page, hold
    page.screenshot(path=str(tmp_path / f"{request.node.name}.png"))  # post-mortems, outside the tree
    context.close()


def test_text_typed_while_a_save_reruns_is_kept(held, run) -> None:
    """The reviewer types (and commits) into the pair's other boxes after the save's run ended on the server but
    before its page reached the browser: the late page must not put the old text back."""
    page, hold = held
    store, run_id = run
    goto_pair(page, "p2")
    arabic = "كان الطقس جميلا في المدينة."
    english = EN[2].replace("nice", "lovely")
    for box, typed in ((edit_box(page, "en"), english), (page.get_by_label("Comment"), "typed during a save")):
        type_edit(page, arabic)
        version = store.pair_states(run_id).get("p2", PairState("p2")).version
        hold.on = True
        page.locator(".st-key-save_edit button").first.click()
        hold.until(page, lambda v=version: store.pair_states(run_id)["p2"].version > v)  # the save is stored
        hold.quiet(page)  # the save's run is over on the server; the browser has not seen it yet
        box.fill(typed)
        box.press("Tab")  # committed: the server reruns with it
        hold.quiet(page)
        hold.release()
        idle(page)
        assert box.input_value() == typed
        arabic += " ."  # the next round saves a new Arabic text
    click(page, "Save English edit and re-check")
    click(page, "Save comment")
    wait_until(lambda: store.pair_states(run_id)["p2"].comment == "typed during a save", "p2's comment")
    state = store.pair_states(run_id)["p2"]
    assert (state.edited_src, state.reviewer) == (english, NAME)


def test_page_view_editor_stays_open_after_a_save(rev, run) -> None:
    store, run_id = run
    page_view(rev)
    rev.get_by_text("Edit / comment").nth(2).click()  # p2's editor
    idle(rev)
    box = rev.locator('[class*="st-key-edit_ar_"][class*="_p2"] textarea').first
    arabic = "كان الطقس جميلا جدا في المدينة."
    box.fill(arabic)
    box.press("Tab")
    idle(rev)
    rev.locator(".st-key-save_edit_p2 button").click()
    idle(rev)
    wait_until(lambda: store.pair_states(run_id)["p2"].edited_text == arabic, "p2's edit")
    rev.get_by_text("edit saved and re-checked").first.wait_for()
    assert box.is_visible()  # the expander is still open on the same pair
    state = store.pair_states(run_id)["p2"]
    store.record_review(  # another reviewer saves first: the next save is refused with a message on top
        run_id, "p2", status=ReviewStatus.EDITED, reviewer="Sami", expected_version=state.version,
        edited_text="كان الطقس لطيفا في المدينة.",
    )  # fmt: skip
    mine = "كان الطقس جميلا جدا في المدينة اليوم."
    box.fill(mine)
    box.press("Tab")
    idle(rev)
    rev.locator(".st-key-save_edit_p2 button").click()
    idle(rev)
    rev.get_by_text("Not saved").first.wait_for()
    assert box.is_visible() and box.input_value() == mine  # still open, the reviewer's text in it
    assert rev.locator(".st-key-save_comment_p2 button").is_visible()
    rev.get_by_text("One pair", exact=True).click()  # the saved pair is the one in focus
    idle(rev)
    assert shown_pair(rev) == "p2"


def test_next_pending_and_next_issue_are_computed_at_click_time(rev, run) -> None:
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.review.recheck import refresh_checks

    store, run_id = run
    assert shown_pair(rev) == "p0"
    store.record_review(run_id, "p1", status=ReviewStatus.ACCEPTED, reviewer="Sami", expected_version=0)
    click(rev, "Next pending")  # drawn when p1 was pending; p1 is settled now
    wait_until(lambda: shown_pair(rev) != "p0", "the view to move")
    assert shown_pair(rev) == "p2"
    jump = rev.get_by_label("Go to pair (id or number)")
    jump.fill("p0")
    jump.press("Enter")
    wait_until(lambda: shown_pair(rev) == "p0", "p0 in view")
    idle(rev)
    # another reviewer fixes the term on p1: the cross-pair flag on p0 and p1 goes (no pair after p0 has issues)
    store.record_review(
        run_id,
        "p1",
        status=ReviewStatus.EDITED,
        reviewer="Sami",
        expected_version=1,
        edited_text=AR[1].replace("وكالة العالم", "الوكالة العالمية"),
    )
    refresh_checks(store, run_id, ["p1"], config=Config(encoder="hashing"), encoder=load_encoder("hashing"))
    assert not store.load_run(run_id).issues_for("p1")
    click(rev, "Next with issues")
    rev.get_by_text("No pair with issues after p0").first.wait_for()
    assert shown_pair(rev) == "p0"
