"""Random operation sequences give the same results on MemoryStore and SqlStore (with and without its caches)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from aligner.model import Category, Issue, QualityScore, ReviewStatus, Severity
from aligner.store import ConflictError, StoreError, sqlite_url
from aligner.store.memory import MemoryStore
from aligner.store.sql import SqlStore
from tests.store.factory import make_large


def _states(store, run: str) -> dict:
    return {k: replace(v, updated_at=None) for k, v in store.pair_states(run).items()}


def _apply(store, run: str, op: str, pid: str, version: int, status: ReviewStatus) -> str:
    """Apply one operation; return the name of the error it raised ("" if none)."""
    try:
        if op == "review":
            store.record_review(run, pid, status=status, reviewer="r", expected_version=version)
        elif op == "edit":
            store.record_review(
                run, pid, status=ReviewStatus.EDITED, reviewer="r", expected_version=version, edited_text=f"e{version}"
            )
        elif op == "stale":
            store.record_review(run, pid, status=status, reviewer="r", expected_version=version + 1)
        elif op == "undo":
            store.undo(run, pid, reviewer="u", expected_version=version)
        elif op == "merge":
            store.merge_with_next(run, pid, reviewer="m")
        elif op == "split":
            store.split_pair(run, pid, reviewer="s")
        else:
            issue = Issue(pid, "c", Category.OTHER, Severity.MINOR, f"v{version}")
            store.replace_pair_checks(run, pid, [issue] * (version % 3), QualityScore(float(version)))
    except (ConflictError, StoreError) as exc:
        return type(exc).__name__
    return ""


@pytest.mark.parametrize(("seed", "gap"), [(1, 1024), (2, 1024), (3, 2), (4, 1)])
def test_random_operations_agree(sqlite_db, seed: int, gap: int, monkeypatch) -> None:
    """Tiny position gaps force splits to renumber the following pairs."""
    from aligner.store import sql, sql_links

    monkeypatch.setattr(sql, "POSITION_GAP", gap)
    monkeypatch.setattr(sql_links, "POSITION_GAP", gap)
    rng = random.Random(seed)
    url = sqlite_url(sqlite_db)
    memory, cached, cold = MemoryStore(), SqlStore(url), SqlStore(url)
    result = make_large(12)
    runs = [memory.save_run(memory.create_project("p"), result)]
    sql_run = cached.save_run(cached.create_project("p"), result)
    ops = ["review", "review", "edit", "undo", "merge", "split", "checks", "stale"]
    for _ in range(60):
        states = memory.pair_states(runs[0])
        pid = rng.choice(list(states))
        args = (rng.choice(ops), pid, states[pid].version, rng.choice([ReviewStatus.ACCEPTED, ReviewStatus.REJECTED]))
        assert _apply(memory, runs[0], *args) == _apply(cached, sql_run, *args), args
        reference, ref_states = memory.load_run(runs[0]), _states(memory, runs[0])
        cold.clear_caches()  # a reader without caches
        for store in (cached, cold):
            assert store.load_run(sql_run) == reference, args
            assert _states(store, sql_run) == ref_states, args
    cached.close()
    cold.close()
