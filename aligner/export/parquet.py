"""Parquet exporter: pyarrow ParquetWriter fed in row-group batches, Signature in the schema metadata.

Schema: ``id`` string, ``translation`` struct<``<src_lang>``: string, ``<tgt_lang>``: string> (the Hugging Face
translation layout), ``score`` / ``similarity`` float64 (null when unknown), ``status`` string, ``issues``
list<string>, ``doc_id`` and ``note`` string. Schema metadata: ``aligner.signature`` (one-line form) and
``aligner.meta`` (ExportMeta JSON). Memory is bounded by one batch (``batch_size`` rows).
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

    def __init__(self, *, batch_size: int = 50_000, compression: str = "zstd") -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self.batch_size = batch_size
        self.compression = compression

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` into a Parquet file, one row group per batch."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = parquet_schema(meta)
        src_key, tgt_key = meta.src_lang, meta.tgt_lang
        written = 0
        columns: dict[str, list[Any]] = {f.name: [] for f in schema}

        def flush(writer: Any) -> None:
            if columns["id"]:
                writer.write_batch(pa.RecordBatch.from_pydict(columns, schema=schema))
                for values in columns.values():
                    values.clear()

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
                if len(columns["id"]) >= self.batch_size:
                    flush(writer)
            flush(writer)
        return ExportStats(format=self.name, rows_read=written, rows_written=written)
