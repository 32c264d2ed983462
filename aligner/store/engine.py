"""SQLAlchemy engines for the store: SQLite in WAL mode with busy timeout and foreign keys, or any other URL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import StaticPool

from aligner.store.base import STORE_READ_FAILED, STORE_WRITE_FAILED, StoreUnavailableError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
SYNC_LEVELS = ("OFF", "NORMAL", "FULL", "EXTRA")  # FULL: a commit survives power loss; NORMAL: a process kill
WRITE = "aligner_write"  # execution option: this transaction will write (SQLite: BEGIN IMMEDIATE)


def is_sqlite(url: str) -> bool:
    """True for sqlite:// URLs."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, synchronous: str = "FULL") -> Engine:
    """Create an engine; SQLite gets WAL, busy_timeout, foreign keys and explicit BEGIN [IMMEDIATE]."""
    if synchronous.upper() not in SYNC_LEVELS:
        raise ValueError(f"synchronous must be one of {', '.join(SYNC_LEVELS)}, not {synchronous!r}")
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
    if memory:  # one shared connection, or every checkout would see a different empty database
        kwargs |= {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock up front: a deferred transaction that reads and then writes fails at once
        # with SQLITE_BUSY (no busy wait) when another writer committed in between.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    return engine


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """One transaction: commit on success, roll back on any exception.

    A database failure other than a constraint (disk full, read-only store, lost server) becomes one
    StoreUnavailableError whose message is fit for a user; its SQL and parameters (reviewers' text) go to the log.
    """
    try:
        with engine.connect() as conn:
            if write:
                conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn
    except IntegrityError:
        raise  # optimistic locking: the store turns it into a ConflictError
    except DBAPIError as exc:
        raise unavailable(exc, write=write) from None


def unavailable(exc: Exception, *, write: bool) -> StoreUnavailableError:
    """Log a database failure in full and return the one-line error for the user."""
    log.error("store %s failed: %s", "write" if write else "read", exc)
    return StoreUnavailableError(STORE_WRITE_FAILED if write else STORE_READ_FAILED)
