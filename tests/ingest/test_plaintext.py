from __future__ import annotations

import pytest

from aligner.ingest import InputError, read_document
from aligner.ingest.plaintext import PlainTextReader, line_document, text_units
from aligner.model import Layout
from tests.ingest.contract import ReaderContract, unit_texts

MIXED = (
    "The talks ended.\nBoth sides met.\n\nانتهت المحادثات.\nالتقى الطرفان.\n\nA second English paragraph.\n".encode()
)


class TestPlainTextContract(ReaderContract):
    reader_cls = PlainTextReader
    sample = MIXED
    sample_name = "mixed.txt"
    layout = Layout.DOCUMENTS


def test_mixed_text_is_split_by_script():
    src, tgt = unit_texts(PlainTextReader().read(MIXED, "mixed.txt"))
    assert src == ["The talks ended.\nBoth sides met.", "A second English paragraph."]
    assert tgt == ["انتهت المحادثات.\nالتقى الطرفان."]


def test_one_language_is_an_input_error():
    with pytest.raises(InputError, match="one language only"):
        PlainTextReader().read(b"only English\n\nhere\n", "en.txt")


@pytest.mark.parametrize(
    ("text", "expected", "role"),
    [
        ("  para one\nstill one\n\n\n para two  \n", ["para one\nstill one", "para two"], "paragraph"),
        ("line one\n  line two \nline three", ["line one", "line two", "line three"], "line"),
        ("a\n \t\nb", ["a", "b"], "paragraph"),
    ],
)
def test_units_are_paragraphs_or_lines(text, expected, role):
    units = text_units(text)
    assert [u.span.slice(text) for u in units] == expected
    assert {u.role for u in units} == {role}
    assert all(u.origin == u.span for u in units)


@pytest.mark.parametrize(
    ("data", "lang"),
    [
        (b"The minister arrived in Cairo.", "en"),
        ("وصل الوزير إلى القاهرة مع وفد من CNN.".encode(), "ar"),
        (b"12345 67", "und"),
    ],
)
def test_read_document_detects_language(data, lang):
    doc = read_document(data, "d.txt")
    assert doc.lang == lang and doc.id == f"d.txt#{lang}"


def test_read_document_keeps_whole_text_and_forced_lang():
    doc = read_document("\ufeffوصل الوزير.\r\n\r\nبدأت المحادثات.\r\n".encode("utf-8"), "d.txt", lang="ar")
    assert doc.text == "وصل الوزير.\n\nبدأت المحادثات.\n"
    assert [doc.unit_text(i) for i in range(len(doc.units))] == ["وصل الوزير.", "بدأت المحادثات."]


def test_read_document_empty_is_input_error():
    with pytest.raises(InputError, match="empty"):
        read_document(b"\n\n", "e.txt")


def test_line_document_keeps_blank_lines_and_drops_final_newline():
    doc = line_document("a\n\nb\n", "en", name="l.txt")
    assert [doc.unit_text(i) for i in range(len(doc.units))] == ["a", "", "b"]
    assert [(u.origin.start, u.origin.end) for u in doc.units] == [(0, 1), (2, 2), (3, 4)]
