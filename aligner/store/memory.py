"""MemoryStore: the Store protocol in process memory (tests, demo mode); same semantics as the SQL store."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from aligner.model import AlignedPair, AlignmentResult, Issue, QualityScore, ReviewStatus
from aligner.store import logic
from aligner.store.base import (
    ConflictError,
    IssueVerdict,
    NotFoundError,
    PairState,
    ProjectInfo,
    ReviewEvent,
    RunInfo,
    StoreError,
)


@dataclass(slots=True)
class _Run:
    info: RunInfo
    result: AlignmentResult
    links: list[AlignedPair]  # active pairs, in order
    retired: dict[str, str] = field(default_factory=dict)  # pair id -> the pair(s) that replaced it
    issues: list[Issue] = field(default_factory=list)
    scores: dict[str, QualityScore] = field(default_factory=dict)
    events: dict[str, list[ReviewEvent]] = field(default_factory=dict)
    heads: dict[str, PairState] = field(default_factory=dict)  # current state of every pair ever seen
    log: list[ReviewEvent] = field(default_factory=list)  # every event of the run, in order
    verdicts: list[IssueVerdict] = field(default_factory=list)

    def used_ids(self) -> set[str]:
        return {p.id for p in self.links} | set(self.retired)


class MemoryStore:
    """A thread-safe in-memory store; nothing survives the process."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._projects: dict[str, ProjectInfo] = {}
        self._runs: dict[str, _Run] = {}

    def close(self) -> None:
        """Nothing to release (here for symmetry with SqlStore)."""

    # -- projects and runs -------------------------------------------------------------------------------------

    def create_project(self, name: str, *, config: Mapping[str, Any] | None = None) -> str:
        """Create a project and return its id."""
        if not name.strip():
            raise StoreError("a project needs a name")
        pid = uuid.uuid4().hex
        with self._lock:
            self._projects[pid] = ProjectInfo(id=pid, name=name, created_at=logic.now(), config=dict(config or {}))
        return pid

    def list_projects(self) -> list[ProjectInfo]:
        """Return all projects, newest first."""
        with self._lock:
            return list(reversed(self._projects.values()))

    def save_run(
        self, project_id: str, result: AlignmentResult, *, name: str = "", config: Mapping[str, Any] | None = None
    ) -> str:
        """Store the result; return the run id."""
        logic.validate_result(result)
        with self._lock:
            if project_id not in self._projects:
                raise NotFoundError(f"no project {project_id!r}")
            rid = uuid.uuid4().hex
            info = RunInfo(
                id=rid,
                project_id=project_id,
                name=name or result.src.id,
                created_at=logic.now(),
                signature=result.signature.format(),
                n_pairs=len(result.pairs),
                layout=result.layout.value,
                config=dict(config or {}),
            )
            self._runs[rid] = _Run(
                info=info,
                result=result,
                links=list(result.pairs),
                issues=list(result.issues),
                scores=dict(result.scores),
                heads={p.id: PairState(pair_id=p.id) for p in result.pairs},
            )
        return rid

    def list_runs(self, project_id: str) -> list[RunInfo]:
        """Return the runs of a project, newest first."""
        with self._lock:
            if project_id not in self._projects:
                raise NotFoundError(f"no project {project_id!r}")
            return [r.info for r in reversed(self._runs.values()) if r.info.project_id == project_id]

    def get_run(self, run_id: str) -> RunInfo:
        """Return one run's info."""
        with self._lock:
            return self._run(run_id).info

    def load_run(self, run_id: str) -> AlignmentResult:
        """Rebuild the result with the current links, issues and scores."""
        with self._lock:
            run = self._run(run_id)
            active = {p.id for p in run.links}
            return replace(
                run.result,
                pairs=tuple(run.links),
                issues=tuple(i for i in run.issues if i.pair_id in active),
                scores={k: v for k, v in run.scores.items() if k in active},
            )

    # -- reviews -----------------------------------------------------------------------------------------------

    def pair_states(self, run_id: str) -> dict[str, PairState]:
        """Return the latest review state of every current pair."""
        with self._lock:
            run = self._run(run_id)
            heads = run.heads
            return {p.id: heads[p.id] for p in run.links}

    def record_review(
        self,
        run_id: str,
        pair_id: str,
        *,
        status: ReviewStatus,
        reviewer: str,
        expected_version: int,
        edited_text: str | None = None,
        comment: str | None = None,
        seconds: float | None = None,
        edited_src: str | None = None,
    ) -> PairState:
        """Append a review event if the pair is still at ``expected_version``."""
        status = logic.check_review(status, reviewer, expected_version, edited_text, edited_src)
        seconds = logic.check_seconds(seconds)
        with self._lock:
            run = self._run(run_id)
            self._check_current(run, pair_id, expected_version)
            snap = logic.Snapshot(status, edited_text, comment, edited_src)
            event = self._append(run, pair_id, snap, reviewer, "review", seconds)
            return logic.state_of(pair_id, event)

    def undo(self, run_id: str, pair_id: str, *, reviewer: str, expected_version: int) -> PairState:
        """Append an event restoring the state before the latest review."""
        return self._restore(run_id, pair_id, reviewer, expected_version, logic.undo_target, "undo")

    def redo(self, run_id: str, pair_id: str, *, reviewer: str, expected_version: int) -> PairState:
        """Append an event re-applying the state the latest undo took away."""
        return self._restore(run_id, pair_id, reviewer, expected_version, logic.redo_target, "redo")

    def _restore(
        self, run_id: str, pair_id: str, reviewer: str, expected_version: int, target_of: logic.TargetOf, kind: str
    ) -> PairState:
        """Append a ``kind`` event (undo or redo) whose state ``target_of(pair_id, events)`` picks."""
        logic.check_review(ReviewStatus.PENDING, reviewer, expected_version, None)
        with self._lock:
            run = self._run(run_id)
            self._check_current(run, pair_id, expected_version)
            target = target_of(pair_id, run.events.get(pair_id, []))
            event = self._append(run, pair_id, target, reviewer, kind)
            return logic.state_of(pair_id, event)

    def reviewer_events(self, run_id: str, reviewer: str) -> list[ReviewEvent]:
        """Return every event of ``reviewer`` in the run, oldest first."""
        with self._lock:
            run = self._run(run_id)
            return [e for e in run.log if e.reviewer == reviewer]

    def history(self, run_id: str, pair_id: str) -> list[ReviewEvent]:
        """Return a pair's events, oldest first (retired pairs keep theirs)."""
        with self._lock:
            run = self._run(run_id)
            if pair_id not in run.used_ids():
                raise NotFoundError(f"no pair {pair_id!r} in run {run_id}")
            return list(run.events.get(pair_id, []))

    # -- checks and links --------------------------------------------------------------------------------------

    def replace_pair_checks(
        self, run_id: str, pair_id: str, issues: Sequence[Issue], score: QualityScore | None
    ) -> None:
        """Replace a pair's issues and score."""
        logic.validate_checks(pair_id, issues, score)
        with self._lock:
            run = self._run(run_id)
            self._active(run, pair_id)
            run.issues = [i for i in run.issues if i.pair_id != pair_id] + list(issues)
            run.scores.pop(pair_id, None)
            if score is not None:
                run.scores[pair_id] = score

    def record_verdict(self, verdict: IssueVerdict) -> None:
        """Append a reviewer's verdict on an issue."""
        logic.check_verdict(verdict)
        with self._lock:
            run = self._run(verdict.run_id)
            self._active(run, verdict.pair_id)
            run.verdicts.append(verdict)

    def verdicts(self, run_id: str, pair_id: str | None = None) -> list[IssueVerdict]:
        """Return the run's verdicts (of one pair when given), oldest first."""
        with self._lock:
            run = self._run(run_id)
            return [v for v in run.verdicts if pair_id is None or v.pair_id == pair_id]

    def merge_with_next(
        self, run_id: str, pair_id: str, *, reviewer: str, expected_versions: Mapping[str, int] | None = None
    ) -> str:
        """Merge a pair with the next one; return the merged pair id."""
        logic.check_review(ReviewStatus.PENDING, reviewer, 0, None)
        with self._lock:
            run = self._run(run_id)
            pos = self._active(run, pair_id)
            if pos + 1 >= len(run.links):
                raise StoreError(f"pair {pair_id} is the last pair; there is nothing to merge it with")
            a, b = run.links[pos], run.links[pos + 1]
            if expected_versions is not None and b.id not in expected_versions:
                raise ConflictError(f"pair {pair_id} is now followed by {b.id}; reload to see the new pairs")
            logic.check_versions(expected_versions, {p: self._latest(run, p) for p in (a.id, b.id)})
            used = run.used_ids()
            new_id = logic.unique_pair_id(logic.merged_id(a.id, b.id), used.__contains__, "m", len(used) + 1)
            merged = logic.merged_pair(a, b, new_id)
            start = logic.merged_snapshot(a, self._state(run, a.id), b, self._state(run, b.id))
            for old in (a, b):
                self._append(run, old.id, self._snapshot(run, old.id), reviewer, "merge")
                run.retired[old.id] = new_id
            run.links[pos : pos + 2] = [merged]
            self._append(run, new_id, start, reviewer, "merge")
            run.info = replace(run.info, n_pairs=len(run.links))
            return new_id

    def split_pair(
        self,
        run_id: str,
        pair_id: str,
        *,
        reviewer: str,
        at: tuple[int, int] | None = None,
        expected_version: int | None = None,
    ) -> tuple[str, str]:
        """Split a pair into two; return the new pair ids."""
        logic.check_review(ReviewStatus.PENDING, reviewer, 0, None)
        with self._lock:
            run = self._run(run_id)
            pos = self._active(run, pair_id)
            old = run.links[pos]
            if expected_version is not None:
                logic.check_versions({pair_id: expected_version}, {pair_id: self._latest(run, pair_id)})
            start = logic.split_snapshot(pair_id, self._state(run, pair_id))
            used = run.used_ids()
            first = logic.unique_pair_id(f"{old.id}.1", used.__contains__, "s", len(used) + 1)
            used.add(first)
            second = logic.unique_pair_id(f"{old.id}.2", used.__contains__, "s", len(used) + 1)
            parts = logic.split_pairs(old, at, run.result.src_segments, run.result.tgt_segments, (first, second))
            self._append(run, old.id, self._snapshot(run, old.id), reviewer, "split")
            run.retired[old.id] = f"{first} + {second}"
            run.links[pos : pos + 1] = list(parts)
            for part in parts:
                self._append(run, part.id, start, reviewer, "split")
            run.info = replace(run.info, n_pairs=len(run.links))
            return first, second

    # -- helpers -----------------------------------------------------------------------------------------------

    def _run(self, run_id: str) -> _Run:
        try:
            return self._runs[run_id]
        except KeyError:
            raise NotFoundError(f"no run {run_id!r}") from None

    @staticmethod
    def _latest(run: _Run, pair_id: str) -> ReviewEvent | None:
        events = run.events.get(pair_id)
        return events[-1] if events else None

    def _state(self, run: _Run, pair_id: str) -> PairState:
        return logic.state_of(pair_id, self._latest(run, pair_id))

    def _snapshot(self, run: _Run, pair_id: str) -> logic.Snapshot:
        state = self._state(run, pair_id)
        return logic.Snapshot(state.status, state.edited_text, state.comment, state.edited_src)

    def _active(self, run: _Run, pair_id: str) -> int:
        """Return the position of an active pair; NotFoundError / ConflictError (retired) otherwise."""
        for pos, pair in enumerate(run.links):
            if pair.id == pair_id:
                return pos
        if pair_id in run.retired:
            raise logic.retired(pair_id, run.retired[pair_id], self._latest(run, pair_id))
        raise NotFoundError(f"no pair {pair_id!r} in run {run.info.id}")

    def _check_current(self, run: _Run, pair_id: str, expected_version: int) -> None:
        self._active(run, pair_id)
        latest = self._latest(run, pair_id)
        if (0 if latest is None else latest.version) != expected_version:
            raise logic.conflict(pair_id, expected_version, latest)

    def _append(
        self, run: _Run, pair_id: str, snap: logic.Snapshot, reviewer: str, action: str, seconds: float | None = None
    ) -> ReviewEvent:
        events = run.events.setdefault(pair_id, [])
        event = ReviewEvent(
            run_id=run.info.id,
            pair_id=pair_id,
            version=len(events) + 1,
            status=snap.status,
            reviewer=reviewer,
            at=logic.now(),
            edited_text=snap.edited_text,
            comment=snap.comment,
            action=action,
            seconds=seconds,
            edited_src=snap.edited_src,
        )
        events.append(event)
        run.log.append(event)
        run.heads[pair_id] = logic.state_of(pair_id, event)
        return event
