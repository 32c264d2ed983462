"""End-to-end set-up: the real app under `streamlit run` (this worktree's code), driven by Debian's Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_server import streamlit_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def e2e_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's temporary folder: its store, the server log, screenshots."""
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="module")
def store_path(e2e_tmp: Path) -> Path:
    """The SQLite store the app under test uses (tests may seed runs into it directly)."""
    return e2e_tmp / "e2e.db"


@pytest.fixture(scope="module")
def app_url(e2e_tmp: Path, store_path: Path) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-noto-core)")
    pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    tmp = e2e_tmp
    env = {
        **os.environ,
        "ALIGNER_STORE": str(store_path),
        "PYTHONPATH": str(ROOT),
        "ALIGNER_ENCODER": "hashing",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    env.pop("ALIGNER_PASSWORD_HASH", None)
    args = ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"]
    with streamlit_app(tmp, env, args) as (url, _proc):
        yield url


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


@pytest.fixture
def run(store_path: Path, app_url: str, request: pytest.FixtureRequest) -> Iterator[tuple[object, str]]:
    """A fresh project with one seeded run, named after the test (a module may define its own ``run``)."""
    from tests.e2e.helpers import seed_run

    store, run_id = seed_run(store_path, request.node.name[:40])
    yield store, run_id
    store.close()


@pytest.fixture
def rev(browser, app_url: str, run, tmp_path: Path, request: pytest.FixtureRequest):
    """The module's reviewer (its ``NAME``) signed in on the Review page of ``run``."""
    from tests.e2e.helpers import review_as

    page = review_as(browser, app_url, request.module.NAME)
    yield page
    page.screenshot(path=str(tmp_path / f"{request.node.name}.png"))  # post-mortems, outside the tree
    page.context.close()
