r"""XLIFF reader for 1.2 (and 1.0/1.1) and 2.0: one Unit (role "line") per trans-unit / unit, parsed safely.

The version comes from the root namespace. Document texts join units with "\n"; each Unit's span covers the
segment's exact NFC text (which may contain "\n"). 1.2: ``<source>``/``<target>`` of every ``<trans-unit>`` in
every ``<file>`` and ``<group>``; ``<g>``/``<mrk>`` text kept, ``<x> <bx> <ex> <ph> <bpt> <ept> <it> <sub>``
dropped; a missing target is an empty unit. 2.0: the ``<source>``/``<target>`` of all ``<segment>`` and
``<ignorable>`` children of a ``<unit>`` concatenated; ``<pc>``/``<mrk>`` text kept, ``<cp hex>`` decoded to its
character, other inline codes dropped. Document meta: ``format``, ``version``, ``signature`` (when written by
this tool), ``unit_ids``, ``unit_states`` and ``unit_meta`` (aligner notes / mda metadata per unit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from lxml import etree

from aligner.ingest.base import InputError, Piece, Reader, build_document
from aligner.ingest.xmlsafe import inline_text, lang_matches, local, parse_xml, pick_languages, primary
from aligner.model import Bitext, Layout

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
_VERSIONS = {
    NS12: "1.2",
    "urn:oasis:names:tc:xliff:document:1.1": "1.1",
    "urn:oasis:names:tc:xliff:document:1.0": "1.0",
    "": "1.x",
    NS20: "2.0",
    "urn:oasis:names:tc:xliff:document:2.1": "2.1",
    "urn:oasis:names:tc:xliff:document:2.2": "2.2",
}
_SKIP12 = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sub"})
_RECURSE12 = frozenset({"g", "mrk"})
_SKIP20 = frozenset({"ph", "sc", "ec", "sm", "em"})
_RECURSE20 = frozenset({"pc", "mrk"})


@dataclass(frozen=True, slots=True)
class XliffUnit:
    """One translation unit: id, source and target text, state and the aligner metadata found on it."""

    id: str
    source: str
    target: str
    state: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class XliffFile:
    """A parsed XLIFF document (all ``<file>``s flattened)."""

    version: str
    src_lang: str
    tgt_lang: str
    meta: Mapping[str, str]
    units: tuple[XliffUnit, ...]


def _cp(el: etree._Element) -> str:
    if local(el.tag) != "cp":
        return ""
    try:
        char = chr(int(el.get("hex", ""), 16))
    except ValueError:
        return ""
    return "\ufffd" if "\ud800" <= char <= "\udfff" else char  # a lone surrogate is not a character


def _text12(el: etree._Element | None) -> str:
    return "" if el is None else inline_text(el, skip=_SKIP12, recurse=_RECURSE12, special=lambda e: "")


def _text20(el: etree._Element | None) -> str:
    return "" if el is None else inline_text(el, skip=_SKIP20, recurse=_RECURSE20, special=_cp)


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if local(c.tag) == name), None)


def _add(meta: dict[str, str], key: str, value: str) -> None:
    meta[key] = f"{meta[key]} {value}" if key in meta else value


def _parse12(root: etree._Element, version: str, name: str) -> XliffFile:
    src_lang = tgt_lang = ""
    file_meta: dict[str, str] = {}
    units: list[XliffUnit] = []
    for file_el in (c for c in root if local(c.tag) == "file"):
        src_lang = src_lang or file_el.get("source-language", "")
        tgt_lang = tgt_lang or file_el.get("target-language", "")
        header = _child(file_el, "header")
        for note in header.iter() if header is not None else ():
            if local(note.tag) == "note" and note.get("from", "").startswith("aligner:"):
                file_meta[note.get("from", "")[8:]] = note.text or ""
        for tu in (el for el in file_el.iter() if local(el.tag) == "trans-unit"):
            target = _child(tu, "target")
            meta: dict[str, str] = {}
            for note in tu:
                if local(note.tag) == "note":
                    source = note.get("from", "")
                    _add(meta, source[8:] if source.startswith("aligner:") else f"note:{source}", note.text or "")
            state = target.get("state", "") if target is not None else ""
            units.append(
                XliffUnit(
                    tu.get("id", str(len(units) + 1)), _text12(_child(tu, "source")), _text12(target), state, meta
                )
            )
    return XliffFile(version, src_lang, tgt_lang, file_meta, tuple(units))


def _mda(el: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    metadata = _child(el, "metadata")
    if metadata is not None:
        for item in metadata.iter():
            if local(item.tag) == "meta":
                _add(meta, item.get("type", ""), item.text or "")
    return meta


def _parse20(root: etree._Element, version: str, name: str) -> XliffFile:
    units: list[XliffUnit] = []
    file_meta: dict[str, str] = {}
    for file_el in (c for c in root if local(c.tag) == "file"):
        file_meta.update(_mda(file_el))
        for unit in (el for el in file_el.iter() if local(el.tag) == "unit"):
            sources: list[str] = []
            targets: list[str] = []
            states: list[str] = []
            for part in unit:
                if local(part.tag) in ("segment", "ignorable"):
                    sources.append(_text20(_child(part, "source")))
                    targets.append(_text20(_child(part, "target")))
                    if local(part.tag) == "segment":
                        states.append(part.get("state", "initial"))
            meta = _mda(unit)
            notes = _child(unit, "notes")
            for note in notes if notes is not None else ():
                if local(note.tag) == "note":
                    _add(meta, f"note:{note.get('category', '')}", note.text or "")
            unit_id = unit.get("name") or unit.get("id", str(len(units) + 1))
            units.append(XliffUnit(unit_id, "".join(sources), "".join(targets), " ".join(states), meta))
    return XliffFile(version, root.get("srcLang", ""), root.get("trgLang", ""), file_meta, tuple(units))


def xliff_version(root: etree._Element, name: str) -> str:
    """The XLIFF version of ``root``; InputError for a non-XLIFF root element or an unknown namespace."""
    if local(root.tag) != "xliff":
        raise InputError(f"{name}:{root.sourceline or 1}: not XLIFF: root element is <{local(root.tag)}>")
    namespace = etree.QName(root).namespace or ""
    version = _VERSIONS.get(namespace)
    if version is None:
        raise InputError(f"{name}:{root.sourceline or 1}: unknown XLIFF namespace {namespace!r}")
    return version


def parse_xliff(data: bytes, name: str) -> XliffFile:
    """Parse XLIFF 1.x or 2.x bytes; raise InputError on unsafe, malformed or non-XLIFF input."""
    root = parse_xml(data, name)
    version = xliff_version(root, name)
    parse = _parse20 if version.startswith("2") else _parse12
    return parse(root, version, name)


class XliffReader(Reader):
    """XLIFF 1.2 / 2.0 bilingual file (one unit per trans-unit / unit)."""

    name: ClassVar[str] = "xliff"
    extensions: ClassVar[tuple[str, ...]] = ("xlf", "xliff")
    mimetype: ClassVar[str] = "application/xliff+xml"

    def read(self, data: bytes, name: str) -> Bitext:
        """Parse XLIFF ``data`` (file ``name``) into a parallel Bitext."""
        xliff = parse_xliff(data, name)
        if not xliff.src_lang:
            raise InputError(f"{name}: XLIFF declares no source language")
        found = {xliff.src_lang, xliff.tgt_lang or self.tgt_lang}
        src_code, tgt_code = pick_languages(found, self.src_lang, self.tgt_lang, xliff.src_lang, name)
        # A file translated the other way round (e.g. ar → en) is read with its sides swapped.
        swapped = not lang_matches(src_code, xliff.src_lang)
        src_lang = self.src_lang if lang_matches(src_code, self.src_lang) else primary(src_code)
        tgt_lang = self.tgt_lang if lang_matches(tgt_code, self.tgt_lang) else primary(tgt_code)
        meta: dict[str, Any] = {
            "format": "xliff",
            "version": xliff.version,
            "unit_ids": tuple(u.id for u in xliff.units),
            "unit_states": tuple(u.state for u in xliff.units),
            "unit_meta": tuple(dict(u.meta) for u in xliff.units),
        }
        if "signature" in xliff.meta:
            meta["signature"] = xliff.meta["signature"]
        meta["swapped"] = swapped
        src_texts = [u.target if swapped else u.source for u in xliff.units]
        tgt_texts = [u.source if swapped else u.target for u in xliff.units]
        src = build_document(src_lang, (Piece(t, role="line") for t in src_texts), name=name, meta=meta)
        tgt = build_document(tgt_lang, (Piece(t, role="line") for t in tgt_texts), name=name, meta=meta)
        return Bitext(name=name, src=src, tgt=tgt, layout=Layout.PARALLEL)
