"""Checks on two cores: the encoder's checks run here while the text-only ones run in a forked child process."""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import sys
from collections.abc import Callable, Sequence

from aligner.checks.base import Check, CheckContext
from aligner.model import AlignedPair, Issue

log = logging.getLogger(__name__)

PARALLEL_FROM = 200  # pairs: below this the fork (~10 ms) costs more than the second core saves

Runner = Callable[[Sequence[AlignedPair], Sequence[Check], CheckContext], tuple[Issue, ...]]


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


def can_fork(pairs: Sequence[AlignedPair], checks: Sequence[Check], ctx: CheckContext) -> bool:
    """True when a two-lane run is possible and worth it here (Linux, enough pairs, no memo, distinct names)."""
    if sys.platform != "linux" or not hasattr(os, "fork") or ctx.memo is not None or len(pairs) < PARALLEL_FROM:
        return False
    names = [c.name for c in checks]
    here, child = split_lanes(checks)
    return len(set(names)) == len(names) and bool(here) and bool(child)


def run_in_lanes(
    pairs: Sequence[AlignedPair], checks: Sequence[Check], ctx: CheckContext, run: Runner
) -> tuple[Issue, ...]:
    """``run(pairs, checks, ctx)`` with the text-only checks in a forked child; issues in ``checks`` order.

    The child's issues come back pickled through a pipe; should the child fail, its checks run here after all,
    so the result is the same as one ``run`` over all the checks.
    """
    here, child = split_lanes(checks)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run its lane, send the issues, leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as out:
                pickle.dump([_plain(i) for i in run(pairs, child, ctx)], out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        except BaseException:
            log.exception("check worker process")
        finally:
            os._exit(status)
    os.close(write_fd)
    found = run(pairs, here, ctx)
    with os.fdopen(read_fd, "rb") as inp:
        data = inp.read()
    _, status = os.waitpid(pid, 0)
    try:
        other: tuple[Issue, ...] = tuple(Issue(*row) for row in pickle.loads(data)) if status == 0 else ()
        ok = status == 0
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        ok = False
    if not ok:
        log.warning("the check worker process failed (status %s); running its checks here", status)
        other = run(pairs, child, ctx)
    by_check: dict[str, list[Issue]] = {c.name: [] for c in checks}
    for issue in (*found, *other):
        by_check[issue.check].append(issue)
    return tuple(issue for c in checks for issue in by_check[c.name])


def _plain(issue: Issue) -> tuple:
    """An issue as a picklable tuple of its fields (its evidence is a read-only mapping view)."""
    return tuple(dict(issue.evidence) if f == "evidence" else getattr(issue, f) for f in _FIELDS)


_FIELDS = tuple(f.name for f in dataclasses.fields(Issue))  # evidence last
