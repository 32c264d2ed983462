r"""TMX reader (1.1-1.4b): one Unit (role "line") per ``<tu>``, parsed safely (see aligner.ingest.xmlsafe).

Document texts join the units with "\n"; each Unit's span covers its segment's exact text (NFC), which may itself
contain "\n" or tabs, so ``doc.unit_text(i)`` — not ``text.split("\n")`` — is the way to get segment i back.
A ``<tu>`` missing one language gets an empty unit on that side, so units stay in step. Inline codes
(``<bpt> <ept> <ph> <it> <ut>``) are dropped, ``<hi>`` text is kept, ``<sub>`` (a sub-flow) is dropped.
Languages: the reader's ``src_lang``/``tgt_lang`` are matched to ``xml:lang`` (or the old ``lang``) by primary
subtag ("ar-SA", "AR" → "ar"). Document meta: ``format``, ``srclang``, ``creationtool``, the header props (e.g.
``x-aligner-signature``), ``unit_ids`` and ``unit_props`` (one dict per unit; repeated props joined by a space).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from lxml import etree

from aligner.ingest.base import InputError, Piece, Reader, build_document
from aligner.ingest.xmlsafe import XML_LANG, inline_text, lang_matches, local, parse_xml, pick_languages, primary
from aligner.model import Bitext, Layout

logger = logging.getLogger(__name__)

_SKIP = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})
_RECURSE = frozenset({"hi"})


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One ``<tu>``: its id, text per language tag, props (type → value) and notes."""

    id: str
    texts: Mapping[str, str]
    props: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TmxFile:
    """A parsed TMX: header attributes, header props and the translation units in order."""

    header: Mapping[str, str]
    props: Mapping[str, str]
    units: tuple[TmxUnit, ...]


def _props(el: etree._Element) -> dict[str, str]:
    props: dict[str, str] = {}
    for child in el:
        if local(child.tag) == "prop":
            kind = child.get("type", "")
            value = child.text or ""
            props[kind] = f"{props[kind]} {value}" if kind in props else value
    return props


def _seg_text(seg: etree._Element) -> str:
    return inline_text(seg, skip=_SKIP, recurse=_RECURSE, special=lambda el: "")


def parse_tmx(data: bytes, name: str) -> TmxFile:
    """Parse TMX bytes into header, props and units; raise InputError on unsafe, malformed or non-TMX input."""
    root = parse_xml(data, name)
    if local(root.tag) != "tmx":
        raise InputError(f"{name}:{root.sourceline or 1}: not TMX: root element is <{local(root.tag)}>, not <tmx>")
    header_el = next((c for c in root if local(c.tag) == "header"), None)
    body = next((c for c in root if local(c.tag) == "body"), None)
    if body is None:
        raise InputError(f"{name}:{root.sourceline or 1}: not TMX: no <body>")
    header = dict(header_el.attrib) if header_el is not None else {}
    units: list[TmxUnit] = []
    for index, tu in enumerate(c for c in body if local(c.tag) == "tu"):
        texts: dict[str, str] = {}
        for tuv in tu:
            if local(tuv.tag) != "tuv":
                continue
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            if not lang:
                raise InputError(f"{name}:{tuv.sourceline}: <tuv> without xml:lang")
            seg = next((c for c in tuv if local(c.tag) == "seg"), None)
            if lang in texts:
                logger.warning("%s:%s: second <tuv> for %s ignored", name, tuv.sourceline, lang)
                continue
            texts[lang] = _seg_text(seg) if seg is not None else ""
        notes = tuple(c.text or "" for c in tu if local(c.tag) == "note")
        units.append(TmxUnit(tu.get("tuid") or str(index + 1), texts, _props(tu), notes))
    props = _props(header_el) if header_el is not None else {}
    return TmxFile(header=header, props=props, units=tuple(units))


class TmxReader(Reader):
    """TMX translation memory (one unit per ``<tu>``)."""

    name: ClassVar[str] = "tmx"
    extensions: ClassVar[tuple[str, ...]] = ("tmx",)
    mimetype: ClassVar[str] = "application/x-tmx+xml"

    def read(self, data: bytes, name: str) -> Bitext:
        """Parse TMX ``data`` (file ``name``) into a parallel Bitext."""
        tmx = parse_tmx(data, name)
        found = {lang for unit in tmx.units for lang in unit.texts}
        declared = tmx.header.get("srclang", "")
        if declared == "*all*":
            declared = ""
        src_code, tgt_code = pick_languages(found, self.src_lang, self.tgt_lang, declared, name)

        def side(code: str, unit: TmxUnit) -> str:
            return next((text for lang, text in unit.texts.items() if lang_matches(lang, code)), "")

        meta: dict[str, Any] = {
            "format": "tmx",
            "srclang": declared,
            "creationtool": tmx.header.get("creationtool", ""),
            "header_props": dict(tmx.props),
            "unit_ids": tuple(u.id for u in tmx.units),
            "unit_props": tuple(dict(u.props) for u in tmx.units),
        }
        if "x-aligner-signature" in tmx.props:
            meta["signature"] = tmx.props["x-aligner-signature"]
        src_lang = self.src_lang if lang_matches(src_code, self.src_lang) else primary(src_code)
        tgt_lang = self.tgt_lang if lang_matches(tgt_code, self.tgt_lang) else primary(tgt_code)
        src = build_document(src_lang, (Piece(side(src_code, u), role="line") for u in tmx.units), name=name, meta=meta)
        tgt = build_document(tgt_lang, (Piece(side(tgt_code, u), role="line") for u in tmx.units), name=name, meta=meta)
        return Bitext(name=name, src=src, tgt=tgt, layout=Layout.PARALLEL)
