"""Catalogue: invisible and overlong characters (zero-width characters inside words, stacked combining marks).

Zero-width characters (ZWSP, ZWJ, ZWNJ, WJ) inside words reached exports unflagged. They are now a
``punctuation`` issue (span = the invisible run) and a visible badge in the review app, as bidi controls are.
A segment of stacked combining marks no longer draws over the neighbouring pairs: cards clip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.checks import CHECKS, CheckContext, run_checks
from aligner.model import AlignedPair, Category, Side
from aligner.ui.html import CSS, render_pair_html
from tests.hardening.helpers import check_cli

CASES = [  # (target, tgt_lang, flagged invisible runs)
    ("محظ\u200bور تماماً", "ar", ["\u200b"]),  # ZWSP inside a word
    ("محظ\u200cور", "ar", ["\u200c"]),  # ZWNJ
    ("محظ\u200dور", "ar", ["\u200d"]),  # ZWJ
    ("محظ\u2060ور", "ar", ["\u2060"]),  # WJ
    ("مح\u200b\u200bظور و\ufeffقال", "ar", ["\u200b\u200b", "\ufeff"]),
    ("سلام \u202eمعكوس\u202c هنا", "ar", ["\u202e", "\u202c"]),
    ("می\u200cخواهم", "fa", []),  # Persian writes ZWNJ inside words
    ("خبر 👨\u200d👩\u200d👧", "ar", []),  # emoji sequence
    ("محظور تماماً", "ar", []),
]


@pytest.mark.parametrize(("tgt", "lang", "runs"), CASES)
def test_zero_width_characters_are_flagged(tgt: str, lang: str, runs: list[str]) -> None:
    pair = AlignedPair("p0", (0,), (0,), "It is banned.", tgt)
    issues = run_checks([pair], [CHECKS.get("punctuation")()], CheckContext(tgt_lang=lang, pairs=(pair,)))
    found = [i for i in issues if "invisible" in i.evidence]
    assert [i.span.slice(tgt) for i in found] == runs
    assert all(i.category is Category.PUNCTUATION and i.side is Side.TARGET for i in found)


def test_source_side_and_cli(tmp_path: Path) -> None:
    data = tmp_path / "zw.tsv"
    data.write_text("The ban\u200b is total.\tالحظ\u200bر شامل.\n", encoding="utf-8")
    code, out, err = check_cli(data)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    invisible = [r for r in records if r["category"] == "punctuation" and "U+200B" in r["message"]]
    assert sorted(r["side"] for r in invisible) == ["src", "tgt"]
    assert all(r["text"] == "\u200b" for r in invisible)


def test_review_card_badges_zero_width_characters() -> None:
    pair = AlignedPair("p0", (0,), (0,), "ban", "محظ\u200bور\u2060")
    html = render_pair_html(pair, [])
    assert "\u200b" not in html and "\u2060" not in html
    assert 'title="zero-width character U+200B"' in html and "⟨U+2060⟩" in html


def test_cards_clip_stacked_combining_marks() -> None:
    zalgo = "ا" + "\u0651\u064e" * 400
    html = render_pair_html(AlignedPair("p0", (0,), (0,), "x", zalgo), [])
    assert zalgo in html  # the text is kept; the card clips its drawing
    rules = {rule.split("{")[0].strip(): rule.split("{")[1] for rule in CSS.split("}") if "{" in rule}
    assert "overflow: hidden" in rules[".aw .pair"] and "contain: paint" in rules[".aw .pair"]
    assert "overflow: hidden" in rules[".aw .side"]
