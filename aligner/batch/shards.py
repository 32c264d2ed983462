"""Shard plan and files: deterministic names (pairs-00003.parquet), atomic writes, done checks, the run plan."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.atomic import atomic_path, write_text
from aligner.batch.document import DocumentOutput
from aligner.batch.inputs import DocTask
from aligner.batch.schema import KINDS, arrow_schema
from aligner.errors import UserError

PLAN_FILE = "plan.json"


class BatchStateError(UserError, RuntimeError):
    """The output directory holds another batch's shards; the message says what differs."""


def arrow_schemas() -> dict[str, Any]:
    """The pyarrow schema of each output table (from aligner.batch.schema)."""
    return {kind: arrow_schema(kind) for kind in KINDS}


def shard_path(out_dir: str | Path, kind: str, index: int) -> Path:
    """``<out_dir>/<kind>-<index:05d>.parquet``."""
    return Path(out_dir) / f"{kind}-{index:05d}.parquet"


def is_done(out_dir: str | Path, index: int) -> bool:
    """A shard is done when all its files exist (each is renamed into place only once complete)."""
    return all(shard_path(out_dir, kind, index).exists() for kind in KINDS)


def plan_shards(tasks: Sequence[DocTask], shard_size: int) -> list[list[DocTask]]:
    """Cut the task list into consecutive shards of ``shard_size`` documents."""
    if shard_size < 1:
        raise ValueError(f"shard size must be >= 1, got {shard_size}")
    return [list(tasks[i : i + shard_size]) for i in range(0, len(tasks), shard_size)]


def fingerprint(tasks: Sequence[DocTask], shard_size: int, config_json: str) -> str:
    """sha1 of the task keys, the shard size and the config: shards are reusable only under the same plan."""
    digest = hashlib.sha1(f"{shard_size}\n{config_json}\n".encode())
    for task in tasks:
        digest.update(task.key().encode("utf-8") + b"\n")
    return digest.hexdigest()


def check_plan(out_dir: Path, plan: dict[str, Any]) -> None:
    """Write the plan on first use; refuse to resume into a directory planned differently."""
    path = out_dir / PLAN_FILE
    if path.is_symlink():
        raise BatchStateError(f"{path} is a symlink, not a batch plan; remove it or use a new output directory")
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            old = None
        if not isinstance(old, dict):
            raise BatchStateError(f"{path} is not a batch plan (damaged?); remove it or use a new output directory")
        if old.get("fingerprint") != plan["fingerprint"]:
            raise BatchStateError(
                f"{out_dir} holds shards of a different batch (inputs, shard size or config changed); "
                "use a new output directory"
            )
        return
    write_atomic_text(path, json.dumps(plan, indent=2, ensure_ascii=False) + "\n")


def write_atomic_text(path: Path, text: str) -> None:
    """Write ``text`` to a temp file next to ``path`` and rename it into place."""
    write_text(path, text)


def _write_table(path: Path, rows: list[dict[str, Any]], schema: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=schema)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def peak_rss_kb() -> int:
    """Peak RSS of this process in KiB (VmHWM: reset by exec, unlike ru_maxrss, which spawned children inherit)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass(frozen=True, slots=True)
class ShardStats:
    """What processing one shard did (returned by workers; pickles and JSON-serialises)."""

    index: int
    n_docs: int
    n_errors: int
    n_pairs: int
    n_sentences: int
    seconds: float
    pid: int
    maxrss_kb: int


def write_shard(out_dir: str | Path, index: int, outputs: Iterable[DocumentOutput], *, seconds: float) -> ShardStats:
    """Write one shard's three tables atomically (docs last) and return its stats."""
    outputs = list(outputs)
    schemas = arrow_schemas()
    rows = {
        "pairs": [r for o in outputs for r in o.pairs],
        "issues": [r for o in outputs for r in o.issues],
        "docs": [o.summary for o in outputs],
    }
    for kind in KINDS:
        _write_table(shard_path(out_dir, kind, index), rows[kind], schemas[kind])
    return ShardStats(
        index=index,
        n_docs=len(outputs),
        n_errors=sum(1 for o in outputs if o.error),
        n_pairs=len(rows["pairs"]),
        n_sentences=sum(int(o.summary["n_sentences"]) for o in outputs),
        seconds=round(seconds, 4),
        pid=os.getpid(),
        maxrss_kb=peak_rss_kb(),
    )


def process_shard(
    out_dir: str | Path, index: int, tasks: Sequence[DocTask], *, config: Any, encoder: Any, cache_dir: str | None
) -> ShardStats:
    """Align every task of a shard (per-document errors become error rows) and write the shard."""
    from aligner.batch.document import align_document, error_output, one_line
    from aligner.embed.cache import CachedEncoder

    start = time.perf_counter()
    cached = CachedEncoder(encoder, directory=cache_dir)  # fresh per shard: the in-memory memo stays bounded
    try:
        outputs = []
        for task in tasks:
            try:
                src, tgt = task.load()
            except (OSError, UnicodeError) as exc:
                outputs.append(error_output(task.doc_id, task.source(), one_line(exc)))
                continue
            outputs.append(align_document(src, tgt, config=config, encoder=cached, doc_id=task.doc_id))
    finally:
        cached.close()
    return write_shard(out_dir, index, outputs, seconds=time.perf_counter() - start)


def read_table(out_dir: str | Path, kind: str, indices: Iterable[int] | None = None) -> Any:
    """Concatenate the ``kind`` shards of a batch output into one pyarrow Table (all shards when no indices)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    paths = sorted(out.glob(f"{kind}-*.parquet")) if indices is None else [shard_path(out, kind, i) for i in indices]
    tables = [pq.read_table(p) for p in paths]
    return pa.concat_tables(tables) if tables else arrow_schemas()[kind].empty_table()
