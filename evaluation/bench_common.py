"""Shared benchmark helpers: build a checked run in a SQLite store, serve the app, time clicks in Chromium."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
IDLE_JS = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def build_run(store_path: Path, en: list[str], ar: list[str], *, reviews: int = 0) -> tuple[str, str, dict[str, Any]]:
    """Align and check ``en``/``ar`` line by line (hashing encoder), save the run; return (project, run, info).

    ``reviews`` pairs spread over the run get a verdict: every other one rejected, the rest edited.
    """
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest.base import Piece, build_document
    from aligner.model import Bitext, Layout, ReviewStatus
    from aligner.pipeline import process
    from aligner.store import open_store

    src = build_document("en", [Piece(t, "line") for t in en], name="bench.tsv")
    tgt = build_document("ar", [Piece(t, "line") for t in ar], name="bench.tsv")
    config = Config(encoder="hashing")
    t0 = time.perf_counter()
    result = process(Bitext("bench", src, tgt, Layout.PARALLEL), encoder=load_encoder("hashing"), config=config)
    t1 = time.perf_counter()
    store = open_store(str(store_path))
    project = store.create_project("bench", config=config.as_dict())
    run = store.save_run(project, result, name="bench", config=config.as_dict())
    picked = result.pairs[:: max(1, len(result.pairs) // reviews)][:reviews] if reviews else ()
    for k, pair in enumerate(picked):
        if k % 2:
            store.record_review(run, pair.id, status=ReviewStatus.REJECTED, reviewer="bench", expected_version=0)
        else:
            store.record_review(
                run, pair.id, status=ReviewStatus.EDITED, reviewer="bench", expected_version=0,
                edited_text=pair.tgt_text + " (مراجع)",
            )  # fmt: skip
    t2 = time.perf_counter()
    info = {"process_s": round(t1 - t0, 2), "save_and_review_s": round(t2 - t1, 2), "pairs": len(result.pairs)}
    return project, run, info | {"issues": len(result.issues), "signature": result.signature.format()}


def bench_parser(doc: str, browser_help: str) -> argparse.ArgumentParser:
    """The benches' common options: --pairs, --browser (with ``browser_help``), --no-write."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--browser", action="store_true", help=browser_help)
    parser.add_argument("--no-write", action="store_true")
    return parser


def bench_store(prefix: str) -> Path:
    """A fresh temporary folder's store path, set as the app's store (hashing encoder) for this process."""
    store_path = Path(tempfile.mkdtemp(prefix=prefix)) / "bench.db"
    os.environ["ALIGNER_STORE"] = str(store_path)
    os.environ["ALIGNER_ENCODER"] = "hashing"
    sys.path.insert(0, str(ROOT))
    return store_path


def timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn`` takes."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def summary(values: list[float]) -> dict[str, float]:
    """Median, 90th percentile, max and count of ``values`` (seconds)."""
    return {
        "median_s": round(statistics.median(values), 3),
        "p90_s": round(sorted(values)[max(0, int(len(values) * 0.9) - 1)], 3),
        "max_s": round(max(values), 3),
        "n": len(values),
    }


@contextmanager
def app_server(store_path: Path) -> Iterator[str]:
    """A real `streamlit run app.py` on a free port over ``store_path`` (hashing encoder); yield its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ALIGNER_STORE": str(store_path), "ALIGNER_ENCODER": "hashing", "PYTHONPATH": str(ROOT)}
    env.pop("ALIGNER_PASSWORD_HASH", None)
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port",
           str(port), "--server.headless", "true", "--server.fileWatcherType", "none"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@contextmanager
def signed_in(store_path: Path, reviewer: str = "bench") -> Iterator[Any]:
    """A Chromium page on a fresh app server, signed in as ``reviewer``, idle on the New run page."""
    from playwright.sync_api import sync_playwright

    with app_server(store_path) as url, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            page.goto(url)
            page.get_by_label("Reviewer name").fill(reviewer)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("heading", name="New run").wait_for()
            wait_idle(page)
            yield page
        finally:
            chromium.close()


def wait_idle(page: Any) -> None:
    """Wait until the app has no script run in progress."""
    page.wait_for_function(IDLE_JS)


def click_to_idle(page: Any, click: Callable[[], object], until: Callable[[], object]) -> float:
    """Seconds from ``click()`` until ``until()`` (the click's visible effect) has returned and the app is idle."""
    t0 = time.perf_counter()
    click()
    until()
    wait_idle(page)
    return time.perf_counter() - t0


def open_page(page: Any, title: str, marker: Callable[[], object]) -> float:
    """Click the sidebar link ``title``; seconds until ``marker()`` returned and the app is idle."""
    link = page.get_by_role("link", name=title, exact=True).first
    return click_to_idle(page, link.click, lambda: (marker(), page.wait_for_timeout(100)))
