from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from aligner.ingest import READERS, InputError, read_bitext
from aligner.ingest.html import HtmlReader, extract_text
from aligner.model import Layout
from tests.ingest.contract import ReaderContract

PAGE = Path(__file__).resolve().parents[2] / "corpora" / "pages" / "synthetic_004_page.html"
TAG = re.compile(r"<[^>]*>")


class TestHtmlContract(ReaderContract):
    reader_cls = HtmlReader
    sample = PAGE.read_bytes()
    sample_name = "page.html"
    layout = Layout.ITEMS

    @staticmethod
    def raw_to_text(raw: str) -> str:
        return html.unescape(TAG.sub("", raw))


def roles(doc):
    return [(u.role, u.span.slice(doc.text)) for u in doc.units]


def test_html_page_items_and_body():
    bitext = HtmlReader().read(PAGE.read_bytes(), "page.html")
    assert roles(bitext.src) == [
        ("headline", "New port opens on the east coast & ships queue"),
        ("caption", "Watch the first ship dock"),
    ]
    tgt = roles(bitext.tgt)
    assert ("headline", "ميناء جديد يفتتح على الساحل الشرقي وتصطف السفن") in tgt
    assert ("see_also", "وزراء الطاقة يتفقون على خطة مشتركة") in tgt
    assert [r for r, _ in tgt if r == "body"] == ["body", "body"]
    assert bitext.tgt.meta["category"] == "اقتصاد"
    text = bitext.src.text + bitext.tgt.text
    for chrome in ("window.x", "color: red", "All rights", "الرئيسية", "Loading", "Facebook"):
        assert chrome not in text


def test_origins_point_into_the_markup():
    markup = PAGE.read_text(encoding="utf-8")
    bitext = HtmlReader().read(PAGE.read_bytes(), "page.html")
    caption = bitext.src.units[1].origin
    assert markup[caption.start : caption.end] == "Watch the <b>first ship</b> dock"


def test_extract_text_lines():
    text, _ = extract_text("<p>a<br>b</p><script>x</script><div>c &lt; d</div>")
    assert text.split("\n") == ["a", "b", "c < d", ""]


def test_html_is_routed_by_extension_and_sniffing():
    assert READERS.for_extension(".htm") is HtmlReader
    data = PAGE.read_bytes()
    assert read_bitext(data, "page.html").layout is Layout.ITEMS
    assert len(read_bitext(data, "download").src.units) == 2


def test_monolingual_html_is_an_input_error():
    with pytest.raises(InputError, match="one language only"):
        HtmlReader().read(b"<html><body><p>Only English here.</p></body></html>", "en.html")
