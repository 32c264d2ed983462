"""The HTML report in real Chromium: Arabic cells laid out right-to-left (computed style and a screenshot's pixels)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-noto-core)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _ink_columns(png: bytes) -> tuple[int, int, int]:
    """(width, first, last) x of the columns holding dark pixels in a screenshot."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    pixels = image.load()
    dark = [x for x in range(width) if any(pixels[x, y] < 110 for y in range(height))]
    return width, dark[0], dark[-1]


def test_html_report_arabic_is_right_to_left(chromium, tmp_path: Path) -> None:
    from aligner.report import build_report
    from aligner.report.formats import render_report
    from tests.report.conftest import make_run

    path = tmp_path / "report.html"
    path.write_bytes(render_report(build_report([make_run()]), "html"))
    page = chromium.new_page(viewport={"width": 1300, "height": 900})
    page.goto(path.as_uri())
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)  # for post-mortems
    cells = page.locator('td[dir="rtl"]')
    assert cells.count() >= 3
    for i in range(cells.count()):
        style = cells.nth(i).evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]")
        assert style == ["rtl", "right"]
    side = page.locator('.pair[data-pair="p1"] .side[dir="rtl"]')
    assert side.evaluate("e => getComputedStyle(e).direction") == "rtl"
    width, first, last = _ink_columns(side.screenshot())
    assert last > width * 0.9 and first > width * 0.5  # the short Arabic line hugs the right edge of its column
    page.close()
