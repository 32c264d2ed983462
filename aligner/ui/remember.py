"""Remembered sign-ins: a reload or a new tab of the same browser stays signed in; another browser does not.

At sign-in the server records a keyed HMAC of the browser's XSRF cookie token (unmasked: the mask changes on every
response, the token does not) and its user agent, mapped to the reviewer, in this process's memory with an idle
expiry. A new Streamlit session (a reload) looks its own browser's HMAC up and restores the sign-in. Nothing goes
into a URL, a copied link carries no sign-in, and a leaked Streamlit session id alone is not enough. A server
restart forgets every entry (reviewers sign in again); sign-out deletes the browser's entry.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable

IDLE_SECONDS = 12 * 3600.0  # an entry unused this long is dropped
MAX_ENTRIES = 10_000  # oldest dropped beyond this (a flood of sign-ins cannot grow memory without bound)


def xsrf_token(cookie: str) -> str:
    """The raw token of Streamlit's ``_streamlit_xsrf`` cookie, hex ("" when absent or malformed).

    Version 2 cookies read ``2|mask|masked token|timestamp``: the token is the masked bytes XOR the repeated mask.
    """
    value = cookie.strip().strip("\"'")
    parts = value.split("|")
    if len(parts) == 4 and parts[0] == "2":
        try:
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        except ValueError:
            return ""
        if not mask or not masked:
            return ""
        return bytes(b ^ mask[i % len(mask)] for i, b in enumerate(masked)).hex()
    return "" if "|" in value else value


class RememberedSignIns:
    """Browser key (HMAC of XSRF token + user agent) -> (reviewer, last use), in memory, with an idle expiry."""

    def __init__(
        self, *, idle_seconds: float = IDLE_SECONDS, key: bytes | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.idle_seconds = idle_seconds
        self._key = key or os.urandom(32)  # per process: a restart forgets everything, which is the intent
        self._clock = clock
        self._entries: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def _id(self, token: str, user_agent: str) -> str | None:
        if len(token) < 16:  # no cookie (a test client, cookies off): nothing identifies the browser
            return None
        return hmac.new(self._key, f"{token}\0{user_agent}".encode("utf-8", "replace"), hashlib.sha256).hexdigest()

    def remember(self, token: str, user_agent: str, reviewer: str) -> bool:
        """Remember ``reviewer`` for this browser; False when the browser has no usable token."""
        key = self._id(token, user_agent)
        if key is None:
            return False
        with self._lock:
            self._expire()
            self._entries.pop(key, None)  # re-inserted: the dict stays in last-use order
            self._entries[key] = (reviewer, self._clock())
            while len(self._entries) > MAX_ENTRIES:
                self._entries.pop(next(iter(self._entries)))
        return True

    def recall(self, token: str, user_agent: str) -> str | None:
        """The reviewer signed in from this browser (and mark it used), or None."""
        key = self._id(token, user_agent)
        if key is None:
            return None
        with self._lock:
            self._expire()
            found = self._entries.pop(key, None)
            if found is None:
                return None
            self._entries[key] = (found[0], self._clock())  # re-inserted: the dict stays in last-use order
            return found[0]

    def forget(self, token: str, user_agent: str) -> None:
        """Sign this browser out for good (its next session asks for the sign-in again)."""
        key = self._id(token, user_agent)
        if key is not None:
            with self._lock:
                self._entries.pop(key, None)

    def _expire(self) -> None:
        cutoff = self._clock() - self.idle_seconds
        while self._entries:
            key = next(iter(self._entries))
            if self._entries[key][1] >= cutoff:
                break
            del self._entries[key]


SIGNED_IN = RememberedSignIns()
