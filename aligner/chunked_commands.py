"""`aligner pairs|align|score` on a parallel file a block at a time: the whole-file outputs, pair by pair.

Each pair leaves with its issues and score (aligner.chunked.ChunkedCheck); only running sums (the document score)
stay. ``score --ref`` reads the pairs' Arabic and the reference lines in a first pass, summing sacrebleu's sentence
statistics (aligner.score.incremental), so a count mismatch is an error before any line is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from aligner.chunked import ChunkedCheck, pair_blocks
from aligner.model import AlignedPair, Issue, QualityScore
from aligner.records import atomic_output, dumps, pair_record
from aligner.score import DocumentScore


def scored(run: ChunkedCheck) -> Iterator[tuple[AlignedPair, list[Issue], QualityScore]]:
    """Each pair of ``run`` with its issues and its score, as the whole-file result holds them."""
    from aligner.pipeline import _similarity
    from aligner.score import ScoreConfig, score_pairs

    config, calibration = ScoreConfig(**dict(run.config.score)), _similarity(run.encoder)
    for pair, issues in run.checked():
        yield pair, issues, score_pairs([pair], issues, config=config, calibration=calibration)[pair.id]


def pair_lines(run: ChunkedCheck, roles: frozenset[str] | None = None) -> Iterator[str]:
    """``aligner pairs`` / ``align --format jsonl``: one JSON line a pair (only roles in ``roles`` when given)."""
    for pair, issues, score in scored(run):
        if roles is None or pair.role in roles:
            yield dumps(pair_record(pair, issues=issues, score=score))


def align_lines(run: ChunkedCheck, fmt: str) -> Iterator[str]:
    """``aligner align`` on a parallel file: the given pairs as JSON Lines, TSV (with similarities) or beads."""
    if fmt == "jsonl":
        yield from pair_lines(run)
        return
    from aligner.align import format_beads

    # beads and TSV print no issue or score: the pairs alone, without the checks (TSV needs their similarities)
    for block in pair_blocks(run.source, run.encoder if fmt == "tsv" else None):
        for p in block:
            if fmt == "beads":
                yield format_beads([(p.src, p.tgt)]).rstrip("\n")
            else:
                row = f"{p.src_text}\t{p.tgt_text}\t{'' if p.similarity is None else p.similarity}"
                yield row.replace("\n", " ")


def _reference(run: ChunkedCheck, path: str, bleu_tokenize: str) -> dict[str, dict[str, object]]:
    """BLEU/chrF/chrF++/TER of the translated pairs' Arabic against the reference lines, in one pass."""
    from aligner.ingest.stream import _lines
    from aligner.score.incremental import reference_scores_streamed

    hyps = (tgt for src, tgt in run.source.pairs() if src.strip())
    return reference_scores_streamed(hyps, _lines(Path(path)), bleu_tokenize=bleu_tokenize)


def write_score(run: ChunkedCheck, args: argparse.Namespace, stdout: IO[str]) -> None:
    """``aligner score`` on a parallel file: the table or JSON document of aligner.scoring_report, streamed."""
    from aligner.scoring_report import _clip

    reference = None if not args.ref else _reference(run, args.ref, args.bleu_tokenize)
    doc, n_pairs = DocumentScore(), 0
    with atomic_output(args.output, stdout=stdout) as out:
        if args.format == "json":
            out.write('{"pairs": [')
        else:
            out.write(f"{'pair':<6} {'score':>6} {'sim':>5} {'issues':>6}  source | target\n")
        for k, (pair, issues, score) in enumerate(scored(run)):
            doc.add(pair, score)
            n_pairs += 1
            value = round(score.value, 2)
            if args.format == "json":
                row = {"id": pair.id, "score": value, "components": dict(score.components)}
                row |= {"similarity": pair.similarity, "issues": len(issues)}
                out.write((", " if k else "") + dumps(row))
                continue
            sim = "-" if pair.similarity is None else f"{pair.similarity:.2f}"
            texts = f"{_clip(pair.src_text, 40)} | {_clip(pair.tgt_text, 40)}"
            out.write(f"{pair.id:<6} {value:>6.1f} {sim:>5} {len(issues):>6}  {texts}\n")
        signature = run.signature().format()
        if args.format == "json":
            total = doc.result(n_pairs)
            document = {"score": round(total.value, 2), "components": dict(total.components)}
            tail = {"document": document, "signature": signature}
            if reference is not None:
                tail["reference"] = reference
            out.write("]" + dumps(tail).replace("{", ", ", 1) + "\n")
            return
        out.write(f"document score: {doc.result(n_pairs).value:.1f}\n")
        for name, metric in (reference or {}).items():
            out.write(f"{name}: {metric}\n")
        out.write(f"signature: {signature}\n")
