"""Score reports for the CLI: per-pair and document scores as a text table or JSON, optional reference metrics."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from aligner.errors import UserError
from aligner.model import AlignmentResult
from aligner.records import dumps, issues_by_pair


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def score_summary(
    result: AlignmentResult, *, refs: Sequence[str] | None = None, bleu_tokenize: str = "13a"
) -> dict[str, Any]:
    """Return per-pair scores, the document score, the Signature and (with refs) sacrebleu metrics."""
    grouped = issues_by_pair(result)
    pairs = [
        {
            "id": p.id,
            "score": None if p.id not in result.scores else round(result.scores[p.id].value, 2),
            "components": dict(result.scores[p.id].components) if p.id in result.scores else {},
            "similarity": p.similarity,
            "issues": len(grouped.get(p.id, ())),
        }
        for p in result.pairs
    ]
    doc = result.document_score
    summary: dict[str, Any] = {
        "pairs": pairs,
        "document": None if doc is None else {"score": round(doc.value, 2), "components": dict(doc.components)},
        "signature": result.signature.format(),
    }
    if refs is not None:
        from aligner.score import reference_scores

        hyps = [p.tgt_text for p in result.pairs if p.src_text.strip()]
        if len(refs) != len(hyps):
            raise UserError(f"--ref has {len(refs)} lines but there are {len(hyps)} translated pairs; give one a pair")
        summary["reference"] = reference_scores(hyps, list(refs), bleu_tokenize=bleu_tokenize)
    return summary


def score_report(
    result: AlignmentResult, *, refs: Sequence[str] | None = None, fmt: str = "table", bleu_tokenize: str = "13a"
) -> Iterator[str]:
    """Yield the report lines: one JSON document, or an aligned text table."""
    summary = score_summary(result, refs=refs, bleu_tokenize=bleu_tokenize)
    if fmt == "json":
        yield dumps(summary)
        return
    texts = {p.id: p for p in result.pairs}
    yield f"{'pair':<6} {'score':>6} {'sim':>5} {'issues':>6}  source | target"
    for row in summary["pairs"]:
        pair = texts[row["id"]]
        score = "-" if row["score"] is None else f"{row['score']:.1f}"
        sim = "-" if row["similarity"] is None else f"{row['similarity']:.2f}"
        texts_cell = f"{_clip(pair.src_text, 40)} | {_clip(pair.tgt_text, 40)}"
        yield f"{row['id']:<6} {score:>6} {sim:>5} {row['issues']:>6}  {texts_cell}"
    if summary["document"]:
        yield f"document score: {summary['document']['score']:.1f}"
    for name, metric in (summary.get("reference") or {}).items():
        yield f"{name}: {metric}"
    yield f"signature: {summary['signature']}"
