from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aligner.ingest import InputError
from aligner.ingest.encoding import arabic_plausibility, decode_bytes, sniff_encoding

ARABIC = "قال المتحدث إن «الاجتماع» سيُعقد يوم الأحد، وأضاف: هل تأتي؟ نعم.\nسطر ثانٍ فيه رقم 2024 وكلمة CNN."
MIXED = "Loading...\nPutin meets Kim\nبوتين يلتقي كيم في بيونغ يانغ"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
@pytest.mark.parametrize("text", [ARABIC, MIXED, "plain ASCII English text.\n"])
def test_unicode_encodings_round_trip(encoding, bom, text):
    assert decode_bytes(bom + text.encode(encoding), "f.txt") == text


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
def test_legacy_arabic_code_pages(encoding):
    assert decode_bytes(ARABIC.replace("«", "").replace("»", "").encode(encoding), "f.txt") == ARABIC.replace(
        "«", ""
    ).replace("»", "")


def test_cp1256_with_english_and_guillemets():
    text = "قال «المتحدث» إن Reuters نشرت الخبر.\n"
    assert decode_bytes(text.encode("cp1256"), "f.txt") == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b" \n\t\r\n ", "empty"),
        ("   \n".encode("utf-16"), "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"caf\xe9 au lait, tr\xe8s bien", "invalid UTF-8"),
        (b"ok line\n\x80\x81\x82 bad", ":2: invalid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "UTF-16"),
        (b"hello\x00world\x00\x00\x01abc", "binary"),
    ],
)
def test_bad_input_is_a_one_line_input_error(data, message):
    with pytest.raises(InputError, match=message) as info:
        decode_bytes(data, "bad.txt")
    assert "bad.txt" in str(info.value) and "\n" not in str(info.value)


def test_newlines_are_normalised():
    assert decode_bytes(b"a\r\nb\rc\nd", "f") == "a\nb\nc\nd"


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", "أإآ café")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert decode_bytes(decomposed.encode("utf-8"), "f") == "أإآ café"


def test_leading_bom_character_is_dropped():
    assert decode_bytes("\ufeffabc".encode("utf-16-le"), "f") == "abc"


def test_sniffing():
    assert sniff_encoding(b"abc") is None
    assert sniff_encoding("abc".encode("utf-16-le")) == "utf-16-le"
    assert sniff_encoding("abc".encode("utf-16-be")) == "utf-16-be"
    assert sniff_encoding(b"\x00\x00ab\x00c\x00") == "binary"


def test_plausibility():
    assert arabic_plausibility(ARABIC) > 0.97
    assert arabic_plausibility("café") == 0.0
    assert arabic_plausibility("cafى élève") < 0.5


def test_large_input_is_fast_enough():
    data = (ARABIC + "\r\n").encode("utf-8") * 20000  # ~2.6 MB
    assert decode_bytes(data, "big.txt").count("\n") == 40000


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_input_error(data):
    try:
        text = decode_bytes(data, "x")
    except InputError:
        return
    assert text.strip() and "\r" not in text and "\x00" not in text
    assert unicodedata.is_normalized("NFC", text)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_utf8_text_round_trips_modulo_newlines(text):
    assume("\x00" not in text)  # NUL bytes are read as a UTF-16 pattern or binary: tested above
    try:
        out = decode_bytes(text.encode("utf-8"), "x")
    except InputError:
        assert not text.removeprefix("\ufeff").strip()
        return
    expected = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    assert out == expected
