from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span
from aligner.ui.html import (
    escape_text,
    highlight,
    md_escape,
    render_issue_list_html,
    render_pair_html,
    style_block,
    text_direction,
    visible_controls,
)

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "![x](http://127.0.0.1:9/p.png)",
    "<style>body{display:none}</style>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
]


class _Collector(HTMLParser):
    """Collects start tags, attributes and the text content of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Collector:
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return collector


def pair(src: str = "Hello world.", tgt: str = "مرحبا بالعالم.", pid: str = "p0") -> AlignedPair:
    return AlignedPair(id=pid, src=(0,), tgt=(0,), src_text=src, tgt_text=tgt, similarity=0.8)


def issue(
    start: int,
    end: int,
    *,
    side: Side = Side.TARGET,
    cat: Category = Category.DUPLICATION,
    msg: str = "repeated",
    sev: Severity = Severity.MAJOR,
) -> Issue:
    return Issue("p0", "test", cat, sev, msg, side=side, span=Span(start, end))


ALLOWED_TAGS = {"div", "span", "mark", "b", "ul", "li", "bdi", "p"}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_escaped_everywhere(text: str) -> None:
    hostile_pair = pair(src=text, tgt=text)
    issues = [issue(0, len(text), msg=text), issue(0, 3, side=Side.SOURCE, msg=text)]
    out = render_pair_html(hostile_pair, issues, status="pending")
    parsed = parse(out)
    tags = {t for t, _ in parsed.tags}
    assert tags <= ALLOWED_TAGS, tags
    for _, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert "src" not in attrs and "href" not in attrs
    # the hostile string is shown as text (once per side, plus in the issue list)
    assert "".join(parsed.text).count(text) >= 2
    assert "<img" not in out and "<script" not in out and "<style" not in out


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("a & b", "a &amp; b"),
        ('"quoted"', "&quot;quoted&quot;"),
        ("it's", "it&#x27;s"),
        ("![x](http://127.0.0.1:9/p.png)", "![x](http://127.0.0.1:9/p.png)"),
    ],
)
def test_escape_text(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_markdown_image_is_not_turned_into_an_image() -> None:
    out = render_pair_html(pair(src="see ![x](http://127.0.0.1:9/p.png)"), [])
    assert "<img" not in out
    assert "![x](http://127.0.0.1:9/p.png)" in out


def test_target_is_rtl_arabic_and_source_ltr() -> None:
    out = render_pair_html(pair(), [])
    sides = [attrs for tag, attrs in parse(out).tags if tag == "div" and "side" in (attrs.get("class") or "")]
    assert sides[0]["dir"] == "ltr" and sides[0]["lang"] == "en"
    assert sides[1]["dir"] == "rtl" and sides[1]["lang"] == "ar"
    assert "tgt" in (sides[1]["class"] or "")


@pytest.mark.parametrize(
    ("lang", "direction"), [("ar", "rtl"), ("ar-EG", "rtl"), ("fa", "rtl"), ("en", "ltr"), ("fr", "ltr")]
)
def test_text_direction(lang: str, direction: str) -> None:
    assert text_direction(lang) == direction


def _marked(out: str) -> list[str]:
    return re.findall(r"<mark[^>]*>(.*?)</mark>", out)


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("قال قال الرئيس", [(0, 8)], ["قال قال "]),
        ("abc def ghi", [(4, 7)], ["def"]),
        ("abc def ghi", [(0, 3), (8, 11)], ["abc", "ghi"]),
        ("15,000 people", [(0, 6)], ["15,000"]),
    ],
)
def test_spans_highlight_exact_text(text: str, spans: list[tuple[int, int]], expected: list[str]) -> None:
    out = highlight(text, [issue(s, e) for s, e in spans])
    assert _marked(out) == expected
    assert re.sub(r"<[^>]+>", "", out) == text


def test_overlapping_spans_are_split_and_both_titles_kept() -> None:
    text = "abcdefghij"
    a = issue(0, 6, cat=Category.NUMBER, msg="number mismatch")
    b = issue(3, 9, cat=Category.DUPLICATION, msg="duplicated")
    out = highlight(text, [a, b])
    assert _marked(out) == ["abc", "def", "ghi"]
    assert re.sub(r"<[^>]+>", "", out) == text
    marks = [attrs for tag, attrs in parse(out).tags if tag == "mark"]
    assert "cat-number" in marks[0]["class"] and "cat-duplication" not in marks[0]["class"]
    assert "multi" in marks[1]["class"] and "cat-number" in marks[1]["class"] and "cat-duplication" in marks[1]["class"]
    assert marks[1]["title"] == "number: number mismatch\nduplication: duplicated"
    assert "cat-duplication" in marks[2]["class"]


def test_nested_and_identical_spans() -> None:
    out = highlight("hello world", [issue(0, 11, msg="outer"), issue(6, 11, msg="inner"), issue(6, 11, msg="again")])
    assert _marked(out) == ["hello ", "world"]
    marks = [attrs for tag, attrs in parse(out).tags if tag == "mark"]
    assert marks[1]["title"].count("\n") == 2


def test_title_attribute_escapes_hostile_message() -> None:
    out = highlight("abc", [issue(0, 3, msg='"><img src=x onerror=alert(1)>')])
    parsed = parse(out)
    assert [t for t, _ in parsed.tags] == ["mark"]
    assert parsed.tags[0][1]["title"] == 'duplication: "><img src=x onerror=alert(1)>'


def test_zero_length_and_out_of_range_spans() -> None:
    out = highlight("abc", [issue(1, 1, msg="missing word"), issue(2, 99, msg="stale span")])
    assert "‸" in out
    assert re.sub(r"<[^>]+>", "", out).replace("‸", "") == "abc"
    assert "stale span" not in out


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidi_controls_are_shown_not_applied(control: str) -> None:
    text = f"abc{control}def"
    out = escape_text(text)
    assert control not in out
    assert f"⟨U+{ord(control):04X}⟩" in out and 'class="bidi"' in out
    assert visible_controls(text) == f"abc⟨U+{ord(control):04X}⟩def"
    rendered = render_pair_html(pair(tgt=text), [issue(0, 4, msg=f"x{control}y")])
    assert control not in rendered


def test_bidi_control_inside_a_span() -> None:
    out = highlight("a\u202eb", [issue(0, 3)])
    assert "\u202e" not in out and "U+202E" in out


def test_issue_list_shows_category_message_and_flagged_text() -> None:
    p = pair(src="15 people", tgt="الناس")
    issues = [
        issue(0, 2, side=Side.SOURCE, cat=Category.NUMBER, msg="number 15 missing in Arabic"),
        Issue("p0", "omission", Category.OMISSION, Severity.MINOR, "Arabic is short"),
    ]
    out = render_issue_list_html(p, issues)
    text = "".join(parse(out).text)
    assert "number 15 missing in Arabic" in text and "“15”" in text
    assert "Arabic is short" in text and "omission" in text


def test_edited_target_is_shown_and_empty_side_marked() -> None:
    out = render_pair_html(pair(tgt=""), [], tgt_text="نص معدل")
    assert "نص معدل" in out
    out = render_pair_html(AlignedPair("p1", (0,), (), "Only English.", ""), [])
    assert "∅" in out


def test_style_block_is_static_and_targets_edit_box() -> None:
    css = style_block()
    assert css.startswith("<style>") and 'st-key-edit_ar"] textarea' in css and "direction: rtl" in css


@pytest.mark.parametrize("text", ["![x](http://127.0.0.1:9/p.png)", "**bold** _x_ `c` <b>", ":red[x] $x$"])
def test_md_escape_neutralises_markdown(text: str) -> None:
    escaped = md_escape(text)
    for special in "![]()*_`<>:$":
        assert re.search(rf"(?<!\\){re.escape(special)}", escaped) is None


def test_arabic_quotes_in_messages_are_isolated() -> None:
    from aligner.ui.html import escape_message

    out = escape_message("Term rendered inconsistently: 'الوكالة العالمية' vs 'وكالة العالم' <b>")
    assert out.count('<bdi dir="rtl">') == 2
    assert '<bdi dir="rtl">الوكالة العالمية</bdi>&#x27; vs' in out and "&lt;b&gt;" in out
    assert escape_message("no Arabic here") == "no Arabic here"
