"""Checks on two cores: the encoder's checks run here while the text-only ones run in a forked child process."""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import signal
import sys
import threading
from collections.abc import Sequence

from aligner.checks.base import Check, CheckContext, run_serial
from aligner.model import AlignedPair, Issue

log = logging.getLogger(__name__)

PARALLEL_FROM = 200  # pairs (or sentences a side): below this the fork (~10 ms) costs more than the second core saves


def available_cpus() -> int:
    """Processors this process may run on (checks use two lanes when there are two)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def split_lanes(checks: Sequence[Check]) -> tuple[list[Check], list[Check]]:
    """Return ``(here, child)``: the checks that use the encoder and those they depend on, and all the others.

    A check's issues depend only on its own run and on the issues of the checks named in its ``skip_if``, so a
    check whose ``skip_if`` names a check of the other lane moves to the calling lane (until nothing moves).
    """
    here = {c.name for c in checks if c.uses_encoder}
    moved = True
    while moved:
        need = set().union(*(c.skip_if for c in checks if c.name in here))
        need |= {c.name for c in checks if c.name not in here and c.skip_if & here}
        moved = not need <= here
        here |= need
    return [c for c in checks if c.name in here], [c for c in checks if c.name not in here]


def can_fork(size: int, checks: Sequence[Check], ctx: CheckContext) -> bool:
    """True when a two-lane run is possible and worth it (Linux, ``size`` pairs or more, no memo, distinct names)."""
    if sys.platform != "linux" or not hasattr(os, "fork") or ctx.memo is not None or size < PARALLEL_FROM:
        return False
    names = [c.name for c in checks]
    here, child = split_lanes(checks)
    return len(set(names)) == len(names) and bool(here) and bool(child)


class Lane:
    """A forked child that runs the text-only checks; started early, it first lets them ``read_ahead`` on the texts.

    ``finish(pairs)`` sends it the pairs, runs the encoder's checks here meanwhile and returns all the issues in
    ``checks`` order; should the child fail, its checks run here after all (the same issues either way).
    """

    def __init__(self, checks: Sequence[Check], ctx: CheckContext, texts: Sequence[tuple[str, str]] = ()) -> None:
        self.checks = list(checks)
        self.here, self.child = split_lanes(self.checks)
        self._done = False  # the child was reaped
        pairs_r, self._pairs_w = os.pipe()
        self._issues_r, issues_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(self._pairs_w)
            os.close(self._issues_r)
            _child_main(self.child, ctx, texts, pairs_r, issues_w)
        os.close(pairs_r)
        os.close(issues_w)
        self._owned = {self._pairs_w, self._issues_r}  # pipe ends this object still has to close

    def finish(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> tuple[Issue, ...]:
        """All the checks' issues on ``pairs`` (``ctx.pairs`` set), in ``checks`` order."""
        sender = threading.Thread(target=self._send, args=(list(pairs),), name="check-lane-send", daemon=True)
        self._owned.discard(self._pairs_w)  # the sender closes it
        sender.start()  # the child may still be preparing: do not wait for it to read
        try:
            found = run_serial(pairs, self.here, ctx)
        except BaseException:
            self.cancel()
            raise
        self._owned.discard(self._issues_r)
        with os.fdopen(self._issues_r, "rb") as inp:
            data = inp.read()
        sender.join()
        _, status = os.waitpid(self.pid, 0)
        self._done = True
        other: tuple[Issue, ...] | None = None
        if status == 0:
            try:
                other = tuple(Issue(*row) for row in pickle.loads(data))
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
                other = None
        if other is None:
            log.warning("the check worker process failed (status %s); running its checks here", status)
            other = run_serial(pairs, self.child, ctx)
        by_check: dict[str, list[Issue]] = {c.name: [] for c in self.checks}
        for issue in (*found, *other):
            by_check[issue.check].append(issue)
        return tuple(issue for c in self.checks for issue in by_check[c.name])

    def cancel(self) -> None:
        """Stop the child without results (the caller failed before ``finish``); a no-op once it was reaped."""
        if self._done:
            return
        self._done = True
        os.kill(self.pid, signal.SIGKILL)  # it may be busy preparing: do not wait for that
        os.waitpid(self.pid, 0)
        for fd in self._owned:
            os.close(fd)
        self._owned.clear()

    def _send(self, pairs: list[AlignedPair]) -> None:
        try:
            with os.fdopen(self._pairs_w, "wb") as out:
                pickle.dump(pairs, out, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:  # the child is gone: finish() sees its status
            pass


def _child_main(
    checks: list[Check], ctx: CheckContext, texts: Sequence[tuple[str, str]], pairs_r: int, issues_w: int
) -> None:
    """Let ``checks`` read ``texts`` ahead, read the pairs, run the checks, send their issues back; exit."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which then stops this process
        for check in checks:
            check.read_ahead(texts)
        with os.fdopen(pairs_r, "rb") as inp:
            pairs = pickle.load(inp)
        if pairs is not None:
            issues = run_serial(pairs, checks, dataclasses.replace(ctx, pairs=tuple(pairs)))
            with os.fdopen(issues_w, "wb") as out:
                pickle.dump([_plain(i) for i in issues], out, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException:
        log.exception("check worker process")
    finally:
        os._exit(status)  # leave without the parent's exit handlers or buffered output


def run_in_lanes(pairs: Sequence[AlignedPair], checks: Sequence[Check], ctx: CheckContext) -> tuple[Issue, ...]:
    """Run ``checks`` over ``pairs`` in two lanes started now (see run_checks)."""
    return Lane(checks, ctx).finish(pairs, ctx)


def _plain(issue: Issue) -> tuple:
    """An issue as a picklable tuple of its fields (its evidence is a read-only mapping view)."""
    return tuple(dict(issue.evidence) if f == "evidence" else getattr(issue, f) for f in _FIELDS)


_FIELDS = tuple(f.name for f in dataclasses.fields(Issue))  # evidence last
