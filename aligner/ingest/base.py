"""Reader ABC, the InputError raised on bad input, and helpers that build Documents from pieces."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, ClassVar

from aligner.errors import UserError
from aligner.model import Bitext, Document, Span, Unit


class InputError(UserError):
    """Bad input: the one-line message names the file and, where relevant, the line number."""


MAX_UNIT_CHARS = 1 << 20  # per segment (a TSV row's side, a TMX/XLIFF unit, a paragraph): longer is an error


def check_unit_lengths(docs: Iterable[Document], name: str) -> None:
    """Raise InputError when a unit of ``docs`` is longer than MAX_UNIT_CHARS (before any work multiplies it)."""
    for doc in docs:
        for i, unit in enumerate(doc.units):
            size = unit.span.end - unit.span.start
            if size > MAX_UNIT_CHARS:
                raise unit_too_long(name, i, doc.lang, size)


def unit_too_long(name: str, index: int, lang: str, size: int) -> InputError:
    """The error for unit ``index`` (0-based) of file ``name`` having ``size`` characters, over MAX_UNIT_CHARS."""
    return InputError(
        f"{name}: segment {index + 1} ({lang}) has {size:,} characters, over the limit of "
        f"{MAX_UNIT_CHARS:,} per segment; split it into sentences or paragraphs"
    )


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (1-based number, start offset, line) of each LF-separated line, without building a list of lines."""
    pos, number, size = 0, 1, len(text)
    while True:
        end = text.find("\n", pos)
        if end < 0:
            yield number, pos, text[pos:size]
            return
        yield number, pos, text[pos:end]
        pos, number = end + 1, number + 1


def line_number(text: str, pos: int) -> int:
    """Return the 1-based line number of code point ``pos`` in ``text``."""
    return text.count("\n", 0, pos) + 1


@dataclass(frozen=True, slots=True)
class Piece:
    """A unit-to-be: its text, role, group and origin span into the decoded input."""

    text: str
    role: str = "body"
    group: str = ""
    origin: Span | None = None


def doc_id(name: str, lang: str) -> str:
    """Return the id of the ``lang`` document read from file ``name``."""
    return f"{PurePath(name).name or 'input'}#{lang}"


class DocumentBuilder:
    """Accumulates unit texts joined by ``sep`` (the fast path for large parallel files)."""

    __slots__ = ("parts", "pos", "sep", "units")

    def __init__(self, sep: str = "\n") -> None:
        self.sep = sep
        self.parts: list[str] = []
        self.units: list[Unit] = []
        self.pos = 0

    def add(self, text: str, role: str = "body", group: str = "", origin: Span | None = None) -> None:
        """Append one unit."""
        if self.parts:
            self.pos += len(self.sep)
        end = self.pos + len(text)
        self.units.append(Unit(Span(self.pos, end), role, group, origin))
        self.parts.append(text)
        self.pos = end

    def build(self, lang: str, *, name: str, meta: Mapping[str, Any] | None = None) -> Document:
        """Return the Document."""
        text = self.sep.join(self.parts)
        self.parts = [text]  # drop the pieces now: peak memory on large inputs
        return Document(doc_id(name, lang), lang, text, source=name, units=tuple(self.units), meta=meta or {})


def build_document(
    lang: str,
    pieces: Iterable[Piece],
    *,
    name: str,
    meta: Mapping[str, Any] | None = None,
    sep: str = "\n",
) -> Document:
    """Join ``pieces`` with ``sep`` into a Document whose units span each piece."""
    builder = DocumentBuilder(sep)
    for piece in pieces:
        builder.add(piece.text, piece.role, piece.group, piece.origin)
    return builder.build(lang, name=name, meta=meta)


def flatten_cell(text: str) -> str:
    """Make a cell one line: line breaks become spaces (length-preserving, so offsets still map)."""
    if "\n" in text or "\r" in text:
        return text.replace("\r", " ").replace("\n", " ")
    return text


class Reader(ABC):
    """One input format: bytes in, a Bitext out. Format metadata lives only on the class."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    mimetype: ClassVar[str] = "application/octet-stream"

    def __init__(self, *, src_lang: str = "en", tgt_lang: str = "ar") -> None:
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang

    @abstractmethod
    def read(self, data: bytes, name: str) -> Bitext:
        """Parse ``data`` (the bytes of file ``name``) into a Bitext; raise InputError on bad input."""


class TextReader(Reader):
    """A reader of a text format: decodes bytes (encoding sniffing, NFC, newlines) then parses the text."""

    def read(self, data: bytes, name: str) -> Bitext:
        """Decode ``data`` and parse it; unit origins index the decoded text."""
        from aligner.ingest.encoding import decode_bytes

        return self.parse(decode_bytes(data, name), name)

    @abstractmethod
    def parse(self, text: str, name: str) -> Bitext:
        """Parse decoded, NFC-normalised text with LF newlines."""
