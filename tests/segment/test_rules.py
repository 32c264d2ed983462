from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.model import Document, Span, Unit
from aligner.registry import UnknownNameError
from aligner.segment import SEGMENTERS, LineSegmenter, RuleSegmenter, Segmenter, get_segmenter

EN_CASES = [
    ("Hello world. How are you?", ["Hello world.", "How are you?"]),
    ("Mr. Smith went to Washington. He arrived.", ["Mr. Smith went to Washington.", "He arrived."]),
    ("Mrs. Thatcher resigned in 1990. She died in 2013.", ["Mrs. Thatcher resigned in 1990.", "She died in 2013."]),
    ("Dr. Jones and Prof. Lee met at St. Mary's church.", ["Dr. Jones and Prof. Lee met at St. Mary's church."]),
    ("Gen. Milley and Sen. Warren spoke.", ["Gen. Milley and Sen. Warren spoke."]),
    ("The U.S. economy grew 2.5% last year.", ["The U.S. economy grew 2.5% last year."]),
    ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
    ("The U.N. Security Council met.", ["The U.N. Security Council met."]),
    ("It cost $1,000.50 in total. Then prices rose.", ["It cost $1,000.50 in total.", "Then prices rose."]),
    ("The meeting starts at 10.30 tomorrow.", ["The meeting starts at 10.30 tomorrow."]),
    ("Temperatures hit 3.5 degrees. Snow fell.", ["Temperatures hit 3.5 degrees.", "Snow fell."]),
    ("Visit www.bbc.co.uk/news?id=1&x=2 for more. Thanks.", ["Visit www.bbc.co.uk/news?id=1&x=2 for more.", "Thanks."]),
    ("Email john.doe@example.com now. Bye.", ["Email john.doe@example.com now.", "Bye."]),
    ("J. K. Rowling wrote it.", ["J. K. Rowling wrote it."]),
    ("George W. Bush spoke in Texas.", ["George W. Bush spoke in Texas."]),
    ("Plan B. The backup failed.", ["Plan B.", "The backup failed."]),
    ("Wait... what happened?", ["Wait... what happened?"]),
    ("He paused… then went on.", ["He paused… then went on."]),
    ("He paused... Then he left.", ["He paused...", "Then he left."]),
    ('"Why?" he asked.', ['"Why?" he asked.']),
    ('"Stop!" The crowd froze.', ['"Stop!"', "The crowd froze."]),
    ('She said "It is over." Then she left.', ['She said "It is over."', "Then she left."]),
    ('"Do they think I get a discount?" she wondered.', ['"Do they think I get a discount?" she wondered.']),
    ("\"I yelled: 'There's a shark!'\" Hammel added.", ["\"I yelled: 'There's a shark!'\" Hammel added."]),
    ('"Really?" Smith asked, smiling.', ['"Really?" Smith asked, smiling.']),
    ('"It works." Police said the suspect fled.', ['"It works."', "Police said the suspect fled."]),
    ("Is it true?! Yes.", ["Is it true?!", "Yes."]),
    ("The talks, e.g. on trade, went on.", ["The talks, e.g. on trade, went on."]),
    ("Tariffs, i.e. Taxes on imports, rose.", ["Tariffs, i.e. Taxes on imports, rose."]),
    ("Apples, pears, etc. are fruit.", ["Apples, pears, etc. are fruit."]),
    ("They sell apples, pears etc. The shop is new.", ["They sell apples, pears etc.", "The shop is new."]),
    ("Born on Jan. 5, 1990 in London.", ["Born on Jan. 5, 1990 in London."]),
    ("Closed until Oct. President Widodo visited.", ["Closed until Oct.", "President Widodo visited."]),
    ("No. 10 said no. The PM left.", ["No. 10 said no.", "The PM left."]),
    ("Apple Inc. said profits rose.", ["Apple Inc. said profits rose."]),
    ("He works for Acme Corp. The company is big.", ["He works for Acme Corp.", "The company is big."]),
    ("At 10 a.m. on Monday the vote began.", ["At 10 a.m. on Monday the vote began."]),
    ("The vote began at 10 p.m. The result came later.", ["The vote began at 10 p.m.", "The result came later."]),
    ("Roe v. Wade was decided in 1973.", ["Roe v. Wade was decided in 1973."]),
    ("Welsh AMs worried about 'looking like muppets'", ["Welsh AMs worried about 'looking like muppets'"]),
    ("First sentence. Second without punctuation", ["First sentence.", "Second without punctuation"]),
    ("Line one\nLine two.", ["Line one", "Line two."]),
    ("1. First item", ["1. First item"]),
    ("a. Option one. B. Option two", ["a. Option one.", "B. Option two"]),
    ("IV. Results", ["IV. Results"]),
    ("He ranked No. 1. The rest trailed.", ["He ranked No. 1.", "The rest trailed."]),
    ("(This is an aside.) Next sentence.", ["(This is an aside.)", "Next sentence."]),
    ("The ratio was 2:1 in favour: a win.", ["The ratio was 2:1 in favour: a win."]),
    ("The score was 3-2. Fans cheered!", ["The score was 3-2.", "Fans cheered!"]),
]

AR_CASES = [
    ("هل هذا صحيح؟ نعم.", ["هل هذا صحيح؟", "نعم."]),
    ("هل حضرت الاجتماع؟! لا.", ["هل حضرت الاجتماع؟!", "لا."]),
    ("قال الرئيس، في كلمته، إن البلاد بخير.", ["قال الرئيس، في كلمته، إن البلاد بخير."]),
    ("وأضاف: إن الوضع مستقر. وانتهى الاجتماع.", ["وأضاف: إن الوضع مستقر.", "وانتهى الاجتماع."]),
    ("التصنيف:الصين", ["التصنيف:الصين"]),
    ("قال د. محمد علي إن النمو جيد.", ["قال د. محمد علي إن النمو جيد."]),
    ("زار أ.د. أحمد الجامعة.", ["زار أ.د. أحمد الجامعة."]),
    ("ولد عام 1950 م. في القاهرة.", ["ولد عام 1950 م. في القاهرة."]),
    ("توفي سنة 1435 هـ. في مكة.", ["توفي سنة 1435 هـ. في مكة."]),
    ("العنوان ص.ب. 1234 الرياض.", ["العنوان ص.ب. 1234 الرياض."]),
    ("بلغ النمو ٢٫٥ في المئة. وارتفعت الأسعار.", ["بلغ النمو ٢٫٥ في المئة.", "وارتفعت الأسعار."]),
    ("بلغ العدد ١٬٠٠٠ شخص.", ["بلغ العدد ١٬٠٠٠ شخص."]),
    ("ارتفع المؤشر 3.5% أمس. وتراجع الدولار.", ["ارتفع المؤشر 3.5% أمس.", "وتراجع الدولار."]),
    ("وصل الوفد الساعة 10.30 صباحًا. وبدأ الاجتماع.", ["وصل الوفد الساعة 10.30 صباحًا.", "وبدأ الاجتماع."]),
    (
        "التقى بايدن مع Boris Johnson في لندن. وناقشا التجارة.",
        ["التقى بايدن مع Boris Johnson في لندن.", "وناقشا التجارة."],
    ),
    ("كتبت J. K. Rowling رواية جديدة.", ["كتبت J. K. Rowling رواية جديدة."]),
    ("أعلنت شركة Apple Inc. أرباحها.", ["أعلنت شركة Apple Inc. أرباحها."]),
    ("نجح الطلاب بتقدير A. وتدعم المدارس اللغات.", ["نجح الطلاب بتقدير A.", "وتدعم المدارس اللغات."]),
    ('قالت: "هل يعتقدون أنني أحصل على خصم؟" تساءلت.', ['قالت: "هل يعتقدون أنني أحصل على خصم؟" تساءلت.']),
    ('"هل تريدون رؤيته؟" قائلًا إنه مستعد.', ['"هل تريدون رؤيته؟" قائلًا إنه مستعد.']),
    (
        'وقال: "هذا أمر حتمي." قال جون إن القرار نهائي.',
        ['وقال: "هذا أمر حتمي."', "قال جون إن القرار نهائي."],
    ),
    ("بوتين في بيونغ يانغ... ماذا يريد من كيم", ["بوتين في بيونغ يانغ... ماذا يريد من كيم"]),
    ("ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض", ["ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض"]),
    (
        "زيارة بوتين: الدعم المستمر. ماذا تريد روسيا؟ تعرف على التفاصيل.",
        ["زيارة بوتين: الدعم المستمر.", "ماذا تريد روسيا؟", "تعرف على التفاصيل."],
    ),
    ("هتف المتظاهرون «نوفمبر قادم!» وتظاهروا أمام المجلس.", ["هتف المتظاهرون «نوفمبر قادم!»", "وتظاهروا أمام المجلس."]),
    ("قال: «هذا عالم جديد». ثم غادر.", ["قال: «هذا عالم جديد».", "ثم غادر."]),
    ("أعلنت شبكة إم إس إن بي سي. وارتفع عدد المشاهدين.", ["أعلنت شبكة إم إس إن بي سي.", "وارتفع عدد المشاهدين."]),
    ("مستقبل قضية روي في. واد غير واضح.", ["مستقبل قضية روي في. واد غير واضح."]),
    ("سجل الفريق 3 أهداف! وفاز بالمباراة.", ["سجل الفريق 3 أهداف!", "وفاز بالمباراة."]),
    ("تابعوا الموقع www.aljazeera.net للأخبار. شكرًا.", ["تابعوا الموقع www.aljazeera.net للأخبار.", "شكرًا."]),
    ("قال الوزير؛ إن الاجتماع انتهى.", ["قال الوزير؛ إن الاجتماع انتهى."]),
    ("السطر الأول\nالسطر الثاني؟", ["السطر الأول", "السطر الثاني؟"]),
    ("أ. البند الأول", ["أ. البند الأول"]),
    ("ولد في 12 يناير 1990. وتوفي في 2020.", ["ولد في 12 يناير 1990.", "وتوفي في 2020."]),
    ("\u200fقال الرئيس إن البلاد بخير.\u200f", ["قال الرئيس إن البلاد بخير."]),
]


@pytest.fixture(scope="module")
def seg() -> RuleSegmenter:
    return RuleSegmenter()


def sentences(seg: Segmenter, text: str, lang: str) -> list[str]:
    return [sp.slice(text) for sp in seg.split_text(text, lang)]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english(seg: RuleSegmenter, text: str, expected: list[str]) -> None:
    assert sentences(seg, text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), AR_CASES)
def test_arabic(seg: RuleSegmenter, text: str, expected: list[str]) -> None:
    assert sentences(seg, text, "ar") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال الوزير؛ إن الاجتماع انتهى.", ["قال الوزير؛", "إن الاجتماع انتهى."]),
        ("هل هذا صحيح؟ نعم.", ["هل هذا صحيح؟", "نعم."]),
    ],
)
def test_arabic_semicolon_option(text: str, expected: list[str]) -> None:
    seg = RuleSegmenter(arabic_semicolon=True)
    assert sentences(seg, text, "ar") == expected
    assert sentences(seg, "One; two.", "en") == ["One; two."]  # English never splits at ;
    assert seg.signature() == "rules.v1(arabic_semicolon)"


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u200f \u200e", "\t\r\n "])
def test_blank_text_gives_no_segments(seg: RuleSegmenter, text: str) -> None:
    assert seg.split_text(text, "en") == []


def assert_valid(text: str, spans: list[Span]) -> None:
    prev_end = 0
    for sp in spans:
        assert 0 <= prev_end <= sp.start < sp.end <= len(text)
        piece = sp.slice(text)
        assert piece.strip() == piece
        assert not any(c in piece for c in "\n\r\u2028\u2029")
        prev_end = sp.end


ALL_TEXTS = [t for t, _ in EN_CASES + AR_CASES]


@pytest.mark.parametrize("name", SEGMENTERS.names())
def test_invariants_on_cases(name: str) -> None:
    seg = get_segmenter(name)
    for text in ALL_TEXTS:
        for lang in ("en", "ar"):
            assert_valid(text, seg.split_text(text, lang))


def test_split_document_units_offsets_and_indices(seg: RuleSegmenter) -> None:
    text = "Headline without stop  One. Two? \n\nThree. Four"
    cuts = [0, text.index(" One"), text.index("\n"), text.index("Three"), len(text)]
    units = tuple(Unit(Span(a, b)) for a, b in itertools.pairwise(cuts))
    doc = Document(id="d1", lang="en", text=text, units=units)
    segs = seg.split(doc)
    assert [s.text for s in segs] == ["Headline without stop", "One.", "Two?", "Three.", "Four"]
    assert [s.index for s in segs] == list(range(len(segs)))
    assert [s.unit for s in segs] == [0, 1, 1, 3, 3]
    for s in segs:
        assert s.doc_id == "d1"
        assert s.text == text[s.span.start : s.span.end]
        unit = units[s.unit].span
        assert unit.start <= s.span.start < s.span.end <= unit.end


def test_segments_never_cross_units(seg: RuleSegmenter) -> None:
    text = "Mr. Smith arrived at the U.S."  # the unit edge falls inside an abbreviated sentence
    doc = Document(id="d", lang="en", text=text, units=(Unit(Span(0, 9)), Unit(Span(9, len(text)))))
    assert [s.text for s in seg.split(doc)] == ["Mr. Smith", "arrived at the U.S."]


def test_split_document_without_units_is_one_unit(seg: RuleSegmenter) -> None:
    doc = Document(id="d", lang="ar", text="  هل هذا صحيح؟ نعم.\nسطر آخر  ")
    segs = seg.split(doc)
    assert [s.text for s in segs] == ["هل هذا صحيح؟", "نعم.", "سطر آخر"]
    assert {s.unit for s in segs} == {0}
    assert all(doc.text[s.span.start : s.span.end] == s.text for s in segs)


def test_seed_page_invariants(seg: RuleSegmenter, seed_page_path) -> None:
    if not seed_page_path.exists():
        pytest.skip("seed page not present")
    text = seed_page_path.read_text(encoding="utf-8")
    spans = seg.split_text(text, "ar")
    assert_valid(text, spans)
    assert len(spans) > len(text.splitlines()) // 2


def test_registry_and_signatures() -> None:
    assert SEGMENTERS.names() == ["rules", "lines"]
    assert isinstance(get_segmenter(), RuleSegmenter)
    assert isinstance(get_segmenter("lines"), LineSegmenter)
    assert get_segmenter("rules").signature() == "rules.v1"
    assert get_segmenter("lines").signature() == "lines.v1"
    with pytest.raises(UnknownNameError, match="rules"):
        get_segmenter("nltk")


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        RuleSegmenter(True)  # type: ignore[misc]


def test_language_code_variants(seg: RuleSegmenter) -> None:
    text = "هل هذا صحيح؟ نعم."
    assert sentences(seg, text, "ar-EG") == sentences(seg, text, "ara") == ["هل هذا صحيح؟", "نعم."]
    assert sentences(seg, "Is it? Yes.", "xx") == ["Is it?", "Yes."]


def test_long_text_is_linear(seg: RuleSegmenter) -> None:
    text = "A. " * 20000 + "a.b." * 20000 + " End. " + "x" * 100000  # many candidates, long tokens
    spans = seg.split_text(text, "en")
    assert_valid(text, spans)


TRICKY = st.sampled_from(
    [
        *[
            ".",
            "!",
            "?",
            "…",
            "؟",
            "،",
            "؛",
            ":",
            ",",
            '"',
            "'",
            "«",
            "»",
            "”",
            "’",
            "(",
            ")",
            "[",
            "]",
            "-",
            "\n",
            "\r",
            "\u2028",
            "\u200f",
            "\t",
            "1",
            "٢",
            "٫",
            "٬",
            "a",
            "B",
            "د",
            "م",
            "ـ",
            "هـ",
        ],
        *["Mr", "U.S", "e.g", "No", "Jan", "إم", "سي", "في", "قال", "تساءلت", "قائلًا", "The", "said", "www.x.com"],
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_property_any_unicode_text(text: str) -> None:
    for seg in (RuleSegmenter(), RuleSegmenter(arabic_semicolon=True), LineSegmenter()):
        for lang in ("en", "ar"):
            assert_valid(text, seg.split_text(text, lang))


@settings(max_examples=300, deadline=None)
@given(st.lists(TRICKY, max_size=40).map(" ".join), st.lists(TRICKY, max_size=40).map("".join))
def test_property_tricky_tokens(spaced: str, packed: str) -> None:
    seg = RuleSegmenter(arabic_semicolon=True)
    for text in (spaced, packed):
        for lang in ("en", "ar"):
            spans = seg.split_text(text, lang)
            assert_valid(text, spans)
            visible = "".join(c for c in text if not (c.isspace() or c == "\u200f"))
            assert "".join(c for sp in spans for c in sp.slice(text) if not (c.isspace() or c == "\u200f")) == visible


@settings(max_examples=150, deadline=None)
@given(st.lists(TRICKY, max_size=50).map(" ".join), st.lists(st.integers(min_value=0, max_value=400), max_size=4))
def test_property_document_split(text: str, cuts: list[int]) -> None:
    points = sorted({0, len(text), *(min(c, len(text)) for c in cuts)})
    units = tuple(Unit(Span(a, b)) for a, b in itertools.pairwise(points))
    doc = Document(id="d", lang="ar", text=text, units=units)
    for seg in (RuleSegmenter(), LineSegmenter()):
        segs = seg.split(doc)
        assert [s.index for s in segs] == list(range(len(segs)))
        for s in segs:
            assert s.text == text[s.span.start : s.span.end] and s.text.strip()
            assert units[s.unit].span.start <= s.span.start < s.span.end <= units[s.unit].span.end
        assert [s.unit for s in segs] == sorted(s.unit for s in segs)
