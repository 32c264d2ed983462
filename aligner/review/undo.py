"""Undo and redo of a reviewer's last action, wherever it was: planned from the review log, so a reload keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aligner.store.base import ReviewEvent

BARRIERS = frozenset({"merge", "split"})


@dataclass(frozen=True, slots=True)
class Step:
    """Undo or redo ``pair_id``, which must still be at ``version`` (else another reviewer changed it since)."""

    pair_id: str
    version: int
    action: str  # what is undone or redone: "review" (a verdict, edit or comment), "undo"


@dataclass(frozen=True, slots=True)
class Plan:
    """The reviewer's next undo and redo (None when there is nothing to do)."""

    undo: Step | None = None
    redo: Step | None = None


def _drop_last(items: list[str], pair_id: str) -> None:
    for k in range(len(items) - 1, -1, -1):
        if items[k] == pair_id:
            del items[k]
            return


def plan(events: Sequence[ReviewEvent]) -> Plan:
    """The undo/redo plan after a reviewer's ``events`` (oldest first, every pair of one run).

    A merge or split as the latest action leaves nothing to undo (they are undone by the opposite operation).
    """
    done: list[str] = []
    undone: list[str] = []
    latest: dict[str, ReviewEvent] = {}
    for ev in events:
        latest[ev.pair_id] = ev
        if ev.action == "undo":
            _drop_last(done, ev.pair_id)
            undone.append(ev.pair_id)
        elif ev.action == "redo":
            _drop_last(undone, ev.pair_id)
            done.append(ev.pair_id)
        elif ev.action in BARRIERS:
            done = [p for p in done if p != ev.pair_id]
            undone = [p for p in undone if p != ev.pair_id]
        else:
            done.append(ev.pair_id)
            undone.clear()
    if events and events[-1].action in BARRIERS:
        return Plan()

    def step(stack: list[str]) -> Step | None:
        if not stack:
            return None
        ev = latest[stack[-1]]
        return Step(ev.pair_id, ev.version, ev.action)

    return Plan(step(done), step(undone))
