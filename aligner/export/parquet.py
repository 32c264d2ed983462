"""Parquet exporter: pyarrow ParquetWriter fed in row-group batches, Signature in the schema metadata.

Schema: ``id`` string, ``translation`` struct<``<src_lang>``: string, ``<tgt_lang>``: string> (the Hugging Face
translation layout), ``score`` / ``similarity`` float64 (null when unknown), ``status`` string, ``issues``
list<string>, ``doc_id`` and ``note`` string. Schema metadata: ``aligner.signature`` (one-line form) and
``aligner.meta`` (ExportMeta JSON). Memory is bounded by one row group held as Arrow
(``row_group_size`` rows) plus one chunk of Python objects (``chunk_size`` rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from aligner.export.base import Exporter, ExportMeta, ExportRow, ExportStats, Output, open_output


def parquet_schema(meta: ExportMeta) -> Any:
    """Return the pyarrow schema (with provenance metadata) of an export."""
    import pyarrow as pa

    translation = pa.struct([pa.field(meta.src_lang, pa.string()), pa.field(meta.tgt_lang, pa.string())])
    fields = [
        pa.field("id", pa.string(), nullable=False),
        pa.field("translation", translation, nullable=False),
        pa.field("score", pa.float64()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("issues", pa.list_(pa.string())),
        pa.field("similarity", pa.float64()),
        pa.field("doc_id", pa.string()),
        pa.field("note", pa.string()),
    ]
    metadata = {b"aligner.signature": meta.signature.format().encode(), b"aligner.meta": meta.to_json().encode()}
    return pa.schema(fields, metadata=metadata)


class ParquetExporter(Exporter):
    """Apache Parquet for ML pipelines (pandas, pyarrow, Hugging Face ``datasets``, Spark)."""

    name: ClassVar[str] = "parquet"
    extension: ClassVar[str] = ".parquet"
    mimetype: ClassVar[str] = "application/vnd.apache.parquet"
    binary: ClassVar[bool] = True

    def __init__(self, *, row_group_size: int = 100_000, chunk_size: int = 10_000, compression: str = "zstd") -> None:
        if row_group_size < 1 or chunk_size < 1:
            raise ValueError(f"row_group_size and chunk_size must be >= 1, got {row_group_size}, {chunk_size}")
        self.row_group_size = row_group_size
        self.chunk_size = min(chunk_size, row_group_size)
        self.compression = compression

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` into a Parquet file: Python rows → Arrow chunks → one row group per ``row_group_size``."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = parquet_schema(meta)
        src_key, tgt_key = meta.src_lang, meta.tgt_lang
        written = 0
        columns: dict[str, list[Any]] = {f.name: [] for f in schema}
        chunks: list[Any] = []  # Arrow record batches of the row group being filled (compact, not Python objects)
        pending = 0

        def to_arrow() -> None:
            nonlocal pending
            if columns["id"]:
                chunks.append(pa.RecordBatch.from_pydict(columns, schema=schema))
                pending += len(columns["id"])
                for values in columns.values():
                    values.clear()

        def flush(writer: Any) -> None:
            nonlocal pending
            to_arrow()
            if chunks:
                table = pa.Table.from_batches(chunks, schema=schema)
                writer.write_table(table, row_group_size=max(self.row_group_size, table.num_rows))
                chunks.clear()
                pending = 0

        with open_output(out) as fh, pq.ParquetWriter(fh, schema, compression=self.compression) as writer:
            for row in rows:
                columns["id"].append(row.id)
                columns["translation"].append({src_key: row.src, tgt_key: row.tgt})
                columns["score"].append(row.score)
                columns["status"].append(row.status)
                columns["issues"].append(list(row.categories))
                columns["similarity"].append(row.similarity)
                columns["doc_id"].append(row.doc_id)
                columns["note"].append(row.note)
                written += 1
                if len(columns["id"]) >= min(self.chunk_size, self.row_group_size - pending):
                    to_arrow()
                    if pending >= self.row_group_size:
                        flush(writer)
            flush(writer)
        return ExportStats(format=self.name, rows_read=written, rows_written=written)
