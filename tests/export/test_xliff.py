"""XLIFF 1.2 and 2.0 exporters: contract round trips through XliffReader, states, namespaces and structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from aligner.export.base import xml_text
from aligner.export.xliff import NS12, NS20, NS_MDA, STATE12, STATE20
from aligner.ingest.xliff import XliffReader, parse_xliff
from tests.export.contract import HOSTILE, ExporterContract, ReadBack, make_rows, ntrex_pairs

XSD_12 = Path(__file__).parent / "data" / "xliff-core-1.2-strict-subset.xsd"  # see its header comment


def _read(out: Path) -> ReadBack:
    bitext = XliffReader().read(out.read_bytes(), out.name)
    n = len(bitext.src.units)
    pairs = [(bitext.src.unit_text(i), bitext.tgt.unit_text(i)) for i in range(n)]
    statuses = [m.get("status", "") for m in bitext.src.meta["unit_meta"]]
    return ReadBack(pairs, bitext.src.lang, bitext.tgt.lang, bitext.src.meta.get("signature", ""), statuses)


class TestXliff12Contract(ExporterContract):
    fmt = "xliff"
    out_name = "corpus.xlf"
    nfc = True

    def expected(self, text: str) -> str:
        return xml_text(text)  # C0 controls cannot be carried by XLIFF 1.2: removed (documented)

    def read_back(self, out: Path) -> ReadBack:
        return _read(out)

    def test_structure(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(8))
        out = self._export(tmp_path, rows)
        root = etree.parse(str(out)).getroot()
        assert root.tag == f"{{{NS12}}}xliff" and root.get("version") == "1.2"
        file_el = root.find(f"{{{NS12}}}file")
        assert file_el.get("source-language") == "en" and file_el.get("target-language") == "ar"
        assert file_el.get("datatype") == "plaintext" and file_el.get("original")
        assert [c.tag for c in file_el] == [f"{{{NS12}}}header", f"{{{NS12}}}body"]
        units = file_el.findall(f".//{{{NS12}}}trans-unit")
        assert [u.get("id") for u in units] == [r.id for r in rows]
        for unit, row in zip(units, rows, strict=True):
            state, qualifier, approved = STATE12[row.status]
            children = [c.tag.rpartition("}")[2] for c in unit]
            assert children[:2] == ["source", "target"] and set(children[2:]) == {"note"}
            target = unit.find(f"{{{NS12}}}target")
            assert target.get("state") == state and target.get("state-qualifier") == qualifier
            assert unit.get("approved") == approved

    def test_valid_against_xliff12_strict_schema(self, tmp_path: Path) -> None:
        schema = etree.XMLSchema(etree.parse(str(XSD_12)))
        out = self._export(tmp_path, make_rows(ntrex_pairs(10) + list(HOSTILE)))
        tree = etree.parse(str(out))
        assert schema.validate(tree), schema.error_log.filter_from_errors()

    @pytest.mark.parametrize(
        ("old", "new"),
        [(b'id="p1"', b'id="p0"'), (b'state="signed-off"', b'state="approved"'), (b'approved="yes"', b'approved="1"')],
        ids=["duplicate-id", "bad-state", "bad-approved"],
    )
    def test_schema_catches_mistakes(self, tmp_path: Path, old: bytes, new: bytes) -> None:
        schema = etree.XMLSchema(etree.parse(str(XSD_12)))
        out = self._export(tmp_path, make_rows(ntrex_pairs(4)))
        assert schema.validate(etree.parse(str(out)))
        broken = etree.fromstring(out.read_bytes().replace(old, new, 1)).getroottree()
        assert not schema.validate(broken)


class TestXliff20Contract(ExporterContract):
    fmt = "xliff2"
    out_name = "corpus.xlf"
    nfc = True  # control characters survive exactly as <cp hex="..."/>

    def read_back(self, out: Path) -> ReadBack:
        return _read(out)

    def test_structure(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(8))
        out = self._export(tmp_path, rows)
        root = etree.parse(str(out)).getroot()
        assert root.tag == f"{{{NS20}}}xliff" and root.get("version") == "2.0"
        assert root.get("srcLang") == "en" and root.get("trgLang") == "ar"
        units = root.findall(f".//{{{NS20}}}unit")
        assert len(units) == 8
        for unit, row in zip(units, rows, strict=True):
            children = [c.tag for c in unit]
            assert children[0] == f"{{{NS_MDA}}}metadata" and children[-1] == f"{{{NS20}}}segment"
            segment = unit.find(f"{{{NS20}}}segment")
            state, sub_state = STATE20[row.status]
            assert segment.get("state") == state and segment.get("subState") == sub_state
        assert {u.get("id") for u in units} == {r.id for r in rows}

    def test_control_chars_as_cp(self, tmp_path: Path) -> None:
        out = self._export(tmp_path, make_rows([("a\x00b\x1bc", "د\x07ه")]))
        raw = out.read_bytes()
        assert b'<cp hex="0000"/>' in raw and b'<cp hex="001B"/>' in raw and b'<cp hex="0007"/>' in raw
        assert parse_xliff(raw, "x.xlf").units[0].source == "a\x00b\x1bc"

    def test_unit_ids_are_nmtokens(self, tmp_path: Path) -> None:
        rows = make_rows([("a", "ب")], prefix="doc 1/pair#")
        out = self._export(tmp_path, rows)
        unit = etree.parse(str(out)).getroot().find(f".//{{{NS20}}}unit")
        assert unit.get("id") == "doc_1_pair_0" and unit.get("name") == "doc 1/pair#0"
        assert parse_xliff(out.read_bytes(), "x").units[0].id == "doc 1/pair#0"


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_one_file_per_document_and_unique_ids(tmp_path: Path, fmt: str) -> None:
    from dataclasses import replace

    from aligner.export import KEEP_ALL, export
    from tests.export.contract import make_meta

    base = make_rows(ntrex_pairs(3))
    rows = [replace(r, doc_id="a") for r in base] + [replace(r, doc_id="b") for r in base]
    rows.append(replace(base[0], doc_id="b"))  # the same id twice in one document
    out = tmp_path / "multi.xlf"
    export(rows, fmt, out, meta=make_meta(), filters=KEEP_ALL)
    root = etree.parse(str(out)).getroot()
    ns = NS12 if fmt == "xliff" else NS20
    files = root.findall(f"{{{ns}}}file")
    assert [f.get("original") for f in files] == ["a", "b"]
    unit_tag = "trans-unit" if fmt == "xliff" else "unit"
    ids = [[u.get("id") for u in f.iter(f"{{{ns}}}{unit_tag}")] for f in files]
    assert ids == [["p0", "p1", "p2"], ["p0", "p1", "p2", "p0~2"]]
    if fmt == "xliff":
        assert etree.XMLSchema(etree.parse(str(XSD_12))).validate(root.getroottree())
    back = XliffReader().read(out.read_bytes(), out.name)
    assert len(back.src.units) == 7 and back.src.meta["signature"]
