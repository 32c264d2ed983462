from __future__ import annotations

import pytest

from aligner.model import Severity
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


# Repetitions that mirror the source, acronyms spelled with Arabic letter names, hedges the source also has.
FAITHFUL = [
    ("Some came by bus, others by train.", "جاء بعضهم بالحافلة، وجاء آخرون بالقطار."),
    (
        "A tale of contractors, some brought in by the lay leaders of the church, others by the diocese.",
        "حكاية المقاولين الذين تم استقدامهم من قبل قادة الكنيسة وغيرهم الذين تم استقدامهم عن طريق الأبرشية.",
    ),
    (
        "Prices rose sharply in Cairo and in Alexandria.",
        "ارتفعت الأسعار بشدة في القاهرة كما ارتفعت الأسعار بشدة في الإسكندرية.",
    ),
    ("He watched it on TV in the evening.", "شاهده على تي في في المساء."),
    ("Chris Harris of WSMV in Nashville said so.", "قال ذلك كريس هاريس من دبليو إس إم في في ناشفيل."),
    ("About 1,000 people, roughly, attended.", "حضر حوالي 1000 شخص تقريبًا."),
    (
        "Just over 40 percent of Arizona is in at least extreme drought.",
        "يتعرض أكثر من 40 بالمائة من أريزونا لجفاف شديد على الأقل.",
    ),
    (
        "Parts of the government made AI announcements, though it lacks an AI strategy.",
        "أصدرت أجزاء من الحكومة تصريحات بشأن الذكاء الاصطناعي، رغم افتقارها إلى إستراتيجية بشأن الذكاء الاصطناعي.",
    ),
    ("Day after day it grew.", "نما يومًا بعد يوم."),
    ("They help each other.", "يساعدون بعضهم البعض."),
]


@pytest.mark.parametrize(("src", "tgt"), FAITHFUL, ids=[str(i) for i in range(len(FAITHFUL))])
def test_faithful_repetition_is_not_flagged(src: str, tgt: str) -> None:
    assert run_one("duplication", src, tgt)[1] == []


def test_doubled_preposition_without_acronym_is_still_flagged() -> None:
    assert run_one("duplication", "He sat in the room.", "جلس في في الغرفة.")[1] == ["في"]


def test_single_hedge_rendered_twice_is_still_flagged() -> None:
    assert run_one("duplication", "About 1,000 people attended.", "حضر حوالي 1000 شخص تقريبًا.")[1] == ["تقريبًا"]


RESTATED = [
    (
        'وقال إدوارد هويل، المحاضر في جامعة أكسفورد: وأضاف: "العلاقة لا تتعلق فقط بالضرورة".',
        "وأضاف",
        "وقال",
        "Speech verb restated",
    ),
    (
        "وعندما سُئل متحدث باسم الكرملين الأسبوع الماضي عن المخاوف الغربية من نقل تكنولوجيات حساسة إلى بيونغ"
        " يانغ، قال متحدث باسم الكرملين إن العلاقات عميقة.",
        "متحدث باسم الكرملين",
        "متحدث باسم الكرملين",
        "Subject restated",
    ),
]


@pytest.mark.parametrize(("tgt", "span", "first", "message"), RESTATED)
def test_restated_speech_verb_or_subject(tgt: str, span: str, first: str, message: str) -> None:
    _, spans, issues = run_one("duplication", "", tgt)
    assert spans == [span]
    issue = issues[0]
    assert issue.severity is Severity.MINOR and issue.category.value == "duplication"
    assert issue.message.startswith(message)
    a, b = issue.evidence["first"]
    assert tgt[a:b] == first and a < issue.span.start


@pytest.mark.parametrize(
    "tgt",
    [
        'وقال هويل: "العلاقة استراتيجية". وأضاف: "إننا نرى جبهة موحدة".',  # two quotes, two verbs: fine
        "قال الوزير إن الحكومة ستعمل، وأضاف أن الخطة جاهزة.",
        "التقى متحدث باسم الكرملين الصحفيين في العاصمة الروسية موسكو صباح الأربعاء الماضي لمناقشة الزيارة المرتقبة"
        " للرئيس. وقال متحدث باسم الكرملين إن العلاقات عميقة.",  # two sentences
    ],
)
def test_speech_verbs_in_separate_quotes_or_sentences_are_fine(tgt: str) -> None:
    assert run_one("duplication", "", tgt)[1] == []
