"""The chunked export of a parallel file writes what the whole-file export writes (rows, header, sidecar, stats)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import aligner.chunked as chunked
from aligner.config import Config
from aligner.embed import load_encoder
from aligner.export import FilterSpec, export
from aligner.export.chunked import CATEGORIES, PairFigures, export_chunked
from aligner.ingest import open_inputs
from aligner.ingest.stream import open_parallel
from aligner.model import Category
from aligner.pipeline import process
from tests.test_chunked import mixed_rows, write_rows

CONFIG = Config(encoder="hashing")
STAMP = re.compile(rb"\d{8}T\d{6}Z|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # creation times


def _both(tmp_path: Path, path: Path, fmt: str, filters: FilterSpec) -> tuple[bytes, bytes, dict, dict]:
    encoder = load_encoder("hashing")
    whole = export(process(open_inputs([path]), encoder=encoder, config=CONFIG), fmt, tmp_path / "a", filters=filters)
    source = open_parallel([path])
    assert source is not None
    run = chunked.ChunkedCheck(source, encoder=encoder, config=CONFIG)
    parts = export_chunked(run, fmt, tmp_path / "b", filters=filters)
    read = [STAMP.sub(b"T", (tmp_path / name).read_bytes()) for name in ("a", "b", "a.meta.json", "b.meta.json")]
    assert read[2].replace(b'"a"', b'"b"').replace(b"/a", b"/b") == read[3]  # sidecar: meta and stats
    return read[0], read[1], whole.as_dict(), parts.as_dict()


@pytest.mark.parametrize(
    ("fmt", "filters"),
    [
        ("tsv", FilterSpec()),
        ("tmx", FilterSpec(min_score=80.0)),
        ("xliff", FilterSpec(exclude_categories=frozenset({"number"}))),
        ("jsonl", FilterSpec(status="all", drop_empty=False, dedupe="exact")),
        ("csv", FilterSpec(min_ratio=0.5, max_ratio=2.0)),
    ],
)
def test_chunked_export_is_the_whole_file_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, filters: FilterSpec
) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 9)
    path = write_rows(tmp_path / "mixed.tsv", mixed_rows())
    whole, parts, whole_stats, parts_stats = _both(tmp_path, path, fmt, filters)
    assert parts == whole
    assert {**parts_stats, "outputs": None} == {**whole_stats, "outputs": None}
    assert whole_stats["rows_written"] > 0


def test_pair_figures_keep_every_category_and_a_missing_similarity() -> None:
    figures = PairFigures()
    figures.add(91.5, None, 0)
    figures.add(-0.0, -0.0, sum(1 << k for k in range(len(CATEGORIES))))
    assert figures.similarity(0) is None and figures.category_names(0) == ()
    assert str(figures.similarity(1)) == "-0.0" and str(figures.score(1)) == "-0.0"
    for k in range(70_000):  # past 65,535 distinct values the codes widen
        figures.add(k / 100, k / 10_000, 1)
    assert figures.score(70_001) == 699.99 and figures.similarity(2) == 0.0 and figures.score(0) == 91.5
    assert figures.category_names(1) == tuple(sorted(c.value for c in Category))
