"""Pure review view-state helpers: filter pairs, count progress, join a result with its review states."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from aligner.model import AlignmentResult, Issue, ReviewStatus
from aligner.store.base import PairState

STATUS_LABELS: dict[str, str] = {s.value: s.value.capitalize() for s in ReviewStatus}


@dataclass(frozen=True, slots=True)
class PairFilter:
    """Which pairs the reviewer wants to see; empty sets mean "any"."""

    min_score: float = 0.0
    max_score: float = 100.0
    categories: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    issues_only: bool = False

    def is_default(self) -> bool:
        """True when the filter keeps every pair."""
        return self == PairFilter()


def issues_by_pair(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    """Group issues by pair id."""
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(issue.pair_id, []).append(issue)
    return grouped


def state_of(states: Mapping[str, PairState], pair_id: str) -> PairState:
    """Return the state of ``pair_id`` (a fresh PENDING state when it has none)."""
    return states.get(pair_id) or PairState(pair_id)


def filter_pairs(result: AlignmentResult, states: Mapping[str, PairState], flt: PairFilter) -> list[int]:
    """Return the indices (into ``result.pairs``) of the pairs that pass ``flt``, in document order.

    Pairs without a score pass any score range (they cannot be judged on it).
    """
    if flt.is_default():
        return list(range(len(result.pairs)))
    cats_by_pair: dict[str, set[str]] = {}
    for issue in result.issues:
        cats_by_pair.setdefault(issue.pair_id, set()).add(issue.category.value)
    keep: list[int] = []
    for index, pair in enumerate(result.pairs):
        score = result.scores.get(pair.id)
        if score is not None and not flt.min_score <= score.value <= flt.max_score:
            continue
        cats = cats_by_pair.get(pair.id, set())
        if flt.issues_only and not cats:
            continue
        if flt.categories and not flt.categories & cats:
            continue
        if flt.statuses and state_of(states, pair.id).status.value not in flt.statuses:
            continue
        keep.append(index)
    return keep


def review_progress(states: Mapping[str, PairState], pair_ids: Sequence[str]) -> tuple[int, int]:
    """Return (reviewed, total) over ``pair_ids``: reviewed means any status other than PENDING."""
    reviewed = sum(1 for pid in pair_ids if state_of(states, pid).status is not ReviewStatus.PENDING)
    return reviewed, len(pair_ids)


def status_counts(states: Mapping[str, PairState], pair_ids: Sequence[str]) -> dict[str, int]:
    """Return the number of pairs in each review status (every status present, zero included)."""
    counts = {s.value: 0 for s in ReviewStatus}
    for pid in pair_ids:
        counts[state_of(states, pid).status.value] += 1
    return counts


def states_token(states: Mapping[str, PairState]) -> str:
    """Return a short digest of (pair id, version) for every state: it changes whenever the run's review does."""
    digest = hashlib.blake2b(digest_size=12)
    for pid in sorted(states):
        digest.update(f"{pid}:{states[pid].version};".encode())
    return digest.hexdigest()


def clamp(position: int, length: int) -> int:
    """Clamp a position into ``[0, length - 1]`` (0 for an empty list)."""
    return 0 if length <= 0 else max(0, min(position, length - 1))


def focus_position(visible: Sequence[int], index_of: Mapping[str, int], focus: str | None, fallback: int) -> int:
    """Position in ``visible`` (sorted pair indices) of the focused pair, else of the first visible pair after it.

    A filter or page-size change thus keeps the reviewer's place instead of jumping or skipping pairs;
    ``fallback`` (a position) is used when there is no focused pair or it no longer exists.
    """
    if focus is None or focus not in index_of:
        return clamp(fallback, len(visible))
    return clamp(bisect.bisect_left(visible, index_of[focus]), len(visible))


def find_pair(query: str, pair_ids: Sequence[str]) -> int | None:
    """Index of the pair named by ``query``: its id, else a 1-based number in document order; None if neither."""
    query = query.strip()
    if not query:
        return None
    for index, pid in enumerate(pair_ids):
        if pid == query:
            return index
    if query.isdigit() and 1 <= int(query) <= len(pair_ids):
        return int(query) - 1
    return None


def next_matching(
    result: AlignmentResult, states: Mapping[str, PairState], after: int, *, pending: bool = False
) -> int | None:
    """Index of the first pair after index ``after`` that is pending (``pending``) or has issues; None if none."""
    flagged = {i.pair_id for i in result.issues} if not pending else set()
    for index in range(after + 1, len(result.pairs)):
        pid = result.pairs[index].id
        if pending and state_of(states, pid).status is ReviewStatus.PENDING:
            return index
        if not pending and pid in flagged:
            return index
    return None
