"""Batch progress on stderr: documents done / total, pairs per second and ETA, one line (either engine)."""

from __future__ import annotations

import time
from typing import IO


def format_progress(done: int, total: int, pairs: int, seconds: float) -> str:
    """``batch: 120/1,000 docs (12%) · 340 pairs/s · ETA 0:02:10`` (ETA from the document rate so far)."""
    share = f" ({100 * done // total}%)" if total else ""
    rate = pairs / seconds if seconds > 0 else 0.0
    if done >= total:
        eta = "done"
    elif done and seconds > 0:
        left = int(seconds / done * (total - done))
        eta = f"ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
    else:
        eta = "ETA ?"
    return f"batch: {done:,}/{total:,} docs{share} · {rate:,.0f} pairs/s · {eta}"


class ProgressLine:
    """A BatchProgress callback writing :func:`format_progress` to ``stream``.

    On a terminal the line is redrawn in place at most every ``interval`` seconds (0.5); elsewhere (logs, CI) a new
    line is written every 10 s. The first and the last report are always written.
    """

    def __init__(self, stream: IO[str], *, interval: float | None = None) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.5 if self.tty else 10.0)
        self.start: float | None = None
        self.last = float("-inf")
        self.written = False

    def __call__(self, done: int, total: int, pairs: int) -> None:
        now = time.monotonic()
        if self.start is None:
            self.start = now
        if done < total and now - self.last < self.interval and self.written:
            return
        self.last = now
        text = format_progress(done, total, pairs, now - self.start)
        self.stream.write(f"\r{text}\033[K" if self.tty else text + "\n")
        self.stream.flush()
        self.written = True

    def close(self) -> None:
        """End the redrawn line on a terminal."""
        if self.tty and self.written:
            self.stream.write("\n")
            self.stream.flush()


__all__ = ["ProgressLine", "format_progress"]
