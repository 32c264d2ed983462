"""align_document(): the pure per-document step shared by every batch engine, and the flat row schemas it fills."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from aligner.batch.schema import columns, row
from aligner.config import Config
from aligner.embed.base import Encoder
from aligner.model import AlignmentResult, Bitext

log = logging.getLogger(__name__)

PAIR_COLUMNS, ISSUE_COLUMNS, DOC_COLUMNS = columns("pairs"), columns("issues"), columns("docs")


@dataclass(frozen=True, slots=True)
class DocInput:
    """One input file's content: ``name`` (its file name, used to pick the reader) and its bytes or text."""

    name: str
    data: bytes | str

    def as_bytes(self) -> bytes:
        """Return the content as bytes (text is UTF-8 encoded)."""
        return self.data.encode("utf-8") if isinstance(self.data, str) else self.data


@dataclass(frozen=True, slots=True)
class DocumentOutput:
    """Flat rows for one document: pairs, issues (dicts keyed by the *_COLUMNS names) and its summary row."""

    doc_id: str
    pairs: tuple[dict[str, Any], ...]
    issues: tuple[dict[str, Any], ...]
    summary: dict[str, Any]

    @property
    def error(self) -> str | None:
        """The one-line reason this document failed, or None."""
        return self.summary["error"]


def error_output(doc_id: str, source: str, reason: str) -> DocumentOutput:
    """The output of a document that could not be processed: no rows, a summary carrying ``reason``."""
    summary = row(
        "docs", doc_id=doc_id, source=source, n_pairs=0, n_issues=0, n_sentences=0, score=None, signature=None,
        error=reason,
    )  # fmt: skip
    return DocumentOutput(doc_id=doc_id, pairs=(), issues=(), summary=summary)


def one_line(exc: BaseException) -> str:
    """``ExcType: first line of the message`` (at most 300 characters)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def _bitext(src: DocInput, tgt: DocInput | None, config: Config) -> Bitext:
    from aligner.ingest import bitext_from_documents, read_bitext

    langs = {"src_lang": config.src_lang, "tgt_lang": config.tgt_lang}
    if tgt is None:
        return read_bitext(src.as_bytes(), src.name, **langs)
    return bitext_from_documents((src.as_bytes(), src.name), (tgt.as_bytes(), tgt.name), **langs)


def result_rows(doc_id: str, source: str, result: AlignmentResult) -> DocumentOutput:
    """Flatten an AlignmentResult into pair, issue and summary rows."""
    from aligner.records import issue_record

    pairs = tuple(
        row(
            "pairs",
            doc_id=doc_id,
            pair_id=p.id,
            src_text=p.src_text,
            tgt_text=p.tgt_text,
            src_ids=list(p.src),
            tgt_ids=list(p.tgt),
            similarity=p.similarity,
            score=None if p.id not in result.scores else round(result.scores[p.id].value, 2),
            role=p.role or None,
        )
        for p in result.pairs
    )
    by_id = {p.id: p for p in result.pairs}
    issues = []
    for issue in result.issues:
        record = issue_record(by_id[issue.pair_id], issue) if issue.pair_id in by_id else {}
        issues.append(
            row(
                "issues",
                doc_id=doc_id,
                pair_id=issue.pair_id,
                check=issue.check,
                category=issue.category.value,
                severity=issue.severity.name.lower(),
                side=None if issue.side is None else issue.side.value,
                start=record.get("start"),
                end=record.get("end"),
                message=issue.message,
            )
        )
    doc_score = result.document_score
    summary = row(
        "docs", doc_id=doc_id, source=source, n_pairs=len(pairs), n_issues=len(issues),
        n_sentences=len(result.src_segments) + len(result.tgt_segments),
        score=None if doc_score is None else round(doc_score.value, 2), signature=result.signature.format(),
        error=None,
    )  # fmt: skip
    return DocumentOutput(doc_id=doc_id, pairs=pairs, issues=tuple(issues), summary=summary)


def align_document(
    src: DocInput, tgt: DocInput | None, *, config: Config, encoder: Encoder, doc_id: str | None = None
) -> DocumentOutput:
    """Run the pipeline on one document pair (or one bilingual file when ``tgt`` is None); never raises on bad input.

    Pure: reads only its arguments, touches no files or globals. A document that cannot be read or aligned gives
    an output with no rows and ``summary["error"]`` set to a one-line reason.
    """
    from aligner.pipeline import process

    ident = doc_id or PurePath(src.name).name
    source = src.name if tgt is None else f"{src.name} | {tgt.name}"
    try:
        result = process(_bitext(src, tgt, config), encoder=encoder, config=config)
    except Exception as exc:  # one bad document must not stop a batch
        log.warning("document %s failed: %s", ident, one_line(exc))
        return error_output(ident, source, one_line(exc))
    return result_rows(ident, source, result)
