"""Table-driven tests of the figure cues of the numbers check: a changed month, weekday, currency, unit,
qualifier, ordinal, fraction or time of day is flagged on the wrong Arabic with both sides in the message;
correct renderings (both Arabic month sets, both digit systems, currency words, converted units) are not."""

from __future__ import annotations

import pytest

from aligner.checks.numerals import extract_numbers
from aligner.checks.numerals.cues import compare_cues, find_cues
from aligner.model import Severity
from tests.checks.helpers import run_one

# (source, translation, flagged Arabic span or "", figure kind)
WRONG = [
    # 1. dates: months (both Arabic sets, both digit systems), weekdays, centuries
    ("The vote is on 12 June.", "التصويت في 12 يوليو.", "يوليو", "month"),
    ("The vote is on 12 June.", "التصويت في ١٢ تموز.", "تموز", "month"),
    ("It happened in December.", "حدث ذلك في كانون الثاني.", "كانون الثاني", "month"),
    ("It happened in January 2019.", "حدث ذلك في ديسمبر 2019.", "ديسمبر", "month"),
    ("The talks resume in March.", "تستأنف المحادثات في نيسان المقبل.", "نيسان", "month"),
    ("The talks resume in March.", "تستأنف المحادثات مع نيسان.", "", "month"),  # "نيسان" with no figure or lead: Nissan
    ("They met on Wednesday.", "التقيا يوم الخميس.", "الخميس", "weekday"),
    ("They met on Wednesday.", "والتقيا الأحد.", "الأحد", "weekday"),
    ("It was the 19th century.", "كان القرن الثامن عشر.", "الثامن عشر", "ordinal"),
    # 2. currencies
    ("It cost $4,200.", "كلف 4,200 يورو.", "يورو", "currency"),
    ("It cost $4,200.", "كلف ٤٬٢٠٠ جنيه.", "جنيه", "currency"),
    ("The fine was 300 euros.", "بلغت الغرامة 300 دولار.", "دولار", "currency"),
    ("He paid 50 riyals.", "دفع 50 درهمًا.", "درهمًا", "currency"),
    # 3. units
    ("The road is 10 miles long.", "يبلغ طول الطريق 10 كيلومترات.", "كيلومترات", "unit"),
    ("It weighs 5 kg.", "يزن ٥ أرطال.", "أرطال", "unit"),
    ("It rose 3 percentage points.", "ارتفع 3 في المئة.", "في المئة", "unit"),
    ("It was 30 °C.", "كانت 30 درجة فهرنهايت.", "درجة فهرنهايت", "unit"),
    ("The farm covers 200 hectares.", "تغطي المزرعة 200 فدان.", "فدان", "unit"),
    # 4. ordinals
    ("Sales fell in the second quarter.", "انخفضت المبيعات في الربع الثالث.", "الثالث", "ordinal"),
    ("It is his fifth visit.", "إنها زيارته السادسة.", "السادسة", "ordinal"),
    ("The 21st century began.", "بدأ القرن العشرون.", "العشرون", "ordinal"),
    ("They won their opening four matches.", "فازا في مبارياتهما الأربع الثالثة.", "الثالثة", "ordinal"),
    # 5. fractions
    ("Two-thirds of voters agreed.", "وافق ثلاثة أرباع الناخبين.", "ثلاثة أرباع", "fraction"),
    ("A quarter of the staff left.", "غادر ثلث الموظفين.", "ثلث", "fraction"),
    # 6. qualifiers
    ("More than 1,000 people died.", "توفي أقل من 1000 شخص.", "أقل من", "qualifier"),
    ("At least 40 were hurt.", "أصيب ما يصل إلى ٤٠ شخصا.", "ما يصل إلى", "qualifier"),
    ("Fewer than 20 came.", "جاء أكثر من 20.", "أكثر من", "qualifier"),
    ("About 500 fled.", "فر أكثر من 500.", "أكثر من", "qualifier"),
    # 7. times of day
    ("It opens at 3 p.m.", "يفتح الساعة الثالثة صباحا.", "صباحا", "day_period"),
    ("It opens at 9 a.m.", "يفتح الساعة 9 مساء.", "مساء", "day_period"),
]

RIGHT = [
    ("The vote is on 12 June.", "التصويت في 12 يونيو."),
    ("The vote is on 12 June.", "التصويت في ١٢ حزيران."),
    ("It happened in December.", "حدث ذلك في كانون الأول."),
    ("It happened in December.", "حدث ذلك في ديسمبر/كانون الأول."),
    ("It happened in August.", "حدث ذلك في آب."),
    ("They met on Wednesday.", "التقيا يوم الأربعاء."),
    ("It cost $4,200.", "كلف 4,200 دولار."),
    ("It cost £5 million.", "كلف 5 ملايين جنيه إسترليني."),
    ("It cost 5 million pounds.", "كلف ٥ ملايين جنيه."),
    ("It rose 3 percentage points.", "ارتفع 3 نقاط مئوية."),
    ("More than 1,000 people died.", "توفي ما يزيد على 1000 شخص."),
    ("About 1,000 people died.", "توفي نحو ١٠٠٠ شخص."),
    ("Nearly 1,000 people died.", "توفي قرابة 1000 شخص."),
    ("It was the 19th century.", "كان القرن التاسع عشر."),
    ("Sales fell in the second quarter.", "انخفضت المبيعات في الربع الثاني."),
    ("Two-thirds of voters agreed.", "وافق ثلثا الناخبين."),
    ("Three-quarters of voters agreed.", "وافق ثلاثة أرباع الناخبين."),
    ("It opens at 3 p.m.", "يفتح الساعة الثالثة عصرًا."),
    ("It happened seven decades ago.", "حدث ذلك قبل سبعين عاماً."),
    ("It was the goal in the 25th minute.", "كان الهدف في الدقيقة 25."),
    ("He spoke on Radio 4.", "تحدث على الإذاعة الرابعة."),
    ("Three witnesses were absent and the trial is over.", "انتهت المحاكمة دون 3 شهود."),
    ("He may come on 5 May.", "قد يأتي في 5 مايو."),
    ("He may march in May.", "قد يسير في مايو."),
    ("He exerted pressure in June.", "مارس ضغطا في يونيو."),
    ("They own 76,000 hectares.", "يملكون 76.000 هكتار."),
    ("They won their opening four matches.", "فازا في مبارياتهما الأربع الأولى."),  # NTREX reuters.218923
    # NTREX rt.com.91335: the ordinal glued to the next word (a missing space) still renders "2"
    ("The $11 billion Nord Stream 2 pipeline.", "خط أنابيب نورد ستريم الثانٍالذي تبلغ تكلفته 11 مليار دولار."),
]
CONVERTED = [
    ("The road is 10 miles long.", "يبلغ طول الطريق 16 كيلومترًا.", "كيلومترًا"),
    ("It was 40 °F.", "كانت ٤ درجات مئوية.", "درجات مئوية"),
    ("The plot is 5 acres.", "تبلغ مساحة الأرض 2 هكتار.", "هكتار"),
    ("They own 76,000 hectares.", "يملكون 187.800 فدان.", "فدان"),  # thousands written the European way
]


@pytest.mark.parametrize(("src", "tgt", "span", "kind"), WRONG, ids=[f"{i}-{w[3]}" for i, w in enumerate(WRONG)])
def test_changed_figure_is_flagged_on_the_wrong_arabic(src: str, tgt: str, span: str, kind: str) -> None:
    _, spans, issues = run_one("numbers", src, tgt)
    if not span:
        assert spans == []
        return
    assert spans == [span]
    issue = issues[0]
    assert issue.severity > Severity.INFO
    if "figure_kind" in issue.evidence:  # else the figure itself was already reported ("a quarter" = 0.25)
        assert issue.evidence["figure_kind"] == kind
        assert "source: " in issue.message and " — translation: " in issue.message and span in issue.message


@pytest.mark.parametrize(("src", "tgt"), RIGHT, ids=[f"{i}" for i in range(len(RIGHT))])
def test_correct_rendering_is_not_flagged(src: str, tgt: str) -> None:
    _, spans, issues = run_one("numbers", src, tgt)
    assert spans == [], [i.message for i in issues]


@pytest.mark.parametrize(("src", "tgt", "span"), CONVERTED)
def test_converted_unit_is_a_note_and_excuses_the_figure(src: str, tgt: str, span: str) -> None:
    _, spans, issues = run_one("numbers", src, tgt)
    assert spans == [span]
    assert issues[0].severity is Severity.INFO and issues[0].evidence["kind"] == "conversion"


def test_message_names_both_sides() -> None:
    _, _, issues = run_one("numbers", "The vote is on 12 June.", "التصويت في 12 يوليو.")
    assert issues[0].message == "month changed: source: 12 June — translation: 12 يوليو"


def test_currency_and_reversed_qualifier_are_critical() -> None:
    assert run_one("numbers", "It cost $4,200.", "كلف 4,200 يورو.")[2][0].severity is Severity.CRITICAL
    assert run_one("numbers", "Over 30 died.", "توفي أقل من 30.")[2][0].severity is Severity.CRITICAL
    assert run_one("numbers", "About 30 died.", "توفي أكثر من 30.")[2][0].severity is Severity.MAJOR


def test_cue_only_on_one_side_is_not_a_substitution() -> None:
    src, tgt = "It cost 4,200.", "كلف 4,200 دولار يوم الخميس."
    assert compare_cues(find_cues(src, extract_numbers(src, "en")), find_cues(tgt, extract_numbers(tgt, "ar"))) == []


def test_lowercase_english_month_word_is_not_a_month() -> None:
    assert find_cues("Protesters march and may stay.", []) == []


def test_digits_inside_a_markup_tag_are_not_figures() -> None:
    assert run_one("numbers", "Arrest made in shooting death", '<seg id="1">اعتقال مشتبه به في مقتل لاعب')[1] == []


# Day of month, years, decades, times of day and ranges: the figure itself is compared (both digit systems).
FIGURES_WRONG = [
    ("The vote is on 12 June 2019.", "التصويت في 13 يونيو 2019.", "13"),
    ("The vote is on 12 June 2019.", "التصويت في ١٢ حزيران ٢٠١٨.", "٢٠١٨"),
    ("The decade began in the 1990s.", "بدأ العقد في الثمانينيات.", "الثمانينيات"),
    ("It opens at 3 p.m.", "يفتح الساعة الرابعة عصرًا.", "الرابعة"),
    ("Prices rose 10–12 percent.", "ارتفعت الأسعار من 10 إلى 14 في المئة.", "14"),
    ("Prices rose 10–12 percent.", "ارتفعت الأسعار من ١٠ إلى ١٣ في المئة.", "١٣"),
    ("Prices rose 10–12 percent.", "ارتفعت الأسعار 10-13 في المئة.", "13"),
    ("The vote is on 30 September.", "التصويت في 29 أيلول.", "29"),
    ("It was built in 1870.", "بني عام ١٨٧٦م.", "١٨٧٦"),
    ("It happened in the 1990s.", "حدث ذلك في ثمانينات القرن الماضي.", "ثمانينات"),  # the shorter spelling
    ("It happened in the 20th century.", "حدث ذلك في القرن الواحد والعشرين.", "الواحد والعشرين"),
    ("It opens at 3:30 p.m.", "يفتح الساعة الرابعة والنصف عصرًا.", "الرابعة والنصف"),
    ("It opens at 3 p.m.", "يفتح الساعة الثالثة والنصف عصرًا.", "الثالثة والنصف"),
    ("The vote is on September 1.", "التصويت في الثاني من سبتمبر.", "الثاني"),  # a day of the month in words
    ("The vote is on 1st September.", "التصويت في الثاني من أيلول.", "الثاني"),
    ("The vote is on 1st September.", "التصويت في 2 سبتمبر.", "2"),
    ("The vote is on the 3rd of October.", "التصويت في الرابع من تشرين الأول.", "الرابع"),
    ("The vote is on Monday, 3 October.", "التصويت يوم الاثنين الموافق الرابع من أكتوبر.", "الرابع"),
]
FIGURES_RIGHT = [
    ("The vote is on 12 June 2019.", "التصويت في ١٢ حزيران ٢٠١٩."),
    ("It opens at 3 p.m.", "يفتح الساعة 15:00."),
    ("It opens at 3 p.m.", "يفتح الساعة ٣ عصرًا."),
    ("Prices rose 10–12 percent.", "ارتفعت الأسعار من ١٠ إلى ١٢ في المئة."),
    ("Prices rose 10–12 percent.", "ارتفعت الأسعار بين 10 و12 في المئة."),
    ("It happened in the 19th century.", "حدث ذلك في القرن ١٩."),
    ("It happened in the 21st century.", "حدث ذلك في القرن الواحد والعشرين."),
    ("It happened in the 21st century.", "حدث ذلك في القرن الحادي والعشرين."),
    ("It happened in the 1990s.", "حدث ذلك في تسعينات القرن الماضي."),
    ("It was built in 1870.", "بني عام 1870م."),
    ("Prices rose 10–12 percent.", "ارتفعت الأسعار 10-12 في المئة."),
    ("The vote is on 30 September.", "التصويت في ٣٠ أيلول."),
    ("The vote is on 30 September.", "التصويت في 30 من سبتمبر."),
    ("It opens at 3:30 p.m.", "يفتح الساعة الثالثة والنصف عصرًا."),
    ("It opens at 10:15 a.m.", "يفتح الساعة العاشرة والربع صباحًا."),
    ("It was a one-party state for 1 day.", "كانت دولة الحزب الواحد في اليوم الواحد."),
    ("The vote is on September 1.", "التصويت في الأول من سبتمبر."),
    ("The vote is on 1st September.", "التصويت في ١ أيلول."),
    ("The vote is on 31 December.", "التصويت في الحادي والثلاثين من كانون الأول."),
    ("Prices rose in the first half of August.", "ارتفعت الأسعار في النصف الأول من أغسطس."),
]


@pytest.mark.parametrize(("src", "tgt", "span"), FIGURES_WRONG)
def test_changed_date_time_or_range_figure(src: str, tgt: str, span: str) -> None:
    _, spans, issues = run_one("numbers", src, tgt)
    assert spans == [span]
    assert span in issues[0].message


@pytest.mark.parametrize(("src", "tgt"), FIGURES_RIGHT)
def test_same_date_time_or_range_written_differently(src: str, tgt: str) -> None:
    assert run_one("numbers", src, tgt)[1] == []


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("خط نورد ستريم الثانيالذي يمر.", ["الثاني"]),
        ("خط نورد ستريم ٢ الثالثةالتي.", ["٢", "الثالثة"]),
        ("مات ستالين في الثالث.", ["الثالث"]),  # "ست" (six) glued to "الين" is not read
    ],
)
def test_definite_ordinal_glued_to_the_next_word_is_read(text: str, spans: list[str]) -> None:
    assert [q.span.slice(text) for q in extract_numbers(text, "ar")] == spans
