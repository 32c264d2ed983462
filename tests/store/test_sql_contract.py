from __future__ import annotations

import os

import pytest
from alembic import command

from aligner.model import ReviewStatus
from aligner.store import open_store, sqlite_url
from aligner.store.migrate import alembic_config
from aligner.store.sql import SqlStore
from tests.store.contract import StoreContract
from tests.store.factory import make_result


class TestSqliteStore(StoreContract):
    @pytest.fixture
    def store(self, sqlite_db):
        store = SqlStore(sqlite_url(sqlite_db))
        yield store
        store.close()


PG_URL = os.environ.get("ALIGNER_TEST_PG_URL", "")


@pytest.mark.skipif(not PG_URL, reason="set ALIGNER_TEST_PG_URL=postgresql+psycopg://... to run on PostgreSQL")
class TestPostgresStore(StoreContract):
    """The same contract on PostgreSQL (the database is emptied and migrated afresh for every test)."""

    @pytest.fixture
    def store(self):
        command.downgrade(alembic_config(PG_URL), "base")
        store = SqlStore(PG_URL)
        yield store
        store.close()


def test_sqlite_in_memory_url() -> None:
    """sqlite:// keeps one shared connection, so the schema and data survive between calls."""
    store = SqlStore("sqlite://")
    run = store.save_run(store.create_project("p"), make_result())
    store.record_review(run, "p0", status=ReviewStatus.ACCEPTED, reviewer="a", expected_version=0)
    assert store.load_run(run) == make_result() and store.pair_states(run)["p0"].version == 1
    store.close()


@pytest.mark.parametrize("kind", ["path", "url"])
def test_open_store_sqlite(tmp_path, kind: str) -> None:
    path = tmp_path / "sub" / "a.db"
    store = open_store(path if kind == "path" else sqlite_url(path))
    assert isinstance(store, SqlStore) and path.exists()
    store.close()


@pytest.mark.skipif(not PG_URL, reason="set ALIGNER_TEST_PG_URL=postgresql+psycopg://... to run on PostgreSQL")
def test_postgres_race_one_winner_per_version() -> None:
    import multiprocessing as mp

    from tests.store import workers

    command.downgrade(alembic_config(PG_URL), "base")
    store = SqlStore(PG_URL)
    run = store.save_run(store.create_project("p"), make_result())
    store.close()
    ctx, n = mp.get_context("fork"), 8
    queue, barrier = ctx.Queue(), ctx.Barrier(n)
    procs = [
        ctx.Process(target=workers.race_same_pair, args=(PG_URL, run, "p1", barrier, 5, f"w{w}", queue))
        for w in range(n)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in range(n)]
    for p in procs:
        p.join(timeout=60)
    assert [r[4] for r in results] == [[]] * n
    assert sorted(r[1] for r in results) == ["lost"] * (n - 1) + ["won"]
    won = sorted(v for r in results for v in r[2])
    assert won == list(range(1, len(won) + 1))
    again = SqlStore(PG_URL)
    assert [e.version for e in again.history(run, "p1")] == won
    assert again.pair_states(run)["p1"].version == len(won)
    again.close()
