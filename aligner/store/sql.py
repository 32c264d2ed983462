"""SqlStore: the Store protocol on SQLAlchemy 2 (SQLite in WAL mode by default, PostgreSQL by URL)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from aligner.model import AlignmentResult, Document, Issue, QualityScore, ReviewStatus, Segment
from aligner.store import logic, rows, sql_read
from aligner.store.base import IssueVerdict, NotFoundError, PairState, ProjectInfo, ReviewEvent, RunInfo, StoreError
from aligner.store.engine import make_engine, transaction, unavailable
from aligner.store.migrate import upgrade_engine
from aligner.store.schema import documents, issue_verdicts, links, projects, review_events, runs, scores, sentences
from aligner.store.schema import issues as issues_table
from aligner.store.sql_links import POSITION_GAP, LinkOps
from aligner.store.sql_util import Lru

log = logging.getLogger(__name__)
Segments = tuple[tuple[Segment, ...], tuple[Segment, ...]]
_CACHE_RUNS = 4


class SqlStore(LinkOps):
    """A durable store: every public write is one transaction; review races are settled by a UNIQUE constraint."""

    def __init__(self, url: str, *, migrate: bool = True, synchronous: str = "FULL") -> None:
        self.url = url
        self.engine: Engine = make_engine(url, synchronous=synchronous)
        self._docs: Lru[tuple[tuple[Document, Document], Segments]] = Lru(_CACHE_RUNS)
        self._results: Lru[tuple[int, int, AlignmentResult]] = Lru(_CACHE_RUNS)
        self._states: Lru[tuple[int, int, dict[str, PairState]]] = Lru(_CACHE_RUNS)
        if migrate:
            try:
                upgrade_engine(self.engine)
            except DBAPIError as exc:
                raise unavailable(exc, write=False) from None

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def clear_caches(self) -> None:
        """Forget this process's cached results and pair states (they are also refreshed automatically)."""
        self._docs.clear()
        self._results.clear()
        self._states.clear()

    def __repr__(self) -> str:
        return f"SqlStore({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- projects and runs -------------------------------------------------------------------------------------

    def create_project(self, name: str, *, config: Mapping[str, Any] | None = None) -> str:
        """Create a project and return its id."""
        if not name.strip():
            raise StoreError("a project needs a name")
        pid = uuid.uuid4().hex
        with transaction(self.engine, write=True) as conn:
            conn.execute(
                insert(projects).values(id=pid, name=name, created_at=logic.now(), config=rows.plain(config or {}))
            )
        return pid

    def list_projects(self) -> list[ProjectInfo]:
        """Return all projects, newest first."""
        with transaction(self.engine, write=False) as conn:
            found = conn.execute(select(projects).order_by(projects.c.pk.desc())).all()
        return [ProjectInfo(id=r.id, name=r.name, created_at=r.created_at, config=r.config) for r in found]

    def save_run(
        self, project_id: str, result: AlignmentResult, *, name: str = "", config: Mapping[str, Any] | None = None
    ) -> str:
        """Store documents, sentences, links, issues and scores in one transaction; return the run id."""
        logic.validate_result(result)
        rid, at = uuid.uuid4().hex, logic.now()
        doc_score = result.document_score
        with transaction(self.engine, write=True) as conn:
            if conn.execute(select(projects.c.pk).where(projects.c.id == project_id)).first() is None:
                raise NotFoundError(f"no project {project_id!r}")
            conn.execute(
                insert(runs).values(
                    id=rid,
                    project_id=project_id,
                    name=name or result.src.id,
                    created_at=at,
                    signature=result.signature.format(),
                    signature_fields=rows.signature_fields(result.signature),
                    config=rows.plain(config or {}),
                    layout=result.layout.value,
                    n_pairs=len(result.pairs),
                    doc_score=None if doc_score is None else doc_score.value,
                    doc_score_components=None if doc_score is None else rows.plain(doc_score.components),
                    revision=0,
                    state_seq=0,
                    checks_seq=0,
                )
            )
            for side, doc, segs in (("src", result.src, result.src_segments), ("tgt", result.tgt, result.tgt_segments)):
                pk = conn.execute(insert(documents).values(rows.document_row(rid, side, doc))).inserted_primary_key[0]
                if segs:
                    conn.execute(insert(sentences), rows.sentence_rows(pk, doc, segs))
            src, tgt = result.src_segments, result.tgt_segments
            if result.pairs:
                link_rows = [rows.link_row(rid, k * POSITION_GAP, p, src, tgt, at) for k, p in enumerate(result.pairs)]
                conn.execute(insert(links), link_rows)
            if result.issues:
                conn.execute(insert(issues_table), [rows.issue_row(rid, k, i) for k, i in enumerate(result.issues)])
            if result.scores:
                conn.execute(insert(scores), [rows.score_row(rid, p, s) for p, s in result.scores.items()])
        log.info("saved run %s (%d pairs) in project %s", rid, len(result.pairs), project_id)
        return rid

    def list_runs(self, project_id: str) -> list[RunInfo]:
        """Return the runs of a project, newest first."""
        with transaction(self.engine, write=False) as conn:
            if conn.execute(select(projects.c.pk).where(projects.c.id == project_id)).first() is None:
                raise NotFoundError(f"no project {project_id!r}")
            found = conn.execute(select(runs).where(runs.c.project_id == project_id).order_by(runs.c.pk.desc())).all()
        return [self._run_info(r) for r in found]

    def get_run(self, run_id: str) -> RunInfo:
        """Return one run's info."""
        with transaction(self.engine, write=False) as conn:
            return self._run_info(self._run_row(conn, run_id))

    def load_run(self, run_id: str) -> AlignmentResult:
        """Rebuild the result with the current links (after merges/splits), issues and scores.

        Cached per run and refreshed incrementally: an unchanged run costs one indexed lookup; after a recheck only
        the re-checked pairs' issues and scores are read, after a merge/split only the new pairs' links.
        """
        with transaction(self.engine, write=False) as conn:
            run = self._run_row(conn, run_id)
            cached = self._results.get(run_id)
            if cached is not None and (cached[0], cached[1]) == (run.revision, run.checks_seq):
                return cached[2]
            result = None
            if cached is not None and cached[0] <= run.revision and cached[1] <= run.checks_seq:
                old = cached[2] if cached[0] == run.revision else sql_read.relink(conn, run_id, cached[2])
                result = None if old is None else sql_read.refresh_checks(conn, run_id, cached[1], old)
            if result is None:
                result = sql_read.build_result(conn, run, *self._documents(conn, run_id))
        self._results.put(run_id, (run.revision, run.checks_seq, result))
        return result

    # -- reviews -----------------------------------------------------------------------------------------------

    def pair_states(self, run_id: str) -> dict[str, PairState]:
        """Return the latest review state of every current pair, in pair order.

        Cached per run and refreshed incrementally: an unchanged run costs one indexed lookup; otherwise only the
        pairs whose ``state_seq`` advanced are read (plus the ordered pair ids after a merge/split).
        """
        with transaction(self.engine, write=False) as conn:
            head = conn.execute(select(runs.c.revision, runs.c.state_seq).where(runs.c.id == run_id)).first()
            if head is None:
                raise NotFoundError(f"no run {run_id!r}")
            cached = self._states.get(run_id)
            if cached is not None and (cached[0], cached[1]) == (head.revision, head.state_seq):
                return dict(cached[2])
            states = None
            if cached is not None and cached[0] <= head.revision and cached[1] <= head.state_seq:
                states = sql_read.refresh_states(conn, run_id, cached[1], cached[2], reorder=cached[0] != head.revision)
            if states is None:
                states = sql_read.read_states(conn, run_id)
        self._states.put(run_id, (head.revision, head.state_seq, states))
        return dict(states)

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
        """Append version ``expected_version + 1`` of the pair, or raise ConflictError."""
        status = logic.check_review(status, reviewer, expected_version, edited_text, edited_src)
        seconds = logic.check_seconds(seconds)
        snap = logic.Snapshot(status, edited_text, comment, edited_src)
        try:
            with transaction(self.engine, write=True) as conn:
                link = self._check_current(conn, run_id, pair_id, expected_version)
                event = self._append(conn, link, snap, reviewer, "review", seconds)
        except IntegrityError as exc:  # a concurrent writer appended this version first (PostgreSQL, or no lock)
            raise self._lost_race(run_id, pair_id, expected_version) from exc
        return logic.state_of(pair_id, event)

    def undo(self, run_id: str, pair_id: str, *, reviewer: str, expected_version: int) -> PairState:
        """Append an event restoring the state before the latest non-undo event."""
        return self._restore(run_id, pair_id, reviewer, expected_version, logic.undo_target, "undo")

    def redo(self, run_id: str, pair_id: str, *, reviewer: str, expected_version: int) -> PairState:
        """Append an event re-applying the state the latest undo took away."""
        return self._restore(run_id, pair_id, reviewer, expected_version, logic.redo_target, "redo")

    def _restore(
        self, run_id: str, pair_id: str, reviewer: str, expected_version: int, target_of: logic.TargetOf, kind: str
    ) -> PairState:
        """Append a ``kind`` event (undo or redo) whose state ``target_of(pair_id, events)`` picks."""
        logic.check_review(ReviewStatus.PENDING, reviewer, expected_version, None)
        try:
            with transaction(self.engine, write=True) as conn:
                link = self._check_current(conn, run_id, pair_id, expected_version)
                target = target_of(pair_id, self._events(conn, run_id, pair_id))
                event = self._append(conn, link, target, reviewer, kind)
        except IntegrityError as exc:
            raise self._lost_race(run_id, pair_id, expected_version) from exc
        return logic.state_of(pair_id, event)

    def reviewer_events(self, run_id: str, reviewer: str) -> list[ReviewEvent]:
        """Return every event of ``reviewer`` in the run, oldest first."""
        ev = review_events
        with transaction(self.engine, write=False) as conn:
            self._run_row(conn, run_id, columns=(runs.c.pk,))
            q = select(ev).where(ev.c.run_id == run_id, ev.c.reviewer == reviewer).order_by(ev.c.pk)
            return [rows.event_of(r) for r in conn.execute(q).all()]

    def history(self, run_id: str, pair_id: str) -> list[ReviewEvent]:
        """Return a pair's events, oldest first (retired pairs keep theirs)."""
        with transaction(self.engine, write=False) as conn:
            self._link(conn, run_id, pair_id, active_only=False)
            return self._events(conn, run_id, pair_id)

    def replace_pair_checks(
        self, run_id: str, pair_id: str, issues: Sequence[Issue], score: QualityScore | None
    ) -> None:
        """Replace a pair's issues (appended after the run's others) and score."""
        logic.validate_checks(pair_id, issues, score)
        with transaction(self.engine, write=True) as conn:
            link = self._link(conn, run_id, pair_id, lock=True)
            where = and_(issues_table.c.run_id == run_id, issues_table.c.pair_id == pair_id)
            conn.execute(delete(issues_table).where(where))
            first = conn.execute(
                select(func.coalesce(func.max(issues_table.c.ordinal), -1) + 1).where(issues_table.c.run_id == run_id)
            ).scalar_one()
            if issues:
                conn.execute(insert(issues_table), [rows.issue_row(run_id, first + k, i) for k, i in enumerate(issues)])
            conn.execute(delete(scores).where(scores.c.run_id == run_id, scores.c.pair_id == pair_id))
            if score is not None:
                conn.execute(insert(scores).values(rows.score_row(run_id, pair_id, score)))
            seq = conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(checks_seq=runs.c.checks_seq + 1)
                .returning(runs.c.checks_seq)
            ).scalar_one()
            conn.execute(update(links).where(links.c.pk == link.pk).values(checks_seq=seq))

    def record_verdict(self, verdict: IssueVerdict) -> None:
        """Append a reviewer's verdict on an issue."""
        logic.check_verdict(verdict)
        with transaction(self.engine, write=True) as conn:
            self._link(conn, verdict.run_id, verdict.pair_id)
            conn.execute(insert(issue_verdicts).values(rows.verdict_row(verdict)))

    def verdicts(self, run_id: str, pair_id: str | None = None) -> list[IssueVerdict]:
        """Return the run's verdicts (of one pair when given), oldest first."""
        iv = issue_verdicts
        with transaction(self.engine, write=False) as conn:
            self._run_row(conn, run_id, columns=(runs.c.pk,))
            q = select(iv).where(iv.c.run_id == run_id)
            if pair_id is not None:
                q = q.where(iv.c.pair_id == pair_id)
            return [rows.verdict_of(r) for r in conn.execute(q.order_by(iv.c.pk)).all()]

    # -- helpers shared with LinkOps ---------------------------------------------------------------------------

    @staticmethod
    def _run_info(r: Any) -> RunInfo:
        return RunInfo(
            id=r.id,
            project_id=r.project_id,
            name=r.name,
            created_at=r.created_at,
            signature=r.signature,
            n_pairs=r.n_pairs,
            layout=r.layout,
            config=r.config,
        )

    @staticmethod
    def _run_row(conn: Connection, run_id: str, *, columns: Sequence[Any] = ()) -> Any:
        found = conn.execute(select(*(columns or (runs,))).where(runs.c.id == run_id)).first()
        if found is None:
            raise NotFoundError(f"no run {run_id!r}")
        return found

    def _documents(self, conn: Connection, run_id: str) -> tuple[tuple[Document, Document], Segments]:
        """The run's documents and sentences (immutable once saved, so cached per run)."""
        cached = self._docs.get(run_id)
        if cached is not None:
            return cached
        found = {r.side: r for r in conn.execute(select(documents).where(documents.c.run_id == run_id)).all()}
        if set(found) != {"src", "tgt"}:
            raise StoreError(f"run {run_id} is missing its documents")
        docs = (rows.document_of(found["src"]), rows.document_of(found["tgt"]))
        segs = []
        for side, doc in zip(("src", "tgt"), docs, strict=True):
            q = select(sentences).where(sentences.c.document_pk == found[side].pk).order_by(sentences.c.idx)
            segs.append(tuple(rows.segment_of(r, doc) for r in conn.execute(q).all()))
        value = (docs, (segs[0], segs[1]))
        self._docs.put(run_id, value)
        return value

    def _segments_of(self, conn: Connection, run_id: str) -> Segments:
        return self._documents(conn, run_id)[1]

    def _latest(self, conn: Connection, run_id: str, pair_id: str) -> ReviewEvent | None:
        ev = review_events
        found = conn.execute(
            select(ev).where(ev.c.run_id == run_id, ev.c.pair_id == pair_id).order_by(ev.c.version.desc()).limit(1)
        ).first()
        return None if found is None else rows.event_of(found)

    def _events(self, conn: Connection, run_id: str, pair_id: str) -> list[ReviewEvent]:
        ev = review_events
        q = select(ev).where(ev.c.run_id == run_id, ev.c.pair_id == pair_id).order_by(ev.c.version)
        return [rows.event_of(r) for r in conn.execute(q).all()]

    def _link(
        self, conn: Connection, run_id: str, pair_id: str, *, lock: bool = False, active_only: bool = True
    ) -> Any:
        """The pair's links row; NotFoundError if unknown, ConflictError if a merge/split retired it."""
        q = select(links).where(links.c.run_id == run_id, links.c.pair_id == pair_id)
        found = conn.execute(q.with_for_update() if lock else q).first()
        if found is None:
            self._run_row(conn, run_id, columns=(runs.c.pk,))
            raise NotFoundError(f"no pair {pair_id!r} in run {run_id}")
        if active_only and not found.active:
            raise logic.retired(pair_id, found.replaced_by, self._latest(conn, run_id, pair_id))
        return found

    def _check_current(self, conn: Connection, run_id: str, pair_id: str, expected: int) -> Any:
        """The pair's (locked) links row if it is active and at version ``expected``; ConflictError otherwise."""
        link = self._link(conn, run_id, pair_id, lock=True)
        if link.version != expected:
            raise logic.conflict(pair_id, expected, self._latest(conn, run_id, pair_id))
        return link

    def _append(
        self,
        conn: Connection,
        link: Any,
        snap: logic.Snapshot,
        reviewer: str,
        action: str,
        seconds: float | None = None,
    ) -> ReviewEvent:
        """Append the next event of a pair and copy it into the pair's links row (compare-and-set on the version)."""
        event = ReviewEvent(
            run_id=link.run_id,
            pair_id=link.pair_id,
            version=link.version + 1,
            status=snap.status,
            reviewer=reviewer,
            at=logic.now(),
            edited_text=snap.edited_text,
            comment=snap.comment,
            action=action,
            seconds=seconds,
            edited_src=snap.edited_src,
        )
        state = {
            "status": snap.status.value,
            "edited_text": snap.edited_text,
            "edited_src": snap.edited_src,
            "comment": snap.comment,
            "reviewer": reviewer,
        }
        conn.execute(
            insert(review_events).values(
                run_id=link.run_id,
                pair_id=link.pair_id,
                version=event.version,
                action=action,
                at=event.at,
                seconds=seconds,
                **state,
            )
        )
        seq = conn.execute(
            update(runs)
            .where(runs.c.id == link.run_id)
            .values(state_seq=runs.c.state_seq + 1)
            .returning(runs.c.state_seq)
        ).scalar_one()
        done = conn.execute(
            update(links)
            .where(links.c.pk == link.pk, links.c.version == link.version)
            .values(version=event.version, updated_at=event.at, state_seq=seq, **state)
        )
        if done.rowcount != 1:  # only reachable without row locks; the UNIQUE constraint normally fires first
            raise logic.conflict(link.pair_id, link.version, self._latest(conn, link.run_id, link.pair_id))
        return event

    def _lost_race(self, run_id: str, pair_id: str, expected: int) -> StoreError:
        """The error for a writer whose insert hit the UNIQUE(run, pair, version) constraint."""
        with transaction(self.engine, write=False) as conn:
            latest = self._latest(conn, run_id, pair_id)
        return logic.conflict(pair_id, expected, latest)
