"""process(): the end-to-end composition ingest → segment → embed → align/pair → check → score (no logic of its own)."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from itertools import zip_longest

import numpy as np

from aligner.checks import CHECKS, Check, CheckContext, run_checks
from aligner.checks.lanes import Lane, available_cpus, can_fork
from aligner.config import Config, ConfigError, build_signature
from aligner.embed.base import Encoder
from aligner.embed.calibration import SimilarityCalibration, calibration_of
from aligner.model import (
    PAIRABLE_ROLES,
    AlignedPair,
    AlignmentResult,
    Bitext,
    Document,
    Issue,
    Layout,
    QualityScore,
    Segment,
)

log = logging.getLogger(__name__)
Progress = Callable[[str, float], None]


COSINE_CHUNK = 512  # texts per side encoded at once for given pairs' similarities (4,096: a 115 MB transient)


def _unit_segments(doc: Document) -> tuple[Segment, ...]:
    """One segment per unit (pre-split lines, page items)."""
    units = enumerate(doc.units)
    return tuple(Segment(doc_id=doc.id, index=i, span=u.span, text=u.span.slice(doc.text), unit=i) for i, u in units)


def _cosines(encoder: Encoder | None, src: Sequence[str], tgt: Sequence[str]) -> list[float | None]:
    """Cosine similarity of each (src, tgt) text pair; None where a side is empty or there is no encoder."""
    if encoder is None:
        return [None] * len(src)
    keep = [i for i, (s, t) in enumerate(zip(src, tgt, strict=True)) if s.strip() and t.strip()]
    out: list[float | None] = [None] * len(src)
    shared: dict[tuple[float, float], float] = {}  # one float per rounded value (-0.0 apart): 24 B a pair
    for lo in range(0, len(keep), COSINE_CHUNK):  # chunked: two full N x dim matrices would dwarf the input
        chunk = keep[lo : lo + COSINE_CHUNK]
        a = encoder.encode([src[i] for i in chunk])
        b = encoder.encode([tgt[i] for i in chunk])
        for k, i in enumerate(chunk):
            value = round(float(a[k] @ b[k]), 4)
            out[i] = shared.setdefault((value, math.copysign(1.0, value)), value)
    return out


def _parallel_pairs(src: tuple[Segment, ...], tgt: tuple[Segment, ...], encoder: Encoder | None) -> list[AlignedPair]:
    if len(src) != len(tgt):
        raise ValueError(f"parallel input has {len(src)} source and {len(tgt)} target units")
    sims = _cosines(encoder, [s.text for s in src], [t.text for t in tgt])
    pairs = []
    for i, (s, t) in enumerate(zip(src, tgt, strict=True)):
        index = (i,)  # one tuple for both sides: ~50 B a pair on inputs of many short units
        pair = AlignedPair(
            id=f"p{i}",
            src=index if s.text.strip() else (),
            tgt=index if t.text.strip() else (),
            src_text=s.text,
            tgt_text=t.text,
            similarity=sims[i],
            origin="given",
        )
        pairs.append(pair)
    return pairs


def _item_pairs(bitext: Bitext, encoder: Encoder, threshold: float | None) -> list[AlignedPair]:
    """Pair pairable items by optimal assignment; every other item becomes a one-sided pair, in page order."""
    from aligner.align import pair_items

    src, tgt = bitext.src, bitext.tgt
    s_idx = [i for i, u in enumerate(src.units) if u.role in PAIRABLE_ROLES]
    t_idx = [i for i, u in enumerate(tgt.units) if u.role in PAIRABLE_ROLES]
    kwargs = {} if threshold is None else {"threshold": threshold}
    matches = pair_items([src.unit_text(i) for i in s_idx], [tgt.unit_text(i) for i in t_idx], encoder, **kwargs)
    rows: list[tuple[int | None, int | None, float | None]] = [
        (None if a is None else s_idx[a], None if b is None else t_idx[b], sim) for a, b, sim in matches
    ]
    rows += [(i, None, None) for i in range(len(src.units)) if i not in set(s_idx)]
    rows += [(None, j, None) for j in range(len(tgt.units)) if j not in set(t_idx)]

    def position(row: tuple[int | None, int | None, float | None]) -> tuple[int, int]:
        units = [src.units[row[0]]] if row[0] is not None else []
        units += [tgt.units[row[1]]] if row[1] is not None else []
        return min((u.origin or u.span).start for u in units), 0 if row[0] is not None else 1

    rows.sort(key=position)
    pairs = []
    for k, (a, b, sim) in enumerate(rows):
        unit = src.units[a] if a is not None else tgt.units[b]  # type: ignore[index]
        pairs.append(
            AlignedPair(
                id=f"p{k}",
                src=() if a is None else (a,),
                tgt=() if b is None else (b,),
                src_text="" if a is None else src.unit_text(a),
                tgt_text="" if b is None else tgt.unit_text(b),
                similarity=None if sim is None else round(float(sim), 4),
                origin="auto",
                role=unit.role,
            )
        )
    return pairs


def _similarity(encoder: Encoder | None) -> SimilarityCalibration | None:
    """The encoder's own similarity calibration (None: no encoder, or nothing measured on its cosines)."""
    calibration = calibration_of(encoder)
    return None if calibration is None else calibration.similarity


def build_checks(config: Config) -> list[Check]:
    """Instantiate the configured checks (all registered ones when none are named)."""
    names = config.checks or tuple(CHECKS.names())
    unknown = set(config.check_params) - set(names)
    if unknown:
        raise ConfigError(f"check_params for checks not run: {', '.join(sorted(unknown))}")
    return [CHECKS.get(n)(**dict(config.check_params.get(n, {}))) for n in names]


def check_context(
    pairs: Sequence[AlignedPair],
    *,
    config: Config,
    encoder: Encoder | None,
    vectors: Mapping[str, np.ndarray] | None = None,
) -> CheckContext:
    """The context the checks run in: languages, the whole document, the encoder (and vectors it gave), the glossary."""
    glossary: dict[str, tuple[str, ...]] = {}
    if config.glossary:
        from aligner.checks.terminology import load_glossary

        glossary = load_glossary(config.glossary)
    return CheckContext(
        config.src_lang,
        config.tgt_lang,
        tuple(pairs),
        encoder,
        glossary,
        max_segment_chars=config.max_segment_chars,
        vectors=vectors or {},
    )


def similarities(encoder: Encoder | None, src: Sequence[str], tgt: Sequence[str]) -> list[float | None]:
    """Cosine similarity of each (source, target) text pair (None without an encoder or for an empty side)."""
    return _cosines(encoder, src, tgt)


def check_and_score(
    pairs: Sequence[AlignedPair],
    *,
    config: Config,
    encoder: Encoder | None,
    checks: Sequence[Check] | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
    workers: int = 1,
    lane: Lane | None = None,
) -> tuple[tuple[Issue, ...], dict[str, QualityScore], QualityScore | None]:
    """Run the checks and score every pair and the document (``vectors``: texts ``encoder`` already embedded).

    ``workers=2``: the text-only checks run in a second process (run_checks); ``lane``: in that process, started
    earlier by the caller with the same ``checks``. The result is the same.
    """
    from aligner.score import ScoreConfig, score_document, score_pairs

    checks = list(checks) if checks is not None else build_checks(config)
    ctx = check_context(pairs, config=config, encoder=encoder, vectors=vectors)
    issues = lane.finish(pairs, ctx) if lane is not None else run_checks(pairs, checks, ctx, workers=workers)
    scores = score_pairs(pairs, issues, config=ScoreConfig(**dict(config.score)), calibration=_similarity(encoder))
    return issues, scores, score_document(pairs, scores)


def process(
    bitext: Bitext,
    *,
    encoder: Encoder,
    config: Config | None = None,
    progress: Progress | None = None,
    workers: int | None = 1,
) -> AlignmentResult:
    """Segment, align (or pair), check and score one bitext; return a signed, frozen result.

    ``workers=2`` runs the text-only checks in a second process while the encoder's checks run here (same result);
    ``None``: as many as the processors this process may use.
    """
    from aligner.align import AlignParams, align_segments
    from aligner.score import ScoreConfig
    from aligner.segment import get_segmenter

    config = config or Config()
    report = progress or (lambda stage, frac: None)
    params = AlignParams(**dict(config.align))
    # pre-split sentences are one a line: the line segmenter keeps them as they are
    segmenter = get_segmenter("lines" if bitext.layout is Layout.SENTENCES else config.segmenter)
    report("segment", 0.0)
    vectors: dict[str, np.ndarray] = {}  # the alignment's sentence vectors, reused by the checks
    checks = build_checks(config)
    if bitext.layout in (Layout.DOCUMENTS, Layout.SENTENCES):
        src_segs, tgt_segs = tuple(segmenter.split(bitext.src)), tuple(segmenter.split(bitext.tgt))
    else:
        src_segs, tgt_segs = _unit_segments(bitext.src), _unit_segments(bitext.tgt)
    workers = available_cpus() if workers is None else workers
    lane = _start_lane(checks, config, encoder, src_segs, tgt_segs) if workers > 1 else None
    try:
        report("align", 0.2)
        if bitext.layout in (Layout.DOCUMENTS, Layout.SENTENCES):
            pairs = align_segments(src_segs, tgt_segs, encoder, params, sentence_vectors=vectors)
            aligner_sig = params.signature()
        elif bitext.layout is Layout.PARALLEL:
            pairs = _parallel_pairs(src_segs, tgt_segs, encoder)
            aligner_sig = "given"
        else:
            pairs = _item_pairs(bitext, encoder, config.pair_threshold)
            aligner_sig = f"items.v1(threshold={config.pair_threshold or 'default'})"
        report("check", 0.6)
        issues, scores, doc_score = check_and_score(
            pairs, config=config, encoder=encoder, checks=checks, vectors=vectors, workers=workers, lane=lane
        )
        lane = None
    finally:
        if lane is not None:  # alignment failed: stop the check worker
            lane.cancel()
    vectors.clear()
    report("done", 1.0)
    signature = build_signature(
        segmenter=segmenter.signature() if bitext.layout in (Layout.DOCUMENTS, Layout.SENTENCES) else "given",
        encoder=encoder.signature(),
        aligner=aligner_sig,
        checks=tuple(c.signature() for c in checks),
        score=ScoreConfig(**dict(config.score)).signature(_similarity(encoder)),
    )
    return AlignmentResult(
        src=bitext.src,
        tgt=bitext.tgt,
        src_segments=src_segs,
        tgt_segments=tgt_segs,
        pairs=tuple(pairs),
        issues=issues,
        scores=scores,
        signature=signature,
        layout=bitext.layout,
        document_score=doc_score,
    )


def _start_lane(
    checks: Sequence[Check], config: Config, encoder: Encoder, src: Sequence[Segment], tgt: Sequence[Segment]
) -> Lane | None:
    """A check worker process for the text-only checks, reading the segments ahead while the parent aligns."""
    ctx = check_context((), config=config, encoder=encoder)
    langs = (config.src_lang, config.tgt_lang)
    if not can_fork(max(len(src), len(tgt)), checks, ctx):
        return None
    # in document order, both sides interleaved: a check keeping only the first texts it reads ahead has both sides
    texts = [(seg.text, lang) for row in zip_longest(src, tgt) for seg, lang in zip(row, langs, strict=True) if seg]
    return Lane(checks, ctx, texts)


def recheck_pair(
    result: AlignmentResult, pair_id: str, tgt_text: str, *, encoder: Encoder | None, config: Config | None = None
) -> tuple[AlignedPair, tuple[Issue, ...], QualityScore]:
    """Re-run the checks on one pair whose Arabic was edited; return the edited pair, its issues and score."""
    from dataclasses import replace

    config = config or Config()
    old = next((p for p in result.pairs if p.id == pair_id), None)
    if old is None:
        raise KeyError(f"no pair {pair_id!r} in this result")
    sim = _cosines(encoder, [old.src_text], [tgt_text])[0] if old.src_text.strip() else None
    pair = replace(old, tgt_text=tgt_text, similarity=sim, origin="manual")
    context = [pair if p.id == pair_id else p for p in result.pairs]
    issues, scores, _ = check_and_score(context, config=config, encoder=encoder)
    return pair, tuple(i for i in issues if i.pair_id == pair_id), scores[pair_id]
