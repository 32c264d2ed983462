from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import time
from dataclasses import replace

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from aligner.model import Category, Issue, QualityScore, ReviewStatus, Severity, Side, Span
from aligner.store import StoreError, sqlite_url
from aligner.store.migrate import alembic_config, current_revision, head_revision, upgrade
from aligner.store.schema import metadata, review_events
from aligner.store.sql import SqlStore
from tests.store import workers
from tests.store.factory import make_large, make_result

CTX = mp.get_context("fork")
WRITERS = 8


@pytest.fixture
def store(sqlite_db):
    store = SqlStore(sqlite_url(sqlite_db))
    yield store
    store.close()


def _run(store: SqlStore, n_pairs: int | None = None) -> str:
    project = store.create_project("p")
    return store.save_run(project, make_result() if n_pairs is None else make_large(n_pairs))


def test_pragmas(store: SqlStore) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_schema_matches_migrations(store: SqlStore) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


def test_fresh_database_is_migrated_and_reopened(tmp_path) -> None:
    url = sqlite_url(tmp_path / "new.db")
    upgrade(url)
    store = SqlStore(url)
    assert current_revision(store.engine) == head_revision()
    run = _run(store)
    store.close()
    again = SqlStore(url)
    assert again.load_run(run) == make_result()
    again.close()


def test_downgrade_and_upgrade_again(tmp_path) -> None:
    url = sqlite_url(tmp_path / "m.db")
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    with sqlite3.connect(tmp_path / "m.db") as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    assert tables == {"alembic_version"}
    store = SqlStore(url)  # upgrades an older (here: empty) database on open
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_newer_schema_is_refused(sqlite_db) -> None:
    with sqlite3.connect(sqlite_db) as db:
        db.execute("update alembic_version set version_num = '9999'")
    with pytest.raises(StoreError, match="newer than this aligner"):
        SqlStore(sqlite_url(sqlite_db))


def test_unique_version_is_enforced_by_the_database(store: SqlStore) -> None:
    run = _run(store)
    store.record_review(run, "p0", status=ReviewStatus.ACCEPTED, reviewer="a", expected_version=0)
    row = {"run_id": run, "pair_id": "p0", "version": 1, "status": "rejected", "reviewer": "b", "action": "review"}
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(insert(review_events).values(row | {"at": store.history(run, "p0")[0].at}))


def _collect(procs, queue, n: int) -> list:
    results = [queue.get(timeout=180) for _ in range(n)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


def test_concurrent_writers_on_distinct_pairs_all_succeed(store: SqlStore) -> None:
    run = _run(store, 8 * WRITERS)
    store.close()
    queue = CTX.Queue()
    rounds, per = 2, 8
    procs = [
        CTX.Process(
            target=workers.review_distinct,
            args=(store.url, run, [f"p{w * per + k}" for k in range(per)], rounds, f"w{w}", queue),
        )
        for w in range(WRITERS)
    ]
    for p in procs:
        p.start()
    results = _collect(procs, queue, WRITERS)
    assert [r[2] for r in results] == [None] * WRITERS
    assert sum(r[1] for r in results) == WRITERS * per * rounds
    states = SqlStore(store.url).pair_states(run)
    assert {s.version for s in states.values()} == {rounds}


def test_concurrent_writers_on_one_pair_one_wins_per_version(store: SqlStore) -> None:
    run = _run(store)
    store.close()
    queue, barrier, attempts = CTX.Queue(), CTX.Barrier(WRITERS), 6
    procs = [
        CTX.Process(target=workers.race_same_pair, args=(store.url, run, "p1", barrier, attempts, f"w{w}", queue))
        for w in range(WRITERS)
    ]
    for p in procs:
        p.start()
    results = _collect(procs, queue, WRITERS)
    assert [r[4] for r in results] == [[]] * WRITERS, results
    assert sorted(r[1] for r in results) == ["lost"] * (WRITERS - 1) + ["won"]
    won = sorted(v for r in results for v in r[2])
    history = SqlStore(store.url).history(run, "p1")
    assert won == list(range(1, len(history) + 1))  # every version has exactly one winner
    assert [e.version for e in history] == won
    lost_first = WRITERS - 1
    assert sum(r[3] for r in results) + lost_first + len(won) == WRITERS * (attempts + 1)


def _wait_for(counter, at_least: int, proc) -> None:
    deadline = time.monotonic() + 120
    while counter.value < at_least:
        assert proc.is_alive() and time.monotonic() < deadline, "writer died or stalled"
        time.sleep(0.01)


def test_sigkill_loses_no_committed_review(store: SqlStore) -> None:
    run = _run(store)
    store.close()
    counter = CTX.Value("i", 0)
    proc = CTX.Process(target=workers.review_forever, args=(store.url, run, "p3", counter))
    proc.start()
    _wait_for(counter, 25, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=30)
    committed = counter.value
    reopened = SqlStore(store.url)
    history = reopened.history(run, "p3")
    assert len(history) >= committed
    assert [e.version for e in history] == list(range(1, len(history) + 1))
    assert reopened.pair_states(run)["p3"].version == len(history)
    with reopened.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    reopened.record_review(run, "p3", status=ReviewStatus.ACCEPTED, reviewer="b", expected_version=len(history))
    reopened.close()


def test_sigkill_during_save_leaves_whole_runs_only(store: SqlStore) -> None:
    project = store.create_project("p")
    store.close()
    counter = CTX.Value("i", 0)
    proc = CTX.Process(target=workers.save_forever, args=(store.url, project, 1500, counter))
    proc.start()
    _wait_for(counter, 2, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=30)
    reopened = SqlStore(store.url)
    runs = reopened.list_runs(project)
    assert counter.value <= len(runs) <= counter.value + 1
    for info in runs:
        assert len(reopened.load_run(info.id).pairs) == 1500
    with reopened.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    reopened.close()


def test_caches_follow_other_writers(sqlite_db) -> None:
    url = sqlite_url(sqlite_db)
    a, b = SqlStore(url), SqlStore(url)
    run = _run(a)
    first = a.load_run(run)
    assert a.load_run(run) is first  # unchanged run: served from the cache
    states = a.pair_states(run)
    states["junk"] = states["p0"]
    assert "junk" not in a.pair_states(run)
    b.record_review(run, "p1", status=ReviewStatus.ACCEPTED, reviewer="b", expected_version=0)
    again = a.pair_states(run)
    assert again["p1"].version == 1 and again["p0"] == states["p0"] and list(again) == ["p0", "p1", "p2", "p3"]
    new = Issue("p2", "x", Category.OTHER, Severity.INFO, "re-checked", side=Side.TARGET, span=Span(0, 1))
    b.replace_pair_checks(run, "p2", [new], QualityScore(10.0))
    b.replace_pair_checks(run, "p0", [], None)
    refreshed = a.load_run(run)
    assert refreshed.pairs is first.pairs  # only issues and scores were re-read
    assert (
        refreshed.issues_for("p2") == (new,) and refreshed.scores["p2"].value == 10.0 and "p0" not in refreshed.scores
    )
    assert refreshed == SqlStore(url).load_run(run)  # the incremental refresh equals a full rebuild
    merged = b.merge_with_next(run, "p0", reviewer="b")
    relinked = a.load_run(run)
    assert [p.id for p in relinked.pairs] == [merged, "p2", "p3"] and relinked.pairs[1] is refreshed.pairs[2]
    assert relinked == SqlStore(url).load_run(run)
    assert list(a.pair_states(run)) == [merged, "p2", "p3"]
    assert a.pair_states(run) == SqlStore(url).pair_states(run)
    x, y = b.split_pair(run, merged, reviewer="b", at=(1, 1))
    b.replace_pair_checks(run, y, [replace(new, pair_id=y)], QualityScore(20.0))
    b.record_review(run, x, status=ReviewStatus.REJECTED, reviewer="b", expected_version=1)
    assert a.load_run(run) == SqlStore(url).load_run(run) and [p.id for p in a.load_run(run).pairs][:2] == [x, y]
    assert (
        a.pair_states(run) == SqlStore(url).pair_states(run) and a.pair_states(run)[x].status is ReviewStatus.REJECTED
    )
    a.close()
    b.close()
