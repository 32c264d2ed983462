"""PlainTextReader: monolingual plain-text documents (paragraph or line units) and a by-script split of mixed text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aligner.ingest.base import DocumentBuilder, InputError, Piece, TextReader, build_document, doc_id
from aligner.ingest.encoding import decode_bytes
from aligner.ingest.lines import split_lines
from aligner.ingest.scripts import detect_lang, line_script
from aligner.model import Bitext, Document, Layout, Span, Unit

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")  # a run of non-blank lines
_LINE = re.compile(r"[^\n]*\S[^\n]*")


def text_units(text: str, *, paragraphs: bool | None = None) -> tuple[Unit, ...]:
    """Return the units of ``text``: paragraphs when it has blank lines (or ``paragraphs=True``), else lines.

    Spans cover each paragraph or line without its leading and trailing whitespace; origin equals span.
    """
    if paragraphs is None:
        paragraphs = _BLANK_LINE.search(text) is not None
    pattern = _PARAGRAPH if paragraphs else _LINE
    units = []
    for match in pattern.finditer(text):
        raw = match.group()
        start = match.start() + len(raw) - len(raw.lstrip())
        span = Span(start, match.start() + len(raw.rstrip()))
        units.append(Unit(span, "paragraph" if paragraphs else "line", "", span))
    return tuple(units)


def line_document(text: str, lang: str, *, name: str, meta: Mapping[str, Any] | None = None) -> Document:
    """One ``line`` unit per line of ``text``, blank lines included (index parity for pre-split files).

    The final newline does not start an extra unit; origins index ``text``.
    """
    builder, pos = DocumentBuilder(), 0
    for line in split_lines(text):
        builder.add(line, "line", "", Span(pos, pos + len(line)))
        pos += len(line) + 1
    return builder.build(lang, name=name, meta=meta)


class PlainTextReader(TextReader):
    """Plain text: ``read_document`` gives one monolingual Document; ``read`` splits mixed text by script."""

    name = "txt"
    extensions = ("txt", "text")
    mimetype = "text/plain"

    def read_document(self, data: bytes, name: str, *, lang: str | None = None) -> Document:
        """Decode ``data`` into one Document (language by script when ``lang`` is None)."""
        return self.parse_document(decode_bytes(data, name), name, lang=lang)

    def parse_document(self, text: str, name: str, *, lang: str | None = None) -> Document:
        """Build the Document of already-decoded ``text``; its text is the whole input."""
        lang = lang or detect_lang(text)
        return Document(doc_id(name, lang), lang, text, source=name, units=text_units(text))

    def parse(self, text: str, name: str) -> Bitext:
        """Split mixed text into source and target documents by the script of each paragraph (Layout.DOCUMENTS)."""
        sides: dict[str, list[Piece]] = {self.src_lang: [], self.tgt_lang: []}
        for unit in text_units(text):
            para = unit.span.slice(text)
            script = line_script(para)
            lang = next((code for code in sides if code.split("-")[0].lower() == script), "")
            if lang:
                sides[lang].append(Piece(para, "paragraph", "", unit.span))
        if not sides[self.src_lang] or not sides[self.tgt_lang]:
            raise InputError(f"{name}: one language only; give the source and the target as two files")
        src = build_document(self.src_lang, sides[self.src_lang], name=name, sep="\n\n")
        tgt = build_document(self.tgt_lang, sides[self.tgt_lang], name=name, sep="\n\n")
        return Bitext(name, src, tgt, Layout.DOCUMENTS)
