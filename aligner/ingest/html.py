"""HtmlReader: an HTML bilingual news page → visible text lines (with an offset map) → the page reader."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, replace
from html import unescape
from html.parser import HTMLParser

from aligner.ingest.base import InputError, TextReader
from aligner.ingest.bilingual_page import PageReader
from aligner.ingest.scripts import is_bilingual
from aligner.model import Bitext, Document, Span

# Elements that end a line of visible text, and elements whose content is never page text.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2"}
    | {"h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr"}
    | {"ul"}
)
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "footer", "button", "form", "select", "textarea"}
    | {"iframe", "head"}
)
KEEP_IN_SKIPPED = frozenset({"title"})  # the <title> inside <head> is kept


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of extracted text: where it starts in the extracted text and the raw [start, end) it came from."""

    start: int
    raw_start: int
    raw_end: int
    exact: bool  # the raw slice equals the extracted text (no entities)


class _Extractor(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self.line_starts = [0, *itertools.accumulate(len(line) + 1 for line in markup.split("\n"))]
        self.parts: list[str] = []
        self.chunks: list[Chunk] = []
        self.size = 0
        self.skip = 0
        self.keep = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, raw_start: int, raw_end: int, exact: bool) -> None:
        if self.skip and not self.keep:
            return
        self.chunks.append(Chunk(self.size, raw_start, raw_end, exact))
        self.parts.append(text)
        self.size += len(text)

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n", self._offset(), self._offset(), False)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        if tag in KEEP_IN_SKIPPED:
            self.keep += 1
        if tag in BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._newline()
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        if tag in KEEP_IN_SKIPPED:
            self.keep = max(0, self.keep - 1)

    def handle_data(self, data: str) -> None:
        start = self._offset()
        text = " ".join(data.split("\n")) if "\n" in data else data
        self._emit(text, start, start + len(data), True)

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        self._emit(unescape(f"&{name};"), start, start + len(name) + 2, False)

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        self._emit(unescape(f"&#{name};"), start, start + len(name) + 3, False)


def extract_text(markup: str) -> tuple[str, list[Chunk]]:
    """Return the visible text of ``markup`` (one line per block element) and its chunks for offset mapping."""
    parser = _Extractor(markup)
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts), parser.chunks


def map_span(span: Span, chunks: list[Chunk]) -> Span:
    """Map a span of the extracted text to the raw markup region it came from."""
    starts = [c.start for c in chunks]

    def raw(pos: int, *, end: bool) -> int:
        i = max(0, bisect.bisect_right(starts, pos - 1 if end else pos) - 1)
        chunk = chunks[i]
        if chunk.exact:
            return min(chunk.raw_start + (pos - chunk.start), chunk.raw_end)
        return chunk.raw_end if end else chunk.raw_start

    start = raw(span.start, end=False)
    return Span(start, max(start, raw(span.end, end=True)))


def _remap(doc: Document, chunks: list[Chunk]) -> Document:
    units = tuple(replace(u, origin=map_span(u.origin, chunks)) if u.origin else u for u in doc.units)
    return replace(doc, units=units)


class HtmlReader(TextReader):
    """An HTML bilingual news page: visible text is read like a scraped page; origins index the HTML source."""

    name = "html"
    extensions = ("html", "htm", "xhtml")
    mimetype = "text/html"

    def parse(self, text: str, name: str) -> Bitext:
        """Extract the visible text, parse it as a page, and map unit origins back into ``text``."""
        visible, chunks = extract_text(text)
        if not visible.strip():
            raise InputError(f"{name}: no visible text in the HTML")
        if not is_bilingual(visible):
            raise InputError(f"{name}: one language only; give the source and the target as two files")
        page = PageReader(src_lang=self.src_lang, tgt_lang=self.tgt_lang).parse(visible, name)
        return replace(page, src=_remap(page.src, chunks), tgt=_remap(page.tgt, chunks))
