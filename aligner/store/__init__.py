"""Persistent store of runs and reviews: the Store protocol, MemoryStore, SqlStore and the open_store factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aligner.store.base import (
    ConflictError,
    IssueVerdict,
    NotFoundError,
    PairState,
    ProjectInfo,
    ReviewEvent,
    RunInfo,
    Store,
    StoreError,
)

__all__ = [
    "ConflictError",
    "IssueVerdict",
    "MemoryStore",
    "NotFoundError",
    "PairState",
    "ProjectInfo",
    "ReviewEvent",
    "RunInfo",
    "SqlStore",
    "Store",
    "StoreError",
    "open_store",
    "sqlite_url",
]


def __getattr__(name: str) -> Any:
    """Import the implementations lazily (SqlStore pulls in SQLAlchemy and Alembic)."""
    if name == "MemoryStore":
        from aligner.store.memory import MemoryStore

        return MemoryStore
    if name == "SqlStore":
        from aligner.store.sql import SqlStore

        return SqlStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file (its folder is created if missing)."""
    p = Path(path).expanduser().resolve()
    p.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{p}"


def open_store(url_or_path: str | Path | None = None) -> Store:
    """Open a store: None or ":memory:" → MemoryStore; "scheme://..." → SqlStore(URL); otherwise a SQLite file."""
    if url_or_path is None or str(url_or_path) in ("", ":memory:"):
        from aligner.store.memory import MemoryStore

        return MemoryStore()
    from aligner.store.sql import SqlStore

    text = str(url_or_path)
    return SqlStore(text if "://" in text else sqlite_url(text))
