"""Ray engine: a Ray Data dataset of pending blocks (paths and ranges, no text) mapped through aligner actors."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from typing import Any

from aligner.batch.inputs import Block
from aligner.batch.local import THREAD_VARS, limit_blas_threads
from aligner.batch.shards import ShardStats, process_block
from aligner.embed import load_encoder
from aligner.errors import UserError

log = logging.getLogger(__name__)


class RayUnavailableError(UserError, RuntimeError):
    """Ray Data is not installed; the message says how to install it."""


class ShardAligner:
    """Ray Data callable: ``__init__`` loads the encoder once per actor; each call reads, aligns and writes blocks."""

    def __init__(self, config: Any, out_dir: str, cache_dir: str | None) -> None:
        limit_blas_threads()  # for the actor's lifetime
        self.config, self.out_dir, self.cache_dir = config, out_dir, cache_dir
        self.encoder = load_encoder(config.encoder, threads=1)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        """Process each block row (block JSON) of a numpy batch: the actor opens the input and writes the shard."""
        rows: list[dict[str, Any]] = []
        for blob in batch["block"]:
            block = Block.from_json(str(blob))
            stats = process_block(
                self.out_dir, block, config=self.config, encoder=self.encoder, cache_dir=self.cache_dir
            )
            rows.append(asdict(stats))
        return {f.name: [r[f.name] for r in rows] for f in fields(ShardStats)}


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise RayUnavailableError('the ray engine needs Ray Data: pip install "ray[data]"') from None
    return ray


def _init(ray: Any, workers: int) -> bool:
    """Connect to RAY_ADDRESS if set, else start a local Ray; return True when this call started it."""
    if ray.is_initialized():
        return False
    env = {"env_vars": dict.fromkeys(THREAD_VARS, "1")}
    if os.environ.get("RAY_ADDRESS"):
        ray.init(runtime_env=env, log_to_driver=False)
    else:
        cpus = max(workers, os.cpu_count() or 1)
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, runtime_env=env)
    return True


def run_ray(
    jobs: Sequence[Block],
    out_dir: str,
    *,
    config: Any,
    workers: int,
    cache_dir: str | None,
    on_shard: Callable[[ShardStats], None],
) -> None:
    """Run ``jobs`` on Ray Data: one row per block (paths and ranges) → map_batches(ShardAligner) → stats streamed.

    Actors read their blocks from the input and write their shards to ``out_dir`` themselves, so no text passes
    through the driver; blocks, not Ray's own read blocks, are the rows so that shard names stay deterministic and
    a rerun skips finished ones. The input, ``out_dir`` and ``cache_dir`` must be reachable from every node (shared
    disk or object-store URIs).
    """
    ray = _import_ray()
    if not jobs:
        return
    started = _init(ray, workers)
    try:
        cpus = float(ray.cluster_resources().get("CPU", 1.0))
        n = max(1, min(workers, len(jobs)))
        # leave a CPU slot for Ray Data's own tasks: n actors x 1 CPU on n cores starves them and hangs
        per_actor = max(0.25, min(1.0, (cpus - 1) / n)) if cpus > 1 else 0.5
        ray.data.DataContext.get_current().enable_progress_bars = False
        ds = ray.data.from_items([{"block": block.as_json()} for block in jobs]).map_batches(
            ShardAligner,
            fn_constructor_kwargs={"config": config, "out_dir": out_dir, "cache_dir": cache_dir},
            batch_size=1,
            batch_format="numpy",
            concurrency=n,
            num_cpus=per_actor,  # actors are spread over the nodes (DataContext.scheduling_strategy, SPREAD)
        )
        for row in ds.iter_rows():
            on_shard(ShardStats(**{f.name: row[f.name] for f in fields(ShardStats)}))
    finally:
        if started:
            ray.shutdown()
