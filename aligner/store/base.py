"""Store protocol and its records: runs (frozen results) plus an append-only review-event log per pair."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from aligner.errors import AlignerError, UserError
from aligner.model import AlignmentResult, Issue, QualityScore, ReviewStatus


class StoreError(AlignerError, RuntimeError):
    """A store operation failed; the message is one line, fit for the user."""


class ConflictError(StoreError):
    """Optimistic locking: the pair changed since the caller read it (another reviewer saved first)."""


class NotFoundError(StoreError, UserError):
    """No project, run or pair with that id."""


class StoreUnavailableError(StoreError, UserError):
    """The database refused an operation (disk full, read-only, gone); the message says what to do, the log why."""


STORE_WRITE_FAILED = (
    "Not saved: the project store refused the write (the disk may be full or the store read-only). Everything "
    "saved before is intact. Free some disk space or make the store writable, then repeat this action; the "
    "server log has the details."
)
STORE_READ_FAILED = (
    "The project store cannot be read right now (it may be missing, locked or damaged). Nothing was changed. "
    "Check the store's file or database server, then reload; the server log has the details."
)


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    """A project: a named set of runs with the config they were made with."""

    id: str
    name: str
    created_at: datetime
    config: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One aligned-and-checked bitext saved in a project."""

    id: str
    project_id: str
    name: str
    created_at: datetime
    signature: str
    n_pairs: int
    layout: str = "documents"
    config: Mapping[str, Any] = field(default_factory=dict)  # the config the run was made with (as saved)


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One append-only review event; undo is itself an event (status/text of the state restored)."""

    run_id: str
    pair_id: str
    version: int  # the pair's version after this event (1, 2, ...)
    status: ReviewStatus
    reviewer: str
    at: datetime
    edited_text: str | None = None  # the Arabic as edited (None = unchanged from the aligned text)
    comment: str | None = None
    action: str = "review"  # "review" | "undo" | "redo" | "merge" | "split"
    seconds: float | None = None  # time the reviewer spent on the pair before this event (None = not measured)
    edited_src: str | None = None  # the English as edited (None = unchanged from the aligned text)


@dataclass(frozen=True, slots=True)
class IssueVerdict:
    """One append-only reviewer verdict on an issue (aligner.review.verdicts replays them).

    ``issue_key`` names the issue on one text (check, span, message and a digest of the pair's shown texts), so a
    verdict applies again whenever a re-check of that same text raises the same issue, and never to another text.
    ``kind``: dismiss (a false positive; ``reason`` optional) | confirm | reopen | severity (``severity`` set) |
    add (a reviewer's own issue, whose fields are ``issue``) | retract (an added issue withdrawn).
    """

    run_id: str
    pair_id: str
    issue_key: str
    kind: str
    reviewer: str
    at: datetime
    reason: str | None = None
    severity: int | None = None
    issue: Issue | None = None


@dataclass(frozen=True, slots=True)
class PairState:
    """The latest review state of a pair, derived by replaying its events."""

    pair_id: str
    status: ReviewStatus = ReviewStatus.PENDING
    edited_text: str | None = None
    comment: str | None = None
    reviewer: str | None = None
    version: int = 0  # 0 = never reviewed
    updated_at: datetime | None = None
    edited_src: str | None = None  # the English as edited (source typos), like edited_text for the Arabic


class Store(Protocol):
    """Persistence for projects, runs and reviews. Implementations: memory, SQL (SQLite WAL / PostgreSQL)."""

    def create_project(self, name: str, *, config: Mapping[str, Any] | None = None) -> str:
        """Create a project and return its id."""
        ...

    def list_projects(self) -> list[ProjectInfo]:
        """Return all projects, newest first."""
        ...

    def save_run(
        self, project_id: str, result: AlignmentResult, *, name: str = "", config: Mapping[str, Any] | None = None
    ) -> str:
        """Store documents, sentences (once), alignment links, issues and scores; return the run id."""
        ...

    def list_runs(self, project_id: str) -> list[RunInfo]:
        """Return the runs of a project, newest first."""
        ...

    def get_run(self, run_id: str) -> RunInfo:
        """Return one run's info (NotFoundError if unknown)."""
        ...

    def load_run(self, run_id: str) -> AlignmentResult:
        """Rebuild the result, with the current links (after merges/splits), issues and scores."""
        ...

    def pair_states(self, run_id: str) -> dict[str, PairState]:
        """Return the latest review state of every pair of the run (PENDING/version 0 when unreviewed)."""
        ...

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
        """Append a review event; raise ConflictError if the pair's version is not ``expected_version``.

        The event carries the pair's whole state: ``edited_text`` / ``edited_src`` are the Arabic / English as
        edited (None = as aligned). ``seconds``: the time the reviewer spent on the pair, kept in the review log.
        """
        ...

    def undo(self, run_id: str, pair_id: str, *, reviewer: str, expected_version: int) -> PairState:
        """Append an event restoring the state before the latest one; ConflictError as above."""
        ...

    def redo(self, run_id: str, pair_id: str, *, reviewer: str, expected_version: int) -> PairState:
        """Append an event re-applying the state the latest undo took away; ConflictError as above."""
        ...

    def history(self, run_id: str, pair_id: str) -> list[ReviewEvent]:
        """Return a pair's events, oldest first."""
        ...

    def reviewer_events(self, run_id: str, reviewer: str) -> list[ReviewEvent]:
        """Return every event of ``reviewer`` in the run (all pairs, retired ones too), oldest first."""
        ...

    def replace_pair_checks(
        self, run_id: str, pair_id: str, issues: Sequence[Issue], score: QualityScore | None
    ) -> None:
        """Replace a pair's issues and score (after an edit was re-checked)."""
        ...

    def record_verdict(self, verdict: IssueVerdict) -> None:
        """Append a reviewer's verdict on an issue of an active pair (NotFoundError / ConflictError if retired)."""
        ...

    def verdicts(self, run_id: str, pair_id: str | None = None) -> list[IssueVerdict]:
        """Return the run's verdicts (of one pair when given), oldest first."""
        ...

    def merge_with_next(
        self, run_id: str, pair_id: str, *, reviewer: str, expected_versions: Mapping[str, int] | None = None
    ) -> str:
        """Merge a pair with the next one (links only; sentences untouched); return the merged pair id.

        ``expected_versions`` (pair id -> version the reviewer saw, for the pair and the next one): ConflictError
        when either changed since. The merged pair keeps edits, comments and a rejection of its parts.
        """
        ...

    def split_pair(
        self,
        run_id: str,
        pair_id: str,
        *,
        reviewer: str,
        at: tuple[int, int] | None = None,
        expected_version: int | None = None,
    ) -> tuple[str, str]:
        """Split a many-sentence pair into two (links only); return the two new pair ids.

        ``at`` = (source sentences, target sentences) that go to the first part; None picks the split whose
        character-length proportions agree best on both sides. ``expected_version``: ConflictError when the pair
        changed since. Both parts keep the comment; an edited pair is refused (the edit cannot be split).
        """
        ...
