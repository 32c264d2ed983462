"""run_batch(): plan shards, skip finished ones, run an engine, aggregate the shards into a BatchSummary."""

from __future__ import annotations

import json
import logging
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligner.batch.inputs import DocTask, discover
from aligner.batch.shards import (
    ShardStats,
    check_plan,
    fingerprint,
    is_done,
    plan_shards,
    read_table,
    write_atomic_text,
)
from aligner.config import Config

log = logging.getLogger(__name__)
BatchProgress = Callable[[int, int], None]  # (documents done, documents to do in this run)
ENGINES = ("local", "ray")
SUMMARY_FILE = "summary.json"


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

    ``inputs`` is a directory, a manifest (.tsv/.jsonl), a Parquet of (id, src, tgt) or a list of DocTasks.
    ``encoder`` (an already-built one) runs everything in-process with the local engine; otherwise each worker
    loads ``config.encoder`` once. ``cache_dir`` keeps embeddings across runs (CachedEncoder on disk).
    ``allow_outside`` lets a manifest name files outside its folder (see :func:`discover`).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if encoder is not None and engine != "local":
        raise ValueError("an in-process encoder works with the local engine only")
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    config = config or Config()
    if isinstance(inputs, (str, Path)):
        tasks = discover(inputs, src_lang=config.src_lang, tgt_lang=config.tgt_lang, allow_outside=allow_outside)
    else:
        tasks = list(inputs)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cache = None if cache_dir is None else str(Path(cache_dir).resolve())
    config_json = json.dumps(config.as_dict(), sort_keys=True, default=str)
    shards = plan_shards(tasks, shard_size)
    plan = {"fingerprint": fingerprint(tasks, shard_size, config_json), "n_docs": len(tasks),
            "shard_size": shard_size, "n_shards": len(shards), "config": json.loads(config_json)}  # fmt: skip
    check_plan(out, plan)
    jobs = [(i, shard) for i, shard in enumerate(shards) if not is_done(out, i)]
    if len(jobs) < len(shards):
        log.info("resuming: %d of %d shards already done", len(shards) - len(jobs), len(shards))
    total = sum(len(t) for _, t in jobs)
    done: list[ShardStats] = []
    report = progress or (lambda n, of: None)
    report(0, total)

    def on_shard(stats: ShardStats) -> None:
        done.append(stats)
        report(sum(s.n_docs for s in done), total)

    start = time.perf_counter()
    if engine == "local":
        from aligner.batch.local import run_local

        run_local(jobs, out, config=config, workers=workers, cache_dir=cache, encoder=encoder, on_shard=on_shard)
    else:
        from aligner.batch.ray_engine import run_ray

        run_ray(jobs, out, config=config, workers=workers, cache_dir=cache, on_shard=on_shard)
    seconds = time.perf_counter() - start
    summary = _summarise(out, len(shards), done, seconds, engine=engine, workers=workers, shard_size=shard_size)
    write_atomic_text(out / SUMMARY_FILE, json.dumps(summary.as_dict(), indent=2, ensure_ascii=False) + "\n")
    return summary


def _summarise(
    out: Path, n_shards: int, done: list[ShardStats], seconds: float, *, engine: str, workers: int, shard_size: int
) -> BatchSummary:
    docs = read_table(out, "docs", range(n_shards)).to_pylist()
    errors = tuple((d["doc_id"], d["error"]) for d in docs if d["error"])
    signatures = Counter(d["signature"] for d in docs if d["signature"])
    return BatchSummary(
        engine=engine,
        workers=workers,
        shard_size=shard_size,
        n_shards=n_shards,
        shards_run=len(done),
        shards_skipped=n_shards - len(done),
        n_docs=len(docs),
        n_pairs=sum(d["n_pairs"] for d in docs),
        n_issues=sum(d["n_issues"] for d in docs),
        n_errors=len(errors),
        errors=errors,
        docs_run=sum(s.n_docs for s in done),
        sentences_run=sum(s.n_sentences for s in done),
        pairs_run=sum(s.n_pairs for s in done),
        seconds=round(seconds, 3),
        max_worker_rss_mb=round(max((s.maxrss_kb for s in done), default=0) / 1024, 1),
        signature=signatures.most_common(1)[0][0] if signatures else "",
        signatures=dict(signatures),
        versions=_versions(engine),
    )
