"""Reference metrics (BLEU, chrF, chrF++, TER) over streamed texts: sentence statistics summed as they come."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from aligner.errors import UserError

CHUNK = 2048  # sentences whose statistics are extracted at once


def _chunks(rows: Iterator[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _counted(hyps: Iterable[str], refs: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(hypothesis, reference) rows; unequal counts raise the whole-file report's error once both are counted."""
    hyp_it, ref_it = iter(hyps), iter(refs)
    n = 0
    for hyp in hyp_it:
        ref = next(ref_it, None)
        if ref is None:
            raise UserError(
                f"--ref has {n} lines but there are {n + 1 + sum(1 for _ in hyp_it)} translated pairs; give one a pair"
            )
        n += 1
        yield hyp, ref
    extra = sum(1 for _ in ref_it)
    if extra:
        raise UserError(f"--ref has {n + extra} lines but there are {n} translated pairs; give one a pair")


def reference_scores_streamed(
    hyps: Iterable[str], refs: Iterable[str], *, bleu_tokenize: str = "13a"
) -> dict[str, dict[str, object]]:
    """What :func:`aligner.score.reference_scores` gives on the same texts, holding CHUNK sentences at a time.

    sacrebleu's corpus score sums each sentence's statistics in order (``sum_of_lists``) and computes the score from
    the sums; the same sums are kept here as the chunks go by, so the figures are the same bit for bit.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    from aligner.score import reference_scores

    if bleu_tokenize not in BLEU.TOKENIZERS:
        for _ in _counted(hyps, refs):  # a count mismatch is reported first, as in the whole-file report
            pass
        raise UserError(f"unknown BLEU tokenizer {bleu_tokenize!r}; known: {', '.join(sorted(BLEU.TOKENIZERS))}")
    metrics = {"bleu": BLEU(tokenize=bleu_tokenize), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}
    totals: dict[str, list[float] | list[int]] = {}
    for chunk in _chunks(_counted(hyps, refs), CHUNK):
        rows_h, rows_r = [h for h, _ in chunk], [r for _, r in chunk]
        for name, metric in metrics.items():
            for stats in metric._extract_corpus_statistics(rows_h, [rows_r]):
                total = totals.get(name)
                if total is None:
                    init = type(stats[0])(0.0)
                    total = totals[name] = [init] * len(stats)
                for i, value in enumerate(stats):
                    total[i] += value
    if not totals:  # no translated pair: whatever sacrebleu does on empty lists
        return reference_scores([], [], bleu_tokenize=bleu_tokenize)
    out: dict[str, dict[str, object]] = {}
    for name, metric in metrics.items():
        result = metric._aggregate_and_compute([totals[name]])
        out[name] = {"score": round(float(result.score), 4), "signature": str(metric.get_signature())}
    return out
