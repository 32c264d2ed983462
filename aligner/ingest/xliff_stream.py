"""XLIFF read unit by unit (iterparse, each unit dropped once read): the chunked pipeline's XLIFF input."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from aligner.ingest.base import InputError
from aligner.ingest.xliff import _VERSIONS, _child, _text12, _text20
from aligner.ingest.xmlsafe import iterparse_xml, lang_matches, local, parse_xml, pick_languages, primary

_STREAMED = ("{*}file", "{*}trans-unit", "{*}unit")


@dataclass(frozen=True)
class XliffSides:
    """What XliffReader decides before reading units: the documents' languages and whether the sides swap."""

    src_lang: str
    tgt_lang: str
    swapped: bool


def _root_checked(root: etree._Element, name: str) -> str:
    """The XLIFF version of ``root``; InputError as parse_xliff raises it for a non-XLIFF root or namespace."""
    if local(root.tag) != "xliff":
        raise InputError(f"{name}:{root.sourceline or 1}: not XLIFF: root element is <{local(root.tag)}>")
    namespace = etree.QName(root).namespace or ""
    version = _VERSIONS.get(namespace)
    if version is None:
        raise InputError(f"{name}:{root.sourceline or 1}: unknown XLIFF namespace {namespace!r}")
    return version


def _in_file(el: etree._Element, root: etree._Element) -> bool:
    """``el`` lies inside a ``<file>`` child of the root (where parse_xliff looks for units)."""
    parent = el.getparent()
    while parent is not None and parent.getparent() is not root:
        parent = parent.getparent()
    return parent is not None and local(parent.tag) == "file"


def _unit_texts(el: etree._Element, v2: bool) -> tuple[str, str]:
    if not v2:
        return _text12(_child(el, "source")), _text12(_child(el, "target"))
    sources, targets = [], []
    for part in el:
        if local(part.tag) in ("segment", "ignorable"):
            sources.append(_text20(_child(part, "source")))
            targets.append(_text20(_child(part, "target")))
    return "".join(sources), "".join(targets)


def iter_xliff(data: bytes, name: str) -> Iterator[tuple[str, Any]]:
    """Stream an XLIFF: ("unit", (source, target)) per unit in document order, then ("langs", (src, tgt)) once."""
    root: etree._Element | None = None
    v2 = False
    src_lang = tgt_lang = ""
    for _, el in iterparse_xml(data, name, tags=_STREAMED):
        if root is None:
            root = el.getroottree().getroot()
            v2 = _root_checked(root, name).startswith("2")
        tag, parent = local(el.tag), el.getparent()
        if tag == "file" and parent is root:
            src_lang = src_lang or el.get("source-language", "")
            tgt_lang = tgt_lang or el.get("target-language", "")
        elif tag == ("unit" if v2 else "trans-unit") and parent is not None and _in_file(el, root):
            yield "unit", _unit_texts(el, v2)
            el.clear(keep_tail=False)
            while el.getprevious() is not None:  # read units, groups of them, notes: none is looked at again
                del parent[0]
    if root is None:  # none of the streamed tags: look at the root all the same
        root = parse_xml(data, name)
        v2 = _root_checked(root, name).startswith("2")
    if v2:
        src_lang, tgt_lang = root.get("srcLang", ""), root.get("trgLang", "")
    yield "langs", (src_lang, tgt_lang)


def xliff_sides(data: bytes, name: str, src_lang: str, tgt_lang: str) -> XliffSides:
    """Read the whole file once for its languages and decide the sides, as XliffReader.read does."""
    langs = ("", "")
    for kind, item in iter_xliff(data, name):
        if kind == "langs":
            langs = item
    declared_src, declared_tgt = langs
    if not declared_src:
        raise InputError(f"{name}: XLIFF declares no source language")
    found = {declared_src, declared_tgt or tgt_lang}
    src_code, tgt_code = pick_languages(found, src_lang, tgt_lang, declared_src, name)
    swapped = not lang_matches(src_code, declared_src)
    src = src_lang if lang_matches(src_code, src_lang) else primary(src_code)
    tgt = tgt_lang if lang_matches(tgt_code, tgt_lang) else primary(tgt_code)
    return XliffSides(src, tgt, swapped)


def xliff_pairs(data: bytes, name: str, swapped: bool) -> Iterator[tuple[str, str]]:
    """Each unit's (source, target) text in document order, the sides swapped when the file translates ar → en."""
    for kind, item in iter_xliff(data, name):
        if kind == "unit":
            yield (item[1], item[0]) if swapped else item
