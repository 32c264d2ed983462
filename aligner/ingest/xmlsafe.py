"""Safe XML parsing for the TMX/XLIFF readers: no entities, no DTD loading, no network; errors name file:line.

The parser (lxml) never resolves entities, never loads a DTD, never touches the network and keeps libxml2's
size limits (``huge_tree=False``). A document whose DOCTYPE declares any entity (billion laughs, external/XXE,
parameter entities) is refused outright; a plain ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` is accepted (not loaded).
Malformed XML, a wrong or unsupported declared encoding, or an undefined entity raise
``InputError("name:line: message")``.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from aligner.ingest.base import InputError

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        # Do not pass collect_ids=False: with lxml 6 / libxml2 2.14 it makes libxml2 load the external DTD subset.
    )


_ENCODINGS = ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_DOCTYPE = tuple("<!DOCTYPE".encode(e) for e in _ENCODINGS)
_ENTITY = tuple("<!ENTITY".encode(e) for e in _ENCODINGS)


def _declares_entities(data: bytes) -> bool:
    """Byte-level pre-check (before libxml2 sees the DTD): a DOCTYPE and an entity declaration both occur."""
    return any(m in data for m in _DOCTYPE) and any(m in data for m in _ENTITY)


def iterparse_xml(
    data: bytes, name: str, *, tags: tuple[str, ...] | None = None
) -> Iterator[tuple[str, etree._Element]]:
    """Stream ("end", element) events, for ``tags`` only if given, with the safety of :func:`parse_xml`.

    Errors are InputError. The caller clears elements it has used, so a large file never becomes one large tree.
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if _declares_entities(data):
        raise InputError(f"{name}:1: refused: the DOCTYPE declares entities; entities are not allowed")
    context = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        yield from context
    except etree.XMLSyntaxError as exc:
        line, text = exc.lineno, exc.msg or str(exc)
        last = exc.error_log.last_error  # with entities unresolved the push parser may raise a vague, lineless one
        if not line and last is not None and last.line:
            line, text = last.line, last.message
        message = " ".join(text.split(", line ")[0].split())
        raise InputError(f"{name}:{line or 1}: malformed XML: {message}") from None
    except (ValueError, LookupError) as exc:
        raise InputError(f"{name}:1: cannot parse XML: {' '.join(str(exc).split())}") from None
    root = context.root
    _refuse_entities(root, name)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse ``data`` safely and return the root element; raise InputError naming ``name`` and the line."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if _declares_entities(data):
        raise InputError(f"{name}:1: refused: the DOCTYPE declares entities; entities are not allowed")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = " ".join((exc.msg or str(exc)).split(", line ")[0].split())  # one line, even if libxml2 adds "\n"
        raise InputError(f"{name}:{line}: malformed XML: {message}") from None
    except (ValueError, LookupError) as exc:  # e.g. unsupported encoding, unicode strings with a declaration
        raise InputError(f"{name}:1: cannot parse XML: {' '.join(str(exc).split())}") from None
    _refuse_entities(root, name)
    return root


def _refuse_entities(root: etree._Element | None, name: str) -> None:
    """Raise InputError when the document's internal DTD declares any entity."""
    dtd = root.getroottree().docinfo.internalDTD if root is not None else None
    if dtd is not None:
        entities = [entity.name for entity in dtd.iterentities()]
        if entities:
            shown = ", ".join(sorted(entities)[:5])
            raise InputError(f"{name}:1: refused: the DOCTYPE declares entities ({shown}); entities are not allowed")


def local(tag: object) -> str:
    """Return an element's tag without its namespace ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def inline_text(
    el: etree._Element, *, skip: frozenset[str], recurse: frozenset[str], special: Callable[[etree._Element], str]
) -> str:
    """Return the plain text of a segment element, NFC-normalised.

    Children whose local name is in ``skip`` (native codes such as ``<ph>``, ``<bpt>``) contribute nothing but
    their tail; those in ``recurse`` (``<hi>``, ``<g>``, ``<mrk>``, ``<pc>``) contribute their text; any other
    child is passed to ``special`` (e.g. XLIFF 2.0 ``<cp hex>``), which returns its text.
    """
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = local(child.tag)
        if tag in recurse:
            parts.append(inline_text(child, skip=skip, recurse=recurse, special=special))
        elif tag and tag not in skip:
            parts.append(special(child))
        parts.append(child.tail or "")
    return unicodedata.normalize("NFC", "".join(parts))


def lang_matches(code: str, wanted: str) -> bool:
    """True if language tag ``code`` ("ar", "ar-SA", "AR", "ar_EG") is ``wanted`` by primary subtag."""
    return primary(code) == primary(wanted)


def primary(code: str) -> str:
    """Return the lower-cased primary subtag of a language tag ("ar-SA" → "ar")."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def pick_languages(found: Iterable[str], src_lang: str, tgt_lang: str, declared_src: str, name: str) -> tuple[str, str]:
    """Decide which of the file's language tags are the pair's source and target.

    The pair's languages win when both occur (matched by primary subtag); otherwise a two-language file's declared
    source language is the source and the other the target. Anything else raises InputError.
    """
    codes = sorted({c for c in found if c})
    if not codes:  # no translation units: nothing to decide
        return src_lang, tgt_lang
    src = next((c for c in codes if lang_matches(c, src_lang)), None)
    tgt = next((c for c in codes if lang_matches(c, tgt_lang)), None)
    if src and tgt:
        return src, tgt
    primaries = sorted({primary(c) for c in codes})
    if len(primaries) == 2 and declared_src and primary(declared_src) in primaries:
        other = next(c for c in codes if primary(c) != primary(declared_src))
        return declared_src, other
    raise InputError(
        f"{name}: cannot tell source from target: languages {', '.join(codes) or 'none'} for pair {src_lang}-{tgt_lang}"
    )
