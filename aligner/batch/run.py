"""run_batch(): plan shards, skip finished ones, run an engine, aggregate the shards into a BatchSummary."""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligner.batch.inputs import DocTask, plan_input
from aligner.batch.shards import ShardStats, check_plan, done_shards, iter_tables, write_json
from aligner.batch.storage import locate
from aligner.config import Config

log = logging.getLogger(__name__)
BatchProgress = Callable[[int, int, int], None]  # (documents done, documents to do in this run, pairs written)
ENGINES = ("local", "ray")
SUMMARY_FILE = "summary.json"
MAX_LISTED_ERRORS = 1000  # summary.json lists this many failed documents; n_errors counts them all


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Counts over all shards of the output, this run's throughput, errors and provenance (summary.json)."""

    engine: str
    workers: int
    shard_size: int
    n_shards: int
    shards_run: int
    shards_skipped: int
    n_docs: int
    n_pairs: int
    n_issues: int
    n_errors: int
    errors: tuple[tuple[str, str], ...]  # (doc id, one-line reason)
    docs_run: int
    sentences_run: int
    pairs_run: int
    seconds: float
    max_worker_rss_mb: float
    signature: str
    signatures: dict[str, int] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)  # shards run per node (host name, or Ray node id)
    versions: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict, with rates (per second of wall time) added."""
        secs = self.seconds or float("nan")
        rates = {
            "docs_per_s": round(self.docs_run / secs, 2) if self.seconds else None,
            "pairs_per_s": round(self.pairs_run / secs, 2) if self.seconds else None,
            "sentences_per_s": round(self.sentences_run / secs, 2) if self.seconds else None,
        }
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["errors"] = [{"doc_id": d, "error": e} for d, e in self.errors]
        return {**data, "throughput": rates}


def _versions(engine: str) -> dict[str, str]:
    import pyarrow

    from aligner import __version__

    out = {"aligner": __version__, "python": platform.python_version(), "pyarrow": pyarrow.__version__}
    if engine == "ray":
        import ray

        out["ray"] = ray.__version__
    return out


@dataclass
class _Tally:
    """Shard stats of this run, summed as they arrive (the driver keeps no per-shard list)."""

    shards: int = 0
    docs: int = 0
    sentences: int = 0
    pairs: int = 0
    maxrss_kb: int = 0
    nodes: Counter = field(default_factory=Counter)

    def add(self, stats: ShardStats) -> None:
        self.shards, self.docs = self.shards + 1, self.docs + stats.n_docs
        self.sentences, self.pairs = self.sentences + stats.n_sentences, self.pairs + stats.n_pairs
        self.maxrss_kb = max(self.maxrss_kb, stats.maxrss_kb)
        self.nodes[stats.node] += 1


def run_batch(
    inputs: str | Path | Sequence[DocTask],
    out_dir: str | Path,
    *,
    engine: str = "local",
    workers: int = 1,
    shard_size: int = 16,
    config: Config | None = None,
    cache_dir: str | Path | None = None,
    progress: BatchProgress | None = None,
    encoder: Any | None = None,
    allow_outside: bool = False,
) -> BatchSummary:
    """Align every document of ``inputs`` into Parquet shards under ``out_dir``; resume where a run stopped.

    ``inputs`` is a directory, a manifest (.tsv/.jsonl of paths), a corpus of (id, src, tgt) texts (.parquet,
    .jsonl, .tsv; local or a filesystem URI) or a list of DocTasks. ``out_dir`` is a local path or a pyarrow
    filesystem URI (file://, s3://). The driver plans blocks from metadata only; workers read their blocks and
    write their shards, so its memory does not grow with the corpus. ``encoder`` (an already-built one) runs
    everything in-process with the local engine; otherwise each worker loads ``config.encoder`` once.
    ``cache_dir`` keeps embeddings across runs (CachedEncoder on disk). ``allow_outside`` lets a manifest name
    files outside its folder (see :func:`plan_input`).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if encoder is not None and engine != "local":
        raise ValueError("an in-process encoder works with the local engine only")
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    config = config or Config()
    plan_in = plan_input(
        inputs, shard_size, src_lang=config.src_lang, tgt_lang=config.tgt_lang, allow_outside=allow_outside
    )
    out = locate(out_dir)
    out.mkdir()
    cache = None if cache_dir is None else str(Path(cache_dir).resolve())
    config_json = json.dumps(config.as_dict(), sort_keys=True, default=str)
    n_shards = len(plan_in.blocks)
    digest = hashlib.sha1(f"{shard_size}\n{config_json}\n{plan_in.key}\n".encode()).hexdigest()
    plan = {"fingerprint": digest, "n_docs": plan_in.n_rows, "shard_size": shard_size, "n_shards": n_shards,
            "config": json.loads(config_json)}  # fmt: skip
    check_plan(out, plan)
    finished = done_shards(out)
    jobs = [block for block in plan_in.blocks if block.index not in finished]
    if len(jobs) < n_shards:
        log.info("resuming: %d of %d shards already done", n_shards - len(jobs), n_shards)
    total = sum(block.n_rows for block in jobs)
    tally = _Tally()
    report = progress or (lambda done, of, pairs: None)
    report(0, total, 0)

    def on_shard(stats: ShardStats) -> None:
        tally.add(stats)
        report(tally.docs, total, tally.pairs)

    start = time.perf_counter()
    if engine == "local":
        from aligner.batch.local import run_local

        run_local(jobs, out.ref, config=config, workers=workers, cache_dir=cache, encoder=encoder, on_shard=on_shard)
    else:
        from aligner.batch.ray_engine import run_ray

        run_ray(jobs, out.ref, config=config, workers=workers, cache_dir=cache, on_shard=on_shard)
    seconds = time.perf_counter() - start
    summary = _summarise(out.ref, n_shards, tally, seconds, engine=engine, workers=workers, shard_size=shard_size)
    write_json(out, SUMMARY_FILE, summary.as_dict())
    return summary


def _summarise(
    out: str, n_shards: int, tally: _Tally, seconds: float, *, engine: str, workers: int, shard_size: int
) -> BatchSummary:
    """Counts over the written docs shards, read one at a time (not from driver-side lists)."""
    n_docs = n_pairs = n_issues = n_errors = 0
    errors: list[tuple[str, str]] = []
    signatures: Counter[str] = Counter()
    for table in iter_tables(out, "docs"):
        n_docs += table.num_rows
        cols = table.select(["doc_id", "n_pairs", "n_issues", "signature", "error"]).to_pydict()
        n_pairs += sum(cols["n_pairs"])
        n_issues += sum(cols["n_issues"])
        signatures.update(s for s in cols["signature"] if s)
        for doc_id, error in zip(cols["doc_id"], cols["error"], strict=True):
            if error:
                n_errors += 1
                if len(errors) < MAX_LISTED_ERRORS:
                    errors.append((doc_id, error))
    return BatchSummary(
        engine=engine,
        workers=workers,
        shard_size=shard_size,
        n_shards=n_shards,
        shards_run=tally.shards,
        shards_skipped=n_shards - tally.shards,
        n_docs=n_docs,
        n_pairs=n_pairs,
        n_issues=n_issues,
        n_errors=n_errors,
        errors=tuple(errors),
        docs_run=tally.docs,
        sentences_run=tally.sentences,
        pairs_run=tally.pairs,
        seconds=round(seconds, 3),
        max_worker_rss_mb=round(tally.maxrss_kb / 1024, 1),
        signature=signatures.most_common(1)[0][0] if signatures else "",
        signatures=dict(signatures),
        nodes=dict(tally.nodes),
        versions=_versions(engine),
    )
