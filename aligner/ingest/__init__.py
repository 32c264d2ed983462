"""READERS registry (format metadata derived from the reader classes) and the ingest entry points."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path, PurePath

from aligner.ingest.base import InputError, Reader, TextReader, check_unit_lengths
from aligner.ingest.bilingual_page import PageReader
from aligner.ingest.bitext import bitext_from_documents
from aligner.ingest.encoding import decode_bytes, refuse_known_binary
from aligner.ingest.jsonl import JsonlReader
from aligner.ingest.plaintext import PlainTextReader
from aligner.ingest.scripts import is_bilingual
from aligner.ingest.tsv import CsvReader, TsvReader
from aligner.model import Bitext, Document
from aligner.registry import Registry

log = logging.getLogger(__name__)


class ReaderRegistry(Registry[Reader]):
    """The reader table, plus lookups by file extension derived from each class's ``extensions``."""

    def extension_map(self) -> dict[str, str]:
        """Map each extension (no dot, lower case) to its reader name; entries that fail to import are skipped."""
        mapping: dict[str, str] = {}
        for name in self.names():
            try:
                cls = self.get(name)
            except ImportError as err:
                log.warning("reader %r unavailable: %s", name, err)
                continue
            for ext in cls.extensions:
                mapping.setdefault(ext.lower(), name)
        return mapping

    def for_extension(self, ext: str) -> type[Reader]:
        """Return the reader class for a file extension such as ``".tsv"`` or ``"tsv"``."""
        ext = ext.lower().lstrip(".")
        if ext in self and ext in (getattr(self.get(ext), "extensions", ()) or ()):
            return self.get(ext)
        mapping = self.extension_map()
        if ext not in mapping:
            known = ", ".join(sorted(mapping))
            raise InputError(f"no reader for extension {ext!r}; known: {known}")
        return self.get(mapping[ext])


READERS = ReaderRegistry(
    "reader",
    {
        "page": PageReader,
        "txt": PlainTextReader,
        "tsv": TsvReader,
        "csv": CsvReader,
        "jsonl": JsonlReader,
        "html": "aligner.ingest.html:HtmlReader",
        "tmx": "aligner.ingest.tmx:TmxReader",
        "xliff": "aligner.ingest.xliff:XliffReader",
        "parquet": "aligner.ingest.parquet:ParquetReader",
    },
)

MIXED_TEXT_EXTENSIONS = frozenset({"txt", "text", "page"})


def read_bitext(
    data: bytes, name: str, *, fmt: str | None = None, src_lang: str = "en", tgt_lang: str = "ar"
) -> Bitext:
    """Read one bilingual file; the format comes from ``fmt``, the extension of ``name``, or else the content.

    Text files holding both Latin and Arabic lines are read as bilingual news pages.
    """
    ext = PurePath(name).suffix.lower().lstrip(".")
    if fmt is None and ext not in MIXED_TEXT_EXTENSIONS and ext not in READERS.extension_map():
        fmt = sniff_format(data, name)
    if (fmt is None and ext in MIXED_TEXT_EXTENSIONS) or fmt == "page":
        text = decode_bytes(data, name)
        if not is_bilingual(text):
            raise InputError(f"{name}: one language only; give the source and the target as two files")
        bitext = PageReader(src_lang=src_lang, tgt_lang=tgt_lang).parse(text, name)
    else:
        cls = READERS.get(fmt) if fmt is not None else READERS.for_extension(ext)
        bitext = cls(src_lang=src_lang, tgt_lang=tgt_lang).read(data, name)
    check_unit_lengths((bitext.src, bitext.tgt), name)
    return bitext


def sniff_format(data: bytes, name: str) -> str:
    """Guess the reader of a file with an unknown extension from its first bytes."""
    if data.startswith(b"PAR1"):
        return "parquet"
    refuse_known_binary(data, name)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = head[:512].lower()
    if head.startswith(b"{"):
        return "jsonl"
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<tmx") or b"<tmx" in lowered:
        return "tmx" if b"<tmx" in lowered else "xliff"
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    first_line = head.split(b"\n", 1)[0]
    if b"\t" in first_line:
        return "tsv"
    if b"\x00" in head[:64]:  # UTF-16 without a recognisable shape
        raise InputError(f"{name}: unknown file type; name it with an extension ({', '.join(READERS.names())})")
    return "page"


def read_document(data: bytes, name: str, *, lang: str | None = None) -> Document:
    """Read one monolingual plain-text document; units are paragraphs (blank-line separated) or else lines."""
    doc = PlainTextReader().read_document(data, name, lang=lang)
    check_unit_lengths((doc,), name)
    return doc


def open_inputs(
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    presplit: bool = False,
    parallel: bool = False,
    src_lang: str = "en",
    tgt_lang: str = "ar",
) -> Bitext:
    """Open one bilingual file, or a source and a target file (see ``bitext_from_documents`` for two files)."""
    if len(paths) == 1:
        path = Path(paths[0])
        return read_bitext(_read_bytes(path), str(path), fmt=fmt, src_lang=src_lang, tgt_lang=tgt_lang)
    if len(paths) != 2:
        raise InputError(f"expected one bilingual file or two monolingual files, got {len(paths)}")
    if fmt not in (None, "txt"):
        raise InputError(f"two input files must be plain text, not {fmt!r}")
    src, tgt = ((_read_bytes(Path(p)), str(p)) for p in paths)
    return bitext_from_documents(
        src, tgt, presplit=presplit, parallel=parallel, src_lang=src_lang, tgt_lang=tgt_lang
    )  # fmt: skip


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None


__all__ = [
    "READERS",
    "InputError",
    "Reader",
    "ReaderRegistry",
    "TextReader",
    "bitext_from_documents",
    "open_inputs",
    "read_bitext",
    "read_document",
]
