"""End-to-end: the real app under `streamlit run`, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.helpers import go, idle, sign_in, upload

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "pages" / "seed_000.txt"
SCREENSHOT_ENV = "ALIGNER_REFRESH_SCREENSHOT"  # set (by scripts/refresh_screenshot.sh) to copy the shot there
CANARY = "127.0.0.1:9"
HOSTILE_TSV = (
    "en\tar\n"
    "An image <img src=x onerror=alert(1)> here.\tصورة <img src=x onerror=alert(1)> هنا.\n"
    f"A picture ![x](http://{CANARY}/p.png) there.\tصورة ![x](http://{CANARY}/p.png) هناك.\n"
    "Styles <style>body{display:none}</style> gone.\tأنماط <style>body{display:none}</style> اختفت.\n"
).encode()


def test_review_edit_persists_and_screenshot(page, app_url: str, tmp_path: Path) -> None:
    sign_in(page, app_url)
    upload(page, SEED.name, SEED.read_bytes(), "text/plain")
    go(page, "Review")
    pair = page.locator("div.pair").first
    pair.wait_for()
    tgt = pair.locator('div.side.tgt[dir="rtl"][lang="ar"]')
    assert tgt.count() == 1
    assert tgt.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # edit the Arabic of the first pair, then reload the page and see the edit (from the store)
    box = page.locator('[class*="st-key-edit_ar"] textarea').first
    assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"
    edited = "نص عربي معدل للاختبار"
    box.fill(edited)
    box.press("Tab")
    page.get_by_role("button", name="Save edit and re-check").click()
    page.get_by_text("edit saved and re-checked").wait_for()
    page.reload()  # a new browser session, still signed in: the edit must come back from the store
    page.get_by_role("heading", name="Review").wait_for()
    page.locator("div.pair").first.wait_for()
    assert edited in page.locator("div.pair").first.locator("div.side.tgt").inner_text()
    # a highlighted duplication, Arabic right-to-left, for the screenshot
    page.locator(".st-key-f_categories input").click()
    page.get_by_role("option", name="duplication").click()
    page.keyboard.press("Escape")
    page.locator("mark.cat-duplication").first.wait_for()
    idle(page)
    page.wait_for_timeout(500)
    shot = tmp_path / "review_screenshot.png"  # never into the tree; scripts/refresh_screenshot.sh copies it
    page.screenshot(path=str(shot), full_page=False)
    if os.environ.get(SCREENSHOT_ENV):
        shutil.copyfile(shot, os.environ[SCREENSHOT_ENV])
    assert page.locator("mark.cat-duplication").count() >= 1


def test_keyboard_shortcuts(page, app_url: str) -> None:
    sign_in(page, app_url, "Kareem")
    upload(page, SEED.name, SEED.read_bytes(), "text/plain")
    go(page, "Review")
    first = page.locator("div.pair").first.get_attribute("data-pair")
    page.get_by_role("heading", name="Review").click()  # focus the page, not a text box
    idle(page)
    page.keyboard.press("j")
    page.wait_for_function(f"() => document.querySelector('div.pair')?.dataset.pair !== {first!r}")
    idle(page)  # a key pressed while the app is still rerunning can be dropped
    page.get_by_role("heading", name="Review").click()
    page.keyboard.press("k")
    page.wait_for_function(f"() => document.querySelector('div.pair')?.dataset.pair === {first!r}")


def test_hostile_segments_are_inert(page, app_url: str) -> None:
    sign_in(page, app_url, "Noor")
    upload(page, "hostile.tsv", HOSTILE_TSV, "text/tab-separated-values")
    go(page, "Review")
    page.get_by_text("Page of pairs").click()
    page.locator("div.pair").nth(2).wait_for()
    text = page.locator("div.aw").all_inner_texts()
    joined = "\n".join(text)
    assert "<img src=x onerror=alert(1)>" in joined
    assert f"![x](http://{CANARY}/p.png)" in joined
    assert "<style>body{display:none}</style>" in joined
    assert page.locator("div.aw img").count() == 0 and page.locator("div.aw style").count() == 0
    assert page.evaluate("getComputedStyle(document.body).display") != "none"  # the <style> was not applied
    assert page.get_by_role("heading", name="Review").is_visible()
    page.wait_for_timeout(1500)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert not [u for u in page.requests if CANARY in u]  # type: ignore[attr-defined]
