from __future__ import annotations

import pytest

from aligner.checks import CheckContext, run_checks
from aligner.checks.terminology import GlossaryError, TerminologyCheck, load_glossary, variant_renderings
from aligner.model import AlignedPair
from tests.checks.helpers import run_one

CASES = [
    # glossary enforcement: (src, tgt, categories, span texts)
    ("tested positive for a banned drug", "ثبتت إصابته بمخدر ممنوع", ["terminology"], ["banned drug"]),
    ("tested positive for a banned drug", "كانت نتيجة اختباره إيجابية لعقار محظور", [], []),
    ("tested positive for a Banned Drug", "لعقار محظور", [], []),
    ("nothing relevant", "لا شيء", [], []),
]
GLOSSARY = {"banned drug": ("عقار محظور", "مادة محظورة")}


@pytest.mark.parametrize(("src", "tgt", "cats", "spans"), CASES)
def test_glossary(src, tgt, cats, spans):
    got_cats, got_spans, _ = run_one("terminology", src, tgt, glossary=GLOSSARY)
    assert got_cats == cats
    assert got_spans == spans


VARIANTS = [
    (
        ["وكالة العالم لمكافحة المنشطات تدافع", "أدلت الوكالة العالمية لمكافحة المنشطات (WADA)"],
        {"وكالة العالم لمكافحة المنشطات", "الوكالة العالمية لمكافحة المنشطات"},
    ),
    (["قال مجلس الأمن الدولي اليوم", "وفي مجلس الأمن الدولي أمس"], set()),
    (["انتقدت هيئة الرقابة العالمية لمكافحة المنشطات", "وكالة العالم لمكافحة المنشطات تدافع"], set()),
    (["رئيس الوزراء البريطاني قال", "لرئيس الوزراء البريطاني أمس"], set()),
]


@pytest.mark.parametrize(("texts", "expected"), VARIANTS)
def test_variant_renderings(texts, expected):
    found = {texts[d][s.start : s.end] for hit in variant_renderings(texts) for d, s in hit}
    assert found == expected


def test_document_issue_on_both_pairs():
    pairs = [
        AlignedPair("h", (0,), (0,), "World Anti-Doping Agency defends", "وكالة العالم لمكافحة المنشطات تدافع"),
        AlignedPair("s", (), (1,), "", "أدلت الوكالة العالمية لمكافحة المنشطات (WADA)...", role="summary"),
    ]
    issues = run_checks(pairs, [TerminologyCheck()], CheckContext(pairs=tuple(pairs)))
    assert sorted(i.pair_id for i in issues) == ["h", "s"]


def test_load_glossary(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("# comment\nbanned drug\tعقار محظور|مادة محظورة\n\nWADA\tالوكالة العالمية لمكافحة المنشطات\n")
    assert load_glossary(path) == {
        "banned drug": ("عقار محظور", "مادة محظورة"),
        "WADA": ("الوكالة العالمية لمكافحة المنشطات",),
    }
    path.write_text("no tab here\n")
    with pytest.raises(GlossaryError):
        load_glossary(path)


def test_acronym_rendering_enforced_across_document():
    from aligner.checks.terminology import acronym_renderings

    pairs = [
        AlignedPair(
            "a", (0,), (0,), "The World Anti-Doping Agency said", "قالت الوكالة العالمية لمكافحة المنشطات (WADA)"
        ),
        AlignedPair("b", (1,), (1,), "World Anti-Doping Agency defends", "منظمة مكافحة المنشطات الدولية تدافع"),
        AlignedPair("c", (2,), (2,), "World Anti-Doping Agency defends", "والوكالة العالمية لمكافحة المنشطات تدافع"),
    ]
    assert acronym_renderings(pairs)["WADA"][1] == "الوكالة العالمية لمكافحة المنشطات"
    issues = run_checks(pairs, [TerminologyCheck()], CheckContext(pairs=tuple(pairs)))
    assert [(i.pair_id, pairs[1].src_text[i.span.start : i.span.end]) for i in issues] == [
        ("b", "World Anti-Doping Agency")
    ]
