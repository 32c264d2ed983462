"""A reload keeps the sign-in (same browser); another browser with the same URL and a signed-out browser do not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import goto_pair, idle, review_as, shown_pair

pytestmark = pytest.mark.browser

EN = ["The minister arrived on Monday.", "He met twelve officials.", "The talks went well.", "They ended at noon."]
AR = ["وصل الوزير يوم الاثنين.", "التقى باثني عشر مسؤولا.", "سارت المحادثات بشكل جيد.", "انتهت عند الظهر."]


@pytest.fixture
def run(store_path: Path, app_url: str) -> Iterator[str]:
    """A fresh project (the newest, so the reviewer opens it) with one small run."""
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest.base import Piece, build_document
    from aligner.model import Bitext, Layout
    from aligner.pipeline import process
    from aligner.store import open_store

    config = Config(encoder="hashing")
    src = build_document("en", [Piece(t, "line") for t in EN], name="signin.tsv")
    tgt = build_document("ar", [Piece(t, "line") for t in AR], name="signin.tsv")
    result = process(Bitext("signin", src, tgt, Layout.PARALLEL), encoder=load_encoder("hashing"), config=config)
    store = open_store(str(store_path))
    yield store.save_run(store.create_project("sign-in", config=config.as_dict()), result, name="signin")
    store.close()


def _asks_to_sign_in(page) -> None:
    page.get_by_label("Reviewer name").wait_for()
    assert page.locator("div.pair").count() == 0


def test_reload_keeps_the_sign_in_but_not_another_browser_or_a_sign_out(browser, app_url: str, run: str) -> None:
    page = review_as(browser, app_url, "Layla")
    goto_pair(page, "p2")
    page.wait_for_url(re.compile(r"pair=p2"))
    url = page.url
    page.reload()  # same browser, new Streamlit session: still signed in, on the same pair
    page.locator("div.pair").first.wait_for()
    idle(page)
    assert shown_pair(page) == "p2" and page.get_by_label("Reviewer name").count() == 0
    tab = page.context.new_page()  # a new tab of the same browser
    tab.goto(url)
    tab.locator("div.pair").first.wait_for()
    assert shown_pair(tab) == "p2"
    tab.close()
    other = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    stranger = other.new_page()  # another browser, the copied URL: asked to sign in
    stranger.goto(url)
    _asks_to_sign_in(stranger)
    other.close()
    page.get_by_role("link", name="Account", exact=True).first.click()
    page.get_by_role("button", name="Sign out").click()
    _asks_to_sign_in(page)
    page.reload()  # signed out for good in this browser
    _asks_to_sign_in(page)
    page.context.close()
