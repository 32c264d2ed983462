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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar

from lxml import etree

from aligner.ingest.base import DocumentBuilder, InputError, Reader
from aligner.ingest.xmlsafe import (
    XML_LANG,
    inline_text,
    iterparse_xml,
    lang_matches,
    local,
    parse_xml,
    pick_languages,
    primary,
)
from aligner.model import Bitext, Layout

logger = logging.getLogger(__name__)

_SKIP = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})
_RECURSE = frozenset({"hi"})
_NO_PROPS: Mapping[str, str] = MappingProxyType({})  # shared by every unit without props (most)
_STREAMED = ("{*}tu", "{*}header", "{*}body")  # the only elements whose end the reader needs to see


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


def iter_tmx(data: bytes, name: str) -> Iterator[tuple[str, Any]]:
    """Stream a TMX: ("tu", TmxUnit) per unit as it is parsed, then ("header", (attributes, props)) once.

    Each ``<tu>`` is dropped from the tree once read, so memory does not grow with a full document tree.
    """
    header: dict[str, str] = {}
    props: dict[str, str] = {}
    root: etree._Element | None = None
    body = False
    index = 0
    for _, el in iterparse_xml(data, name, tags=_STREAMED):
        if root is None:
            root = el.getroottree().getroot()
            if local(root.tag) != "tmx":
                raise InputError(
                    f"{name}:{root.sourceline or 1}: not TMX: root element is <{local(root.tag)}>, not <tmx>"
                )
        tag, parent = local(el.tag), el.getparent()
        if tag == "header" and parent is root:
            header, props = dict(el.attrib), _props(el)
        elif tag == "body" and parent is root:
            body = True
        elif tag == "tu" and parent is not None and local(parent.tag) == "body":
            yield "tu", _unit(el, index, name)
            index += 1
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del parent[0]
    if root is None:  # none of the streamed tags: look at the root all the same
        root = parse_xml(data, name)
        if local(root.tag) != "tmx":
            raise InputError(f"{name}:{root.sourceline or 1}: not TMX: root element is <{local(root.tag)}>, not <tmx>")
    if not body:
        raise InputError(f"{name}:{root.sourceline or 1}: not TMX: no <body>")
    yield "header", (header, props)


def _unit(tu: etree._Element, index: int, name: str) -> TmxUnit:
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
    return TmxUnit(tu.get("tuid") or str(index + 1), texts, _props(tu) or _NO_PROPS, notes)


def parse_tmx(data: bytes, name: str) -> TmxFile:
    """Parse TMX bytes into header, props and units; raise InputError on unsafe, malformed or non-TMX input."""
    units: list[TmxUnit] = []
    header: dict[str, str] = {}
    props: dict[str, str] = {}
    for kind, item in iter_tmx(data, name):
        if kind == "tu":
            units.append(item)
        else:
            header, props = item
    return TmxFile(header=header, props=props, units=tuple(units))


class TmxReader(Reader):
    """TMX translation memory (one unit per ``<tu>``)."""

    name: ClassVar[str] = "tmx"
    extensions: ClassVar[tuple[str, ...]] = ("tmx",)
    mimetype: ClassVar[str] = "application/x-tmx+xml"

    def read(self, data: bytes, name: str) -> Bitext:
        """Parse TMX ``data`` (file ``name``) into a parallel Bitext, streaming units into the two documents."""
        builders: dict[str, DocumentBuilder] = {}  # primary language subtag -> its side, units in step
        found: set[str] = set()
        ids: list[str] = []
        unit_props: list[Mapping[str, str]] = []
        header: dict[str, str] = {}
        props: dict[str, str] = {}
        for kind, item in iter_tmx(data, name):
            if kind == "header":
                header, props = item
                continue
            texts: dict[str, str] = {}
            for lang, text in item.texts.items():  # the first <tuv> of each language wins, as before
                found.add(lang)
                texts.setdefault(primary(lang), text)
            for code in texts.keys() - builders.keys():
                builders[code] = DocumentBuilder()
                for _ in ids:
                    builders[code].add("", role="line")
            for code, builder in builders.items():
                builder.add(texts.get(code, ""), role="line")
            ids.append(item.id)
            unit_props.append(item.props)
        declared = header.get("srclang", "")
        if declared == "*all*":
            declared = ""
        src_code, tgt_code = pick_languages(found, self.src_lang, self.tgt_lang, declared, name)
        meta: dict[str, Any] = {
            "format": "tmx",
            "srclang": declared,
            "creationtool": header.get("creationtool", ""),
            "header_props": dict(props),
            "unit_ids": tuple(ids),
            "unit_props": tuple(unit_props),
        }
        if "x-aligner-signature" in props:
            meta["signature"] = props["x-aligner-signature"]
        src_lang = self.src_lang if lang_matches(src_code, self.src_lang) else primary(src_code)
        tgt_lang = self.tgt_lang if lang_matches(tgt_code, self.tgt_lang) else primary(tgt_code)
        src = builders.get(primary(src_code), DocumentBuilder()).build(src_lang, name=name, meta=meta)
        tgt = builders.get(primary(tgt_code), DocumentBuilder()).build(tgt_lang, name=name, meta=meta)
        return Bitext(name=name, src=src, tgt=tgt, layout=Layout.PARALLEL)
