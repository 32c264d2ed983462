"""Merge and split for SqlStore: they only retire and insert alignment links (sentences stay untouched)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, insert, select, true, update
from sqlalchemy.exc import IntegrityError

from aligner.model import AlignedPair, ReviewStatus, Segment
from aligner.store import logic, rows
from aligner.store.base import ConflictError, PairState, StoreError
from aligner.store.engine import transaction
from aligner.store.schema import links, runs

if TYPE_CHECKING:
    from aligner.store.sql import SqlStore

Segments = tuple[Segment, ...]
POSITION_GAP = 1024  # links are saved at positions 0, 1024, 2048, ... so that a split rarely renumbers


def _state(row: Any) -> PairState:
    """The review state held in a links row."""
    return PairState(
        row.pair_id,
        ReviewStatus(row.status),
        row.edited_text,
        row.comment,
        row.reviewer,
        row.version,
        edited_src=row.edited_src,
    )


def _snapshot(row: Any) -> logic.Snapshot:
    """The reviewable state of a links row (carried unchanged into a retiring merge/split event)."""
    return logic.Snapshot(ReviewStatus(row.status), row.edited_text, row.comment, row.edited_src)


def _used(conn: Connection, run_id: str) -> tuple[Any, int]:
    """(is_used(pair_id), number of links) for picking fresh pair ids."""

    def is_used(pair_id: str) -> bool:
        q = select(links.c.pk).where(links.c.run_id == run_id, links.c.pair_id == pair_id)
        return conn.execute(q).first() is not None

    count = conn.execute(select(func.count()).select_from(links).where(links.c.run_id == run_id)).scalar_one()
    return is_used, count + 1


class LinkOps:
    """merge_with_next / split_pair, mixed into SqlStore."""

    def merge_with_next(
        self: SqlStore, run_id: str, pair_id: str, *, reviewer: str, expected_versions: Mapping[str, int] | None = None
    ) -> str:
        """Merge a pair with the next one (links only); return the merged pair id."""
        logic.check_review(ReviewStatus.PENDING, reviewer, 0, None)
        try:
            with transaction(self.engine, write=True) as conn:
                a_row = self._link(conn, run_id, pair_id, lock=True)
                b_row = conn.execute(
                    select(links)
                    .where(links.c.run_id == run_id, links.c.active == true(), links.c.position > a_row.position)
                    .order_by(links.c.position)
                    .limit(1)
                    .with_for_update()
                ).first()
                if b_row is None:
                    raise StoreError(f"pair {pair_id} is the last pair; there is nothing to merge it with")
                if expected_versions is not None:
                    if b_row.pair_id not in expected_versions:
                        raise ConflictError(f"pair {pair_id} is now followed by {b_row.pair_id}; reload to see it")
                    for r in (a_row, b_row):
                        if r.version != expected_versions[r.pair_id]:
                            raise logic.conflict(
                                r.pair_id, expected_versions[r.pair_id], self._latest(conn, run_id, r.pair_id)
                            )
                src, tgt = self._segments_of(conn, run_id)
                a, b = rows.pair_of(a_row, src, tgt), rows.pair_of(b_row, src, tgt)
                is_used, start = _used(conn, run_id)
                merged = logic.merged_pair(a, b, logic.unique_pair_id(logic.merged_id(a.id, b.id), is_used, "m", start))
                for row in (a_row, b_row):
                    self._append(conn, row, _snapshot(row), reviewer, "merge")
                self._retire(conn, run_id, (a.id, b.id), merged.id)
                row = self._insert_link(conn, run_id, a_row.position, merged, src, tgt)
                first = logic.merged_snapshot(a, _state(a_row), b, _state(b_row))
                self._append(conn, row, first, reviewer, "merge")
                self._bump_revision(conn, run_id, -1)
        except IntegrityError as exc:  # a concurrent review appended a version of a or b first
            raise self._lost_race(run_id, pair_id, -1) from exc
        return merged.id

    def split_pair(
        self: SqlStore,
        run_id: str,
        pair_id: str,
        *,
        reviewer: str,
        at: tuple[int, int] | None = None,
        expected_version: int | None = None,
    ) -> tuple[str, str]:
        """Split a pair into two (links only); return the two new pair ids."""
        logic.check_review(ReviewStatus.PENDING, reviewer, 0, None)
        try:
            with transaction(self.engine, write=True) as conn:
                row = self._link(conn, run_id, pair_id, lock=True)
                if expected_version is not None and row.version != expected_version:
                    raise logic.conflict(pair_id, expected_version, self._latest(conn, run_id, pair_id))
                begin = logic.split_snapshot(pair_id, _state(row))
                src, tgt = self._segments_of(conn, run_id)
                old = rows.pair_of(row, src, tgt)
                is_used, start = _used(conn, run_id)
                first = logic.unique_pair_id(f"{old.id}.1", is_used, "s", start)
                second = logic.unique_pair_id(f"{old.id}.2", lambda p: p == first or is_used(p), "s", start)
                parts: tuple[AlignedPair, AlignedPair] = logic.split_pairs(old, at, src, tgt, (first, second))
                self._append(conn, row, _snapshot(row), reviewer, "split")
                self._retire(conn, run_id, (old.id,), f"{first} + {second}")
                second_at = self._position_after(conn, run_id, row.position)
                for part, position in zip(parts, (row.position, second_at), strict=True):
                    new = self._insert_link(conn, run_id, position, part, src, tgt)
                    self._append(conn, new, begin, reviewer, "split")
                self._bump_revision(conn, run_id, 1)
        except IntegrityError as exc:
            raise self._lost_race(run_id, pair_id, -1) from exc
        return first, second

    @staticmethod
    def _insert_link(
        conn: Connection, run_id: str, position: int, pair: AlignedPair, src: Segments, tgt: Segments
    ) -> Any:
        """Insert an active link and return its row."""
        conn.execute(insert(links).values(rows.link_row(run_id, position, pair, src, tgt, logic.now())))
        return conn.execute(select(links).where(links.c.run_id == run_id, links.c.pair_id == pair.id)).one()

    @staticmethod
    def _retire(conn: Connection, run_id: str, pair_ids: tuple[str, ...], replaced_by: str) -> None:
        conn.execute(
            update(links)
            .where(and_(links.c.run_id == run_id, links.c.pair_id.in_(pair_ids)))
            .values(active=False, replaced_by=replaced_by)
        )

    @staticmethod
    def _bump_revision(conn: Connection, run_id: str, n_pairs_delta: int = 0) -> None:
        """Invalidate cached load_run results of the run (and adjust its pair count)."""
        conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(revision=runs.c.revision + 1, n_pairs=runs.c.n_pairs + n_pairs_delta)
        )

    @staticmethod
    def _position_after(conn: Connection, run_id: str, position: int) -> int:
        """A free position just after ``position``: the middle of the gap to the next pair, renumbering if none."""
        after = and_(links.c.run_id == run_id, links.c.active == true(), links.c.position > position)
        following = conn.execute(select(func.min(links.c.position)).where(after)).scalar()
        if following is None:
            return position + POSITION_GAP
        if following - position < 2:  # the gap is used up: open a new one (one UPDATE of the later pairs)
            LinkOps._shift_after(conn, run_id, position, POSITION_GAP)
            following += POSITION_GAP
        return position + (following - position) // 2

    @staticmethod
    def _shift_after(conn: Connection, run_id: str, position: int, by: int) -> None:
        conn.execute(
            update(links)
            .where(links.c.run_id == run_id, links.c.active == true(), links.c.position > position)
            .values(position=links.c.position + by)
        )
