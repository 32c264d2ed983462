"""export() entry point, rows_from_result (result ⨝ review), ExportMeta/ExportRow validation, registry."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from aligner.errors import UserError
from aligner.export import EXPORTERS, ExportError, ExportMeta, ExportRow, export, rows_from_result, sidecar_path
from aligner.export.base import Exporter
from aligner.model import (
    AlignedPair,
    AlignmentResult,
    Category,
    Document,
    Issue,
    QualityScore,
    Segment,
    Severity,
    Side,
    Span,
)
from aligner.registry import UnknownNameError
from tests.export.contract import SIGNATURE, make_meta

EN = "The minister spoke. He said 15,000 people came. Nothing else."
AR = "تحدث الوزير. قال إن 15,000 شخص حضروا. لا شيء آخر."


def _segments(doc: Document, parts: list[str]) -> tuple[Segment, ...]:
    segs, pos = [], 0
    for i, part in enumerate(parts):
        start = doc.text.index(part, pos)
        segs.append(Segment(doc.id, i, Span(start, start + len(part)), part))
        pos = start + len(part)
    return tuple(segs)


@pytest.fixture
def result() -> AlignmentResult:
    src = Document("story#en", "en", EN)
    tgt = Document("story#ar", "ar", AR)
    en_parts = ["The minister spoke.", "He said 15,000 people came.", "Nothing else."]
    ar_parts = ["تحدث الوزير.", "قال إن 15,000 شخص حضروا.", "لا شيء آخر."]
    pairs = tuple(
        AlignedPair(f"p{i}", (i,), (i,), en_parts[i], ar_parts[i], similarity=0.8 + i / 100) for i in range(3)
    )
    issues = (
        Issue("p1", "numbers", Category.NUMBER, Severity.MAJOR, "number differs", Side.TARGET, Span(7, 13)),
        Issue("p1", "omission", Category.OMISSION, Severity.MINOR, "shorter"),
        Issue("p1", "numbers", Category.NUMBER, Severity.MAJOR, "second number issue"),
    )
    scores = {"p0": QualityScore(95.0), "p1": QualityScore(60.5), "p2": QualityScore(88.0)}
    return AlignmentResult(
        src=src,
        tgt=tgt,
        src_segments=_segments(src, en_parts),
        tgt_segments=_segments(tgt, ar_parts),
        pairs=pairs,
        issues=issues,
        scores=scores,
        signature=SIGNATURE,
    )


def test_rows_from_result_joins_reviews(result: AlignmentResult) -> None:
    reviews = {"p0": ("accepted", None), "p1": ("edited", "قال إن 15 ألف شخص حضروا."), "p2": ("rejected", None)}
    rows = list(rows_from_result(result, reviews=reviews))
    assert [r.status for r in rows] == ["accepted", "edited", "rejected"]
    assert rows[1].tgt == "قال إن 15 ألف شخص حضروا." and rows[0].tgt == "تحدث الوزير."
    assert rows[1].categories == ("number", "omission")
    assert [r.score for r in rows] == [95.0, 60.5, 88.0]
    assert rows[2].similarity == pytest.approx(0.82)
    assert {(r.src_lang, r.tgt_lang, r.doc_id) for r in rows} == {("en", "ar", "story#en")}


def test_an_edited_english_replaces_the_source(result: AlignmentResult) -> None:
    reviews = {"p0": ("edited", None, "The minister spoke twice."), "p2": ("rejected", None, "Dropped.")}
    rows = list(rows_from_result(result, reviews=reviews))
    assert (rows[0].src, rows[0].tgt, rows[0].status) == ("The minister spoke twice.", "تحدث الوزير.", "edited")
    assert rows[2].src == result.pairs[2].src_text  # a rejected pair exports as aligned


def test_rows_from_result_unreviewed_is_pending(result: AlignmentResult) -> None:
    assert {r.status for r in rows_from_result(result)} == {"pending"}


def test_edit_without_status_counts_as_edited(result: AlignmentResult) -> None:
    rows = list(rows_from_result(result, reviews={"p0": ("pending", "نص جديد")}))
    assert (rows[0].status, rows[0].tgt) == ("edited", "نص جديد")


def test_export_result_default_filters(result: AlignmentResult, tmp_path: Path) -> None:
    reviews = {"p2": ("rejected", None)}
    out = tmp_path / "run.jsonl"
    stats = export(result, "jsonl", out, reviews=reviews)
    assert (stats.rows_read, stats.rows_written, dict(stats.dropped)) == (3, 2, {"status": 1})
    assert stats.outputs == (str(out), str(sidecar_path(out)))
    side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
    assert side["counts"] == {"pairs": 3, "src_segments": 3, "tgt_segments": 3, "issues": 3}
    assert side["signature"]["signature"] == SIGNATURE.format()
    assert side["export"]["dropped"] == {"status": 1}


def test_meta_from_result(result: AlignmentResult) -> None:
    meta = ExportMeta.from_result(result)
    assert (meta.src_lang, meta.tgt_lang, meta.signature) == ("en", "ar", SIGNATURE)
    assert meta.counts["pairs"] == 3 and meta.tool_version


def test_rows_need_meta() -> None:
    with pytest.raises(ExportError, match="meta"):
        export([], "jsonl", io.BytesIO())


def test_unknown_format_lists_known() -> None:
    with pytest.raises(UnknownNameError, match="tmx"):
        export([], "docx", io.BytesIO(), meta=make_meta())


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="directory"):
        export([], "tmx", tmp_path, meta=make_meta())


def test_bad_status_rejected() -> None:
    with pytest.raises(ValueError, match="status"):
        ExportRow("x", "a", "b", "en", "ar", None, "approved", ())


def test_registry_is_complete() -> None:
    assert EXPORTERS.names() == ["tmx", "xliff", "xliff2", "tsv", "csv", "jsonl", "parquet", "moses", "hf"]
    for name, cls in EXPORTERS.items():
        assert issubclass(cls, Exporter) and cls.name == name


def test_sidecar_not_written_for_streams(result: AlignmentResult, tmp_path: Path) -> None:
    buf = io.BytesIO()
    stats = export(result, "tmx", buf)
    assert stats.outputs == () and buf.getvalue().startswith(b"<?xml")


def test_same_language_pair_refused() -> None:
    from dataclasses import replace

    with pytest.raises(ExportError, match="both 'en'"):
        export([], "parquet", io.BytesIO(), meta=replace(make_meta(), tgt_lang="EN"))
