"""Table-driven tests of the English/Arabic number extractor (values, units, spans) plus a property test."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aligner.checks.numerals import Quantity, extract_numbers
from aligner.checks.numerals import candidates as cand
from aligner.checks.numerals import lexicon as lx
from aligner.checks.numerals.scan import Scanner


def q(value: str | int, span: str, unit: str = "") -> tuple[Decimal, str, str]:
    return Decimal(str(value)), span, unit


EN_CASES = [
    # digits, separators, disambiguation
    ("Sales grew in 2017.", [q(2017, "2017")]),
    ("up to 3,000 products", [q(3000, "3,000")]),
    ("1,500 people", [q(1500, "1,500", "people")]),
    ("1,000,000 votes", [q(1000000, "1,000,000")]),
    ("1.000.000 votes", [q(1000000, "1.000.000")]),
    ("a 1.000 score", [q(1, "1.000")]),
    ("1,234.56 units", [q("1234.56", "1,234.56")]),
    ("1.234,56 units", [q("1234.56", "1.234,56")]),
    ("pi is 3.14", [q("3.14", "3.14")]),
    ("pages 1,2,3", [q(1, "1"), q(2, "2"), q(3, "3")]),
    ("on 25.12.2020", [q(25, "25"), q(12, "12"), q(2020, "2020")]),
    ("on 12/05/2020", [q(12, "12"), q(5, "05"), q(2020, "2020")]),
    ("Boeing 737 jets", [q(737, "737")]),
    ("the 2034 World Cup", [q(2034, "2034")]),
    ("1,127 defections", [q(1127, "1,127")]),
    ("He is 37.", [q(37, "37")]),
    ("18-7 record", [q(18, "18"), q(7, "7")]),
    ("10-15 days", [q(10, "10"), q(15, "15", "day")]),
    ("COVID-19 cases", [q(19, "19")]),
    # percent and currency
    ("Sales grew 20% last year.", [q(20, "20%", "%")]),
    ("a 1.5 per cent rise", [q("1.5", "1.5", "%")]),
    ("40 percent of voters", [q(40, "40", "%")]),
    ("The market is worth £2.8bn.", [q(2800000000, "£2.8bn", "GBP")]),
    ("a $2.5 billion deal", [q(2500000000, "$2.5 billion", "USD")]),
    ("2.5 billion dollars", [q(2500000000, "2.5 billion", "USD")]),
    ("a £11million deal", [q(11000000, "£11million", "GBP")]),
    ("a €100 million deal", [q(100000000, "€100 million", "EUR")]),
    ("raised $15k", [q(15000, "$15k", "USD")]),
    ("worth US$5", [q(5, "$5", "USD")]),
    ("up to £1.5 million", [q(1500000, "£1.5 million", "GBP")]),
    ("£125m for the stores", [q(125000000, "£125m", "GBP")]),
    # scale words
    ("15 thousand people", [q(15000, "15 thousand", "people")]),
    ("ten thousand people", [q(10000, "ten thousand", "people")]),
    ("three million people", [q(3000000, "three million", "people")]),
    ("1.5 million homes", [q(1500000, "1.5 million")]),
    ("2.25 billion people", [q(2250000000, "2.25 billion", "people")]),
    ("a hundred people", [q(100, "a hundred", "people")]),
    ("a million dollars", [q(1000000, "a million", "USD")]),
    ("one million homes", [q(1000000, "one million")]),
    ("half a million homes", [q(500000, "half a million")]),
    ("two and a half million homes", [q(2500000, "two and a half million")]),
    ("thousands of people", []),
    ("millions of homes", []),
    ("dozens of people", []),
    # number words
    ("twenty-one guns", [q(21, "twenty-one")]),
    ("one hundred and five days", [q(105, "one hundred and five", "day")]),
    ("fifteen boys", [q(15, "fifteen")]),
    ("ninety-nine", [q(99, "ninety-nine")]),
    ("nineteen eighty-four", [q(19, "nineteen"), q(84, "eighty-four")]),
    ("zero tolerance", [q(0, "zero")]),
    ("a dozen eggs", [q(12, "a dozen")]),
    ("two dozen eggs", [q(24, "two dozen")]),
    ("World War Two", [q(2, "Two")]),
    ("Three people were killed", [q(3, "Three", "people")]),
    ("twice a day", [q(2, "twice", "times")]),
    ("a five-time champion", [q(5, "five", "times")]),
    ("100 times stronger", [q(100, "100", "times")]),
    ("a third of voters", [q("0.333333333", "a third")]),
    ("a two-thirds majority", [q("0.666666667", "two-thirds")]),
    ("one-third of them", [q("0.333333333", "one-third")]),
    ("a quarter of them", [q("0.25", "a quarter")]),
    ("in the third quarter", []),
    ("half of the voters", [q("0.5", "half")]),
    # "one" as a pronoun is not a figure
    ("no one knows", []),
    ("one of them left", []),
    ("It is one thing to say", []),
    ("Formula One", []),
    ("Someone and everyone", []),
    ("one year later", [q(1, "one", "year")]),
    # units, decades, ages, ordinals, codes
    ("seven decades ago", [q(70, "seven decades", "year")]),
    ("a decade later", [q(10, "a decade", "year")]),
    ("a century ago", [q(100, "a century", "year")]),
    ("two decades of war", [q(20, "two decades", "year")]),
    ("a two-day visit", [q(2, "two", "day")]),
    ("a 13-year-old boy", [q(13, "13", "year")]),
    ("45 miles (72 kilometers)", [q(45, "45", "mile"), q(72, "72", "km")]),
    ("a 72km road", [q(72, "72", "km")]),
    ("the 1930s", [q(1930, "1930s", "decades-of")]),
    ("the 21st century", [q(21, "21st", "ordinal")]),
    ("the G20 summit", [q(20, "20", "code")]),
    ("3D printing", [q(3, "3", "code")]),
    ("No. 10 Downing Street", [q(10, "10", "ordinal")]),
    # times and dates
    ("at 7 a.m. today", [q(7, "7", "time")]),
    ("at 9pm", [q(9, "9", "time")]),
    ("at 04:00 BST", [q(4, "04:00", "time")]),
    ("at 5.30pm", [q("5.5", "5.30", "time")]),
    ("on 1 October", [q(1, "1", "date")]),
    ("October 1, 2018", [q(1, "1", "date"), q(2018, "2018")]),
    ("the 1950-53 Korean War", [q(1950, "1950"), q(1953, "53")]),
    ("a 2-2 draw", [q(2, "2", "score"), q(2, "2", "score")]),
    ("220 2/3 innings", [q(220, "220"), q("0.666666667", "2/3")]),
    ("Trump said nothing.", []),
    ("the '90s and the 1990s", [q(90, "90s", "decades-of"), q(1990, "1990s", "decades-of")]),
    ("$1.2tn debt", [q(1200000000000, "$1.2tn", "USD")]),
    ("a 5,000-strong army", [q(5000, "5,000")]),
    ("the MH17 crash", [q(17, "17", "code")]),
    ("3 million US dollars", [q(3000000, "3 million", "USD")]),
    ("up 40pc", [q(40, "40", "%")]),
    ("a seven-year-old girl", [q(7, "seven", "year")]),
    ("the first time", []),
]

AR_CASES = [
    # digits in both scripts, separators
    ("٢٠٠ شخص", [q(200, "٢٠٠", "people")]),
    ("٣٫٥ في المائة", [q("3.5", "٣٫٥", "%")]),
    ("١٬٥٠٠ منزل", [q(1500, "١٬٥٠٠")]),
    ("۱۲۳ منزلا", [q(123, "۱۲۳")]),
    ("أكثر من 30،000 كوري", [q(30000, "30،000")]),
    ("1,500 منزل", [q(1500, "1,500")]),
    ("2,5 مليار", [q(2500000000, "2,5 مليار")]),
    ("عام 2017", [q(2017, "2017")]),
    ("و10 آلاف", [q(10000, "10 آلاف")]),
    ("حوالي200 مرة", [q(200, "200", "times")]),
    # scale words with digits
    ("260 ألف شخص", [q(260000, "260 ألف", "people")]),
    ("10 آلاف منزل", [q(10000, "10 آلاف")]),
    ("2.5 مليار دولار", [q(2500000000, "2.5 مليار", "USD")]),
    ("3 ملايين نسمة", [q(3000000, "3 ملايين")]),
    ("مليار و200 مليون دولار", [q(1200000000, "مليار و200 مليون", "USD")]),
    ("260 ألف و10 آلاف", [q(260000, "260 ألف"), q(10000, "10 آلاف")]),
    # percent and currency
    ("40 بالمائة", [q(40, "40", "%")]),
    ("10 في المائة", [q(10, "10", "%")]),
    ("5% فقط", [q(5, "5%", "%")]),
    ("٥٪ فقط", [q(5, "٥٪", "%")]),
    ("مليون دولار", [q(1000000, "مليون", "USD")]),
    ("خمسين جنيها", [q(50, "خمسين", "GBP")]),
    ("100 يورو", [q(100, "100", "EUR")]),
    ("125 مليون جنيه إسترليني", [q(125000000, "125 مليون", "GBP")]),
    # number words
    ("خمسة وعشرون", [q(25, "خمسة وعشرون")]),
    ("ثلاثة وعشرين ألفا", [q(23000, "ثلاثة وعشرين ألفا")]),
    ("عشرون ألفا", [q(20000, "عشرون ألفا")]),
    ("ثلاثة ملايين", [q(3000000, "ثلاثة ملايين")]),
    ("عشرة آلاف", [q(10000, "عشرة آلاف")]),
    ("مئة وخمسون", [q(150, "مئة وخمسون")]),
    ("ثلاثمائة ألف", [q(300000, "ثلاثمائة ألف")]),
    ("ألفين وخمسمائة", [q(2500, "ألفين وخمسمائة")]),
    ("ثلاث مئة", [q(300, "ثلاث مئة")]),
    ("مئتي شخص", [q(200, "مئتي", "people")]),
    ("مائتان", [q(200, "مائتان")]),
    ("أرسل سامي ماءتي رسالة", [q(200, "ماءتي")]),
    ("ثمانمائة", [q(800, "ثمانمائة")]),
    ("ثلاثمئة وخمسة وستون يوما", [q(365, "ثلاثمئة وخمسة وستون", "day")]),
    ("خمسة آلاف وخمسمائة", [q(5500, "خمسة آلاف وخمسمائة")]),
    ("في التسعينيات", [q(90, "التسعينيات", "decades-of")]),
    ("من 5 إلى 10 سنوات", [q(5, "5"), q(10, "10", "year")]),
    ("ألف شخص", [q(1000, "ألف", "people")]),
    ("مليونين", [q(2000000, "مليونين")]),
    ("مليون ونصف", [q(1500000, "مليون ونصف")]),
    ("أحد عشر لاعبا", [q(11, "أحد عشر")]),
    ("ثلاثة عشر", [q(13, "ثلاثة عشر")]),
    ("اثنتي عشرة", [q(12, "اثنتي عشرة")]),
    ("تسعة عشر", [q(19, "تسعة عشر")]),
    ("ثلاثون", [q(30, "ثلاثون")]),
    ("تسعين", [q(90, "تسعين")]),
    ("ثمانية", [q(8, "ثمانية")]),
    ("اثنان", [q(2, "اثنان")]),
    ("واحد", [q(1, "واحد")]),
    ("شخص واحد", [q(1, "واحد")]),
    ("واحدًا من أصل 4", [q(1, "واحدًا"), q(4, "4")]),
    # clitics
    ("وثلاثة", [q(3, "وثلاثة")]),
    ("بخمسة", [q(5, "بخمسة")]),
    ("لأربعة أيام", [q(4, "لأربعة", "day")]),
    ("فسبعة", [q(7, "فسبعة")]),
    # fractions
    ("نصف ساعة", [q("0.5", "نصف", "hour")]),
    ("ربع السكان", [q("0.25", "ربع")]),
    ("ثلث", [q("0.333333333", "ثلث")]),
    ("ثلثي الأغلبية", [q("0.666666667", "ثلثي")]),
    ("أكثر من النصف", [q("0.5", "النصف")]),
    # units: years, decades, duals
    ("سبعين عاماً", [q(70, "سبعين", "year")]),
    ("13 عامًا", [q(13, "13", "year")]),
    ("عقدين", [q(20, "عقدين", "year")]),
    ("العقدين الماضيين", [q(20, "العقدين", "year")]),
    ("ثلاثة عقود", [q(30, "ثلاثة عقود", "year")]),
    ("بعد ذلك بعقد من الزمان", [q(10, "بعقد", "year")]),
    ("عقود جديدة مع الشركة", []),
    ("عقد اجتماعا", []),
    ("يومين", [q(2, "يومين", "day")]),
    ("لمدة يومين", [q(2, "يومين", "day")]),
    ("عامين", [q(2, "عامين", "year")]),
    ("سنتين", [q(2, "سنتين", "year")]),
    ("شهرين", [q(2, "شهرين", "month")]),
    ("أسبوعين", [q(2, "أسبوعين", "week")]),
    ("ساعتين", [q(2, "ساعتين", "hour")]),
    ("مرتين", [q(2, "مرتين", "times")]),
    ("ثلاث مرات", [q(3, "ثلاث", "times")]),
    ("ستة أيام", [q(6, "ستة", "day")]),
    ("سبعة أشهر", [q(7, "سبعة", "month")]),
    ("ثمانية أسابيع", [q(8, "ثمانية", "week")]),
    ("أربع سنوات", [q(4, "أربع", "year")]),
    ("عشرة كيلومترات", [q(10, "عشرة", "km")]),
    ("20 طنا", [q(20, "20", "ton")]),
    # ordinals, clock hours, dates
    ("القرن العشرين", [q(20, "العشرين", "ordinal")]),
    ("القرن الحادي والعشرين", [q(21, "الحادي والعشرين", "ordinal")]),
    ("في سن الثالثة عشر", [q(13, "الثالثة عشر", "ordinal")]),
    ("للمرة الأولى", [q(1, "الأولى", "ordinal")]),
    ("الأول من أكتوبر", [q(1, "الأول", "date")]),  # a day of the month in words
    ("في الحادي والثلاثين من كانون الأول", [q(31, "الحادي والثلاثين", "date"), q(1, "الأول", "ordinal")]),
    ("النصف الأول من أغسطس", [q("0.5", "النصف", ""), q(1, "الأول", "ordinal")]),  # the first half of August
    ("القرن الواحد والعشرين", [q(21, "الواحد والعشرين", "ordinal")]),
    ("في اليوم الواحد", [q(1, "الواحد", "")]),
    ("ثمانينات القرن الماضي", [q(80, "ثمانينات", "decades-of")]),
    ("الساعة الثالثة والنصف عصرًا", [q("3.5", "الثالثة والنصف", "time")]),
    ("في 1 أكتوبر", [q(1, "1", "date")]),
    ("الساعة التاسعة مساء", [q(9, "التاسعة", "time")]),
    ("الساعة 7.55 صباحًا", [q("7.916666667", "7.55", "time")]),
    ("الساعة 5:30 مساءً", [q("5.5", "5:30", "time")]),
    # words that merely contain number letters, weekdays, plurals
    ("يوم الثلاثاء", []),
    ("يوم الاثنين", []),
    ("يوم الأربعاء", []),
    ("يوم الخميس", []),
    ("يوم الجمعة", []),
    ("آلاف الأشخاص", []),
    ("عشرات القتلى", []),
    ("مئات المنازل", []),
    ("ملايين الدولارات", []),
    ("استخدام مستوى عشرات", []),
]


def _check(text: str, lang: str, expected: list[tuple[Decimal, str, str]]) -> None:
    found = extract_numbers(text, lang)
    got = [(x.value, x.span.slice(text), x.unit) for x in found]
    assert got == expected, f"{text!r}: {got}"


@pytest.mark.parametrize(("text", "expected"), EN_CASES, ids=[c[0][:40] for c in EN_CASES])
def test_english(text: str, expected: list[tuple[Decimal, str, str]]) -> None:
    _check(text, "en", expected)


@pytest.mark.parametrize(("text", "expected"), AR_CASES, ids=[c[0][:40] for c in AR_CASES])
def test_arabic(text: str, expected: list[tuple[Decimal, str, str]]) -> None:
    _check(text, "ar", expected)


@pytest.mark.parametrize(
    ("text", "lang", "kinds"),
    [
        ("2017", "en", ["digits"]),
        ("2.5 billion", "en", ["mixed"]),
        ("seven", "en", ["words"]),
        ("260 ألف", "ar", ["mixed"]),
        ("ثلاثة ملايين", "ar", ["words"]),
    ],
)
def test_kind(text: str, lang: str, kinds: list[str]) -> None:
    assert [x.kind for x in extract_numbers(text, lang)] == kinds


def test_quantity_is_frozen_and_slotted() -> None:
    x = extract_numbers("20%", "en")[0]
    assert isinstance(x, Quantity)
    assert not hasattr(x, "__dict__")
    with pytest.raises(AttributeError):
        x.value = Decimal(1)  # type: ignore[misc]


def test_diacritics_keep_offsets() -> None:
    text = "بلغ عمره ثلاثةَ عشرَ عامًا و٢٠٠ يومٍ"
    found = extract_numbers(text, "ar")
    assert [(x.value, x.span.slice(text)) for x in found] == [(Decimal(13), "ثلاثةَ عشرَ"), (Decimal(200), "٢٠٠")]


def test_empty_text() -> None:
    assert extract_numbers("", "en") == []


_PIECES = [
    "one",
    "two",
    "million",
    "and",
    "a ",
    "half",
    "ألف",
    "آلاف",
    "مليون",
    "ثلاثة",
    "و",
    "عشر",
    "ال",
    "ساعة",
    "ً",
    "ّ",
    "ـ",
    "يومين",
    "per cent",
    "في المائة",
    "St",
    "pm",
    "bn",
]
_ALPHABET = st.sampled_from([*"0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳٤٥ ,.-/:%٪٫٬،$£€ abcdeilmnorstuwy", *_PIECES])


@settings(max_examples=300, deadline=None)
@example("0٫00-01", "en")  # a decimal before a hyphen is not a year range ("2019-20")
@example("00٫0-00", "en")
@given(st.one_of(st.text(), st.lists(_ALPHABET, max_size=30).map("".join)), st.sampled_from(["en", "ar"]))
def test_any_text_never_raises_and_spans_are_inside(text: str, lang: str) -> None:
    for x in extract_numbers(text, lang):
        assert 0 <= x.span.start <= x.span.end <= len(text)
        assert isinstance(x.value, Decimal)
        assert x.kind in ("digits", "words", "mixed")


def test_folded_token_scan_finds_what_the_raw_classes_find() -> None:
    """The scanner's token regex runs on letter-folded text (cheaper to compile): same tokens as on raw classes."""
    ordinals = {w for w, e in lx.AR_WORDS.items() if e[3] == "ordinal" and w.startswith("ال")}
    raw = re.compile(
        r"(?P<t>\d{1,2}:\d\d)(?![\d:])|(?P<n>\d+(?:[.,\u066b\u066c]\d+|\u060c\d{3}(?!\d))*)"
        rf"|\b(?P<w>{cand.candidate_pattern()})\b|\b(?P<g>{cand.trie_pattern(ordinals)})(?=ال[^\W\d_])"
    )
    texts = ["الثانيالذي", "الثانيألذي", "في الساعة 10:30 إثنا عشر مليون دولار", "ثلاثة آلاف وإحدى عشرة مرة"]
    texts += [w.replace("ا", a) + " " + a + "لبيت" for w in sorted(ordinals)[:50] for a in "اأإآٱ"]
    for text in texts:
        scanner = Scanner(text, "ar")
        assert scanner.toks == [(m.lastgroup in ("t", "n"), m.start(), m.end()) for m in raw.finditer(scanner.norm)]
