"""Sign-in back-off: exponential delays per key (session, reviewer name) and a global failure limit (pure)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failures are free, how the delay grows, and the server-wide failure budget."""

    free_failures: int = 3  # per key, before any delay
    base_delay_s: float = 2.0  # after the first counted failure; doubles with each further one
    max_delay_s: float = 300.0
    global_failures: int = 30  # failures of all keys together within global_window_s ...
    global_window_s: float = 60.0  # ... before every sign-in waits for the window to pass
    forget_after_s: float = 3600.0  # a key's failures are forgotten after this long without one
    max_keys: int = 10_000  # tracked keys (oldest dropped first), so the table stays bounded


class SignInThrottle:
    """Thread-safe failure bookkeeping; callers ask :meth:`wait` before checking a password at all."""

    def __init__(self, policy: ThrottlePolicy | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy or ThrottlePolicy()
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[int, float]] = {}  # key -> (failures, time of the last one)
        self._recent: deque[float] = deque()  # times of all failures within the global window

    def _delay(self, failures: int) -> float:
        extra = failures - self.policy.free_failures
        return 0.0 if extra <= 0 else min(self.policy.base_delay_s * 2 ** (extra - 1), self.policy.max_delay_s)

    def wait(self, keys: Iterable[str]) -> float:
        """Seconds before a sign-in for any of ``keys`` may be tried (0.0: now)."""
        now = self._clock()
        with self._lock:
            while self._recent and self._recent[0] <= now - self.policy.global_window_s:
                self._recent.popleft()
            longest = 0.0
            if len(self._recent) >= self.policy.global_failures:
                longest = self._recent[0] + self.policy.global_window_s - now
            for key in keys:
                failures, last = self._keys.get(key, (0, now))
                if now - last > self.policy.forget_after_s:
                    self._keys.pop(key, None)
                    continue
                longest = max(longest, last + self._delay(failures) - now)
            return max(0.0, longest)

    def failed(self, keys: Iterable[str]) -> int:
        """Record a failed sign-in for ``keys``; return the highest failure count among them."""
        now = self._clock()
        with self._lock:
            self._recent.append(now)
            worst = 0
            for key in keys:
                failures = self._keys.pop(key, (0, now))[0] + 1
                self._keys[key] = (failures, now)  # re-inserted last: dict order is least recently failed first
                worst = max(worst, failures)
            while len(self._keys) > self.policy.max_keys:
                self._keys.pop(next(iter(self._keys)))
            return worst

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of ``keys`` after a successful sign-in."""
        with self._lock:
            for key in keys:
                self._keys.pop(key, None)

    def reset(self) -> None:
        """Forget everything (tests; a restart does the same)."""
        with self._lock:
            self._keys.clear()
            self._recent.clear()


SIGN_INS = SignInThrottle()  # one per server process: Streamlit runs every session in its threads
