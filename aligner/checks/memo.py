"""Per-document memo of per-text check work (tokens, per-pair issues), keyed by the text itself: never stale."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

MAX_ENTRIES = 400_000  # about 8 entries per pair of a 50,000-pair run; past it the memo starts again empty


class Memo:
    """Values computed from texts, kept across re-checks of one document.

    A key holds everything the value depends on (the texts themselves, the pair id), so an edited text simply
    misses and is computed again; nothing needs invalidating. Safe to share between threads (a race only
    computes a value twice).
    """

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._values: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value stored under ``key``, computed by ``make()`` and stored on a miss."""
        try:
            return self._values[key]  # type: ignore[return-value]
        except KeyError:
            pass
        value = make()
        with self._lock:
            if len(self._values) >= self.max_entries:
                self._values.clear()
            self._values[key] = value
        return value


def memoised(memo: Memo | None, key: Hashable, make: Callable[[], T]) -> T:
    """``memo.get(key, make)``, or just ``make()`` without a memo."""
    return make() if memo is None else memo.get(key, make)
