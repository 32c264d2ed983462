"""Read side of SqlStore: build a run's result and pair states, or refresh cached ones incrementally."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, and_, select, true

from aligner.model import AlignmentResult, Document, Layout, QualityScore, Segment
from aligner.store import rows
from aligner.store.base import PairState
from aligner.store.schema import issues, links, scores
from aligner.store.sql_util import STATUS, raw_text, utc

MAX_RELINK = 500  # more new pairs than this since the cached result: rebuild instead

lk = links.c
PAIR_COLUMNS = (
    lk.pair_id,
    raw_text(lk.src),
    raw_text(lk.tgt),
    lk.src_text,
    lk.tgt_text,
    lk.similarity,
    lk.origin,
    lk.role,
)
STATE_COLUMNS = (
    lk.pair_id,
    lk.status,
    lk.edited_text,
    lk.comment,
    lk.reviewer,
    lk.version,
    raw_text(lk.updated_at),
    lk.edited_src,
)


def _active(run_id: str) -> Any:
    return and_(lk.run_id == run_id, lk.active == true())


def build_result(
    conn: Connection, run: Any, docs: tuple[Document, Document], segs: tuple[Sequence[Segment], Sequence[Segment]]
) -> AlignmentResult:
    """Read every current pair, issue and score of a run."""
    src, tgt = segs
    active = _active(run.id)
    found_links = conn.execute(select(*PAIR_COLUMNS).where(active).order_by(lk.position)).all()
    on_link = and_(lk.run_id == issues.c.run_id, lk.pair_id == issues.c.pair_id)
    found_issues = conn.execute(select(issues).join(links, on_link).where(active).order_by(issues.c.ordinal)).all()
    on_link = and_(lk.run_id == scores.c.run_id, lk.pair_id == scores.c.pair_id)
    found_scores = conn.execute(select(scores).join(links, on_link).where(active)).all()
    return AlignmentResult(
        src=docs[0],
        tgt=docs[1],
        src_segments=tuple(src),
        tgt_segments=tuple(tgt),
        pairs=tuple(rows.pair_of(r, src, tgt) for r in found_links),
        issues=tuple(rows.issue_of(r) for r in found_issues),
        scores={r.pair_id: QualityScore(r.value, r.components) for r in found_scores},
        signature=rows.signature_of(run.signature_fields),
        layout=Layout(run.layout),
        document_score=rows.score_of(run.doc_score, run.doc_score_components),
    )


def relink(conn: Connection, run_id: str, old: AlignmentResult) -> AlignmentResult | None:
    """``old`` with the current pairs after merges/splits (pair ids are never reused); None to rebuild instead."""
    ids = list(conn.execute(select(lk.pair_id).where(_active(run_id)).order_by(lk.position)).scalars())
    known = {p.id: p for p in old.pairs}
    missing = [pid for pid in ids if pid not in known]
    if len(missing) > MAX_RELINK:
        return None
    if missing:
        found = conn.execute(select(*PAIR_COLUMNS).where(_active(run_id), lk.pair_id.in_(missing))).all()
        known.update({r.pair_id: rows.pair_of(r, old.src_segments, old.tgt_segments) for r in found})
    keep = set(ids)
    return replace(
        old,
        pairs=tuple(known[pid] for pid in ids),
        issues=tuple(i for i in old.issues if i.pair_id in keep),
        scores={k: v for k, v in old.scores.items() if k in keep},
    )


def refresh_checks(conn: Connection, run_id: str, since: int, old: AlignmentResult) -> AlignmentResult:
    """``old`` with the issues and scores of the pairs re-checked after ``since`` re-read.

    Re-checked issues get ordinals above every earlier one, so appending them keeps the stored order.
    """
    query = select(lk.pair_id).where(_active(run_id), lk.checks_seq > since)
    changed = set(conn.execute(query).scalars())
    if not changed:
        return old
    where = and_(issues.c.run_id == run_id, issues.c.pair_id.in_(changed))
    new_issues = conn.execute(select(issues).where(where).order_by(issues.c.ordinal)).all()
    new_scores = conn.execute(select(scores).where(scores.c.run_id == run_id, scores.c.pair_id.in_(changed))).all()
    kept = {k: v for k, v in old.scores.items() if k not in changed}
    kept.update({r.pair_id: QualityScore(r.value, r.components) for r in new_scores})
    fresh = tuple(rows.issue_of(r) for r in new_issues)
    return replace(old, issues=tuple(i for i in old.issues if i.pair_id not in changed) + fresh, scores=kept)


def _states(found: Sequence[Any]) -> dict[str, PairState]:
    return {
        pid: PairState(pid, STATUS[status], edited, comment, reviewer, version, utc(at), edited_src)
        for pid, status, edited, comment, reviewer, version, at, edited_src in found
    }


def read_states(conn: Connection, run_id: str) -> dict[str, PairState]:
    """Every current pair's state, in pair order."""
    return _states(conn.execute(select(*STATE_COLUMNS).where(_active(run_id)).order_by(lk.position)).all())


def refresh_states(
    conn: Connection, run_id: str, since: int, old: dict[str, PairState], *, reorder: bool
) -> dict[str, PairState] | None:
    """``old`` with the states changed after ``since`` re-read (and the pair order re-read if ``reorder``)."""
    changed = _states(conn.execute(select(*STATE_COLUMNS).where(_active(run_id), lk.state_seq > since)).all())
    if not reorder:
        return old | changed
    ids = conn.execute(select(lk.pair_id).where(_active(run_id)).order_by(lk.position)).scalars()
    out = {}
    for pid in ids:
        state = changed.get(pid) or old.get(pid)
        if state is None:  # a pair we never saw without a state change: should not happen; read everything
            return None
        out[pid] = state
    return out
