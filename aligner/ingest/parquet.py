"""ParquetReader: parallel pairs from Parquet, including aligner's own export (``translation`` struct column)."""

from __future__ import annotations

from typing import Any

from aligner.ingest.base import DocumentBuilder, InputError, Reader, flatten_cell
from aligner.model import Bitext, Layout

MAGIC = b"PAR1"
GENERIC_COLUMNS = (("src", "tgt"), ("source", "target"))


class ParquetReader(Reader):
    """One pair per row (Layout.PARALLEL), aligner's own export included.

    Pair columns: ``translation.{src,tgt lang}`` (aligner / Hugging Face), or else top-level
    ``<src lang>``/``<tgt lang>``, ``src``/``tgt`` or ``source``/``target`` string columns.
    """

    name = "parquet"
    extensions = ("parquet",)
    mimetype = "application/vnd.apache.parquet"

    def read(self, data: bytes, name: str) -> Bitext:
        """Read the pairs of a Parquet file; a null cell is an empty unit."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not data.strip():
            raise InputError(f"{name}: empty input")
        if not data.startswith(MAGIC):
            raise InputError(f"{name}: not a Parquet file (no PAR1 header)")
        try:
            table = pq.read_table(pa.BufferReader(data))
        except (pa.ArrowException, OSError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{name}: unreadable Parquet: {first}") from None
        src_values, tgt_values = self._columns(table, name)
        src, tgt = DocumentBuilder(), DocumentBuilder()
        for s, t in zip(src_values, tgt_values, strict=True):
            src.add(flatten_cell(_text(s, name)), "line")
            tgt.add(flatten_cell(_text(t, name)), "line")
        if not src.units:
            raise InputError(f"{name}: no rows")
        meta = {"format": "parquet"}
        return Bitext(
            name, src.build(self.src_lang, name=name, meta=meta), tgt.build(self.tgt_lang, name=name, meta=meta),
            Layout.PARALLEL,
        )  # fmt: skip

    def _columns(self, table: Any, name: str) -> tuple[list[Any], list[Any]]:
        names = table.column_names
        if "translation" in names:
            rows = table.column("translation").to_pylist()
            keys = {k for row in rows[:1] if isinstance(row, dict) for k in row}
            if {self.src_lang, self.tgt_lang} <= keys:
                return [r and r.get(self.src_lang) for r in rows], [r and r.get(self.tgt_lang) for r in rows]
            raise InputError(
                f"{name}: column 'translation' has {sorted(keys)}, not {self.src_lang!r} and {self.tgt_lang!r}"
            )
        for s, t in ((self.src_lang, self.tgt_lang), *GENERIC_COLUMNS):
            if s in names and t in names:
                return table.column(s).to_pylist(), table.column(t).to_pylist()
        wanted = f"translation, {self.src_lang}/{self.tgt_lang}, src/tgt or source/target"
        raise InputError(f"{name}: no pair columns ({wanted}); has {', '.join(names) or 'none'}")


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{name}: pair columns must hold strings, found {type(value).__name__}")
    return value
