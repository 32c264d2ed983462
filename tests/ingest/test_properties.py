"""Property tests: any input → a valid result or an InputError, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.ingest import InputError, read_bitext, read_document
from aligner.ingest.bilingual_page import PageReader
from aligner.ingest.encoding import decode_bytes
from aligner.ingest.jsonl import JsonlReader
from aligner.ingest.tsv import CsvReader, TsvReader
from aligner.model import Bitext, Document

FRAGMENTS = [
    "Loading...",
    "شارك الخبر:",
    "FacebookTwitterLinkedInEmail",
    "التصنيف:الصين",
    "التصنيف:",
    "شاهد ايضاً: عنوان آخر",
    "شاهد ايضاً:",
    "أخبار ذات صلة",
    "الرئيسيةأخبارسياسةأعمال",
    "خبرين logo",
    "Putin meets Kim in Pyongyang",
    "See moment the leaders meet",
    "قال الرئيس إن الزيارة مهمة.",
    "'عالم مأساوي'",
    "الصين",
    "#سياسة #روسيا",
    '"Translate with care"',
    "",
    "   ",
    "\r",
    "\t",
]
lines = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40))
pages = st.lists(lines, max_size=30).map("\n".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_document(doc: Document, decoded: str | None = None) -> None:
    last = 0
    for unit in doc.units:
        assert last <= unit.span.start <= unit.span.end <= len(doc.text)
        last = unit.span.end
        if decoded is not None and unit.origin is not None:
            assert unit.origin.end <= len(decoded)


def check_bitext(bitext: Bitext, data: bytes) -> None:
    decoded = decode_bytes(data, "x")
    for doc in (bitext.src, bitext.tgt):
        check_document(doc, decoded)


@SETTINGS
@given(pages)
def test_page_reader_never_raises_anything_but_input_error(text):
    data = text.encode("utf-8")
    try:
        bitext = PageReader().read(data, "p.txt")
    except InputError:
        return
    check_bitext(bitext, data)
    decoded = decode_bytes(data, "x")
    for doc in (bitext.src, bitext.tgt):
        for unit in doc.units:
            assert unit.origin.slice(decoded).replace("\n", " ") == unit.span.slice(doc.text)


@SETTINGS
@given(st.text(max_size=300))
def test_read_document_never_raises_anything_but_input_error(text):
    try:
        doc = read_document(text.encode("utf-8"), "d.txt")
    except InputError:
        return
    check_document(doc, doc.text)
    for unit in doc.units:
        assert unit.origin == unit.span and unit.span.slice(doc.text).strip() == unit.span.slice(doc.text)


@SETTINGS
@given(pages)
def test_read_bitext_txt_never_raises_anything_but_input_error(text):
    data = text.encode("utf-8")
    try:
        bitext = read_bitext(data, "p.txt")
    except InputError:
        return
    check_bitext(bitext, data)


cells = st.text(alphabet=st.sampled_from('ab ج"\t,\n\\{}:'), max_size=12)


@SETTINGS
@given(st.lists(st.lists(cells, min_size=1, max_size=3), max_size=6))
def test_delimited_and_jsonl_readers_never_raise_anything_but_input_error(rows):
    for reader, sep in ((TsvReader(), "\t"), (CsvReader(), ","), (JsonlReader(), "")):
        text = "\n".join(sep.join(r) if sep else str(r) for r in rows)
        data = text.encode("utf-8")
        try:
            bitext = reader.read(data, "r")
        except InputError:
            continue
        check_bitext(bitext, data)
        assert len(bitext.src.units) == len(bitext.tgt.units)


markup_bits = st.one_of(
    st.sampled_from(["<p>", "</p>", "<br>", "<b>", "</b>", "<script>", "</script>", "&amp;", "&#1575;", "<div", ">"]),
    lines,
)


@SETTINGS
@given(st.lists(markup_bits, max_size=40).map("".join))
def test_html_reader_never_raises_anything_but_input_error(markup):
    from aligner.ingest.html import HtmlReader

    data = markup.encode("utf-8")
    try:
        bitext = HtmlReader().read(data, "p.html")
    except InputError:
        return
    check_bitext(bitext, data)
