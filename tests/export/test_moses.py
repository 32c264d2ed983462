"""Moses exporter and reader: contract round trip, line-break collapsing, prefix and directory outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.export import KEEP_ALL, export, sidecar_path
from aligner.export.base import one_line
from aligner.export.moses import moses_paths, read_moses
from aligner.ingest.base import InputError
from aligner.model import Layout
from tests.export.contract import ExporterContract, ReadBack, make_meta, make_rows, ntrex_pairs


class TestMosesContract(ExporterContract):
    fmt = "moses"
    out_name = "corpus"
    nfc = True
    stream_ok = False

    def expected(self, text: str) -> str:
        return one_line(text)  # documented: line breaks and tabs inside a segment become one space

    def read_back(self, out: Path) -> ReadBack:
        src_path, tgt_path = moses_paths(out, "en", "ar")
        bitext = read_moses(src_path, tgt_path)
        assert bitext.layout is Layout.PARALLEL
        n = len(bitext.src.units)
        pairs = [(bitext.src.unit_text(i), bitext.tgt.unit_text(i)) for i in range(n)]
        side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
        return ReadBack(pairs, bitext.src.lang, bitext.tgt.lang, side["signature"]["signature"])


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a\nb", "a b"),
        ("a\r\n\r\nb", "a b"),
        ("a\tb", "a b"),
        ("a\u2028b\u2029c\x85d\x0be\x0cf\x1cg", "a b c d e f g"),
        ("  keep  inner  spaces  ", "  keep  inner  spaces  "),
        ("سطر\nجديد", "سطر جديد"),
    ],
)
def test_one_line(text: str, line: str) -> None:
    assert one_line(text) == line
    assert len(one_line(text).splitlines()) <= 1


def test_directory_output(tmp_path: Path) -> None:
    stats = export(iter(make_rows(ntrex_pairs(3))), "moses", tmp_path, meta=make_meta(), filters=KEEP_ALL)
    assert (tmp_path / "corpus.en").exists() and (tmp_path / "corpus.ar").exists()
    assert str(tmp_path / "corpus.en") in stats.outputs


def test_reader_rejects_uneven_files(tmp_path: Path) -> None:
    (tmp_path / "x.en").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "x.ar").write_text("ا\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.en: 2 lines but .*x\.ar: 1 lines"):
        read_moses(tmp_path / "x.en", tmp_path / "x.ar")


def test_reader_rejects_non_utf8(tmp_path: Path) -> None:
    (tmp_path / "x.en").write_text("a\n", encoding="utf-8")
    (tmp_path / "x.ar").write_bytes("سلام\n".encode("cp1256"))
    with pytest.raises(InputError, match=r"x\.ar:1: not UTF-8"):
        read_moses(tmp_path / "x.en", tmp_path / "x.ar")


def test_reader_keeps_empty_lines_and_crlf(tmp_path: Path) -> None:
    (tmp_path / "x.en").write_bytes(b"a\r\n\r\nc\r\n")
    (tmp_path / "x.ar").write_text("ا\n\nج\n", encoding="utf-8")
    bitext = read_moses(tmp_path / "x.en", tmp_path / "x.ar")
    assert [bitext.src.unit_text(i) for i in range(3)] == ["a", "", "c"]
