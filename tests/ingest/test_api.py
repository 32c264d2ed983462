from __future__ import annotations

import logging
from pathlib import Path

import pytest

from aligner.ingest import READERS, InputError, open_inputs, read_bitext
from aligner.ingest.base import Reader
from aligner.ingest.jsonl import JsonlReader
from aligner.ingest.tsv import CsvReader, TsvReader
from aligner.model import Layout
from tests.ingest.contract import unit_texts

EN = "The talks ended.\nBoth sides met.\n"
AR = "انتهت المحادثات.\nالتقى الطرفان.\n"


def test_registry_names_and_lazy_entries():
    assert READERS.names()[:5] == ["page", "txt", "tsv", "csv", "jsonl"]
    assert {"tmx", "xliff"} <= set(READERS.names())
    tmx, xliff = READERS.get("tmx"), READERS.get("xliff")
    assert (tmx.__module__, tmx.__name__) == ("aligner.ingest.tmx", "TmxReader")
    assert (xliff.__module__, xliff.__name__) == ("aligner.ingest.xliff", "XliffReader")


@pytest.mark.parametrize(
    ("ext", "cls"), [(".tsv", TsvReader), ("TSV", TsvReader), ("csv", CsvReader), (".jsonl", JsonlReader)]
)
def test_for_extension(ext, cls):
    assert READERS.for_extension(ext) is cls


def test_extension_map_is_derived_from_the_classes():
    mapping = READERS.extension_map()
    for name in ("page", "txt", "tsv", "csv", "jsonl"):
        cls: type[Reader] = READERS.get(name)
        for ext in cls.extensions:
            assert mapping[ext] == name


def test_unknown_extension_lists_known_ones():
    with pytest.raises(InputError, match=r"no reader for extension 'docx'; known: .*tsv"):
        READERS.for_extension(".docx")


def test_read_bitext_by_extension_and_by_fmt():
    data = "en\tar\nHi\tمرحبا\n".encode()
    assert read_bitext(data, "x.tsv").layout is Layout.PARALLEL
    assert unit_texts(read_bitext(data, "x.data", fmt="tsv")) == (["Hi"], ["مرحبا"])


def test_read_bitext_rejects_monolingual_text():
    with pytest.raises(InputError, match="one language only"):
        read_bitext(EN.encode(), "en.txt")


def test_open_inputs_two_documents(tmp_path: Path):
    (tmp_path / "a.en").write_text(EN, encoding="utf-8")
    (tmp_path / "a.ar").write_text(AR, encoding="utf-16")
    bitext = open_inputs([tmp_path / "a.en", tmp_path / "a.ar"])
    assert bitext.layout is Layout.DOCUMENTS
    assert (bitext.src.lang, bitext.tgt.lang) == ("en", "ar")
    assert bitext.src.text == EN and bitext.tgt.text == AR


def test_open_inputs_swapped_files_are_swapped_with_a_warning(tmp_path: Path, caplog):
    (tmp_path / "a.en").write_text(EN, encoding="utf-8")
    (tmp_path / "a.ar").write_text(AR, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="aligner.ingest"):
        bitext = open_inputs([str(tmp_path / "a.ar"), str(tmp_path / "a.en")])
    assert bitext.src.text == EN and bitext.tgt.text == AR
    assert bitext.src.meta["swapped"] == "true"
    assert "swapping" in caplog.text


def test_open_inputs_presplit_lines_of_different_counts(tmp_path: Path):
    (tmp_path / "s").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "t").write_text("واحد\nاثنان\nثلاثة\n", encoding="utf-8")
    bitext = open_inputs([tmp_path / "s", tmp_path / "t"], presplit=True)
    assert bitext.layout is Layout.SENTENCES


def test_open_inputs_presplit_and_parallel_exclude_each_other(tmp_path: Path):
    (tmp_path / "s").write_text("one\n", encoding="utf-8")
    (tmp_path / "t").write_text("واحد\n", encoding="utf-8")
    with pytest.raises(InputError, match="exclude each other"):
        open_inputs([tmp_path / "s", tmp_path / "t"], presplit=True, parallel=True)


def test_open_inputs_parallel(tmp_path: Path):
    (tmp_path / "s").write_text("one\n\nthree\n", encoding="utf-8")
    (tmp_path / "t").write_text("واحد\nاثنان\nثلاثة\n", encoding="utf-8")
    bitext = open_inputs([tmp_path / "s", tmp_path / "t"], parallel=True)
    assert bitext.layout is Layout.PARALLEL
    assert unit_texts(bitext) == (["one", "", "three"], ["واحد", "اثنان", "ثلاثة"])
    assert bitext.src.units[2].origin is not None


def test_open_inputs_parallel_count_mismatch(tmp_path: Path):
    (tmp_path / "s").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "t").write_text("واحد\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"2 lines but .* has 1"):
        open_inputs([tmp_path / "s", tmp_path / "t"], parallel=True)


def test_open_inputs_one_file(tmp_path: Path, seed_page_path: Path):
    bitext = open_inputs([seed_page_path])
    assert bitext.layout is Layout.ITEMS and len(bitext.src.units) == 6


@pytest.mark.parametrize("paths", [[], ["a", "b", "c"]])
def test_open_inputs_wrong_count(paths):
    with pytest.raises(InputError, match="expected one bilingual file or two"):
        open_inputs(paths)


def test_open_inputs_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read"):
        open_inputs([tmp_path / "nope.tsv"])


@pytest.mark.parametrize(
    ("data", "layout", "first_src"),
    [
        ('{"en": "Hi", "ar": "مرحبا"}\n'.encode(), Layout.PARALLEL, "Hi"),
        ("Hi\tمرحبا\nBye\tوداعا\n".encode(), Layout.PARALLEL, "Hi"),
        (
            "Loading...\nPutin meets Kim in Pyongyang\nبوتين يلتقي كيم\n".encode(),
            Layout.ITEMS,
            "Putin meets Kim in Pyongyang",
        ),
    ],
)
def test_files_without_a_known_extension_are_sniffed(data, layout, first_src):
    bitext = read_bitext(data, "upload.bin")
    assert bitext.layout is layout
    assert bitext.src.unit_text(0) == first_src


def test_binary_without_extension_is_an_input_error():
    with pytest.raises(InputError):
        read_bitext(b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "archive")


FR = "Les négociations commencent lundi dans la capitale. Elles dureront trois jours, selon le ministre.\n"
AR_DOC = "تبدأ المحادثات يوم الاثنين في العاصمة. وستستمر ثلاثة أيام، بحسب الوزير.\n"


@pytest.mark.parametrize(
    ("src_lang", "warning"), [("en", "looks like fr, not en"), ("fr", None), ("de", "looks like fr, not de")]
)
def test_language_warning_knows_any_language(tmp_path: Path, caplog, src_lang: str, warning: str | None) -> None:
    (tmp_path / "s.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "t.txt").write_text(AR_DOC, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="aligner.ingest"):
        bitext = open_inputs([tmp_path / "s.txt", tmp_path / "t.txt"], src_lang=src_lang)
    assert bitext.src.lang == src_lang
    messages = [r.getMessage() for r in caplog.records]
    assert any(warning in m for m in messages) if warning else not messages, messages
