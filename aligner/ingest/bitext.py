"""bitext_from_documents(): the one way two documents become a Bitext (CLI, batch and app upload alike)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import PurePath

from aligner.ingest.base import InputError, check_unit_lengths, doc_id
from aligner.ingest.plaintext import PlainTextReader, line_document
from aligner.ingest.scripts import detect_lang
from aligner.model import Bitext, Document, Layout

log = logging.getLogger("aligner.ingest")


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


def bitext_from_documents(
    src: tuple[bytes, str],
    tgt: tuple[bytes, str],
    *,
    presplit: bool = False,
    parallel: bool = False,
    src_lang: str = "en",
    tgt_lang: str = "ar",
) -> Bitext:
    """Read a source and a target document, each ``(bytes, file name)``, into one Bitext named ``"a.txt | b.txt"``.

    Given the wrong way round (the first in the target's script, the second in the source's) they are swapped back
    with a warning; a document the language detector places in another language gets a warning. Layout:
    DOCUMENTS (running text: segment, then align), SENTENCES with ``presplit`` (one sentence a line, counts free) or
    PARALLEL with ``parallel`` (line i translates line i, equal counts).
    """
    if presplit and parallel:
        raise InputError("--presplit and --parallel exclude each other: aligned lines are already sentences")
    reader = PlainTextReader()
    docs = [reader.read_document(data, name) for data, name in (src, tgt)]
    for doc in docs:  # a paragraph or line over MAX_UNIT_CHARS is an error before any work multiplies it
        check_unit_lengths((doc,), doc.source)
    docs = [replace(d, meta={**d.meta, "detected_lang": d.lang}) for d in docs]
    detected, wanted = [d.lang for d in docs], [_base(src_lang), _base(tgt_lang)]
    if detected == wanted[::-1] and wanted[0] != wanted[1]:
        log.warning("%s looks like %s and %s like %s: swapping them", src[1], detected[0], tgt[1], detected[1])
        docs = [replace(d, meta={**d.meta, "swapped": "true"}) for d in reversed(docs)]
    else:
        for doc, want in zip(docs, wanted, strict=True):
            warn_language(doc, want)
    src_doc = replace(docs[0], lang=src_lang, id=doc_id(docs[0].source, src_lang))
    tgt_doc = replace(docs[1], lang=tgt_lang, id=doc_id(docs[1].source, tgt_lang))
    name = f"{PurePath(src_doc.source).name} | {PurePath(tgt_doc.source).name}"
    if parallel:
        return _parallel_lines(name, src_doc, tgt_doc)
    return Bitext(name, src_doc, tgt_doc, Layout.SENTENCES if presplit else Layout.DOCUMENTS)


def warn_language(doc: Document, want: str) -> None:
    """Warn when the detector is sure ``doc`` is in another language than ``want`` (any language, not just en/ar)."""
    from aligner.ingest.language import detect_document_lang

    got = detect_document_lang(doc.text)
    if got is not None:
        if got != want:
            log.warning("%s looks like %s, not %s", doc.source, got, want)
        return
    script = detect_lang(doc.text)  # too short to tell the language: the script can still be wrong
    if (script == "ar") != (want == "ar") and script != "und":
        log.warning("%s is in %s script, not %s", doc.source, "Arabic" if script == "ar" else "Latin", want)


def _parallel_lines(name: str, src: Document, tgt: Document) -> Bitext:
    docs = [line_document(d.text, d.lang, name=d.source, meta=d.meta) for d in (src, tgt)]
    if len(docs[0].units) != len(docs[1].units):
        raise InputError(
            f"{src.source} has {len(docs[0].units)} lines but {tgt.source} has {len(docs[1].units)}; "
            "--parallel files must match"
        )
    return Bitext(name, docs[0], docs[1], Layout.PARALLEL)


__all__ = ["bitext_from_documents", "warn_language"]
