"""Export filters: table-driven cases per filter, drop counts per reason, near-duplicate normalisation."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from aligner.export import ExportRow, FilterSpec, apply_filters, normalise_text
from aligner.export.filters import KEEP_ALL


def row(i: int, src: str = "", tgt: str = "", **kw: object) -> ExportRow:
    base = ExportRow(
        id=f"r{i}",
        src=src or f"Sentence number {i} here.",
        tgt=tgt or f"الجملة رقم {i} هنا.",
        src_lang="en",
        tgt_lang="ar",
        score=80.0,
        status="pending",
        categories=(),
        doc_id="d1",
    )
    return replace(base, **kw)


def run(rows: list[ExportRow], spec: FilterSpec) -> tuple[list[str], dict[str, int]]:
    dropped: Counter[str] = Counter()
    kept = [r.id for r in apply_filters(iter(rows), spec, dropped=dropped)]
    return kept, dict(dropped)


STATUS_ROWS = [row(0, status="pending"), row(1, status="accepted"), row(2, status="rejected"), row(3, status="edited")]


@pytest.mark.parametrize(
    ("spec", "kept", "dropped"),
    [
        (FilterSpec(status="all"), ["r0", "r1", "r2", "r3"], {}),
        (FilterSpec(), ["r0", "r1", "r3"], {"status": 1}),
        (FilterSpec(status="not_rejected"), ["r0", "r1", "r3"], {"status": 1}),
        (FilterSpec(status="accepted"), ["r1", "r3"], {"status": 2}),
    ],
)
def test_status(spec: FilterSpec, kept: list[str], dropped: dict[str, int]) -> None:
    assert run(STATUS_ROWS, spec) == (kept, dropped)


@pytest.mark.parametrize(
    ("rows", "spec", "kept", "dropped"),
    [
        (
            [row(0, score=10.0), row(1, score=60.0), row(2, score=None)],
            FilterSpec(min_score=50),
            ["r1", "r2"],
            {"score": 1},
        ),
        ([row(0, score=50.0)], FilterSpec(min_score=50), ["r0"], {}),
        (
            [row(0, categories=("number",)), row(1, categories=("punctuation",)), row(2)],
            FilterSpec(exclude_categories=frozenset({"number", "omission"})),
            ["r1", "r2"],
            {"category": 1},
        ),
        ([row(0, tgt=" "), row(1, src="\n"), row(2)], FilterSpec(), ["r2"], {"empty": 2}),
        ([row(0, tgt=" "), row(1)], FilterSpec(drop_empty=False), ["r0", "r1"], {}),
        (
            [row(0, src="abcd", tgt="ab"), row(1, src="abcd", tgt="abcdefghijkl"), row(2, src="abcd", tgt="abcde")],
            FilterSpec(min_ratio=0.6, max_ratio=2.0),
            ["r2"],
            {"length_ratio": 2},
        ),
        ([row(0, src="abcd", tgt="abcdefghijkl")], FilterSpec(max_ratio=3.0), ["r0"], {}),
    ],
    ids=["min-score", "score-at-bound", "categories", "empty", "keep-empty", "ratio", "ratio-bound"],
)
def test_row_filters(rows: list[ExportRow], spec: FilterSpec, kept: list[str], dropped: dict[str, int]) -> None:
    assert run(rows, spec) == (kept, dropped)


DUP_ROWS = [
    row(0, src="The minister said 15,000.", tgt="قال الوزير ١٥٬٠٠٠."),
    row(1, src="The minister said 15,000.", tgt="قال الوزير ١٥٬٠٠٠."),  # exact duplicate
    row(2, src="the Minister said 15000", tgt="قالَ الوزيـــر 15000"),  # near: case, punctuation, tashkeel, tatweel
    row(3, src="The minister said 15,000.", tgt="قال الوزير شيئا آخر."),  # same source, other target
    row(4, src="The minister said 15,000.", tgt="قال الوزير ١٥٬٠٠٠.", doc_id="d2"),  # exact dup in another doc
]


@pytest.mark.parametrize(
    ("spec", "kept", "dropped"),
    [
        (FilterSpec(dedupe="none"), ["r0", "r1", "r2", "r3", "r4"], {}),
        (FilterSpec(dedupe="exact"), ["r0", "r2", "r3"], {"duplicate": 2}),
        (FilterSpec(dedupe="near"), ["r0", "r3"], {"duplicate": 3}),
        (FilterSpec(dedupe="exact", dedupe_key="src"), ["r0", "r2"], {"duplicate": 3}),
        (FilterSpec(dedupe="near", dedupe_key="src"), ["r0"], {"duplicate": 4}),
        (FilterSpec(dedupe="exact", dedupe_key="tgt"), ["r0", "r2", "r3"], {"duplicate": 2}),
        (FilterSpec(dedupe="exact", dedupe_across_documents=False), ["r0", "r2", "r3", "r4"], {"duplicate": 1}),
    ],
    ids=["none", "exact", "near", "exact-src", "near-src", "exact-tgt", "per-document"],
)
def test_dedupe(spec: FilterSpec, kept: list[str], dropped: dict[str, int]) -> None:
    assert run(DUP_ROWS, spec) == (kept, dropped)


def test_first_reason_wins() -> None:
    rows = [row(0, status="rejected", score=1.0, categories=("number",))]
    assert run(rows, FilterSpec(min_score=50, exclude_categories=frozenset({"number"}))) == ([], {"status": 1})


def test_dropped_rows_do_not_enter_dedupe_set() -> None:
    rows = [row(0, status="rejected"), row(1)]
    rows[1] = replace(rows[1], src=rows[0].src, tgt=rows[0].tgt)
    assert run(rows, FilterSpec(dedupe="exact")) == (["r1"], {"status": 1})


def test_keep_all_is_identity() -> None:
    rows = [*STATUS_ROWS, row(9, tgt="")]
    assert run(rows, KEEP_ALL) == ([r.id for r in rows], {})


def test_filters_are_lazy() -> None:
    def endless():
        i = 0
        while True:
            yield row(i)
            i += 1

    it = apply_filters(endless(), FilterSpec(dedupe="near"))
    assert [next(it).id for _ in range(3)] == ["r0", "r1", "r2"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمن", "امن"),
        ("مُحَمَّد", "محمد"),
        ("العـــربية", "العربية"),
        ("مستشفى", "مستشفي"),
        ("١٢٣", "123"),
        ("۱۲۳", "123"),
        ("Hello, World!", "hello world"),
        ("«قال»: نعم؟", "قال نعم"),
        ("Straße", "STRASSE"),
        ("a\u200bb", "ab"),
        ("  many   spaces ", "many spaces"),
    ],
)
def test_normalise_text_equates(a: str, b: str) -> None:
    assert normalise_text(a) == normalise_text(b)


@pytest.mark.parametrize(("a", "b"), [("قال", "قاد"), ("15", "16"), ("cat", "cut")])
def test_normalise_text_distinguishes(a: str, b: str) -> None:
    assert normalise_text(a) != normalise_text(b)


@pytest.mark.parametrize(
    "kwargs",
    [{"status": "approved"}, {"dedupe": "fuzzy"}, {"dedupe_key": "both"}, {"min_ratio": 3.0, "max_ratio": 1.0}],
)
def test_bad_spec_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FilterSpec(**kwargs)
