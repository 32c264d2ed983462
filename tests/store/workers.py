"""Writer processes for the SQLite concurrency and crash tests (module-level so multiprocessing can run them)."""

from __future__ import annotations

from typing import Any

from aligner.model import ReviewStatus
from aligner.store import ConflictError
from aligner.store.sql import SqlStore
from tests.store.factory import make_large


def review_distinct(url: str, run_id: str, pair_ids: list[str], rounds: int, name: str, out: Any) -> None:
    """Review each of ``pair_ids`` ``rounds`` times (nobody else touches them)."""
    done, error = 0, None
    try:
        store = SqlStore(url)
        for r in range(rounds):
            for pid in pair_ids:
                status = ReviewStatus.ACCEPTED if r % 2 == 0 else ReviewStatus.REJECTED
                store.record_review(run_id, pid, status=status, reviewer=name, expected_version=r, comment=f"r{r}")
                done += 1
        store.close()
    except Exception as exc:  # reported to the parent, which fails the test
        error = repr(exc)
    out.put((name, done, error))


def race_same_pair(url: str, run_id: str, pair_id: str, barrier: Any, attempts: int, name: str, out: Any) -> None:
    """All writers start together on version 0, then read-modify-write the same pair ``attempts`` times."""
    first, won, lost, errors = "", [], 0, []
    try:
        store = SqlStore(url)
        barrier.wait(timeout=60)
        try:
            store.record_review(run_id, pair_id, status=ReviewStatus.ACCEPTED, reviewer=name, expected_version=0)
            first, won = "won", [1]
        except ConflictError:
            first = "lost"
        for _ in range(attempts):
            version = store.pair_states(run_id)[pair_id].version
            try:
                state = store.record_review(
                    run_id,
                    pair_id,
                    status=ReviewStatus.EDITED,
                    reviewer=name,
                    expected_version=version,
                    edited_text=name,
                )
                won.append(state.version)
            except ConflictError:
                lost += 1
        store.close()
    except Exception as exc:
        errors.append(repr(exc))
    out.put((name, first, won, lost, errors))


def review_forever(url: str, run_id: str, pair_id: str, counter: Any) -> None:
    """Append reviews until killed; ``counter`` holds the number of committed events."""
    store = SqlStore(url)
    version = 0
    while True:
        store.record_review(
            run_id, pair_id, status=ReviewStatus.EDITED, reviewer="w", expected_version=version, edited_text="x" * 200
        )
        version += 1
        counter.value = version


def save_forever(url: str, project_id: str, n_pairs: int, counter: Any) -> None:
    """Save runs until killed; ``counter`` holds the number of committed runs."""
    store = SqlStore(url)
    result = make_large(n_pairs)
    while True:
        store.save_run(project_id, result)
        counter.value += 1
