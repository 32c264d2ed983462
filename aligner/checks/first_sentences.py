"""The duplication check's document index: each target sentence's first pair, by digest, carried across blocks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from aligner.model import AlignedPair


class FirstSentences:
    """Each target sentence's first pair in a document: a 16-byte digest of its words -> (pair id, source digest).

    Digests, not word tuples, keep a long document's index small; the source digest is None for an empty source.
    """

    def __init__(self) -> None:
        self.seen: dict[bytes, tuple[str, bytes | None]] = {}

    def first(self, key: Sequence[str], pair: AlignedPair, source: SourceDigest) -> tuple[str, bytes | None] | None:
        """The first pair holding sentence ``key`` before ``pair``; None (and ``pair`` noted) when it is the first."""
        digest = _digest(key)
        found = self.seen.get(digest)
        if found is None:
            self.seen[digest] = (pair.id, source.value)
        return found


class SourceDigest:
    """The digest of a pair's source words (None for an empty source), computed on first use and then kept."""

    def __init__(self, keys: Callable[[], Sequence[str]]) -> None:
        self._keys, self._value, self._done = keys, None, False

    @property
    def value(self) -> bytes | None:
        """The digest (None when the source has no words)."""
        if not self._done:
            keys = self._keys()
            self._value, self._done = (_digest(keys) if keys else None), True
        return self._value


def _digest(words: Sequence[str]) -> bytes:
    return hashlib.blake2b("\x1f".join(words).encode("utf-8", "surrogatepass"), digest_size=16).digest()
