"""Helpers for the browser tests: sign in, wait for the app to be idle, upload, open a page, seed a run."""

from __future__ import annotations

import time
from pathlib import Path

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


def seed_run(store_path: Path, project: str, *, merge: str | None = "p3"):
    """Align EN/AR into a fresh project (the newest, so a reviewer opens it); return (store, run id).

    ``merge``: a pair merged with the next one first (``"p3"`` -> ``"p3+p4"``, two sentences a side, for a split).
    """
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest.base import Piece, build_document
    from aligner.model import Bitext, Layout
    from aligner.pipeline import process
    from aligner.store import open_store

    config = Config(encoder="hashing")
    src = build_document("en", [Piece(t, "line") for t in EN], name=f"{project}.tsv")
    tgt = build_document("ar", [Piece(t, "line") for t in AR], name=f"{project}.tsv")
    result = process(Bitext(project, src, tgt, Layout.PARALLEL), encoder=load_encoder("hashing"), config=config)
    store = open_store(str(store_path))
    run_id = store.save_run(store.create_project(project, config=config.as_dict()), result, name=project)
    if merge:
        store.merge_with_next(run_id, merge, reviewer="setup")
    return store, run_id


def wait_until(predicate, what: str, timeout: float = 60) -> None:
    """Poll ``predicate`` (generously: the machine is loaded) until it holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def sign_in(page, url: str, name: str = "Layla") -> None:
    page.goto(url)
    page.get_by_label("Reviewer name").fill(name)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="New run").wait_for()


def idle(page) -> None:
    """Wait until the app has finished its current script run."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def upload(page, name: str, data: bytes, mime: str) -> None:
    page.locator("input[type=file]").first.set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_text(name).first.wait_for()
    idle(page)
    button = page.get_by_role("button", name="Align and check")
    from playwright.sync_api import expect

    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    page.get_by_text("Review the pairs").wait_for(timeout=120_000)


def go(page, title: str) -> None:
    page.get_by_role("link", name=title, exact=True).first.click()
    page.get_by_role("heading", name=title).first.wait_for()


def review_as(browser, url: str, name: str):
    """A new browser context (a second reviewer is a second context), signed in, on the Review page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    sign_in(page, url, name)
    go(page, "Review")
    page.locator("div.pair").first.wait_for()
    idle(page)
    return page


def shown_pair(page) -> str:
    """The id of the pair in the one-pair view."""
    return str(page.locator("div.pair").first.get_attribute("data-pair"))


def goto_pair(page, pair_id: str, limit: int = 30) -> None:
    """Press Next until ``pair_id`` is the pair in view."""
    for _ in range(limit):
        if shown_pair(page) == pair_id:
            return
        here = shown_pair(page)
        page.locator(".st-key-next button").first.click()
        page.wait_for_function(  # the click counts once: wait for the pair to change, not for a fixed time
            f"() => document.querySelector('div.pair')?.dataset.pair !== {here!r}", timeout=60_000
        )
        idle(page)
    raise AssertionError(f"pair {pair_id} not reached; at {shown_pair(page)}")


KEYS = {
    "◀ Previous": "prev",
    "Next ▶": "next",
    "Accept": "accept",
    "Reject": "reject",
    "Undo": "undo",
    "Redo": "redo",
    "Merge with next": "merge",
    "Split": "split",
    "Save edit and re-check": "save_edit",
    "Save English edit and re-check": "save_src",
    "Save comment": "save_comment",
}


def click(page, name: str) -> None:
    """Click a button (by its widget key when it has a fixed one: shortcuts change the accessible name)."""
    if name in KEYS:
        page.locator(f".st-key-{KEYS[name]} button").first.click()
    else:
        page.get_by_role("button", name=name).first.click()
    idle(page)


def rerun(page) -> None:
    """Make the app rerun without changing the pair in view (toggle a view option twice)."""
    toggle = page.get_by_text("Go to the next pair after a verdict")
    for _ in range(2):
        toggle.click()
        idle(page)


def edit_box(page, lang: str = "ar"):
    """The Arabic (``ar``) or English (``en``) edit box of the pair in view."""
    return page.locator(f'[class*="st-key-edit_{lang}"] textarea').first


def type_into(page, box, text: str) -> None:
    """Type into a text box and commit it to the app (Tab), once the app is idle: text typed while a script run
    is still under way (a save's re-check, say) is replaced when that run ends."""
    idle(page)
    box.fill(text)
    box.press("Tab")
    idle(page)


def type_edit(page, text: str, lang: str = "ar") -> None:
    """Type into the Arabic (or English) edit box and commit it to the app (Tab), without saving."""
    type_into(page, edit_box(page, lang), text)


def card(page) -> str:
    """The text of the (first) pair card in view."""
    return page.locator("div.pair").first.inner_text()


def pick(page, key: str, option: str) -> None:
    """Choose ``option`` in the selectbox with widget key ``key``."""
    box = page.locator(f".st-key-{key} input").first
    box.click()
    box.fill(option)  # typing filters the options (a list near the bottom of the sidebar can open off screen)
    page.get_by_role("option", name=option, exact=True).click()
    idle(page)


def page_view(page) -> None:
    """Switch the Review page to the page of pairs."""
    page.get_by_text("Page of pairs").click()
    page.locator("div.pair").nth(1).wait_for()
    idle(page)


def add_issue(page, pair_id: str, text: str, category: str, severity: str) -> None:
    """Flag ``text`` of the Arabic of the pair in view as an issue of ``category`` and ``severity``."""
    panel = page.get_by_text("Verdicts on issues (").first
    if not page.locator(f".st-key-add_issue_{pair_id} button").is_visible():
        panel.click()  # a pair without issues starts with the panel closed
        idle(page)
    pick(page, f"add_cat_{pair_id}", category)
    pick(page, f"add_sev_{pair_id}", severity)
    box = page.get_by_label("Text to flag (copy it from the pair)")
    box.fill(text)
    box.press("Tab")
    idle(page)
    click(page, "Add issue")
    page.get_by_text(f"issue added ({category}, {severity})").first.wait_for()


def download(page, button: str, folder: Path) -> Path:
    """Click the download button named ``button`` and save the file the browser receives into ``folder``."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button).first.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(str(path))
    return path
