r"""JSON Lines exporter: one pair per line in the Hugging Face translation layout; provenance in the sidecar.

Each line: ``{"id", "translation": {<src_lang>: …, <tgt_lang>: …}, "score", "status", "issues": [categories],
"similarity", "doc_id", "note"}``. Non-ASCII is written as UTF-8 (not ``\u`` escapes); JSON escapes newlines,
tabs and control characters, so every segment stays on its line. The Signature and counts go to
``<out>.meta.json`` (written by :func:`aligner.export.export` when ``out`` is a path).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any, ClassVar

from aligner.export.base import Exporter, ExportMeta, ExportRow, ExportStats, Output, open_output


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def row_to_json(row: ExportRow) -> dict[str, Any]:
    """Return the JSON object of one row."""
    return {
        "id": row.id,
        "translation": {row.src_lang: row.src, row.tgt_lang: row.tgt},
        "score": _finite(row.score),
        "status": row.status,
        "issues": list(row.categories),
        "similarity": _finite(row.similarity),
        "doc_id": row.doc_id,
        "note": row.note,
    }


class JsonlExporter(Exporter):
    """JSON Lines, one pair per line (``{"translation": {"en": …, "ar": …}, …}``)."""

    name: ClassVar[str] = "jsonl"
    extension: ClassVar[str] = ".jsonl"
    mimetype: ClassVar[str] = "application/jsonl"
    binary: ClassVar[bool] = False

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Stream ``rows`` as JSON Lines into ``out``."""
        written = 0
        encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        with open_output(out) as fh:
            batch: list[str] = []
            for row in rows:
                batch.append(encoder.encode(row_to_json(row)))
                written += 1
                if len(batch) >= 1000:
                    fh.write(("\n".join(batch) + "\n").encode("utf-8", "replace"))
                    batch.clear()
            if batch:
                fh.write(("\n".join(batch) + "\n").encode("utf-8", "replace"))
        return ExportStats(format=self.name, rows_read=written, rows_written=written)
