"""Uploaded bytes → Bitext: one bilingual file (news page, TSV/CSV, JSONL, TMX, XLIFF) or two documents."""

from __future__ import annotations

from aligner.model import Bitext

FALLBACK_EXTENSIONS = ("txt", "tsv", "csv", "jsonl", "tmx", "xliff", "xlf", "html", "htm")


def upload_extensions() -> list[str]:
    """Return the file extensions the readers accept (from the READERS registry when it is available)."""
    try:
        from aligner.ingest import READERS
    except ImportError:
        return list(FALLBACK_EXTENSIONS)
    exts: set[str] = set()
    for _, cls in READERS.items():
        exts.update(e.lstrip(".").lower() for e in getattr(cls, "extensions", ()))
    return sorted(exts) or list(FALLBACK_EXTENSIONS)


def bitext_from_file(data: bytes, name: str, *, fmt: str | None = None) -> Bitext:
    """Read one bilingual file; raises aligner.ingest.base.InputError on bad input."""
    from aligner.ingest import read_bitext

    return read_bitext(data, name, fmt=fmt)


def bitext_from_documents(
    src: tuple[bytes, str], tgt: tuple[bytes, str], *, src_lang: str = "en", tgt_lang: str = "ar"
) -> Bitext:
    """Read an English and an Arabic document (each ``(bytes, file name)``) as the CLI and batch do."""
    from aligner.ingest.bitext import bitext_from_documents as build

    return build(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
