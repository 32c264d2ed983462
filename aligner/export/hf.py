"""Hugging Face ``datasets`` exporter: a ``Dataset`` with a ``Translation`` column, saved with ``save_to_disk``.

Optional extra: ``pip install datasets`` (imported only when this exporter runs). Nothing is downloaded from the
Hub: rows are streamed into a temporary Arrow file with ``datasets.arrow_writer.ArrowWriter`` (in batches of
``batch_size``, so memory stays bounded), opened memory-mapped and saved to the directory ``out``;
``datasets.load_from_disk(out)`` loads it. An export with no rows is refused (datasets cannot load it back).
Columns: ``id``, ``translation`` (``Translation(languages=[src_lang, tgt_lang])``), ``score``, ``similarity``,
``status``, ``issues`` (list of categories), ``doc_id``, ``note``. The ExportMeta JSON (with the Signature) is the
dataset's ``info.description``, and ``<out>.meta.json`` is written beside the directory by ``export()``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from aligner.export.base import Exporter, ExportError, ExportMeta, ExportRow, ExportStats, Output


def _require_datasets() -> Any:
    try:
        import datasets
    except ImportError:
        raise ExportError(
            "the 'hf' export needs the optional Hugging Face datasets package: pip install datasets"
        ) from None
    return datasets


class HfDatasetExporter(Exporter):
    """Hugging Face ``datasets.Dataset`` directory (``save_to_disk`` / ``load_from_disk``)."""

    name: ClassVar[str] = "hf"
    extension: ClassVar[str] = ""
    mimetype: ClassVar[str] = "application/vnd.apache.arrow.file"
    binary: ClassVar[bool] = True
    needs_path: ClassVar[bool] = True

    def __init__(self, *, batch_size: int = 10_000) -> None:
        self.batch_size = batch_size

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Build the dataset from ``rows`` and save it to directory ``out``."""
        if not isinstance(out, str | Path):
            raise ExportError("hf export writes a directory: give a path, not a stream")
        datasets = _require_datasets()
        features = datasets.Features(
            {
                "id": datasets.Value("string"),
                "translation": datasets.Translation(languages=[meta.src_lang, meta.tgt_lang]),
                "score": datasets.Value("float64"),
                "similarity": datasets.Value("float64"),
                "status": datasets.Value("string"),
                "issues": datasets.Sequence(datasets.Value("string")),
                "doc_id": datasets.Value("string"),
                "note": datasets.Value("string"),
            }
        )
        from datasets.arrow_writer import ArrowWriter

        info = datasets.DatasetInfo(description=meta.to_json(), features=features)
        with tempfile.TemporaryDirectory(prefix="aligner-hf-") as tmp:
            arrow_path = str(Path(tmp) / "data.arrow")
            with ArrowWriter(features=features, path=arrow_path, writer_batch_size=self.batch_size) as writer:
                for row in rows:
                    writer.write(
                        {
                            "id": row.id,
                            "translation": {meta.src_lang: row.src, meta.tgt_lang: row.tgt},
                            "score": row.score,
                            "similarity": row.similarity,
                            "status": row.status,
                            "issues": list(row.categories),
                            "doc_id": row.doc_id,
                            "note": row.note,
                        }
                    )
                n, _ = writer.finalize()
            if not n:  # datasets can save but not load_from_disk an empty dataset, so refuse to write one
                raise ExportError(f"{out}: no rows to export (after filtering); an empty HF dataset is not loadable")
            dataset = datasets.Dataset.from_file(arrow_path, info=info, in_memory=False)
            bars_were_off = datasets.utils.are_progress_bars_disabled()
            datasets.utils.disable_progress_bars()  # no tqdm output from a library call
            try:
                dataset.save_to_disk(str(out))
            finally:
                if not bars_were_off:
                    datasets.utils.enable_progress_bars()
            del dataset
        return ExportStats(format=self.name, rows_read=n, rows_written=n, outputs=(str(out),))
