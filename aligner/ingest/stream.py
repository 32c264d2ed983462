"""Parallel files read pair by pair (TSV, CSV, JSON Lines, TMX, XLIFF, Parquet, two line files): chunked commands."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from aligner.ingest.base import MAX_UNIT_CHARS, InputError, unit_too_long

STREAMED_FORMATS = frozenset({"tsv", "csv", "jsonl", "tmx", "xliff", "parquet"})
SNIFF_BYTES = 4096


@dataclass(frozen=True)
class ParallelSource:
    """One parallel file and the languages its sides were read as; :meth:`pairs` reads it again on every call."""

    path: Path
    fmt: str
    src_lang: str  # the documents' languages, as the reader would name them
    tgt_lang: str
    read_src: str = "en"  # the languages asked of the reader
    read_tgt: str = "ar"
    tmx_codes: tuple[str, str] = ("", "")  # TMX: the primary subtags of the source and the target <tuv>
    swapped: bool = False  # XLIFF: the file translates the other way round
    target: Path | None = None  # two line files (``--parallel``): the target's; ``path`` is the source's

    @property
    def name(self) -> str:
        """The file name as the readers print it."""
        return str(self.path)

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Each unit pair's (source, target) text in file order; a segment over MAX_UNIT_CHARS is an InputError."""
        names = (self.name, str(self.target or self.path))  # two line files: each side's own file
        for i, (src, tgt) in enumerate(self._texts()):
            for text, lang, name in ((src, self.src_lang, names[0]), (tgt, self.tgt_lang, names[1])):
                if len(text) > MAX_UNIT_CHARS:
                    raise unit_too_long(name, i, lang, len(text))
            yield src, tgt

    def _texts(self) -> Iterator[tuple[str, str]]:
        if self.target is not None:
            yield from zip(_lines(self.path), _lines(self.target), strict=True)
            return
        if self.fmt == "parquet":
            from aligner.ingest.parquet import iter_pairs

            yield from iter_pairs(self.path, self.read_src, self.read_tgt)
            return
        data = _read(self.path)
        if self.fmt == "tmx":
            yield from _tmx_pairs(data, self.name, self.tmx_codes)
            return
        if self.fmt == "xliff":
            from aligner.ingest.xliff_stream import xliff_pairs

            yield from xliff_pairs(data, self.name, self.swapped)
            return
        from aligner.ingest import READERS
        from aligner.ingest.encoding import decode_bytes

        text = decode_bytes(data, self.name)
        del data
        reader = READERS.get(self.fmt)(src_lang=self.read_src, tgt_lang=self.read_tgt)
        yield from reader.iter_pairs(text, self.name)  # type: ignore[attr-defined]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None


def _tmx_pairs(data: bytes, name: str, codes: tuple[str, str]) -> Iterator[tuple[str, str]]:
    from aligner.ingest.tmx import iter_tmx
    from aligner.ingest.xmlsafe import primary

    for kind, item in iter_tmx(data, name):
        if kind == "tu":
            texts: dict[str, str] = {}
            for lang, text in item.texts.items():  # the first <tuv> of each language wins, as TmxReader
                texts.setdefault(primary(lang), text)
            yield texts.get(codes[0], ""), texts.get(codes[1], "")


def stream_format(path: Path, fmt: str | None) -> str | None:
    """The reader a single input would use when it is one of STREAMED_FORMATS, else None."""
    from aligner.ingest import MIXED_TEXT_EXTENSIONS, READERS, sniff_format

    ext = PurePath(path.name).suffix.lower().lstrip(".")
    if fmt is None and ext in MIXED_TEXT_EXTENSIONS:
        return None
    if fmt is None and ext not in READERS.extension_map():
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        fmt = sniff_format(head, str(path))
    elif fmt is None:
        fmt = READERS.extension_map()[ext]
    return fmt if fmt in STREAMED_FORMATS else None


def open_parallel(
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    src_lang: str = "en",
    tgt_lang: str = "ar",
    parallel: bool = False,
) -> ParallelSource | None:
    """A ParallelSource for one TSV/CSV/JSONL/TMX/XLIFF/Parquet file or, with ``parallel``, two line files; else None.

    TMX and XLIFF are read once first for their languages; two line files for their languages and line counts;
    Parquet's footer and first row give its pair columns.
    """
    if len(paths) == 2 and parallel and fmt in (None, "txt"):
        return _line_files(str(paths[0]), str(paths[1]), src_lang, tgt_lang)
    if len(paths) != 1:
        return None
    path = Path(paths[0])
    if not path.is_file():
        return None  # the whole-file reader reports it
    found = stream_format(path, fmt)
    if found is None:
        return None
    if found == "xliff":
        return _xliff_source(path, src_lang, tgt_lang)
    if found == "parquet":
        return _parquet_source(path, src_lang, tgt_lang)
    if found != "tmx":
        return ParallelSource(path, found, src_lang, tgt_lang, src_lang, tgt_lang)
    return _tmx_source(path, src_lang, tgt_lang)


def _xliff_source(path: Path, src_lang: str, tgt_lang: str) -> ParallelSource | None:
    """XLIFF decides its sides from the declared languages: one pass first; a bad file is left to XliffReader."""
    from aligner.ingest.xliff_stream import xliff_sides

    try:
        sides = xliff_sides(_read(path), str(path), src_lang, tgt_lang)
    except InputError:
        return None  # the whole-file reader gives its own message
    return ParallelSource(path, "xliff", sides.src_lang, sides.tgt_lang, src_lang, tgt_lang, swapped=sides.swapped)


def _parquet_source(path: Path, src_lang: str, tgt_lang: str) -> ParallelSource | None:
    """A Parquet file with its pair columns (else ParquetReader's InputError), or None: left to ParquetReader.

    A file that is not Parquet or that pyarrow cannot open is read whole, for ParquetReader's own message.
    """
    from aligner.ingest.parquet import MAGIC, UnreadableParquet, open_pairs

    with path.open("rb") as fh:
        if fh.read(len(MAGIC)) != MAGIC:
            return None  # empty or not Parquet: the whole-file reader's message
    try:
        file, _ = open_pairs(path, src_lang, tgt_lang)
    except UnreadableParquet:
        return None  # pyarrow's message on a file is worded otherwise than on the bytes ParquetReader reads
    file.close()
    return ParallelSource(path, "parquet", src_lang, tgt_lang, src_lang, tgt_lang)


def _tmx_source(path: Path, src_lang: str, tgt_lang: str) -> ParallelSource:
    """TMX decides its sides from every ``<tuv>`` language and the header: one pass over the file first."""
    from aligner.ingest.tmx import iter_tmx
    from aligner.ingest.xmlsafe import lang_matches, pick_languages, primary

    found: set[str] = set()
    header: dict[str, str] = {}
    for kind, item in iter_tmx(_read(path), str(path)):
        if kind == "header":
            header = item[0]
        else:
            found.update(item.texts)
    declared = header.get("srclang", "")
    declared = "" if declared == "*all*" else declared
    src_code, tgt_code = pick_languages(found, src_lang, tgt_lang, declared, str(path))
    src = src_lang if lang_matches(src_code, src_lang) else primary(src_code)
    tgt = tgt_lang if lang_matches(tgt_code, tgt_lang) else primary(tgt_code)
    return ParallelSource(path, "tmx", src, tgt, src_lang, tgt_lang, (primary(src_code), primary(tgt_code)))


def _lines(path: Path) -> Iterator[str]:
    """The lines of a text file as ``split_lines`` gives them, one at a time."""
    from aligner.ingest.base import iter_lines
    from aligner.ingest.encoding import decode_bytes

    text = decode_bytes(_read(path), str(path))
    last = len(text) - 1
    for _, start, line in iter_lines(text):
        if start > last:
            return  # the final newline ends the last line
        yield line


def _line_files(src: str, tgt: str, src_lang: str, tgt_lang: str) -> ParallelSource:
    """Two line files as ``bitext_from_documents(parallel=True)`` reads them: language checks, swap, equal counts."""
    from aligner.ingest.bitext import _base, log, warn_language
    from aligner.ingest.encoding import decode_bytes
    from aligner.ingest.scripts import SAMPLE_CHARS, detect_lang
    from aligner.model import Document

    docs, counts = [], []
    for name in (src, tgt):
        text = decode_bytes(_read(Path(name)), name)
        counts.append(text.count("\n") + (not text.endswith("\n")))
        # the language checks read only a leading sample: the rest of the text is not kept
        docs.append(Document("", detect_lang(text), text[:SAMPLE_CHARS], source=name))
        del text
    detected, wanted = [d.lang for d in docs], [_base(src_lang), _base(tgt_lang)]
    names = [src, tgt]
    if detected == wanted[::-1] and wanted[0] != wanted[1]:
        log.warning("%s looks like %s and %s like %s: swapping them", src, detected[0], tgt, detected[1])
        names, counts = names[::-1], counts[::-1]
    else:
        for doc, want in zip(docs, wanted, strict=True):
            warn_language(doc, want)
    if counts[0] != counts[1]:
        raise InputError(
            f"{names[0]} has {counts[0]} lines but {names[1]} has {counts[1]}; --parallel files must match"
        )
    return ParallelSource(Path(names[0]), "txt", src_lang, tgt_lang, src_lang, tgt_lang, target=Path(names[1]))
