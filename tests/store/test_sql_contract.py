from __future__ import annotations

import pytest

from aligner.model import ReviewStatus
from aligner.store import open_store, sqlite_url
from aligner.store.sql import SqlStore
from tests.store.contract import StoreContract
from tests.store.factory import make_result


class TestSqliteStore(StoreContract):
    @pytest.fixture
    def store(self, sqlite_db):
        store = SqlStore(sqlite_url(sqlite_db))
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
