"""SqlStore: the Store protocol on SQLAlchemy 2 (SQLite in WAL mode by default, PostgreSQL by URL)."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, insert, select, true, update
from sqlalchemy.exc import IntegrityError

from aligner.model import AlignmentResult, Issue, Layout, QualityScore, ReviewStatus, Segment
from aligner.store import logic, rows
from aligner.store.base import NotFoundError, PairState, ProjectInfo, ReviewEvent, RunInfo, StoreError
from aligner.store.engine import make_engine, transaction
from aligner.store.migrate import upgrade_engine
from aligner.store.schema import documents, issues, links, projects, review_events, runs, scores, sentences
from aligner.store.sql_links import LinkOps

log = logging.getLogger(__name__)
Segments = tuple[tuple[Segment, ...], tuple[Segment, ...]]
_CACHE_RUNS = 8


class SqlStore(LinkOps):
    """A durable store: every public write is one transaction; review races are settled by a UNIQUE constraint."""

    def __init__(self, url: str, *, migrate: bool = True, synchronous: str = "FULL") -> None:
        self.url = url
        self.engine: Engine = make_engine(url, synchronous=synchronous)
        self._segments: dict[str, Segments] = {}
        self._cache_lock = threading.Lock()
        if migrate:
            upgrade_engine(self.engine)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

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
                )
            )
            for side, doc, segs in (("src", result.src, result.src_segments), ("tgt", result.tgt, result.tgt_segments)):
                pk = conn.execute(insert(documents).values(rows.document_row(rid, side, doc))).inserted_primary_key[0]
                if segs:
                    conn.execute(insert(sentences), rows.sentence_rows(pk, doc, segs))
            src, tgt = result.src_segments, result.tgt_segments
            if result.pairs:
                conn.execute(
                    insert(links), [rows.link_row(rid, k, p, src, tgt, at) for k, p in enumerate(result.pairs)]
                )
            if result.issues:
                conn.execute(insert(issues), [rows.issue_row(rid, k, i) for k, i in enumerate(result.issues)])
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
        """Rebuild the result with the current links (after merges/splits), issues and scores."""
        with transaction(self.engine, write=False) as conn:
            run = self._run_row(conn, run_id)
            docs, segs = self._load_documents(conn, run_id)
            src, tgt = segs
            active = and_(links.c.run_id == run_id, links.c.active == true())
            pairs = tuple(
                rows.pair_of(r, src, tgt)
                for r in conn.execute(select(links).where(active).order_by(links.c.position)).all()
            )
            on_link = and_(links.c.run_id == issues.c.run_id, links.c.pair_id == issues.c.pair_id)
            found_issues = conn.execute(
                select(issues).join(links, on_link).where(active).order_by(issues.c.ordinal)
            ).all()
            on_link = and_(links.c.run_id == scores.c.run_id, links.c.pair_id == scores.c.pair_id)
            found_scores = conn.execute(select(scores).join(links, on_link).where(active)).all()
        return AlignmentResult(
            src=docs[0],
            tgt=docs[1],
            src_segments=src,
            tgt_segments=tgt,
            pairs=pairs,
            issues=tuple(rows.issue_of(r) for r in found_issues),
            scores={r.pair_id: QualityScore(r.value, r.components) for r in found_scores},
            signature=rows.signature_of(run.signature_fields),
            layout=Layout(run.layout),
            document_score=rows.score_of(run.doc_score, run.doc_score_components),
        )

    # -- reviews -----------------------------------------------------------------------------------------------

    def pair_states(self, run_id: str) -> dict[str, PairState]:
        """Return the latest review state of every current pair, in pair order (one indexed query)."""
        ev = review_events
        latest = (
            select(ev.c.pair_id, func.max(ev.c.version).label("version"))
            .where(ev.c.run_id == run_id)
            .group_by(ev.c.pair_id)
            .subquery()
        )
        query = (
            select(links.c.pair_id, ev.c.status, ev.c.edited_text, ev.c.comment, ev.c.reviewer, ev.c.version, ev.c.at)
            .select_from(
                links.outerjoin(latest, latest.c.pair_id == links.c.pair_id).outerjoin(
                    ev, and_(ev.c.run_id == run_id, ev.c.pair_id == latest.c.pair_id, ev.c.version == latest.c.version)
                )
            )
            .where(links.c.run_id == run_id, links.c.active == true())
            .order_by(links.c.position)
        )
        with transaction(self.engine, write=False) as conn:
            self._run_row(conn, run_id, columns=(runs.c.pk,))
            found = conn.execute(query).all()
        out: dict[str, PairState] = {}
        for pid, status, edited, comment, reviewer, version, at in found:
            if version is None:
                out[pid] = PairState(pair_id=pid)
            else:
                out[pid] = PairState(pid, ReviewStatus(status), edited, comment, reviewer, version, at)
        return out

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
    ) -> PairState:
        """Append version ``expected_version + 1`` of the pair, or raise ConflictError."""
        status = logic.check_review(status, reviewer, expected_version, edited_text)
        snap = logic.Snapshot(status, edited_text, comment)
        try:
            with transaction(self.engine, write=True) as conn:
                self._check_current(conn, run_id, pair_id, expected_version)
                event = self._append(conn, run_id, pair_id, expected_version + 1, snap, reviewer, "review")
        except IntegrityError as exc:  # a concurrent writer appended this version first (PostgreSQL, or no lock)
            raise self._lost_race(run_id, pair_id, expected_version) from exc
        return logic.state_of(pair_id, event)

    def undo(self, run_id: str, pair_id: str, *, reviewer: str, expected_version: int) -> PairState:
        """Append an event restoring the state before the latest non-undo event."""
        logic.check_review(ReviewStatus.PENDING, reviewer, expected_version, None)
        try:
            with transaction(self.engine, write=True) as conn:
                self._check_current(conn, run_id, pair_id, expected_version)
                target = logic.undo_target(pair_id, self._events(conn, run_id, pair_id))
                event = self._append(conn, run_id, pair_id, expected_version + 1, target, reviewer, "undo")
        except IntegrityError as exc:
            raise self._lost_race(run_id, pair_id, expected_version) from exc
        return logic.state_of(pair_id, event)

    def history(self, run_id: str, pair_id: str) -> list[ReviewEvent]:
        """Return a pair's events, oldest first (retired pairs keep theirs)."""
        with transaction(self.engine, write=False) as conn:
            self._link(conn, run_id, pair_id, active_only=False)
            return self._events(conn, run_id, pair_id)

    def replace_pair_checks(
        self, run_id: str, pair_id: str, issues_: Sequence[Issue], score: QualityScore | None
    ) -> None:
        """Replace a pair's issues (appended after the run's others) and score."""
        logic.validate_checks(pair_id, issues_, score)
        with transaction(self.engine, write=True) as conn:
            self._link(conn, run_id, pair_id, lock=True)
            where = and_(issues.c.run_id == run_id, issues.c.pair_id == pair_id)
            conn.execute(delete(issues).where(where))
            first = conn.execute(
                select(func.coalesce(func.max(issues.c.ordinal), -1) + 1).where(issues.c.run_id == run_id)
            ).scalar_one()
            if issues_:
                conn.execute(insert(issues), [rows.issue_row(run_id, first + k, i) for k, i in enumerate(issues_)])
            conn.execute(delete(scores).where(scores.c.run_id == run_id, scores.c.pair_id == pair_id))
            if score is not None:
                conn.execute(insert(scores).values(rows.score_row(run_id, pair_id, score)))

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

    def _load_documents(self, conn: Connection, run_id: str) -> tuple[tuple[Any, Any], Segments]:
        found = {r.side: r for r in conn.execute(select(documents).where(documents.c.run_id == run_id)).all()}
        if set(found) != {"src", "tgt"}:
            raise StoreError(f"run {run_id} is missing its documents")
        docs = (rows.document_of(found["src"]), rows.document_of(found["tgt"]))
        segs = []
        for side, doc in zip(("src", "tgt"), docs, strict=True):
            q = select(sentences).where(sentences.c.document_pk == found[side].pk).order_by(sentences.c.idx)
            segs.append(tuple(rows.segment_of(r, doc) for r in conn.execute(q).all()))
        pair = (segs[0], segs[1])
        with self._cache_lock:
            self._segments[run_id] = pair
            while len(self._segments) > _CACHE_RUNS:
                self._segments.pop(next(iter(self._segments)))
        return docs, pair

    def _segments_of(self, conn: Connection, run_id: str) -> Segments:
        """The run's sentences (immutable once saved, so cached per run)."""
        with self._cache_lock:
            cached = self._segments.get(run_id)
        return cached if cached is not None else self._load_documents(conn, run_id)[1]

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

    def _check_current(self, conn: Connection, run_id: str, pair_id: str, expected: int) -> None:
        self._link(conn, run_id, pair_id, lock=True)
        latest = self._latest(conn, run_id, pair_id)
        if (0 if latest is None else latest.version) != expected:
            raise logic.conflict(pair_id, expected, latest)

    @staticmethod
    def _append(
        conn: Connection, run_id: str, pair_id: str, version: int, snap: logic.Snapshot, reviewer: str, action: str
    ) -> ReviewEvent:
        event = ReviewEvent(
            run_id=run_id,
            pair_id=pair_id,
            version=version,
            status=snap.status,
            reviewer=reviewer,
            at=logic.now(),
            edited_text=snap.edited_text,
            comment=snap.comment,
            action=action,
        )
        conn.execute(
            insert(review_events).values(
                run_id=run_id,
                pair_id=pair_id,
                version=version,
                status=snap.status.value,
                edited_text=snap.edited_text,
                comment=snap.comment,
                reviewer=reviewer,
                action=action,
                at=event.at,
            )
        )
        return event

    def _lost_race(self, run_id: str, pair_id: str, expected: int) -> StoreError:
        """The error for a writer whose insert hit the UNIQUE(run, pair, version) constraint."""
        with transaction(self.engine, write=False) as conn:
            latest = self._latest(conn, run_id, pair_id)
        return logic.conflict(pair_id, expected, latest)

    @staticmethod
    def _shift_after(conn: Connection, run_id: str, position: int, by: int) -> None:
        conn.execute(
            update(links)
            .where(links.c.run_id == run_id, links.c.active == true(), links.c.position > position)
            .values(position=links.c.position + by)
        )
