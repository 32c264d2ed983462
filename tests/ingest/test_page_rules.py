from __future__ import annotations

import pytest

from aligner.ingest import page_rules as rules
from aligner.ingest.page_rules import split_lines


def line(text: str) -> rules.Line:
    (only,) = split_lines(text)
    return only


@pytest.mark.parametrize(
    ("predicate", "passes", "fails"),
    [
        (rules.is_logo, ["خَبَرْيْن logo", "Site Logo"], ["The logo of the party was unveiled today", "logos"]),
        (rules.is_loading, ["Loading...", "loading…", "  Loading  "], ["Loading docks closed", "Loading... now"]),
        (
            rules.is_share,
            ["شارك الخبر:", "شارك الخبر", "FacebookTwitterLinkedInEmail", "Facebook | Twitter | WhatsApp", "Share:"],
            ["Facebook fined over data breach", "شارك الآلاف في المظاهرة"],
        ),
        (rules.is_related_marker, ["أخبار ذات صلة", "اخبار ذات صلة:", "Related news"], ["أخبار اليوم"]),
        (
            rules.is_nav,
            ["الرئيسيةأخبارسياسةأعمالرياضةالعالمتكنولوجيااقتصادصحةتسلية", "الرئيسية أخبار سياسة رياضة"],
            ["الصين", "أخبار سياسة مهمة اليوم في العالم", "سياسةاقتصاد"],
        ),
        (rules.is_tag_list, ["#سياسة #روسيا", "#tag"], ["#سياسة روسيا", "# ", "نص عادي"]),
        (
            rules.is_copyright,
            ["© 2024 خبرين", "جميع الحقوق محفوظة لموقع خبرين", "Copyright 2024 Example"],
            ["Court rules on AI copyright case"],
        ),
        (rules.is_subheading, ["'عالم مأساوي'", "ماذا تريد روسيا؟", "الخلفية"], ["قال الرئيس إن الزيارة مهمة."]),
        (rules.is_category_like, ["الصين", "الشرق الأوسط"], ["وقال مسؤولون إن الحرب ستستمر طويلاً.", "انتهى."]),
    ],
)
def test_line_predicates(predicate, passes, fails):
    for text in passes:
        assert predicate(line(text)), text
    for text in fails:
        assert not predicate(line(text)), text


@pytest.mark.parametrize(
    ("text", "labels", "value"),
    [
        ("التصنيف:الصين", rules.CATEGORY_LABELS, "الصين"),
        ("التصنيف : الشرق الأوسط", rules.CATEGORY_LABELS, "الشرق الأوسط"),
        ("شاهد ايضاً: عودة مهمة القمر Chang'e-6", rules.SEE_ALSO_LABELS, "عودة مهمة القمر Chang'e-6"),
        ("شاهد أيضا - عنوان", rules.SEE_ALSO_LABELS, "عنوان"),
        ("اقرأ أيضاً: عنوان آخر", rules.SEE_ALSO_LABELS, "عنوان آخر"),
        ("شاهد ايضاً:", rules.SEE_ALSO_LABELS, ""),
        ("شاهد العالم: تقرير", rules.SEE_ALSO_LABELS, None),
        ("التصنيفات الجديدة: نص", rules.CATEGORY_LABELS, None),
    ],
)
def test_labelled_value(text, labels, value):
    found = rules.labelled_value(line(text), labels)
    if value is None:
        assert found is None
    else:
        assert found is not None and found.text == value
        assert text[found.start : found.end] == value


def test_split_lines_offsets_and_adjacency():
    text = "  a line \n\nsecond\nthird  \n"
    lines = split_lines(text)
    assert [(text[x.start : x.end], x.adjacent) for x in lines] == [
        ("a line", False),
        ("second", False),
        ("third", True),
    ]
    assert [x.script for x in split_lines("English\nعربي\n123")] == ["en", "ar", ""]


def test_fold():
    assert rules.fold("  شاهد   أيضاً ") == "شاهد ايضا"
    assert rules.fold("أخبار ذات صلة") == "اخبار ذات صله"
