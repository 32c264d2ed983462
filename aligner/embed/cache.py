"""Embedding cache: an Encoder wrapper memoising vectors by (encoder signature, sha1(text)), optionally on disk."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.embed.base import Encoder


def text_key(text: str) -> str:
    """Return the sha1 hex digest of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedEncoder:
    """Wraps an encoder; same ``name``, ``dim``, ``signature()`` and ``calibration``. Misses are encoded in one batch.

    With ``directory``, vectors also persist in ``<directory>/<signature>.sqlite`` so re-runs do not re-embed.
    """

    def __init__(self, encoder: Encoder, *, directory: str | Path | None = None) -> None:
        self.inner = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self.calibration = getattr(encoder, "calibration", None)  # the same vectors, so the same calibration
        self._sig = encoder.signature()
        self._memo: dict[str, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        if directory is not None:
            path = Path(directory)
            path.mkdir(parents=True, exist_ok=True)
            safe = re.sub(r"[^A-Za-z0-9._=,()-]+", "_", self._sig)
            self._db = sqlite3.connect(path / f"{safe}.sqlite")
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, data BLOB NOT NULL)")

    def signature(self) -> str:
        """Return the wrapped encoder's signature (caching does not change vectors)."""
        return self._sig

    def _load(self, keys: list[str]) -> None:
        if self._db is None:
            return
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, data in self._db.execute(f"SELECT key, data FROM vec WHERE key IN ({marks})", chunk):
                self._memo[key] = np.frombuffer(data, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return vectors for ``texts``, encoding only those not cached yet."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [text_key(t) for t in texts]
        missing = [k for k in dict.fromkeys(keys) if k not in self._memo]
        self._load(missing)
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._memo:
                todo.setdefault(key, text)
        if todo:
            vecs = np.asarray(self.inner.encode(list(todo.values())), dtype=np.float32)
            for key, vec in zip(todo, vecs, strict=True):
                self._memo[key] = vec
            if self._db is not None:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO vec (key, data) VALUES (?, ?)",
                        [(k, self._memo[k].tobytes()) for k in todo],
                    )
        return np.stack([self._memo[k] for k in keys])

    def close(self) -> None:
        """Close the on-disk store, if any."""
        if self._db is not None:
            self._db.close()
            self._db = None
