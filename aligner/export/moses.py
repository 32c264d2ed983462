r"""Moses plain-text parallel corpus: ``<prefix>.<src_lang>`` and ``<prefix>.<tgt_lang>``, line i ↔ line i.

Each segment must fit on one line, so every line or paragraph separator (LF, CR, VT, FF, FS/GS/RS, NEL, U+2028,
U+2029) and TAB inside a segment is collapsed to one space: this is the format's one documented loss. ``out`` is a
path prefix (``corpus/train`` → ``corpus/train.en``, ``corpus/train.ar``) or an existing directory (files
``corpus.en``/``corpus.ar`` inside it). Files are UTF-8 with ``\n`` line ends. :func:`read_moses` reads them back.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from aligner.export.base import Exporter, ExportError, ExportMeta, ExportRow, ExportStats, Output, one_line, open_output
from aligner.model import Bitext, Layout


def moses_paths(out: str | Path, src_lang: str, tgt_lang: str) -> tuple[Path, Path]:
    """Return the source and target file paths for prefix (or directory) ``out``."""
    prefix = Path(out)
    if prefix.is_dir():
        prefix = prefix / "corpus"
    return prefix.with_name(f"{prefix.name}.{src_lang}"), prefix.with_name(f"{prefix.name}.{tgt_lang}")


class MosesExporter(Exporter):
    """Two line-aligned plain-text files, one per language (Moses / OPUS style)."""

    name: ClassVar[str] = "moses"
    extension: ClassVar[str] = ""
    mimetype: ClassVar[str] = "text/plain"
    binary: ClassVar[bool] = False
    needs_path: ClassVar[bool] = True

    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Write ``rows`` to ``<out>.<src_lang>`` and ``<out>.<tgt_lang>``."""
        if not isinstance(out, str | Path):
            raise ExportError("moses export writes two files: give a path prefix, not a stream")
        src_path, tgt_path = moses_paths(out, meta.src_lang, meta.tgt_lang)
        written = 0
        with (
            open_output(src_path) as bs,
            open_output(tgt_path) as bt,
            io.TextIOWrapper(bs, encoding="utf-8", errors="replace", newline="\n") as fs,
            io.TextIOWrapper(bt, encoding="utf-8", errors="replace", newline="\n") as ft,
        ):
            for row in rows:
                fs.write(one_line(row.src) + "\n")
                ft.write(one_line(row.tgt) + "\n")
                written += 1
        return ExportStats(
            format=self.name, rows_read=written, rows_written=written, outputs=(str(src_path), str(tgt_path))
        )


def _lines(path: Path) -> list[str]:
    from aligner.ingest.base import InputError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}:{line}: not UTF-8 ({exc.reason})") from None
    from aligner.ingest.lines import split_lines

    return [unicodedata.normalize("NFC", line.removesuffix("\r")) for line in split_lines(text)]


def read_moses(src_path: str | Path, tgt_path: str | Path, *, src_lang: str = "en", tgt_lang: str = "ar") -> Bitext:
    r"""Read two line-aligned files into a parallel Bitext (one unit per line, role "line").

    Lines are split on ``\n`` only (not on U+2028 etc.); unequal line counts raise InputError naming both files.
    """
    from aligner.ingest.base import InputError, Piece, build_document

    src_path, tgt_path = Path(src_path), Path(tgt_path)
    src_lines, tgt_lines = _lines(src_path), _lines(tgt_path)
    if len(src_lines) != len(tgt_lines):
        raise InputError(
            f"{src_path}: {len(src_lines)} lines but {tgt_path}: {len(tgt_lines)} lines; Moses files must be in step"
        )
    meta = {"format": "moses"}
    src = build_document(src_lang, (Piece(t, role="line") for t in src_lines), name=str(src_path), meta=meta)
    tgt = build_document(tgt_lang, (Piece(t, role="line") for t in tgt_lines), name=str(tgt_path), meta=meta)
    return Bitext(name=src_path.stem, src=src, tgt=tgt, layout=Layout.PARALLEL)
