"""Shard files on any filesystem: deterministic names (pairs-00003.parquet), docs-last commits, done checks, plan."""

from __future__ import annotations

import io
import json
import os
import re
import resource
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.batch.document import DocumentOutput
from aligner.batch.inputs import Block, DocTask, read_block
from aligner.batch.schema import KINDS, arrow_schema
from aligner.batch.storage import Location, locate
from aligner.errors import UserError

PLAN_FILE = "plan.json"
_SHARD_NAME = re.compile(r"^(pairs|issues|docs)-(\d+)\.parquet$")


class BatchStateError(UserError, RuntimeError):
    """The output directory holds another batch's shards; the message says what differs."""


def arrow_schemas() -> dict[str, Any]:
    """The pyarrow schema of each output table (from aligner.batch.schema)."""
    return {kind: arrow_schema(kind) for kind in KINDS}


def shard_name(kind: str, index: int) -> str:
    """``<kind>-<index:05d>.parquet``: block ``index`` of the plan always writes the same three names."""
    return f"{kind}-{index:05d}.parquet"


def shard_path(out_dir: str | Path, kind: str, index: int) -> Path:
    """The local path of a shard file (local outputs only; see :func:`shard_name`)."""
    return Path(out_dir) / shard_name(kind, index)


def shard_files(out: Location, kind: str) -> list[tuple[int, str]]:
    """(index, name) of every ``kind`` shard written in ``out``, by index."""
    found = []
    for name in out.names():
        match = _SHARD_NAME.match(name)
        if match and match.group(1) == kind:
            found.append((int(match.group(2)), name))
    return sorted(found)


def done_shards(out: Location) -> set[int]:
    """Indices of the shards whose three files all exist (one directory listing; docs is written last)."""
    have: dict[int, int] = {}
    for name in out.names():
        match = _SHARD_NAME.match(name)
        if match:
            have[int(match.group(2))] = have.get(int(match.group(2)), 0) + 1
    return {index for index, count in have.items() if count == len(KINDS)}


def is_done(out_dir: str | Path, index: int) -> bool:
    """A shard is done when all its files exist (each is renamed into place only once complete)."""
    out = locate(out_dir)
    return all(out.exists(shard_name(kind, index)) for kind in KINDS)


def check_plan(out: Location, plan: dict[str, Any]) -> None:
    """Write the plan on first use; refuse to resume into a directory planned differently."""
    if out.local and Path(out.child(PLAN_FILE)).is_symlink():
        raise BatchStateError(
            f"{out.child(PLAN_FILE)} is a symlink, not a batch plan; remove it or use a new output directory"
        )
    if out.exists(PLAN_FILE):
        try:
            old = json.loads(out.read_bytes(PLAN_FILE).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            old = None
        if not isinstance(old, dict):
            raise BatchStateError(
                f"{out.child(PLAN_FILE)} is not a batch plan (damaged?); remove it or use a new output directory"
            )
        if old.get("fingerprint") != plan["fingerprint"]:
            raise BatchStateError(
                f"{out.uri} holds shards of a different batch (inputs, shard size or config changed); "
                "use a new output directory"
            )
        return
    write_json(out, PLAN_FILE, plan)


def write_json(out: Location, name: str, data: Any) -> None:
    """Write ``data`` as indented JSON to ``name`` in ``out`` (atomically on local disks)."""
    out.write_bytes(name, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _write_table(out: Location, name: str, rows: list[dict[str, Any]], schema: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), sink, compression="zstd")
    out.write_bytes(name, sink.getvalue())


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


def node_name() -> str:
    """The Ray node id inside a Ray worker, else the host name (where a shard ran)."""
    try:
        import ray

        if ray.is_initialized():
            return str(ray.get_runtime_context().get_node_id())
    except ImportError:
        pass
    return socket.gethostname()


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
    node: str = ""


def write_shard(out_dir: str | Path, index: int, outputs: Iterable[DocumentOutput], *, seconds: float) -> ShardStats:
    """Write one shard's three tables (docs last: its presence closes the shard) and return its stats."""
    outputs = list(outputs)
    out = locate(out_dir)
    schemas = arrow_schemas()
    rows = {
        "pairs": [r for o in outputs for r in o.pairs],
        "issues": [r for o in outputs for r in o.issues],
        "docs": [o.summary for o in outputs],
    }
    for kind in KINDS:
        _write_table(out, shard_name(kind, index), rows[kind], schemas[kind])
    return ShardStats(
        index=index,
        n_docs=len(outputs),
        n_errors=sum(1 for o in outputs if o.error),
        n_pairs=len(rows["pairs"]),
        n_sentences=sum(int(o.summary["n_sentences"]) for o in outputs),
        seconds=round(seconds, 4),
        pid=os.getpid(),
        maxrss_kb=peak_rss_kb(),
        node=node_name(),
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
            if task.problem is not None:
                outputs.append(error_output(task.doc_id, task.source(), task.problem))
                continue
            try:
                src, tgt = task.load()
            except (OSError, UnicodeError) as exc:
                outputs.append(error_output(task.doc_id, task.source(), one_line(exc)))
                continue
            outputs.append(align_document(src, tgt, config=config, encoder=cached, doc_id=task.doc_id))
    finally:
        cached.close()
    return write_shard(out_dir, index, outputs, seconds=time.perf_counter() - start)


def process_block(out_dir: str, block: Block, *, config: Any, encoder: Any, cache_dir: str | None) -> ShardStats:
    """Read a block's documents (the worker opens the input itself) and process them as shard ``block.index``."""
    tasks = read_block(block, src_lang=config.src_lang, tgt_lang=config.tgt_lang)
    return process_shard(out_dir, block.index, tasks, config=config, encoder=encoder, cache_dir=cache_dir)


def iter_tables(out_dir: str | Path, kind: str) -> Iterator[Any]:
    """The ``kind`` shards of a batch output one at a time, by shard index (flat memory over any output size)."""
    import pyarrow.parquet as pq

    out = locate(out_dir)
    for _, name in shard_files(out, kind):
        with out.fs.open_input_file(out.child(name)) as handle:
            yield pq.read_table(handle)


def read_table(out_dir: str | Path, kind: str) -> Any:
    """Concatenate the ``kind`` shards of a batch output into one pyarrow Table (small outputs and tests)."""
    import pyarrow as pa

    tables = list(iter_tables(out_dir, kind))
    return pa.concat_tables(tables) if tables else arrow_schemas()[kind].empty_table()
