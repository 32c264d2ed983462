"""ReaderContract: the checks every reader passes (translate-toolkit TestTranslationStore style).

A reader's test module subclasses ReaderContract and sets ``reader_cls``, ``sample`` (valid bytes) and
``sample_name``. Origins are compared with unit texts after ``raw_to_text`` (identity by default: exact
slices, except that a line break in the input may be a space in the unit), which a format with escapes
overrides (CSV doubled quotes, JSON string escapes).
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar

import pytest

from aligner.ingest import READERS, InputError, Reader, TextReader
from aligner.ingest.encoding import decode_bytes
from aligner.model import Bitext, Layout


def unit_texts(bitext: Bitext) -> tuple[list[str], list[str]]:
    """The unit texts of both sides."""
    return (
        [u.span.slice(bitext.src.text) for u in bitext.src.units],
        [u.span.slice(bitext.tgt.text) for u in bitext.tgt.units],
    )


class ReaderContract:
    reader_cls: ClassVar[type[Reader]]
    sample: ClassVar[bytes]
    sample_name: ClassVar[str]
    layout: ClassVar[Layout]
    origin_required: ClassVar[bool] = True

    @staticmethod
    def raw_to_text(raw: str) -> str:
        return raw

    @pytest.fixture
    def bitext(self) -> Bitext:
        return self.reader_cls().read(self.sample, self.sample_name)

    def test_metadata_on_class_and_registry(self):
        cls = self.reader_cls
        assert READERS.get(cls.name) is cls
        assert "/" in cls.mimetype
        for ext in cls.extensions:
            assert ext == ext.lower() and not ext.startswith(".")
            assert READERS.for_extension(f".{ext.upper()}") is cls

    def test_reads_a_bitext(self, bitext: Bitext):
        assert isinstance(bitext, Bitext)
        assert bitext.layout is self.layout
        assert bitext.src.units and bitext.tgt.units
        assert (bitext.src.lang, bitext.tgt.lang) == ("en", "ar")
        assert bitext.src.id != bitext.tgt.id
        assert bitext.src.source == self.sample_name

    def test_langs_follow_options(self):
        bitext = self.reader_cls(src_lang="en", tgt_lang="ar").read(self.sample, self.sample_name)
        assert bitext.src.lang == "en" and bitext.tgt.lang == "ar"

    def test_unit_spans_are_ordered_and_inside(self, bitext: Bitext):
        for doc in (bitext.src, bitext.tgt):
            last = 0
            for unit in doc.units:
                assert last <= unit.span.start <= unit.span.end <= len(doc.text)
                last = unit.span.end

    def test_origins_slice_the_decoded_input(self, bitext: Bitext):
        if not issubclass(self.reader_cls, TextReader):
            pytest.skip("not a text format")
        decoded = decode_bytes(self.sample, self.sample_name)
        for doc in (bitext.src, bitext.tgt):
            for unit in doc.units:
                if unit.origin is None:
                    assert not self.origin_required, unit
                    continue
                assert unit.origin.end <= len(decoded)
                raw = self.raw_to_text(unit.origin.slice(decoded))
                assert raw.replace("\n", " ") == unit.span.slice(doc.text).replace("\n", " ")

    def test_text_is_nfc(self, bitext: Bitext):
        for doc in (bitext.src, bitext.tgt):
            assert unicodedata.is_normalized("NFC", doc.text)

    def test_parallel_layouts_keep_index_parity(self, bitext: Bitext):
        if bitext.layout is Layout.PARALLEL:
            assert len(bitext.src.units) == len(bitext.tgt.units)

    @pytest.mark.parametrize("data", [b"", b"   \n\t \r\n"])
    def test_empty_input_is_an_input_error(self, data: bytes):
        with pytest.raises(InputError, match="empty"):
            self.reader_cls().read(data, self.sample_name)

    def test_input_error_is_one_line_and_names_the_file(self):
        with pytest.raises(InputError) as info:
            self.reader_cls().read(b"", self.sample_name)
        assert "\n" not in str(info.value) and self.sample_name in str(info.value)

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
    def test_same_units_in_other_encodings(self, bitext: Bitext, encoding: str):
        if not issubclass(self.reader_cls, TextReader):
            pytest.skip("not a text format")
        data = self.sample.decode("utf-8").encode(encoding)
        assert unit_texts(self.reader_cls().read(data, self.sample_name)) == unit_texts(bitext)

    def test_same_units_with_windows_line_endings(self, bitext: Bitext):
        if not issubclass(self.reader_cls, TextReader):
            pytest.skip("not a text format")
        data = self.sample.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        assert unit_texts(self.reader_cls().read(data, self.sample_name)) == unit_texts(bitext)

    def test_decomposed_input_comes_out_nfc(self):
        if not issubclass(self.reader_cls, TextReader):
            pytest.skip("not a text format")
        data = unicodedata.normalize("NFD", self.sample.decode("utf-8")).encode("utf-8")
        bitext = self.reader_cls().read(data, self.sample_name)
        for doc in (bitext.src, bitext.tgt):
            assert unicodedata.is_normalized("NFC", doc.text)
