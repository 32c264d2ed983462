"""ParquetReader: parallel pairs from Parquet, including aligner's own export (``translation`` struct column)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.ingest.base import DocumentBuilder, InputError, Reader, flatten_cell
from aligner.model import Bitext, Layout

MAGIC = b"PAR1"
STRUCT = "translation"  # aligner's export and Hugging Face datasets: one struct column keyed by language
GENERIC_COLUMNS = (("src", "tgt"), ("source", "target"))
BATCH_ROWS = 1024  # rows read at a time when a Parquet file is streamed


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
            file = pq.ParquetFile(pa.BufferReader(data))
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise unreadable(exc, name) from None
        columns = pair_columns(
            file.schema_arrow.names, lambda: _first_row(file, name), self.src_lang, self.tgt_lang, name
        )
        try:
            table = file.read(columns=columns.paths(), use_threads=False)  # the two pair columns, not the others
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise unreadable(exc, name) from None
        src, tgt = DocumentBuilder(), DocumentBuilder()
        for s, t in columns.texts(table, name):
            src.add(s, "line")
            tgt.add(t, "line")
        if not src.units:
            raise InputError(f"{name}: no rows")
        meta = {"format": "parquet"}
        return Bitext(
            name, src.build(self.src_lang, name=name, meta=meta), tgt.build(self.tgt_lang, name=name, meta=meta),
            Layout.PARALLEL,
        )  # fmt: skip


@dataclass(frozen=True)
class PairColumns:
    """Where a Parquet file's pairs are: two keys of the ``translation`` struct, or two top-level columns."""

    src: str
    tgt: str
    nested: bool = False  # keys of the STRUCT column

    def paths(self) -> list[str]:
        """The columns to read (``translation.en`` reads one field of the struct)."""
        names = (f"{STRUCT}.{self.src}", f"{STRUCT}.{self.tgt}") if self.nested else (self.src, self.tgt)
        return list(dict.fromkeys(names))

    def texts(self, table: Any, name: str) -> Iterator[tuple[str, str]]:
        """Each row's (source, target) unit text of a pyarrow Table or RecordBatch; a null cell is empty."""
        if self.nested:
            rows = table.column(STRUCT).to_pylist()
            src_values = [r and r.get(self.src) for r in rows]
            tgt_values = [r and r.get(self.tgt) for r in rows]
        else:
            src_values, tgt_values = table.column(self.src).to_pylist(), table.column(self.tgt).to_pylist()
        for s, t in zip(src_values, tgt_values, strict=True):
            yield flatten_cell(_text(s, name)), flatten_cell(_text(t, name))


def pair_columns(
    names: Sequence[str], first: Callable[[], Any], src_lang: str, tgt_lang: str, name: str
) -> PairColumns:
    """The pair columns among ``names`` for these languages; ``first()`` gives the first cell of STRUCT.

    The struct's keys are those of its first row (a null first row, or none, has none). A pair column whose name
    appears twice is ambiguous: an InputError, not pyarrow's KeyError.
    """
    pair_names = {STRUCT, src_lang, tgt_lang, *(n for pair in GENERIC_COLUMNS for n in pair)}
    repeated = sorted({n for n in names if names.count(n) > 1} & pair_names)
    if repeated:
        raise InputError(f"{name}: column {repeated[0]!r} appears {list(names).count(repeated[0])} times; rename one")
    if STRUCT in names:
        row = first()
        keys = set(row) if isinstance(row, dict) else set()
        if {src_lang, tgt_lang} <= keys:
            return PairColumns(src_lang, tgt_lang, nested=True)
        raise InputError(f"{name}: column 'translation' has {sorted(keys)}, not {src_lang!r} and {tgt_lang!r}")
    for s, t in ((src_lang, tgt_lang), *GENERIC_COLUMNS):
        if s in names and t in names:
            return PairColumns(s, t)
    wanted = f"translation, {src_lang}/{tgt_lang}, src/tgt or source/target"
    raise InputError(f"{name}: no pair columns ({wanted}); has {', '.join(names) or 'none'}")


class UnreadableParquet(InputError):
    """A file pyarrow fails to open or to read (ParquetReader's message: the first line of pyarrow's)."""


def unreadable(exc: BaseException, name: str) -> UnreadableParquet:
    """The error for a Parquet file pyarrow fails to read: the first line of its message."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return UnreadableParquet(f"{name}: unreadable Parquet: {first}")


def open_pairs(path: Path, src_lang: str, tgt_lang: str) -> tuple[Any, PairColumns]:
    """A Parquet file opened (close it) with its pair columns for these languages.

    An InputError as ParquetReader gives it when it has no pair columns or no rows; UnreadableParquet when pyarrow
    fails to open it.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = str(path)
    try:
        file = pq.ParquetFile(path, pre_buffer=False)  # a page at a time, not a whole row group
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise unreadable(exc, name) from None
    try:
        columns = pair_columns(file.schema_arrow.names, lambda: _first_row(file, name), src_lang, tgt_lang, name)
        if file.metadata.num_rows == 0:
            raise InputError(f"{name}: no rows")
    except BaseException:
        file.close()
        raise
    return file, columns


def iter_pairs(path: Path, src_lang: str, tgt_lang: str) -> Iterator[tuple[str, str]]:
    """The (source, target) unit texts of a Parquet file, BATCH_ROWS rows at a time, as ParquetReader reads them."""
    import pyarrow as pa

    file, columns = open_pairs(path, src_lang, tgt_lang)
    with file:
        # one thread: decoding two columns in parallel gains little and each thread keeps its own allocator arena
        batches = file.iter_batches(batch_size=BATCH_ROWS, columns=columns.paths(), use_threads=False)
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError, ValueError) as exc:
                raise unreadable(exc, str(path)) from None
            if batch is None:
                return
            yield from columns.texts(batch, str(path))


def _first(column: Any) -> Any:
    """The first cell of a pyarrow column as a Python value, None when it has no rows."""
    return column[0].as_py() if len(column) else None


def _first_row(file: Any, name: str) -> Any:
    """The first cell of a Parquet file's STRUCT column (None when it has no rows)."""
    import pyarrow as pa

    try:
        batch = next(file.iter_batches(batch_size=1, columns=[STRUCT]), None)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise unreadable(exc, name) from None
    return None if batch is None else _first(batch.column(STRUCT))


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{name}: pair columns must hold strings, found {type(value).__name__}")
    return value
