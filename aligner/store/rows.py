"""Conversions between aligner.model records and rows of the SQL store's tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from aligner.model import (
    AlignedPair,
    Category,
    Document,
    Issue,
    QualityScore,
    ReviewStatus,
    Segment,
    Severity,
    Side,
    Signature,
    Span,
    Unit,
)
from aligner.store.base import IssueVerdict, ReviewEvent
from aligner.store.logic import canonical_text


def plain(value: Any) -> Any:
    """A JSON-ready copy of a (possibly read-only) mapping / sequence tree."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):  # numpy scalars / arrays
        return value.tolist()
    return value


def document_row(run_id: str, side: str, doc: Document) -> dict[str, Any]:
    """The documents row of one side of a run."""
    units = []
    for u in doc.units:
        row: list[Any] = [u.span.start, u.span.end, u.role, u.group]
        if u.origin is not None:
            row += [u.origin.start, u.origin.end]
        units.append(row)
    return {
        "run_id": run_id,
        "side": side,
        "doc_id": doc.id,
        "lang": doc.lang,
        "text": doc.text,
        "source": doc.source,
        "meta": plain(doc.meta),
        "units": units,
    }


def document_of(row: Any) -> Document:
    """Rebuild a Document from its row."""
    units = tuple(
        Unit(
            span=Span(u[0], u[1]),
            role=u[2],
            group=u[3],
            origin=Span(u[4], u[5]) if len(u) > 4 else None,
        )
        for u in row.units
    )
    return Document(id=row.doc_id, lang=row.lang, text=row.text, source=row.source, units=units, meta=row.meta)


def sentence_rows(document_pk: int, doc: Document, segments: Sequence[Segment]) -> list[dict[str, Any]]:
    """Sentence rows (offsets only; text / doc id kept only when they differ from the document's)."""
    rows = []
    for seg in segments:
        rows.append(
            {
                "document_pk": document_pk,
                "idx": seg.index,
                "start": seg.span.start,
                "end": seg.span.end,
                "unit": seg.unit,
                "text": None if seg.text == seg.span.slice(doc.text) else seg.text,
                "doc_id": None if seg.doc_id == doc.id else seg.doc_id,
            }
        )
    return rows


def segment_of(row: Any, doc: Document) -> Segment:
    """Rebuild a Segment from its row."""
    span = Span(row.start, row.end)
    return Segment(
        doc_id=doc.id if row.doc_id is None else row.doc_id,
        index=row.idx,
        span=span,
        text=span.slice(doc.text) if row.text is None else row.text,
        unit=row.unit,
    )


def link_row(
    run_id: str, position: int, pair: AlignedPair, src: Sequence[Segment], tgt: Sequence[Segment], at: datetime
) -> dict[str, Any]:
    """A links row; pair texts are stored only when they differ from the joined sentences."""
    return {
        "run_id": run_id,
        "pair_id": pair.id,
        "position": position,
        "src": list(pair.src),
        "tgt": list(pair.tgt),
        "src_text": None if pair.src_text == canonical_text(src, pair.src) else pair.src_text,
        "tgt_text": None if pair.tgt_text == canonical_text(tgt, pair.tgt) else pair.tgt_text,
        "similarity": pair.similarity,
        "origin": pair.origin,
        "role": pair.role,
        "active": True,
        "replaced_by": None,
        "created_at": at,
        "version": 0,
        "status": "pending",
        "edited_text": None,
        "edited_src": None,
        "comment": None,
        "reviewer": None,
        "updated_at": None,
        "state_seq": 0,
        "checks_seq": 0,
    }


def indices(value: str | Sequence[int]) -> tuple[int, ...]:
    """Sentence indices from a JSON list, given as text (SQLite, parsed here fast) or already decoded."""
    if not isinstance(value, str):
        return tuple(value)
    inner = value.strip()[1:-1]
    if not inner.strip():
        return ()
    if "," not in inner:  # the common single-sentence bead
        return (int(inner),)
    return tuple(map(int, inner.split(",")))


def pair_of(row: Any, src: Sequence[Segment], tgt: Sequence[Segment]) -> AlignedPair:
    """Rebuild an AlignedPair from its links row (``src`` / ``tgt`` as JSON text or lists)."""
    s_idx, t_idx = indices(row.src), indices(row.tgt)
    return AlignedPair(
        id=row.pair_id,
        src=s_idx,
        tgt=t_idx,
        src_text=canonical_text(src, s_idx) if row.src_text is None else row.src_text,
        tgt_text=canonical_text(tgt, t_idx) if row.tgt_text is None else row.tgt_text,
        similarity=row.similarity,
        origin=row.origin,
        role=row.role,
    )


def issue_row(run_id: str, ordinal: int, issue: Issue) -> dict[str, Any]:
    """An issues row."""
    return {
        "run_id": run_id,
        "pair_id": issue.pair_id,
        "ordinal": ordinal,
        "check_name": issue.check,
        "category": issue.category.value,
        "severity": int(issue.severity),
        "side": None if issue.side is None else issue.side.value,
        "start": None if issue.span is None else issue.span.start,
        "end": None if issue.span is None else issue.span.end,
        "message": issue.message,
        "evidence": plain(issue.evidence),
    }


def issue_of(row: Any) -> Issue:
    """Rebuild an Issue from its row."""
    return Issue(
        pair_id=row.pair_id,
        check=row.check_name,
        category=Category(row.category),
        severity=Severity(row.severity),
        message=row.message,
        side=None if row.side is None else Side(row.side),
        span=None if row.start is None else Span(row.start, row.end),
        evidence=row.evidence,
    )


def score_row(run_id: str, pair_id: str, score: QualityScore) -> dict[str, Any]:
    """A scores row."""
    return {"run_id": run_id, "pair_id": pair_id, "value": score.value, "components": plain(score.components)}


def score_of(value: float | None, components: Mapping[str, float] | None) -> QualityScore | None:
    """Rebuild a QualityScore (None when no value was stored)."""
    return None if value is None else QualityScore(value=value, components=components or {})


def signature_fields(sig: Signature) -> dict[str, Any]:
    """The stored fields of a Signature."""
    return {k: v for k, v in sig.as_dict().items() if k != "signature"}


def signature_of(fields: Mapping[str, Any]) -> Signature:
    """Rebuild a Signature from its stored fields."""
    return Signature(
        version=fields["version"],
        segmenter=fields.get("segmenter", ""),
        encoder=fields.get("encoder", ""),
        aligner=fields.get("aligner", ""),
        checks=tuple(fields.get("checks", ())),
        score=fields.get("score", ""),
    )


def event_of(row: Any) -> ReviewEvent:
    """Rebuild a ReviewEvent from its row."""
    return ReviewEvent(
        run_id=row.run_id,
        pair_id=row.pair_id,
        version=row.version,
        status=ReviewStatus(row.status),
        reviewer=row.reviewer,
        at=row.at,
        edited_text=row.edited_text,
        comment=row.comment,
        action=row.action,
        seconds=row.seconds,
        edited_src=row.edited_src,
    )


def verdict_row(verdict: IssueVerdict) -> dict[str, Any]:
    """An issue_verdicts row (an added issue as a JSON object)."""
    issue = None
    if verdict.issue is not None:
        issue = {k: v for k, v in issue_row(verdict.run_id, 0, verdict.issue).items() if k not in ("run_id", "ordinal")}
    return {
        "run_id": verdict.run_id,
        "pair_id": verdict.pair_id,
        "issue_key": verdict.issue_key,
        "kind": verdict.kind,
        "reviewer": verdict.reviewer,
        "at": verdict.at,
        "reason": verdict.reason,
        "severity": verdict.severity,
        "issue": issue,
    }


def verdict_of(row: Any) -> IssueVerdict:
    """Rebuild an IssueVerdict from its row."""
    issue = None
    if row.issue is not None:
        issue = issue_of(SimpleNamespace(**row.issue))
    return IssueVerdict(
        run_id=row.run_id,
        pair_id=row.pair_id,
        issue_key=row.issue_key,
        kind=row.kind,
        reviewer=row.reviewer,
        at=row.at,
        reason=row.reason,
        severity=row.severity,
        issue=issue,
    )
