"""Export a reviewed run to bytes for a download button (pure): any EXPORTERS format, multi-file ones zipped.

Each pair's comment and the reviewers' issue verdicts travel as the row's note (TMX/XLIFF <note>, JSONL "note").
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from aligner.model import AlignmentResult
from aligner.store.base import IssueVerdict, PairState


def export_bytes(
    result: AlignmentResult,
    states: Mapping[str, PairState],
    fmt: str,
    *,
    filters: object,
    name: str = "export",
    verdicts: Iterable[IssueVerdict] = (),
) -> tuple[bytes, str, str, dict[str, object]]:
    """Return (data, file name, mime type, stats) of ``result`` joined with its review, filtered, in format ``fmt``.

    :param filters: an ``aligner.export.FilterSpec``.
    :param verdicts: the run's issue verdicts (with the comments, they make each pair's note).
    """
    from aligner.export import EXPORTERS, ExportMeta, export
    from aligner.review.notes import export_reviews

    exporter = EXPORTERS.get(fmt)()
    meta = ExportMeta.from_result(result, name=name)
    reviews = export_reviews(result, states, verdicts)
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:60] or "export"
    if not exporter.needs_path:
        buffer = io.BytesIO()
        stats = export(result, exporter, buffer, filters=filters, meta=meta, reviews=reviews, sidecar=False)
        return buffer.getvalue(), f"{stem}{exporter.extension}", exporter.mimetype, stats.as_dict()
    with tempfile.TemporaryDirectory(prefix="aligner-export-") as tmp:
        target = Path(tmp) / "out" / stem
        target.parent.mkdir()
        stats = export(result, exporter, target, filters=filters, meta=meta, reviews=reviews, sidecar=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(target.parent.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(target.parent).as_posix())
        return buffer.getvalue(), f"{stem}.{fmt}.zip", "application/zip", stats.as_dict()
