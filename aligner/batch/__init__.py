"""Batch processing: align many documents into Parquet shards, locally (process pool) or on Ray Data."""

from __future__ import annotations

from aligner.batch.document import DocInput, DocumentOutput, align_document
from aligner.batch.inputs import BatchInputError, DocTask, discover
from aligner.batch.run import BatchSummary, run_batch
from aligner.batch.shards import BatchStateError, read_table

__all__ = [
    "BatchInputError",
    "BatchStateError",
    "BatchSummary",
    "DocInput",
    "DocTask",
    "DocumentOutput",
    "align_document",
    "discover",
    "read_table",
    "run_batch",
]
