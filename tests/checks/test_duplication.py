from __future__ import annotations

import pytest

from tests.checks.helpers import run_one

CASES = [
    # (src, tgt, categories, span texts)
    ("", "لعقار محظور محظور. أدلت الوكالة", ["duplication"], ["محظور"]),
    (
        "",
        "وتتناقض الانقسامات العميقة اليوم مع التعاون بين روسيا والصين والولايات المتحدة في العقود الأخيرة "
        "بين روسيا والصين والولايات المتحدة، وفقًا للسفير الأمريكي",
        ["duplication"],
        ["بين روسيا والصين والولايات المتحدة"],
    ),
    (
        "Russian forces also fired at least 10 North Korean-made missiles",
        "كما أطلقت القوات الروسية ما لا يقل عن 10 صواريخ على الأقل من صنع كوريا الشمالية",
        ["duplication"],
        ["على الأقل"],
    ),
    ("about 300 people", "حوالي 300 شخص تقريبًا", ["duplication"], ["تقريبًا"]),
    ("nearly 50 cars", "نحو 50 سيارة تقريبا", ["duplication"], ["تقريبا"]),
    ("at least 10 missiles or more", "", [], []),
    ("x", "They fired at least 10 missiles or more.", ["duplication"], ["or more"]),
    ("x", "the the house", ["duplication"], ["the"]),
    ("x", "بين روسيا بين روسيا والصين", ["duplication"], ["بين روسيا"]),
    # legitimate repetition: not flagged
    ("", "كافح المزارعون يومًا بعد يوم دون أمطار", [], []),
    ("", "ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض", [], []),
    ("", "تتقدم المفاوضات شيئاً فشيئاً جنباً إلى جنب مع الجهود", [], []),
    ("", "سارت الأمور رويداً رويداً والتقيا وجهاً لوجه", [], []),
    ("He had had enough, day by day.", "He had had enough, day by day.", [], []),
    ("She said that that was wrong", "قالت إن ذلك كان خطأ", [], []),
    ("", "منذ سبعين عاماً وفقاً لما أعلنته الصين", [], []),
    ("", "بلغ عدد 1 000 000 شخص", [], []),
    ("New York, New York", "نيويورك نيويورك", [], []),
    ("", "كوريا الشمالية وكوريا الجنوبية واليابان وكوريا الشمالية", [], []),
    ("CNN and the BBC reported", "وذكرت شبكة سي إن إن وهيئة بي بي سي", [], []),
    ("x", "قال في في بيان", ["duplication"], ["في"]),
    # the source repeats "denuclearization": a repeated phrase in the target is faithful
    (
        "Talks on denuclearization stalled, and denuclearization remains far off.",
        "توقفت المحادثات بشأن نزع السلاح النووي، ولا يزال نزع السلاح النووي بعيد المنال.",
        [],
        [],
    ),
]


@pytest.mark.parametrize(("src", "tgt", "cats", "spans"), CASES)
def test_duplication(src, tgt, cats, spans):
    got_cats, got_spans, _ = run_one("duplication", src, tgt)
    assert got_cats == cats
    assert got_spans == spans


def test_sentence_repeated_across_document():
    from aligner.checks import CheckContext, run_checks
    from aligner.checks.duplication import DuplicationCheck
    from aligner.model import AlignedPair

    sentence = "وقال المتحدث إن الحكومة ستعلن عن خطة جديدة للإصلاح الأسبوع المقبل."
    pairs = [
        AlignedPair("a", (), (0,), "", sentence, role="body"),
        AlignedPair("b", (), (1,), "", "جملة أخرى مختلفة تماما. " + sentence, role="body"),
        AlignedPair("t", (), (2,), "", "ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض", role="title"),
        AlignedPair("c", (), (3,), "", "ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض؟", role="body"),
    ]
    issues = run_checks(pairs, [DuplicationCheck()], CheckContext(pairs=tuple(pairs)))
    assert [(i.pair_id, i.span.slice(pairs[1].tgt_text)) for i in issues] == [("b", sentence)]
