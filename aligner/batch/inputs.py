"""Batch inputs: a directory, a manifest (TSV/JSONL of src, tgt[, id]) or a Parquet of (id, src, tgt) → DocTasks."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from aligner.batch.document import DocInput
from aligner.errors import UserError

BILINGUAL_EXTENSIONS = frozenset({"txt", "text", "page", "tsv", "csv", "jsonl", "tmx", "xliff", "xlf", "html", "htm"})
_HEADER_WORDS = frozenset({"src", "source", "src_path", "en"})


class BatchInputError(UserError):
    """The batch input (directory, manifest or Parquet) is unusable; the message says why in one line."""


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


def discover(
    path: str | Path, *, src_lang: str = "en", tgt_lang: str = "ar", allow_outside: bool = False
) -> list[DocTask]:
    """Return the tasks of a directory, a manifest (.tsv/.jsonl) or a Parquet of pairs, in a deterministic order.

    A manifest path (absolute, with ``..`` or through a symlink) or a directory entry that leads outside the
    manifest's folder or the directory is refused unless ``allow_outside``.
    """
    path = Path(path)
    if path.is_dir():
        tasks = _from_directory(path, src_lang, tgt_lang, allow_outside)
    elif not path.exists():
        raise BatchInputError(f"{path}: no such file or directory")
    elif path.suffix.lower() == ".parquet":
        tasks = _from_parquet(path, src_lang, tgt_lang)
    elif path.suffix.lower() in (".tsv", ".jsonl"):
        tasks = _from_manifest(path, allow_outside)
    else:
        raise BatchInputError(f"{path}: give a directory, a manifest (.tsv/.jsonl) or a Parquet file (.parquet)")
    if not tasks:
        raise BatchInputError(f"{path}: no documents found")
    seen: set[str] = set()
    for task in tasks:
        if task.doc_id in seen:
            raise BatchInputError(f"{path}: duplicate document id {task.doc_id!r}")
        seen.add(task.doc_id)
    return tasks


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


def _resolve(base: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else base / path


def _from_manifest(path: Path, allow_outside: bool) -> list[DocTask]:
    base = path.parent
    rows: list[tuple[int, str, str | None, str | None]] = []
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BatchInputError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or not obj.get("src"):
                raise BatchInputError(f"{path}:{n}: a manifest line needs a 'src' path")
            ident = None if obj.get("id") is None else str(obj["id"])
            rows.append((n, str(obj["src"]), obj.get("tgt") or None, ident))
    else:
        for n, cells in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), 1):
            cells = [c.strip() for c in cells]
            if not any(cells) or cells[0].startswith("#") or (n == 1 and cells[0].lower() in _HEADER_WORDS):
                continue
            if len(cells) > 3:
                raise BatchInputError(f"{path}:{n}: expected src<TAB>tgt[<TAB>id], got {len(cells)} columns")
            cells += [""] * (3 - len(cells))
            rows.append((n, cells[0], cells[1] or None, cells[2] or None))
    tasks = []
    for n, src, tgt, ident in rows:
        s = _resolve(base, src)
        t = None if tgt is None else _resolve(base, tgt)
        for given, resolved in ((src, s), (tgt, t)):
            if resolved is not None and not allow_outside and not _inside(resolved, base):
                raise BatchInputError(
                    f"{path}:{n}: {given!r} is outside the manifest's folder; pass --allow-outside to read it"
                )
        doc_id = ident or (s.name if t is None else f"{s.name}|{t.name}")
        tasks.append(DocTask(doc_id, s.name, None if t is None else t.name, src_path=str(s), tgt_path=t and str(t)))
    return tasks


def _from_parquet(path: Path, src_lang: str, tgt_lang: str) -> list[DocTask]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=["id", "src", "tgt"])
    except (OSError, KeyError, ValueError) as exc:
        raise BatchInputError(f"{path}: needs string columns id, src, tgt ({type(exc).__name__})") from None
    tasks = []
    for row in table.to_pylist():
        ident = str(row["id"])
        src, tgt = row["src"] or "", row["tgt"]
        tasks.append(
            DocTask(
                ident, f"{ident}.{src_lang}.txt", None if tgt is None else f"{ident}.{tgt_lang}.txt",
                src_text=src, tgt_text=tgt,
            )
        )  # fmt: skip
    return tasks
