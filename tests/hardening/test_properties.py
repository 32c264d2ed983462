"""Catalogue: property tests not already in tests/ingest, tests/segment, tests/checks (see the README table).

Every registered reader (TMX and XLIFF included) over random bytes and random XML-ish text, decode_bytes over
random bytes, and the segmenter and the number extractor over text with lone surrogates, bidi controls and
other hostile characters: nothing but InputError escapes, and every span stays inside its text.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.checks.numerals import extract_numbers
from aligner.ingest import READERS, InputError, read_bitext
from aligner.ingest.encoding import decode_bytes
from aligner.model import Bitext
from aligner.segment import get_segmenter

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READER_NAMES = sorted(READERS.names())
HOSTILE_CHARS = st.sampled_from(
    ["\u202e", "\u200b", "\u200f", "\ufeff", "\ud800", "\udfff", "\x00", "\x85", "\u2028", "\r", "\n", "\t", " ",
     "<", ">", "&", "]]>", '"', "'", "=", "١", "٫", "،", ".", "؟", "!", "3", "0", "e", "ب", "Ù", "Ø", "\u0301"]
)  # fmt: skip
ANY_TEXT = st.one_of(
    st.text(st.characters(codec=None, categories=None), max_size=300),  # surrogates included
    st.lists(HOSTILE_CHARS, max_size=80).map("".join),
)
XMLISH = st.lists(
    st.sampled_from(
        ['<?xml version="1.0"?>', "<tmx>", "</tmx>", '<tmx version="1.4">', "<header/>", "<body>", "</body>",
         "<tu>", "</tu>", '<tuv xml:lang="en">', '<tuv xml:lang="ar">', "</tuv>", "<seg>", "</seg>", "<xliff>",
         '<xliff version="1.2">', "</xliff>", "<file>", "</file>", '<trans-unit id="1">', "</trans-unit>",
         "<source>", "</source>", "<target>", "</target>", "<unit>", "</unit>", "<segment>", "</segment>",
         '<cp hex="D800"/>', '<cp hex="ZZ"/>', '<cp hex="110000"/>', "&amp;", "&bogus;", "<![CDATA[x]]>",
         "<!DOCTYPE tmx>", "text", "نص", "\n", " "]
    ),
    max_size=40,
).map("".join)  # fmt: skip


def _check(bitext: Bitext) -> None:
    for doc in (bitext.src, bitext.tgt):
        for unit in doc.units:
            assert 0 <= unit.span.start <= unit.span.end <= len(doc.text)


def _read(data: bytes, name: str, fmt: str | None) -> None:
    try:
        bitext = read_bitext(data, name, fmt=fmt)
    except InputError as err:
        assert "\n" not in str(err)
    else:
        _check(bitext)


@pytest.mark.parametrize("fmt", READER_NAMES)
@SETTINGS
@given(data=st.binary(max_size=400))
def test_every_reader_on_random_bytes(fmt: str, data: bytes) -> None:
    _read(data, f"x.{fmt}", fmt)


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
@SETTINGS
@given(text=XMLISH)
def test_xml_readers_on_xmlish_text(fmt: str, text: str) -> None:
    _read(text.encode("utf-8"), f"x.{fmt}", fmt)


@SETTINGS
@given(data=st.binary(max_size=400), name=st.sampled_from(["x.txt", "x", "x.bin", "x.page", "x.unknown"]))
def test_read_bitext_sniffing_on_random_bytes(data: bytes, name: str) -> None:
    _read(data, name, None)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=400), ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_decode_bytes_returns_nfc_text_or_input_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "x.txt")
    except InputError as err:
        assert "\n" not in str(err)
    else:
        assert "\r" not in text and "\x00" not in text and text.strip()


@SETTINGS
@given(text=ANY_TEXT, lang=st.sampled_from(["en", "ar"]))
def test_segmenter_on_hostile_text(text: str, lang: str) -> None:
    spans = get_segmenter("rules").split_text(text, lang)
    last = 0
    for span in spans:
        assert last <= span.start < span.end <= len(text)
        last = span.end


@SETTINGS
@given(text=ANY_TEXT, lang=st.sampled_from(["en", "ar"]))
def test_number_extractor_on_hostile_text(text: str, lang: str) -> None:
    for quantity in extract_numbers(text, lang):
        assert 0 <= quantity.span.start <= quantity.span.end <= len(text)
