"""TMX exporter: contract round trip through TmxReader, TMX 1.4b DTD validity, header and props."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner.export.base import xml_text
from aligner.ingest.tmx import TmxReader, parse_tmx
from tests.export.contract import ExporterContract, ReadBack, make_rows, ntrex_pairs

DTD_PATH = Path(__file__).parent / "data" / "tmx14.dtd"
HOSTILE_PARTS = ("<script>", "]]>", "\u202e", "👍🏽", "\n", "\t", "\r\n")


def _pairs(bitext) -> list[tuple[str, str]]:
    n = len(bitext.src.units)
    return [(bitext.src.unit_text(i), bitext.tgt.unit_text(i)) for i in range(n)]


class TestTmxContract(ExporterContract):
    fmt = "tmx"
    out_name = "corpus.tmx"
    nfc = True

    def expected(self, text: str) -> str:
        return xml_text(text)  # XML 1.0 cannot hold C0 controls other than TAB/LF/CR: removed (documented)

    def read_back(self, out: Path) -> ReadBack:
        data = out.read_bytes()
        bitext = TmxReader().read(data, out.name)
        props = [p.get("x-status") for p in bitext.src.meta["unit_props"]]
        return ReadBack(_pairs(bitext), bitext.src.lang, bitext.tgt.lang, bitext.src.meta.get("signature", ""), props)

    def test_valid_against_tmx14_dtd(self, tmp_path: Path) -> None:
        from tests.export.contract import HOSTILE

        out = self._export(tmp_path, make_rows(ntrex_pairs(20) + list(HOSTILE)))
        dtd = etree.DTD(str(DTD_PATH))
        tree = etree.parse(str(out))
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()

    def test_header_attributes(self, tmp_path: Path) -> None:
        out = self._export(tmp_path, make_rows(ntrex_pairs(2)))
        tmx = parse_tmx(out.read_bytes(), out.name)
        header = tmx.header
        assert header["creationtool"] == "aligner" and header["creationtoolversion"]
        assert header["segtype"] == "sentence" and header["datatype"] == "plaintext"
        assert header["srclang"] == "en" and header["adminlang"] and header["o-tmf"]
        assert len(header["creationdate"]) == 16 and header["creationdate"].endswith("Z")
        assert tmx.props["x-aligner-count-pairs"] == "99"
        assert '"signature"' in tmx.props["x-aligner-meta"]

    def test_unit_props(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(4))
        out = self._export(tmp_path, rows)
        units = parse_tmx(out.read_bytes(), out.name).units
        assert [u.id for u in units] == [r.id for r in rows]
        assert units[0].props["x-issue"] == "number omission"
        assert float(units[1].props["x-score"]) == rows[1].score
        assert units[1].props["x-doc-id"] == "doc0"
        assert units[1].notes == ("checked",)
        assert all(set(u.texts) == {"en", "ar"} for u in units)

    def test_xml_lang_on_every_tuv(self, tmp_path: Path) -> None:
        out = self._export(tmp_path, make_rows(ntrex_pairs(5)))
        tree = etree.parse(str(out))
        tuvs = tree.findall(".//tuv")
        assert len(tuvs) == 10
        assert all(t.get("{http://www.w3.org/XML/1998/namespace}lang") in ("en", "ar") for t in tuvs)

    def test_raw_bytes_escape_markup(self, tmp_path: Path) -> None:
        from tests.export.contract import HOSTILE

        out = self._export(tmp_path, make_rows(list(HOSTILE)))
        raw = out.read_bytes()
        assert b"<script>" not in raw and b"&lt;script&gt;" in raw
        assert b"]]>" not in raw and b"\x00" not in raw and b"&#13;" in raw
        text = "".join(t for pair in _pairs(TmxReader().read(raw, "x.tmx")) for t in pair)
        assert all(part in text for part in HOSTILE_PARTS)
