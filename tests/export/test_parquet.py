"""Parquet exporter: contract round trip via pyarrow, schema, metadata and row-group batching."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aligner.export import KEEP_ALL, export
from aligner.export.parquet import ParquetExporter
from tests.export.contract import SIGNATURE, ExporterContract, ReadBack, make_meta, make_rows, ntrex_pairs


class TestParquetContract(ExporterContract):
    fmt = "parquet"
    out_name = "corpus.parquet"

    def read_back(self, out: Path) -> ReadBack:
        table = pq.read_table(out)
        metadata = table.schema.metadata or {}
        records = table.to_pylist()
        names = [f.name for f in table.schema.field("translation").type]
        pairs = [(r["translation"]["en"], r["translation"]["ar"]) for r in records]
        return ReadBack(
            pairs, names[0], names[1], metadata[b"aligner.signature"].decode(), [r["status"] for r in records]
        )

    def test_schema(self, tmp_path: Path) -> None:
        out = self._export(tmp_path, make_rows(ntrex_pairs(5)))
        schema = pq.read_schema(out)
        assert schema.field("translation").type == pa.struct([("en", pa.string()), ("ar", pa.string())])
        assert schema.field("issues").type == pa.list_(pa.string())
        assert schema.field("score").type == pa.float64()
        meta = json.loads(schema.metadata[b"aligner.meta"])
        assert meta["signature"]["signature"] == SIGNATURE.format() and meta["counts"] == {"pairs": 99}

    def test_nulls_kept(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(7))
        out = self._export(tmp_path, rows)
        table = pq.read_table(out).to_pylist()
        assert [r["score"] for r in table] == [r.score for r in rows]
        assert [r["similarity"] for r in table] == [r.similarity for r in rows]

    def test_row_groups_follow_batches(self, tmp_path: Path) -> None:
        out = tmp_path / "b.parquet"
        export(
            iter(make_rows(ntrex_pairs(25))),
            ParquetExporter(row_group_size=10, chunk_size=4),
            out,
            meta=make_meta(),
            filters=KEEP_ALL,
        )
        assert pq.ParquetFile(out).num_row_groups == 3
