from __future__ import annotations

from pathlib import Path

import pytest

from aligner.ingest import read_bitext
from aligner.ingest.bilingual_page import PageReader
from aligner.ingest.encoding import decode_bytes
from aligner.model import PAIRABLE_ROLES, Bitext, Layout
from tests.ingest.contract import ReaderContract

PAGES = Path(__file__).resolve().parents[2] / "corpora" / "pages"
SEED = (PAGES / "seed_000.txt").read_bytes()

CHROME = ("Loading", "logo", "شارك الخبر", "Facebook", "التصنيف", "الرئيسيةأخبار", "شاهد ايضاً", "أخبار ذات صلة", "#")
SEED_ENGLISH = [
    ("headline", "Putin may need arms from North Korea’s Kim, but what is he willing to give in return?"),
    ("caption", "See moment Putin is greeted by Kim Jong Un in North Korea"),
    ("related_headline", "Shanghai slammed by what China says is the city’s strongest storm in seven decades"),
    (
        "related_headline",
        "Summer of devastating floods shows steep challenge for China as it grapples with extreme weather",
    ),
    (
        "related_headline",
        "World Anti-Doping Agency defends handling of elite Chinese swimmers who tested positive for banned drug",
    ),
    ("related_headline", "Chinese leader Xi meets Russia’s Lavrov as two partners tout strong ties"),
]


def units(doc, *roles):
    return [(u.role, u.span.slice(doc.text)) for u in doc.units if not roles or u.role in roles]


class TestPageContract(ReaderContract):
    reader_cls = PageReader
    sample = SEED
    sample_name = "seed_000.txt"
    layout = Layout.ITEMS


@pytest.fixture(scope="module")
def seed() -> Bitext:
    return PageReader().read(SEED, "seed_000.txt")


def test_seed_has_exactly_the_six_english_items(seed):
    assert units(seed.src) == SEED_ENGLISH


def test_seed_arabic_headline_title_and_category(seed):
    assert units(seed.tgt, "headline") == [
        ("headline", "قد يحتاج بوتين إلى أسلحة من كيم في كوريا الشمالية، ولكن ماذا ينوي أن يعطي مقابله؟")
    ]
    assert units(seed.tgt, "title") == [("title", "ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض")]
    assert seed.src.meta["category"] == seed.tgt.meta["category"] == "الصين"
    (description,) = units(seed.tgt, "description")
    assert description[1].startswith("زيارة بوتين لكوريا الشمالية") and "#سياسة" in description[1]


def test_seed_body_paragraphs(seed):
    body = [text for _, text in units(seed.tgt, "body")]
    assert len(body) == 38
    assert body[0].startswith("بينما يقوم الرئيس الروسي فلاديمير بوتين بأول زيارة له إلى كوريا الشمالية")
    assert body[-1].startswith('"انظر الآن إلى ما وصلنا إليه اليوم')
    assert body[-1].endswith('هذا عالم جديد تمامًا وعالم مأساوي".')


def test_seed_subheadings_and_see_also(seed):
    assert [t for _, t in units(seed.tgt, "subheading")] == [
        "ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض؟",
        "'عالم مأساوي'",
    ]
    see_also = [t for _, t in units(seed.tgt, "see_also")]
    assert len(see_also) == 12
    assert see_also[0] == "إنهاء الصين لتبني الأطفال الأجانب. مما يترك مئات العائلات الأمريكية في حالة من عدم اليقين"
    assert "عودة مهمة القمر Chang'e-6 الصينية إلى الأرض بعينات تاريخية من الجانب البعيد" in see_also


def test_seed_no_chrome_in_content_units(seed):
    for doc in (seed.src, seed.tgt):
        for role, text in units(doc, "headline", "caption", "body", "subheading", "title", "related_headline"):
            assert not any(marker in text for marker in CHROME), (role, text)
    everything = seed.src.text + seed.tgt.text
    for marker in ("Loading...", "FacebookTwitterLinkedInEmail", "شارك الخبر", "الرئيسيةأخبار", "logo"):
        assert marker not in everything


def test_seed_see_also_never_pairable(seed):
    assert "see_also" not in PAIRABLE_ROLES
    see_also = {t for _, t in units(seed.tgt, "see_also")}
    pairable = {t for _, t in units(seed.tgt, *PAIRABLE_ROLES)}
    assert not see_also & pairable


def test_seed_related_blocks(seed):
    groups = sorted({u.group for u in seed.tgt.units if u.group})
    assert groups == ["related-1", "related-2", "related-3", "related-4"]
    for group in groups:
        en = [(u.role) for u in seed.src.units if u.group == group]
        ar = [(u.role, u.span.slice(seed.tgt.text)) for u in seed.tgt.units if u.group == group]
        assert en == ["related_headline"]
        assert [r for r, _ in ar] == ["related_headline", "related_summary", "category"]
        assert ar[2][1] == "الصين"
        assert ar[1][1].endswith("...")
    first = [u.span.slice(seed.tgt.text) for u in seed.tgt.units if u.group == "related-1"]
    assert first[0] == "شنغهاي تتعرض لأقوى عاصفة تضرب المدينة منذ سبعين عاماً وفقاً لما أعلنته الصين"


def test_seed_origins_map_back_to_the_page(seed):
    decoded = decode_bytes(SEED, "seed_000.txt")
    for doc in (seed.src, seed.tgt):
        for unit in doc.units:
            assert unit.origin is not None
            assert unit.origin.slice(decoded) == unit.span.slice(doc.text)
    # the headline sits on line 8 of the page
    headline = seed.src.units[0].origin
    assert decoded.count("\n", 0, headline.start) + 1 == 8


def test_read_bitext_routes_bilingual_txt_to_the_page_reader():
    bitext = read_bitext(SEED, "some/where/page.txt")
    assert bitext.layout is Layout.ITEMS and len(bitext.src.units) == 6


# --- synthetic variants (corpora/pages/synthetic_*.txt, see the README there)


def read_page(name: str) -> Bitext:
    return PageReader().read((PAGES / name).read_bytes(), name)


def test_page_without_related_block():
    page = read_page("synthetic_001_no_related.txt")
    assert units(page.src) == [("headline", "Heavy rain floods the streets of a coastal city")]
    assert [r for r, _ in units(page.tgt)] == ["title", "description", "headline", "body", "see_also", "body"]
    assert units(page.tgt, "see_also") == [("see_also", "موجة حر تضرب جنوب البلاد")]
    assert page.tgt.meta["category"] == "طقس"
    assert page.tgt.meta["tags"] == "#طقس #أمطار #الدفاع_المدني"
    assert not any(u.group for u in page.tgt.units)


def test_page_with_two_captions_crlf_and_related_block_without_english():
    page = read_page("synthetic_002_captions_crlf.txt")
    assert units(page.src) == [
        ("headline", "Regional leaders meet to discuss trade and energy"),
        ("caption", "Leaders arrive at the summit venue on Monday"),
        ("caption", "Watch the opening press conference"),
        ("caption", "Video shows the motorcade arriving at the palace"),
        ("related_headline", "Energy ministers agree on a joint plan"),
    ]
    assert "\r" not in page.src.text + page.tgt.text
    related = [(u.group, u.role) for u in page.tgt.units if u.group]
    assert related == [
        ("related-1", "related_headline"),
        ("related-1", "related_summary"),
        ("related-1", "category"),
        ("related-2", "related_headline"),
        ("related-2", "related_summary"),
        ("related-2", "category"),
    ]
    assert len(units(page.tgt, "body")) == 3


def test_english_line_inside_an_arabic_paragraph_is_not_an_item():
    page = read_page("synthetic_003_english_in_body.txt")
    assert units(page.src) == [("headline", "Start-up launches a translation app for newsrooms")]
    body = [t for _, t in units(page.tgt, "body")]
    assert len(body) == 2
    assert '"Translate with care"' in body[0] and "GitHub" in body[0] and "\n" not in body[0]
    assert units(page.tgt, "subheading") == [("subheading", '"الدقة أولاً"')]
    assert units(page.tgt, "description") == [("description", "صفحة مصطنعة لاختبار القارئ، وصف الصفحة بلا وسوم.")]


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.txt")))
def test_every_corpus_page_origins_are_exact(name):
    data = (PAGES / name).read_bytes()
    decoded = decode_bytes(data, name)
    page = PageReader().read(data, name)
    assert page.src.units and page.tgt.units
    for doc in (page.src, page.tgt):
        for unit in doc.units:
            assert unit.origin.slice(decoded).replace("\n", " ") == unit.span.slice(doc.text)


def test_page_without_arabic_is_an_input_error():
    from aligner.ingest import InputError

    with pytest.raises(InputError, match="no Arabic"):
        PageReader().read(b"Loading...\nOnly English here\n", "en.txt")


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16-le"])
def test_seed_in_legacy_and_bomless_encodings(seed, encoding):
    data = SEED.decode("utf-8").encode(encoding)
    assert units(PageReader().read(data, "seed.txt").src) == units(seed.src)
    assert units(read_bitext(data, "seed.txt").tgt) == units(seed.tgt)


def test_english_text_in_the_arabic_headline_slot_stays_on_the_arabic_side():
    english = "Shanghai slammed by what China says is the city’s strongest storm in seven decades"
    text = SEED.decode("utf-8").replace(
        "شنغهاي تتعرض لأقوى عاصفة تضرب المدينة منذ سبعين عاماً وفقاً لما أعلنته الصين", "Shanghai storm, untranslated", 1
    )
    page = PageReader().read(text.encode("utf-8"), "seed_000.txt")
    assert [(u.role, u.span.slice(page.src.text)) for u in page.src.units if u.group == "related-1"] == [
        ("related_headline", english)
    ]
    block = [(u.role, u.span.slice(page.tgt.text)) for u in page.tgt.units if u.group == "related-1"]
    assert [r for r, _ in block] == ["related_headline", "related_summary", "category"]
    assert block[0][1] == "Shanghai storm, untranslated"
