"""XLIFF 1.2 and XLIFF 2.0 exporters (streamed with lxml's incremental writer).

Review status → state, chosen from each spec's definitions (the target is the newsroom's human translation, so it
is never "new"/"needs-translation" merely because nobody reviewed it yet):

====================  ==========================================================  ===========================
ReviewStatus          XLIFF 1.2 ``<target state>`` (+ trans-unit ``approved``)    XLIFF 2.0 ``<segment state>``
====================  ==========================================================  ===========================
pending               needs-review-translation, approved="no"                     translated
edited                translated, approved="no" (a reviewer wrote the target)     reviewed
accepted              signed-off, approved="yes"                                  final
rejected              needs-review-translation + state-qualifier                  initial + subState
                      "rejected-inaccurate", approved="no"                        "aligner:rejected"
====================  ==========================================================  ===========================

Metadata: 1.2 uses ``<note from="aligner:…">`` (score, similarity, status, issues, doc-id; header notes hold the
Signature and ExportMeta JSON); 2.0 uses the Metadata module (``mda:metaGroup category="aligner"``) on the file and
on each unit. 1.2 cannot carry C0 control characters (removed); 2.0 writes them as ``<cp hex="…"/>`` (kept exactly).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import ClassVar

from lxml import etree

from aligner.export.base import Exporter, ExportMeta, ExportRow, ExportStats, Output, open_output, xml_text

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

STATE12 = {
    "pending": ("needs-review-translation", None, "no"),
    "edited": ("translated", None, "no"),
    "accepted": ("signed-off", None, "yes"),
    "rejected": ("needs-review-translation", "rejected-inaccurate", "no"),
}
STATE20 = {
    "pending": ("translated", None),
    "edited": ("reviewed", None),
    "accepted": ("final", None),
    "rejected": ("initial", "aligner:rejected"),
}


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _row_meta(row: ExportRow) -> list[tuple[str, str]]:
    items = [("status", row.status)]
    if row.score is not None:
        items.append(("score", _fmt(row.score)))
    if row.similarity is not None:
        items.append(("similarity", _fmt(row.similarity)))
    if row.doc_id:
        items.append(("doc-id", row.doc_id))
    items.extend(("issue", category) for category in row.categories)
    return items


def _note12(parent: etree._Element, source: str, text: str) -> None:
    note = etree.SubElement(parent, f"{{{NS12}}}note", {"from": source})
    note.text = xml_text(text)


def trans_unit12(row: ExportRow) -> etree._Element:
    """Return the XLIFF 1.2 ``<trans-unit>`` of one row."""
    state, qualifier, approved = STATE12[row.status]
    tu = etree.Element(f"{{{NS12}}}trans-unit", nsmap={None: NS12})
    tu.set("id", xml_text(row.id))
    tu.set("approved", approved)
    tu.set(XML_SPACE, "preserve")
    source = etree.SubElement(tu, f"{{{NS12}}}source", {XML_LANG: row.src_lang})
    source.text = xml_text(row.src)
    target = etree.SubElement(tu, f"{{{NS12}}}target", {XML_LANG: row.tgt_lang, "state": state})
    if qualifier:
        target.set("state-qualifier", qualifier)
    target.text = xml_text(row.tgt)
    for key, value in _row_meta(row):
        _note12(tu, f"aligner:{key}", value)
    if row.note:
        _note12(tu, "reviewer", row.note)
    return tu


def _set_text20(el: etree._Element, text: str) -> None:
    """Fill ``el`` with ``text``; characters XML cannot hold become ``<cp hex="…"/>`` (XLIFF 2.0 §4.7.2)."""
    last: etree._Element | None = None
    buf: list[str] = []
    for ch in text:
        if xml_text(ch):
            buf.append(ch)
            continue
        chunk = "".join(buf)
        buf.clear()
        if last is None:
            el.text = (el.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        last = etree.SubElement(el, f"{{{NS20}}}cp", hex=f"{ord(ch):04X}")
    chunk = "".join(buf)
    if last is None:
        el.text = chunk
    else:
        last.tail = chunk


def _mda(parent: etree._Element, items: list[tuple[str, str]]) -> etree._Element:
    metadata = etree.SubElement(parent, f"{{{NS_MDA}}}metadata", nsmap={"mda": NS_MDA})
    group = etree.SubElement(metadata, f"{{{NS_MDA}}}metaGroup", category="aligner")
    for key, value in items:
        meta = etree.SubElement(group, f"{{{NS_MDA}}}meta", type=key)
        meta.text = xml_text(value)
    return metadata


def unit20(row: ExportRow) -> etree._Element:
    """Return the XLIFF 2.0 ``<unit>`` of one row."""
    state, sub_state = STATE20[row.status]
    unit = etree.Element(f"{{{NS20}}}unit", nsmap={None: NS20, "mda": NS_MDA})
    unit.set("id", _nmtoken(row.id))
    unit.set(XML_SPACE, "preserve")
    if row.id != unit.get("id"):
        unit.set("name", xml_text(row.id))
    _mda(unit, _row_meta(row))
    if row.note:
        notes = etree.SubElement(unit, f"{{{NS20}}}notes")
        note = etree.SubElement(notes, f"{{{NS20}}}note", category="reviewer")
        note.text = xml_text(row.note)
    segment = etree.SubElement(unit, f"{{{NS20}}}segment", state=state)
    if sub_state:
        segment.set("subState", sub_state)
    _set_text20(etree.SubElement(segment, f"{{{NS20}}}source"), row.src)
    _set_text20(etree.SubElement(segment, f"{{{NS20}}}target"), row.tgt)
    return unit


def _nmtoken(value: str) -> str:
    """XLIFF 2.0 ids are NMTOKENs: keep letters, digits and ``._-:``, replace the rest by ``_``."""
    token = "".join(ch if ch.isalnum() or ch in "._-:" else "_" for ch in value)
    return token or "_"


def _documents(rows: Iterable[ExportRow]) -> Iterator[tuple[str, Iterator[ExportRow]]]:
    """Split rows into runs of one ``doc_id`` (lazily); an empty input still gives one (empty) run."""
    empty = True
    for doc_id, group in itertools.groupby(rows, key=lambda r: r.doc_id):
        empty = False
        yield doc_id, group
    if empty:
        yield "", iter(())


class _UniqueIds:
    """Per-file unit ids: XLIFF requires them unique within a ``<file>``; repeats get ``~2``, ``~3`` and so on."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, unit_id: str) -> str:
        candidate, n = unit_id, 1
        while candidate in self.seen:
            n += 1
            candidate = f"{unit_id}~{n}"
        self.seen.add(candidate)
        return candidate


class XliffExporter(Exporter):
    """XLIFF 1.2 bilingual file for CAT tools (OASIS urn:oasis:names:tc:xliff:document:1.2).

    One ``<file original=doc_id>`` per run of rows of one document (unit ids are unique per file), each with a
    header holding the ``<tool>`` and the Signature / ExportMeta notes.
    """

    name: ClassVar[str] = "xliff"
    extension: ClassVar[str] = ".xlf"
    mimetype: ClassVar[str] = "application/x-xliff+xml"
    binary: ClassVar[bool] = False

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` as XLIFF 1.2 into ``out``."""
        written = 0
        with open_output(out) as fh, etree.xmlfile(fh, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element(f"{{{NS12}}}xliff", version="1.2", nsmap={None: NS12}):
                xf.write("\n")
                for doc_id, doc_rows in _documents(rows):
                    file_attrs = {
                        "original": xml_text(doc_id or meta.name or "aligner-export"),
                        "source-language": meta.src_lang,
                        "target-language": meta.tgt_lang,
                        "datatype": "plaintext",
                        "date": _iso(meta.created),
                        "tool-id": meta.tool,
                    }
                    with xf.element(f"{{{NS12}}}file", file_attrs):
                        header = etree.Element(f"{{{NS12}}}header", nsmap={None: NS12})
                        etree.SubElement(
                            header,
                            f"{{{NS12}}}tool",
                            {"tool-id": meta.tool, "tool-name": meta.tool, "tool-version": meta.tool_version},
                        )
                        _note12(header, "aligner:signature", meta.signature.format())
                        _note12(header, "aligner:meta", meta.to_json())
                        header.tail = "\n"
                        xf.write(header)
                        unique = _UniqueIds()
                        with xf.element(f"{{{NS12}}}body"):
                            xf.write("\n")
                            for row in doc_rows:
                                tu = trans_unit12(row)
                                unit_id = unique(tu.get("id", ""))
                                if unit_id != tu.get("id"):
                                    tu.set("id", unit_id)
                                    tu.set("resname", xml_text(row.id))
                                tu.tail = "\n"
                                xf.write(tu)
                                written += 1
                                if written % 1000 == 0:
                                    xf.flush()
                    xf.write("\n")
        return ExportStats(format=self.name, rows_read=written, rows_written=written)


class Xliff2Exporter(Exporter):
    """XLIFF 2.0 bilingual file (OASIS urn:oasis:names:tc:xliff:document:2.0, Metadata module for scores).

    One ``<file id="fN" original=doc_id>`` per run of rows of one document (unit ids unique per file).
    """

    name: ClassVar[str] = "xliff2"
    extension: ClassVar[str] = ".xlf"
    mimetype: ClassVar[str] = "application/xliff+xml"
    binary: ClassVar[bool] = False

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` as XLIFF 2.0 into ``out``."""
        written = 0
        with open_output(out) as fh, etree.xmlfile(fh, encoding="utf-8") as xf:
            xf.write_declaration()
            root_attrs = {"version": "2.0", "srcLang": meta.src_lang, "trgLang": meta.tgt_lang}
            with xf.element(f"{{{NS20}}}xliff", root_attrs, nsmap={None: NS20, "mda": NS_MDA}):
                xf.write("\n")
                for n, (doc_id, doc_rows) in enumerate(_documents(rows), start=1):
                    file_attrs = {"id": f"f{n}", "original": xml_text(doc_id or meta.name or "aligner-export")}
                    with xf.element(f"{{{NS20}}}file", file_attrs):
                        xf.write("\n")
                        holder = etree.Element(f"{{{NS20}}}file", nsmap={None: NS20, "mda": NS_MDA})
                        items = [("signature", meta.signature.format()), ("meta", meta.to_json())]
                        metadata = _mda(holder, items)
                        metadata.tail = "\n"
                        xf.write(metadata)
                        unique = _UniqueIds()
                        for row in doc_rows:
                            unit = unit20(row)
                            unit_id = unique(unit.get("id", ""))
                            if unit_id != unit.get("id"):
                                unit.set("id", unit_id)
                                unit.set("name", xml_text(row.id))
                            unit.tail = "\n"
                            xf.write(unit)
                            written += 1
                            if written % 1000 == 0:
                                xf.flush()
                    xf.write("\n")
        return ExportStats(format=self.name, rows_read=written, rows_written=written)


def _iso(created: str) -> str:
    """Turn ``YYYYMMDDThhmmssZ`` into xsd:dateTime ``YYYY-MM-DDThh:mm:ssZ`` (1.2 ``date`` attribute)."""
    if len(created) == 16 and created[8] == "T":
        return f"{created[:4]}-{created[4:6]}-{created[6:8]}T{created[9:11]}:{created[11:13]}:{created[13:15]}Z"
    return created
