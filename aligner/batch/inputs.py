"""Batch inputs as a plan of blocks that workers read themselves: a directory, a manifest or a corpus of texts.

The driver reads metadata only (Parquet footers, line offsets of JSONL/TSV files, file names), never holds the
texts, and cuts the input into blocks of at most ``shard_size`` documents. Each engine hands blocks to workers,
which open the files and read their rows (:func:`read_block`), so both engines share one plan and one output.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from aligner.batch.document import DocInput
from aligner.batch.storage import Location, locate
from aligner.errors import UserError

BILINGUAL_EXTENSIONS = frozenset({"txt", "text", "page", "tsv", "csv", "jsonl", "tmx", "xliff", "xlf", "html", "htm"})
_HEADER_WORDS = frozenset({"src", "source", "src_path", "en"})
CORPUS_COLUMNS = ("id", "src", "tgt")
_CHUNK = 1 << 20


class BatchInputError(UserError):
    """The batch input (directory, manifest or corpus) is unusable; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class DocTask:
    """One document to process: a source (path or inline text), an optional target, and a unique id."""

    doc_id: str
    src_name: str
    tgt_name: str | None = None
    src_path: str | None = None
    tgt_path: str | None = None
    src_text: str | None = None
    tgt_text: str | None = None
    problem: str | None = None  # an unreadable corpus record: the document becomes an error row

    def source(self) -> str:
        """Human-readable origin of the task (file names)."""
        return self.src_name if self.tgt_name is None else f"{self.src_name} | {self.tgt_name}"

    def key(self) -> str:
        """A stable string identifying the task (for the run plan fingerprint)."""
        return f"{self.doc_id}\t{self.src_path or self.src_name}\t{self.tgt_path or self.tgt_name or ''}"

    def load(self) -> tuple[DocInput, DocInput | None]:
        """Read the inputs (OSError if a file is missing)."""
        data = self.src_text if self.src_text is not None else Path(self.src_path or "").read_bytes()
        src = DocInput(self.src_name, data)
        if self.tgt_name is None:
            return src, None
        data = self.tgt_text if self.tgt_text is not None else Path(self.tgt_path or "").read_bytes()
        return src, DocInput(self.tgt_name, data)


@dataclass(frozen=True, slots=True)
class Block:
    """One shard's input: a slice of an input file, or a few path tasks (directories), that a worker reads itself.

    ``fmt``: tasks | parquet | jsonl | tsv (corpora of texts) | manifest-jsonl | manifest-tsv. Parquet blocks are
    rows ``start:stop`` of row group ``group``; text blocks are bytes ``start:stop`` beginning at line ``line``.
    """

    index: int
    fmt: str
    n_rows: int
    path: str = ""
    group: int = 0
    start: int = 0
    stop: int = 0
    line: int = 1
    tasks: tuple[DocTask, ...] = ()

    def as_json(self) -> str:
        """The block as JSON (what a Ray Data row carries)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Block:
        """Inverse of :meth:`as_json`."""
        data = json.loads(text)
        data["tasks"] = tuple(DocTask(**t) for t in data["tasks"])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class InputPlan:
    """The blocks of an input (one per shard), its document count and a key identifying its content."""

    source: str
    n_rows: int
    blocks: tuple[Block, ...]
    key: str


def plan_input(
    inputs: str | Path | Sequence[DocTask],
    shard_size: int,
    *,
    src_lang: str = "en",
    tgt_lang: str = "ar",
    allow_outside: bool = False,
) -> InputPlan:
    """Cut ``inputs`` into blocks of at most ``shard_size`` documents from metadata only (no text is read here).

    A manifest path (absolute, with ``..`` or through a symlink) or a directory entry that leads outside the
    manifest's folder or the directory is refused unless ``allow_outside``.
    """
    if shard_size < 1:
        raise ValueError(f"shard size must be >= 1, got {shard_size}")
    if not isinstance(inputs, (str, Path)):
        return _task_plan("<tasks>", _unique(list(inputs), "<tasks>"), shard_size)
    loc = locate(inputs)
    name = str(inputs)
    if not loc.exists():
        raise BatchInputError(f"{name}: no such file or directory")
    if loc.is_dir():
        if not loc.local:
            raise BatchInputError(f"{name}: a directory input must be local; give a manifest or a corpus file")
        return _task_plan(
            name, _unique(_from_directory(Path(loc.path), src_lang, tgt_lang, allow_outside), name), shard_size
        )
    suffix = Path(loc.path).suffix.lower()
    if suffix == ".parquet":
        plan = _parquet_plan(name, loc, shard_size)
    elif suffix in (".tsv", ".jsonl"):
        plan = _text_plan(name, loc, _text_format(loc, suffix), shard_size, allow_outside)
    else:
        raise BatchInputError(f"{name}: give a directory, a manifest (.tsv/.jsonl) or a corpus (.parquet/.jsonl/.tsv)")
    if not plan.n_rows:
        raise BatchInputError(f"{name}: no documents found")
    return plan


def discover(
    path: str | Path, *, src_lang: str = "en", tgt_lang: str = "ar", allow_outside: bool = False
) -> list[DocTask]:
    """Every task of an input, in plan order (reads all of it: for small inputs and tests)."""
    plan = plan_input(path, 1 << 30, src_lang=src_lang, tgt_lang=tgt_lang, allow_outside=allow_outside)
    return [task for block in plan.blocks for task in read_block(block, src_lang=src_lang, tgt_lang=tgt_lang)]


def read_block(block: Block, *, src_lang: str = "en", tgt_lang: str = "ar") -> list[DocTask]:
    """The tasks of one block, read from its file (a worker's job: corpus texts are loaded here, not by the driver)."""
    if block.fmt == "tasks":
        return list(block.tasks)
    if block.fmt == "parquet":
        rows = _parquet_rows(block)
        return [_corpus_task(r["id"], r["src"], r["tgt"], src_lang, tgt_lang) for r in rows]
    loc = locate(block.path)
    with loc.fs.open_input_file(loc.path) as handle:
        data = bytes(handle.read_at(block.stop - block.start, block.start))
    text = data.decode("utf-8-sig" if block.start == 0 else "utf-8", errors="replace")
    tasks = []
    for n, line in enumerate(text.split("\n"), block.line):
        if block.fmt.startswith("manifest-"):
            row = _manifest_row(block.fmt, line, n, block.path)
            if row is not None:
                tasks.append(_manifest_task(Path(loc.path).parent, *row))
        elif _is_corpus_row(block.fmt, line, n):
            tasks.append(_corpus_line(block.fmt, line, n, block.path, src_lang, tgt_lang))
    return tasks


# -- directories and task lists ---------------------------------------------------------------------------------


def _unique(tasks: list[DocTask], name: str) -> list[DocTask]:
    seen: set[str] = set()
    for task in tasks:
        if task.doc_id in seen:
            raise BatchInputError(f"{name}: duplicate document id {task.doc_id!r}")
        seen.add(task.doc_id)
    return tasks


def _task_plan(name: str, tasks: list[DocTask], shard_size: int) -> InputPlan:
    if not tasks:
        raise BatchInputError(f"{name}: no documents found")
    digest = hashlib.sha1()
    for task in tasks:
        digest.update(task.key().encode("utf-8") + b"\n")
    blocks = tuple(
        Block(index=k, fmt="tasks", n_rows=len(chunk), tasks=tuple(chunk))
        for k, chunk in enumerate(tasks[i : i + shard_size] for i in range(0, len(tasks), shard_size))
    )
    return InputPlan(name, len(tasks), blocks, digest.hexdigest())


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, symlinks and ``..`` resolved, lies inside ``folder``."""
    return path.resolve().is_relative_to(folder.resolve())


def _from_directory(root: Path, src_lang: str, tgt_lang: str, allow_outside: bool) -> list[DocTask]:
    files = sorted(p for p in root.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.parts))
    halves: dict[str, dict[str, Path]] = {}
    tasks: list[DocTask] = []
    for file in files:
        if not allow_outside and not _inside(file, root):
            raise BatchInputError(f"{file}: a symlink to a file outside {root}; pass --allow-outside to read it")
        rel = file.relative_to(root).as_posix()
        parts = file.name.split(".")
        if len(parts) >= 3 and parts[-2] in (src_lang, tgt_lang) and parts[-1].lower() in ("txt", "text"):
            base = rel[: -len(".".join(parts[-2:])) - 1]
            halves.setdefault(base, {})[parts[-2]] = file
        elif file.suffix.lower().lstrip(".") in BILINGUAL_EXTENSIONS:
            tasks.append(DocTask(doc_id=rel, src_name=file.name, src_path=str(file)))
    for base, sides in halves.items():
        if src_lang not in sides or tgt_lang not in sides:
            have, want = next(iter(sides)), tgt_lang if src_lang in sides else src_lang
            raise BatchInputError(f"{sides[have]}: no matching .{want}.txt file")
        src, tgt = sides[src_lang], sides[tgt_lang]
        tasks.append(DocTask(base, src.name, tgt.name, src_path=str(src), tgt_path=str(tgt)))
    return sorted(tasks, key=lambda t: t.doc_id)


# -- manifests (.tsv/.jsonl of file paths) and text corpora (.jsonl/.tsv of id, src, tgt) ------------------------


def _lines(loc: Location) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, line without its newline) of a file, read in 1 MiB chunks."""
    offset, n, rest = 0, 1, b""
    with loc.fs.open_input_stream(loc.path) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            data = rest + bytes(chunk)
            if not chunk:
                if data:
                    yield n, offset, data
                return
            *lines, rest = data.split(b"\n")
            for line in lines:
                yield n, offset, line
                offset, n = offset + len(line) + 1, n + 1


def _text_format(loc: Location, suffix: str) -> str:
    """manifest-* unless the first record is a corpus row: TSV header ``id src tgt``, or JSONL texts with an id."""
    for n, _, raw in _lines(loc):
        line = raw.decode("utf-8-sig" if n == 1 else "utf-8", errors="replace").strip()
        if not line or line.startswith("#"):
            continue
        if suffix == ".tsv":
            return "tsv" if [c.strip().lower() for c in line.split("\t")] == list(CORPUS_COLUMNS) else "manifest-tsv"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            return "manifest-jsonl"  # the manifest parser reports the line
        if isinstance(obj, dict) and all(k in obj for k in CORPUS_COLUMNS) and isinstance(obj["src"], str):
            first = Path(obj["src"])
            base = Path(loc.path).parent
            if "\n" in obj["src"] or not (first if first.is_absolute() else base / first).is_file():
                return "jsonl"
        return "manifest-jsonl"
    return "manifest-" + suffix.lstrip(".")


def _text_plan(name: str, loc: Location, fmt: str, shard_size: int, allow_outside: bool) -> InputPlan:
    """Blocks of ``shard_size`` records, found by one streaming pass over the lines (manifests are validated)."""
    blocks: list[Block] = []
    start, first_line, count, total, end = 0, 1, 0, 0, 0
    for n, offset, raw in _lines(loc):
        if count == 0:
            start, first_line = offset, n
        line = raw.decode("utf-8-sig" if n == 1 else "utf-8", errors="replace")
        if fmt.startswith("manifest-"):
            row = _manifest_row(fmt, line, n, name)
            is_row = row is not None
            if row is not None and loc.local and not allow_outside:
                _refuse_outside(Path(loc.path).parent, row, n, name)
        else:
            is_row = _is_corpus_row(fmt, line, n)
        end = offset + len(raw) + 1
        if is_row:
            count += 1
            if count == shard_size:
                blocks.append(Block(len(blocks), fmt, count, loc.ref, start=start, stop=end, line=first_line))
                total, count = total + count, 0
    if count:
        blocks.append(Block(len(blocks), fmt, count, loc.ref, start=start, stop=end, line=first_line))
        total += count
    key = f"{fmt}\t{loc.path}\t{loc.size()}\t{total}"
    return InputPlan(name, total, tuple(blocks), hashlib.sha1(key.encode()).hexdigest())


def _manifest_row(fmt: str, line: str, n: int, name: str) -> tuple[str, str | None, str | None] | None:
    """(src, tgt, id) of a manifest line, None for blank, comment and header lines; BatchInputError if malformed."""
    if fmt == "manifest-jsonl":
        if not line.strip():
            return None
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BatchInputError(f"{name}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not obj.get("src"):
            raise BatchInputError(f"{name}:{n}: a manifest line needs a 'src' path")
        return str(obj["src"]), obj.get("tgt") or None, None if obj.get("id") is None else str(obj["id"])
    cells = [c.strip() for c in next(csv.reader([line], delimiter="\t"), [])]
    if not any(cells) or cells[0].startswith("#") or (n == 1 and cells[0].lower() in _HEADER_WORDS):
        return None
    if len(cells) > 3:
        raise BatchInputError(f"{name}:{n}: expected src<TAB>tgt[<TAB>id], got {len(cells)} columns")
    cells += [""] * (3 - len(cells))
    return cells[0], cells[1] or None, cells[2] or None


def _refuse_outside(base: Path, row: tuple[str, str | None, str | None], n: int, name: str) -> None:
    """BatchInputError when a manifest row names a file outside the manifest's folder (symlinks and .. resolved)."""
    for given in row[:2]:
        if given is None:
            continue
        path = Path(given) if Path(given).is_absolute() else base / given
        if not _inside(path, base):
            raise BatchInputError(
                f"{name}:{n}: {given!r} is outside the manifest's folder; pass --allow-outside to read it"
            )


def _manifest_task(base: Path, src: str, tgt: str | None, ident: str | None) -> DocTask:
    def resolve(value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else base / path

    s = resolve(src)
    t = None if tgt is None else resolve(tgt)
    doc_id = ident or (s.name if t is None else f"{s.name}|{t.name}")
    return DocTask(doc_id, s.name, None if t is None else t.name, src_path=str(s), tgt_path=t and str(t))


def _is_corpus_row(fmt: str, line: str, n: int) -> bool:
    if not line.strip():
        return False
    return not (fmt == "tsv" and n == 1 and [c.strip().lower() for c in line.split("\t")] == list(CORPUS_COLUMNS))


def _corpus_task(ident: Any, src: Any, tgt: Any, src_lang: str, tgt_lang: str) -> DocTask:
    ident = str(ident)
    return DocTask(
        ident, f"{ident}.{src_lang}.txt", None if tgt is None else f"{ident}.{tgt_lang}.txt",
        src_text=str(src or ""), tgt_text=None if tgt is None else str(tgt),
    )  # fmt: skip


def _corpus_line(fmt: str, line: str, n: int, name: str, src_lang: str, tgt_lang: str) -> DocTask:
    """A corpus record; a malformed one becomes a task whose ``problem`` says why (an error row, not a crash)."""
    where = f"{Path(name).name}:{n}"
    if fmt == "tsv":
        cells = line.rstrip("\r").split("\t")
        if len(cells) != 3:
            return DocTask(where, where, problem=f"expected id<TAB>src<TAB>tgt, got {len(cells)} columns")
        return _corpus_task(cells[0], cells[1], cells[2] or None, src_lang, tgt_lang)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return DocTask(where, where, problem=f"not JSON ({exc.msg})")
    if not isinstance(obj, dict) or obj.get("id") is None or not isinstance(obj.get("src"), str):
        return DocTask(where, where, problem="a corpus record needs 'id' and a 'src' text")
    return _corpus_task(obj["id"], obj["src"], obj.get("tgt"), src_lang, tgt_lang)


# -- Parquet corpora ----------------------------------------------------------------------------------------------


def _parquet_plan(name: str, loc: Location, shard_size: int) -> InputPlan:
    """Blocks of ``shard_size`` rows inside each row group (from the footer: no rows are read)."""
    import pyarrow.parquet as pq

    try:
        with loc.fs.open_input_file(loc.path) as handle:
            meta = pq.ParquetFile(handle).metadata
            names = set(meta.schema.names)
    except (OSError, ValueError) as exc:
        raise BatchInputError(f"{name}: not a Parquet file ({type(exc).__name__})") from None
    if not set(CORPUS_COLUMNS) <= names:
        raise BatchInputError(f"{name}: needs string columns id, src, tgt (has {', '.join(sorted(names))})")
    blocks: list[Block] = []
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        for start in range(0, rows, shard_size):
            stop = min(rows, start + shard_size)
            blocks.append(Block(len(blocks), "parquet", stop - start, loc.ref, group=group, start=start, stop=stop))
    key = f"parquet\t{loc.path}\t{loc.size()}\t{meta.num_rows}\t{meta.num_row_groups}"
    return InputPlan(name, meta.num_rows, tuple(blocks), hashlib.sha1(key.encode()).hexdigest())


_GROUP_CACHE: dict[tuple[str, int], Any] = {}  # per process: the last row group read (consecutive blocks share it)


def _parquet_rows(block: Block) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    key = (block.path, block.group)
    table = _GROUP_CACHE.get(key)
    if table is None:
        _GROUP_CACHE.clear()  # one row group per process at a time: memory stays bounded by the row-group size
        loc = locate(block.path)
        with loc.fs.open_input_file(loc.path) as handle:
            table = pq.ParquetFile(handle).read_row_group(block.group, columns=list(CORPUS_COLUMNS))
        _GROUP_CACHE[key] = table
    return table.slice(block.start, block.stop - block.start).to_pylist()


__all__ = ["BatchInputError", "Block", "DocTask", "InputPlan", "discover", "plan_input", "read_block"]
