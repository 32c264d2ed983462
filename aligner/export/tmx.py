"""TMX 1.4b exporter (memoQ / Trados): streamed with lxml's incremental writer, valid against the 1.4b DTD.

Header: creationtool, creationtoolversion, segtype="sentence", o-tmf, adminlang, srclang, datatype="plaintext",
creationdate, and ``<prop>``s ``x-aligner-signature`` (the one-line Signature), ``x-aligner-meta`` (ExportMeta as
JSON) and ``x-aligner-count-<name>`` per input count. Each ``<tu tuid=…>`` carries ``<prop>``s ``x-status``,
``x-score``, ``x-similarity``, ``x-doc-id`` and one ``x-issue`` per issue category, an optional ``<note>``, then one
``<tuv xml:lang=…><seg>`` per language. Text is plain (no inline markup); characters XML 1.0 cannot hold (C0 controls
other than TAB/LF/CR) are removed; CR is written as ``&#13;`` so it survives parsing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from lxml import etree

from aligner.export.base import Exporter, ExportMeta, ExportRow, ExportStats, Output, open_output, xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _prop(kind: str, text: str) -> etree._Element:
    el = etree.Element("prop", type=kind)
    el.text = xml_text(text)
    return el


def tu_element(row: ExportRow) -> etree._Element:
    """Return the ``<tu>`` of one row."""
    tu = etree.Element("tu", tuid=xml_text(row.id), srclang=row.src_lang)
    tu.append(_prop("x-status", row.status))
    if row.score is not None:
        tu.append(_prop("x-score", _fmt(row.score)))
    if row.similarity is not None:
        tu.append(_prop("x-similarity", _fmt(row.similarity)))
    if row.doc_id:
        tu.append(_prop("x-doc-id", row.doc_id))
    for category in row.categories:
        tu.append(_prop("x-issue", category))
    if row.note:
        note = etree.SubElement(tu, "note")
        note.text = xml_text(row.note)
    for lang, text in ((row.src_lang, row.src), (row.tgt_lang, row.tgt)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        seg = etree.SubElement(tuv, "seg")
        seg.text = xml_text(text)
    return tu


class TmxExporter(Exporter):
    """TMX 1.4b translation memory for CAT tools."""

    name: ClassVar[str] = "tmx"
    extension: ClassVar[str] = ".tmx"
    mimetype: ClassVar[str] = "application/x-tmx+xml"
    binary: ClassVar[bool] = False

    def __init__(self, *, adminlang: str = "en", o_tmf: str = "aligner") -> None:
        self.adminlang = adminlang
        self.o_tmf = o_tmf

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` as TMX into ``out``."""
        written = 0
        with open_output(out) as fh, etree.xmlfile(fh, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element("tmx", version="1.4"):
                xf.write("\n")
                header = etree.Element("header")
                for key, value in (
                    ("creationtool", meta.tool),
                    ("creationtoolversion", meta.tool_version),
                    ("segtype", "sentence"),
                    ("o-tmf", self.o_tmf),
                    ("adminlang", self.adminlang),
                    ("srclang", meta.src_lang),
                    ("datatype", "plaintext"),
                    ("creationdate", meta.created),
                ):
                    header.set(key, value)
                header.append(_prop("x-aligner-signature", meta.signature.format()))
                header.append(_prop("x-aligner-meta", meta.to_json()))
                for key, count in meta.counts.items():
                    header.append(_prop(f"x-aligner-count-{key}", str(count)))
                header.tail = "\n"
                xf.write(header)
                with xf.element("body"):
                    xf.write("\n")
                    for row in rows:
                        tu = tu_element(row)
                        tu.tail = "\n"
                        xf.write(tu)
                        written += 1
                        if written % 1000 == 0:
                            xf.flush()
        return ExportStats(format=self.name, rows_read=written, rows_written=written)
