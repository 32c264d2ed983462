"""Export of a parallel file checked a block at a time: one pass checks and scores, a second one writes the rows.

The first pass keeps about 6 bytes a pair (score, similarity, categories as a bit set), so the header's counts are
known before any row is written; the second reads the file again for the texts. The rows, header, sidecar and
stats are those :func:`aligner.export.export` writes for the whole-file result of the same input.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from aligner.chunked import ChunkedCheck
from aligner.export import ExportMeta, ExportRow, ExportStats, FilterSpec, Output, export
from aligner.export.base import Exporter
from aligner.ingest.base import doc_id
from aligner.model import Category, ReviewStatus

CATEGORIES = tuple(sorted(c.value for c in Category))  # bit k of a pair's set: CATEGORIES[k]
_BIT = {name: 1 << k for k, name in enumerate(CATEGORIES)}


class _Codes:
    """Floats stored as 2-byte codes into a table of the distinct values (4 bytes past 65,535 of them).

    Scores (0-100, two decimals) and similarities (four decimals) take few distinct values. ``repr`` keys keep
    -0.0 apart from 0.0; code 0 is None.
    """

    def __init__(self) -> None:
        self.values: list[float | None] = [None]
        self.index: dict[str, int] = {}
        self.codes = array("H")

    def append(self, value: float | None) -> None:
        code = 0
        if value is not None:
            code = self.index.setdefault(repr(value), len(self.values))
            if code == len(self.values):
                self.values.append(value)
        if code > 0xFFFF and self.codes.typecode == "H":
            self.codes = array("I", self.codes)
        self.codes.append(code)

    def __getitem__(self, k: int) -> float | None:
        return self.values[self.codes[k]]


class PairFigures:
    """Each pair's score, similarity and issue categories, in compact arrays (pair k at index k; ~6 B a pair)."""

    def __init__(self) -> None:
        self.scores = _Codes()
        self.similarities = _Codes()
        self.categories = array("H")

    def add(self, score: float, similarity: float | None, categories: int) -> None:
        """Append the next pair's figures."""
        self.scores.append(score)
        self.similarities.append(similarity)
        self.categories.append(categories)

    def score(self, k: int) -> float:
        """Pair ``k``'s score."""
        value = self.scores[k]
        assert value is not None
        return value

    def similarity(self, k: int) -> float | None:
        """Pair ``k``'s similarity (None when it had none)."""
        return self.similarities[k]

    def category_names(self, k: int) -> tuple[str, ...]:
        """Pair ``k``'s issue categories, sorted."""
        bits = self.categories[k]
        return tuple(name for name in CATEGORIES if bits & _BIT[name])


def score_all(run: ChunkedCheck) -> PairFigures:
    """Check and score every pair of ``run`` (a first pass over the file), keeping only the figures."""
    from aligner.pipeline import _similarity
    from aligner.score import ScoreConfig, score_pairs

    config, calibration = ScoreConfig(**dict(run.config.score)), _similarity(run.encoder)
    figures = PairFigures()
    for pair, issues in run.checked():
        score = score_pairs([pair], issues, config=config, calibration=calibration)[pair.id]
        bits = 0
        for issue in issues:
            bits |= _BIT[issue.category.value]
        figures.add(float(score.value), pair.similarity, bits)
    return figures


def export_chunked(run: ChunkedCheck, fmt: str | Exporter, out: Output, *, filters: FilterSpec) -> ExportStats:
    """Check, score and export a parallel file a block at a time (pending review status, no notes)."""
    figures = score_all(run)
    source = run.source
    n = run.n_pairs
    src_lang, tgt_lang = source.src_lang or "en", source.tgt_lang or "ar"
    doc = doc_id(source.name, source.src_lang)
    counts = {"pairs": n, "src_segments": n, "tgt_segments": n, "issues": run.n_issues}
    meta = ExportMeta(signature=run.signature(), src_lang=src_lang, tgt_lang=tgt_lang, counts=counts, name=doc)

    def rows() -> Iterator[ExportRow]:
        for k, (src, tgt) in enumerate(source.pairs()):
            yield ExportRow(
                id=f"p{k}",
                src=src,
                tgt=tgt,
                src_lang=src_lang,
                tgt_lang=tgt_lang,
                score=figures.score(k),
                status=ReviewStatus.PENDING.value,
                categories=figures.category_names(k),
                doc_id=doc,
                similarity=figures.similarity(k),
            )

    return export(rows(), fmt, out, filters=filters, meta=meta)
