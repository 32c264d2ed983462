from __future__ import annotations

import pytest

from aligner.checks.clauses import split_clauses
from aligner.checks.text import normalise_word, quick_fold, script_counts, strip_proclitics, tokens
from aligner.data import data_lines


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("يومًا", "يوما"),
        ("شيئاً", "شييا"),
        ("أحمد", "احمد"),
        ("إلى", "الي"),
        ("مـــحظور", "محظور"),
        ("WADA", "wada"),
        ("٢٠٢١", "2021"),
    ],
)
def test_normalise_word(word, key):
    assert normalise_word(word) == key


def test_tokens_offsets():
    text = "قال، إنّ «WADA» Kim's"
    toks = tokens(text)
    assert [text[t.start : t.end] for t in toks] == ["قال", "إنّ", "WADA", "Kim's"]


def test_helpers():
    assert strip_proclitics("والصين") == "صين" and strip_proclitics("الصين", article_only=True) == "صين"
    assert script_counts("abc عرب") == (3, 3)
    assert quick_fold("يومًا Loading") == "يوما loading"
    assert data_lines("duplication_exceptions.txt")


@pytest.mark.parametrize(
    ("text", "lang", "clauses"),
    [
        (
            "The president dissolves parliament and calls early elections, officials said.",
            "en",
            ["The president dissolves parliament", "and calls early elections, officials said"],
        ),
        (
            "يحل الرئيس البرلمان ويدعو إلى انتخابات مبكرة، حسبما قال مسؤولون.",
            "ar",
            ["يحل الرئيس البرلمان ويدعو إلى انتخابات مبكرة", "حسبما قال مسؤولون"],
        ),
        ("Hello there, you.", "en", ["Hello there, you"]),
    ],
)
def test_split_clauses(text, lang, clauses):
    assert [s.slice(text) for s in split_clauses(text, lang)] == clauses
