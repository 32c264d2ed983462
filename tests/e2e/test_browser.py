"""End-to-end: the real app under `streamlit run`, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SEED = ROOT / "corpora" / "pages" / "seed_000.txt"
SCREENSHOT = ROOT / "evaluation" / "results" / "review_screenshot.png"
CANARY = "127.0.0.1:9"
HOSTILE_TSV = (
    "en\tar\n"
    "An image <img src=x onerror=alert(1)> here.\tصورة <img src=x onerror=alert(1)> هنا.\n"
    f"A picture ![x](http://{CANARY}/p.png) there.\tصورة ![x](http://{CANARY}/p.png) هناك.\n"
    "Styles <style>body{display:none}</style> gone.\tأنماط <style>body{display:none}</style> اختفت.\n"
).encode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-noto-core)")
    pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    tmp = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    env = {
        **os.environ,
        "ALIGNER_STORE": str(tmp / "e2e.db"),
        "ALIGNER_ENCODER": "hashing",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    env.pop("ALIGNER_PASSWORD_HASH", None)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
    ]
    log = (tmp / "streamlit.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start: {(tmp / 'streamlit.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url: str, request: pytest.FixtureRequest, tmp_path: Path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.requests = []  # type: ignore[attr-defined]
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("request", lambda req: page.requests.append(req.url))  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    page.screenshot(path=str(tmp_path / f"{request.node.name}.png"))  # for post-mortems
    context.close()


def _sign_in(page, url: str, name: str = "Layla") -> None:
    page.goto(url)
    page.get_by_label("Reviewer name").fill(name)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="New run").wait_for()


def _idle(page) -> None:
    """Wait until the app has finished its current script run."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _upload(page, name: str, data: bytes, mime: str) -> None:
    page.locator("input[type=file]").first.set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_text(name).first.wait_for()
    _idle(page)
    button = page.get_by_role("button", name="Align and check")
    from playwright.sync_api import expect

    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    page.get_by_text("Review the pairs").wait_for(timeout=120_000)


def _go(page, title: str) -> None:
    page.get_by_role("link", name=title, exact=True).first.click()
    page.get_by_role("heading", name=title).first.wait_for()


def test_review_edit_persists_and_screenshot(page, app_url: str) -> None:
    _sign_in(page, app_url)
    _upload(page, SEED.name, SEED.read_bytes(), "text/plain")
    _go(page, "Review")
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
    page.reload()  # a new browser session: sign in again, then the edit must come back from the store
    page.get_by_label("Reviewer name").fill("Layla")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Review").wait_for()  # the page asked for opens after signing in
    page.locator("div.pair").first.wait_for()
    assert edited in page.locator("div.pair").first.locator("div.side.tgt").inner_text()
    # a highlighted duplication, Arabic right-to-left, for the screenshot
    page.locator(".st-key-f_categories input").click()
    page.get_by_role("option", name="duplication").click()
    page.keyboard.press("Escape")
    page.locator("mark.cat-duplication").first.wait_for()
    _idle(page)
    page.wait_for_timeout(500)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert page.locator("mark.cat-duplication").count() >= 1


def test_keyboard_shortcuts(page, app_url: str) -> None:
    _sign_in(page, app_url, "Kareem")
    _upload(page, SEED.name, SEED.read_bytes(), "text/plain")
    _go(page, "Review")
    first = page.locator("div.pair").first.get_attribute("data-pair")
    page.get_by_role("heading", name="Review").click()  # focus the page, not a text box
    _idle(page)
    page.keyboard.press("j")
    page.wait_for_function(f"() => document.querySelector('div.pair')?.dataset.pair !== {first!r}")
    _idle(page)  # a key pressed while the app is still rerunning can be dropped
    page.get_by_role("heading", name="Review").click()
    page.keyboard.press("k")
    page.wait_for_function(f"() => document.querySelector('div.pair')?.dataset.pair === {first!r}")


def test_hostile_segments_are_inert(page, app_url: str) -> None:
    _sign_in(page, app_url, "Noor")
    _upload(page, "hostile.tsv", HOSTILE_TSV, "text/tab-separated-values")
    _go(page, "Review")
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
