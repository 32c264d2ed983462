"""EXPORTERS registry and ``export()``: filter a result's (or any rows') pairs and stream them into one format.

What each format keeps of a segment's text (all are UTF-8; readers NFC-normalise):

=========  ===============================================================================================
tmx        exact, except C0 control characters other than TAB/LF/CR (XML 1.0 cannot hold them): removed
xliff      XLIFF 1.2: as tmx
xliff2     XLIFF 2.0: exact (control characters written as ``<cp hex="…"/>``)
csv        exact (RFC 4180 quoting); spreadsheet-safe ``'`` prefix on formula-like cells, undone by unneutralise()
tsv        unquoted, one record per line: tabs and line breaks in a cell collapsed to one space
jsonl      exact
parquet    exact
moses      line breaks and tabs in a segment collapsed to one space
hf         exact
=========  ===============================================================================================

Provenance: TMX header props, XLIFF header notes / file metadata, Parquet schema metadata and the HF dataset
description carry the Signature and counts; every path output also gets a ``<out>.meta.json`` sidecar.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from aligner.export.base import (
    Exporter,
    ExportError,
    ExportMeta,
    ExportRow,
    ExportStats,
    Output,
    ReviewState,
    rows_from_result,
    sidecar_path,
    write_sidecar,
)
from aligner.export.filters import KEEP_ALL, FilterSpec, apply_filters, normalise_text
from aligner.model import AlignmentResult, Signature
from aligner.registry import Registry

logger = logging.getLogger(__name__)

EXPORTERS: Registry[Exporter] = Registry(
    "exporter",
    {
        "tmx": "aligner.export.tmx:TmxExporter",
        "xliff": "aligner.export.xliff:XliffExporter",
        "xliff2": "aligner.export.xliff:Xliff2Exporter",
        "tsv": "aligner.export.tsv:TsvExporter",
        "csv": "aligner.export.tsv:CsvExporter",
        "jsonl": "aligner.export.jsonl:JsonlExporter",
        "parquet": "aligner.export.parquet:ParquetExporter",
        "moses": "aligner.export.moses:MosesExporter",
        "hf": "aligner.export.hf:HfDatasetExporter",
    },
)

__all__ = [
    "EXPORTERS",
    "KEEP_ALL",
    "ExportError",
    "ExportMeta",
    "ExportRow",
    "ExportStats",
    "Exporter",
    "FilterSpec",
    "apply_filters",
    "default_meta",
    "export",
    "normalise_text",
    "rows_from_result",
    "sidecar_path",
]


# A lone UTF-16 surrogate (e.g. from a JSON "\\ud800" escape) is not a character: no UTF-8 or XML output can hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("id", "src", "tgt", "doc_id", "note")


def _counted(rows: Iterable[ExportRow], counter: list[int]) -> Iterator[ExportRow]:
    """Count rows read; replace lone surrogates in their text by U+FFFD so that every format can be written."""
    for row in rows:
        counter[0] += 1
        bad = [f for f in _TEXT_FIELDS if _SURROGATE.search(getattr(row, f))]
        if bad:
            logger.warning("row %r: lone surrogate(s) in %s replaced by U+FFFD", _SURROGATE.sub("?", row.id), bad)
            row = replace(row, **{f: _SURROGATE.sub("\ufffd", getattr(row, f)) for f in bad})
        yield row


def export(
    rows_or_result: AlignmentResult | Iterable[ExportRow],
    fmt: str | Exporter,
    out: Output,
    *,
    filters: FilterSpec = FilterSpec(),  # noqa: B008 - frozen, immutable default
    meta: ExportMeta | None = None,
    reviews: Mapping[str, ReviewState] = MappingProxyType({}),
    sidecar: bool = True,
) -> ExportStats:
    """Filter pairs and write them in format ``fmt`` to ``out``; the entry point for the CLI and the app.

    :param rows_or_result: an AlignmentResult (joined with ``reviews``) or any iterable of ExportRow (consumed
        lazily, so a generator of millions of rows streams in bounded memory).
    :param fmt: an EXPORTERS name (``tmx``, ``xliff``, ``xliff2``, ``tsv``, ``csv``, ``jsonl``, ``parquet``,
        ``moses``, ``hf``) or a configured Exporter instance (e.g. ``TsvExporter(spreadsheet_safe=True)``).
    :param out: a binary stream, or a path (a prefix for ``moses``, a directory for ``hf``).
    :param filters: what to keep (default: drop rejected pairs and pairs with an empty side).
    :param meta: provenance; required for rows, derived from the result otherwise.
    :param sidecar: when ``out`` is a path, also write ``<out>.meta.json`` (meta + these stats).
    :return: rows read, rows written, rows dropped per filter reason, files written.
    """
    exporter = EXPORTERS.get(fmt)() if isinstance(fmt, str) else fmt
    if isinstance(rows_or_result, AlignmentResult):
        meta = meta or ExportMeta.from_result(rows_or_result)
        rows: Iterable[ExportRow] = rows_from_result(rows_or_result, reviews=reviews)
    else:
        if meta is None:
            raise ExportError("export(rows, ...) needs meta=ExportMeta(signature=..., src_lang=..., tgt_lang=...)")
        rows = rows_or_result
    if meta.src_lang.casefold() == meta.tgt_lang.casefold():
        raise ExportError(f"source and target language are both {meta.src_lang!r}; give the pair's two languages")
    if exporter.needs_path and not isinstance(out, str | Path):
        raise ExportError(f"{exporter.name} export writes files: give a path, not a stream")
    read = [0]
    dropped: Counter[str] = Counter()
    inner = exporter.write(apply_filters(_counted(rows, read), filters, dropped=dropped), out, meta=meta)
    outputs = inner.outputs or ((str(out),) if isinstance(out, str | Path) else ())
    stats = ExportStats(
        format=exporter.name,
        rows_read=read[0],
        rows_written=inner.rows_written,
        dropped=dict(sorted(dropped.items())),
        outputs=outputs,
    )
    if sidecar:
        path = write_sidecar(out, meta, stats)
        if path is not None:
            stats = ExportStats(
                format=stats.format,
                rows_read=stats.rows_read,
                rows_written=stats.rows_written,
                dropped=stats.dropped,
                outputs=(*stats.outputs, str(path)),
            )
    logger.info(
        "exported %d of %d rows as %s (dropped %s)", stats.rows_written, stats.rows_read, exporter.name, dict(dropped)
    )
    return stats


def default_meta(*, src_lang: str = "en", tgt_lang: str = "ar", name: str = "") -> ExportMeta:
    """Return an ExportMeta for rows that come without a result (Signature with the library version only)."""
    from aligner import __version__

    return ExportMeta(signature=Signature(version=__version__), src_lang=src_lang, tgt_lang=tgt_lang, name=name)
