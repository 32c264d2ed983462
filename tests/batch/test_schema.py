"""One batch row schema: the rows align_document fills, the Parquet schemas and the column lists agree."""

from __future__ import annotations

import pytest

from aligner.batch.document import DocInput, align_document, error_output
from aligner.batch.schema import KINDS, ROW_SCHEMA, arrow_schema, columns, row
from aligner.config import Config
from tests.batch.conftest import SRC, TGT


def test_rows_parquet_schemas_and_columns_come_from_one_table(counting_encoder) -> None:
    out = align_document(
        DocInput("d.en.txt", " ".join(SRC)), DocInput("d.ar.txt", " ".join(TGT)),
        config=Config(encoder="hashing"), encoder=counting_encoder,
    )  # fmt: skip
    tables = {"pairs": out.pairs, "issues": out.issues, "docs": (out.summary,)}
    assert set(tables) == set(KINDS) == set(ROW_SCHEMA)
    for kind, rows in tables.items():
        assert tuple(arrow_schema(kind).names) == columns(kind)
        assert all(tuple(r) == columns(kind) for r in rows), kind
    assert tuple(error_output("d", "d.txt", "bad").summary) == columns("docs")


def test_a_row_with_a_missing_or_unknown_column_is_refused() -> None:
    with pytest.raises(ValueError, match="missing"):
        row("docs", doc_id="d")
    with pytest.raises(ValueError, match="unknown"):
        row("issues", **dict.fromkeys(columns("issues")), extra=1)
