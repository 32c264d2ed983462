"""Merge and split for SqlStore: they only retire and insert alignment links (sentences stay untouched)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, insert, select, true, update
from sqlalchemy.exc import IntegrityError

from aligner.model import AlignedPair, ReviewStatus
from aligner.store import logic, rows
from aligner.store.base import PairState, StoreError
from aligner.store.engine import transaction
from aligner.store.schema import links, runs

if TYPE_CHECKING:
    from aligner.store.sql import SqlStore


def _used(conn: Connection, run_id: str) -> tuple[Any, int]:
    """(is_used(pair_id), number of links) for picking fresh pair ids."""

    def is_used(pair_id: str) -> bool:
        q = select(links.c.pk).where(links.c.run_id == run_id, links.c.pair_id == pair_id)
        return conn.execute(q).first() is not None

    count = conn.execute(select(func.count()).select_from(links).where(links.c.run_id == run_id)).scalar_one()
    return is_used, count + 1


class LinkOps:
    """merge_with_next / split_pair, mixed into SqlStore."""

    def merge_with_next(self: SqlStore, run_id: str, pair_id: str, *, reviewer: str) -> str:
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
                src, tgt = self._segments_of(conn, run_id)
                a, b = rows.pair_of(a_row, src, tgt), rows.pair_of(b_row, src, tgt)
                is_used, start = _used(conn, run_id)
                merged = logic.merged_pair(a, b, logic.unique_pair_id(f"{a.id}+{b.id}", is_used, "m", start))
                a_latest, b_latest = self._latest(conn, run_id, a.id), self._latest(conn, run_id, b.id)
                a_state, b_state = logic.state_of(a.id, a_latest), logic.state_of(b.id, b_latest)
                for old, state in ((a, a_state), (b, b_state)):
                    snap = logic.Snapshot(state.status, state.edited_text, state.comment)
                    self._append(conn, run_id, old.id, state.version + 1, snap, reviewer, "merge")
                self._retire(conn, run_id, (a.id, b.id), merged.id)
                conn.execute(insert(links).values(rows.link_row(run_id, a_row.position, merged, src, tgt, logic.now())))
                start_state = logic.merged_snapshot(a, a_state, b, b_state)
                self._append(conn, run_id, merged.id, 1, start_state, reviewer, "merge")
                conn.execute(update(runs).where(runs.c.id == run_id).values(n_pairs=runs.c.n_pairs - 1))
        except IntegrityError as exc:  # a concurrent review appended a version of a or b first
            raise self._lost_race(run_id, pair_id, -1) from exc
        return merged.id

    def split_pair(
        self: SqlStore, run_id: str, pair_id: str, *, reviewer: str, at: tuple[int, int] | None = None
    ) -> tuple[str, str]:
        """Split a pair into two (links only); return the two new pair ids."""
        logic.check_review(ReviewStatus.PENDING, reviewer, 0, None)
        try:
            with transaction(self.engine, write=True) as conn:
                row = self._link(conn, run_id, pair_id, lock=True)
                src, tgt = self._segments_of(conn, run_id)
                old = rows.pair_of(row, src, tgt)
                is_used, start = _used(conn, run_id)
                first = logic.unique_pair_id(f"{old.id}.1", is_used, "s", start)
                second = logic.unique_pair_id(f"{old.id}.2", lambda p: p == first or is_used(p), "s", start)
                parts: tuple[AlignedPair, AlignedPair] = logic.split_pairs(old, at, src, tgt, (first, second))
                state: PairState = logic.state_of(old.id, self._latest(conn, run_id, old.id))
                snap = logic.Snapshot(state.status, state.edited_text, state.comment)
                self._append(conn, run_id, old.id, state.version + 1, snap, reviewer, "split")
                self._retire(conn, run_id, (old.id,), f"{first} + {second}")
                self._shift_after(conn, run_id, row.position, 1)
                at_ = logic.now()
                for k, part in enumerate(parts):
                    conn.execute(insert(links).values(rows.link_row(run_id, row.position + k, part, src, tgt, at_)))
                    self._append(conn, run_id, part.id, 1, logic.Snapshot(), reviewer, "split")
                conn.execute(update(runs).where(runs.c.id == run_id).values(n_pairs=runs.c.n_pairs + 1))
        except IntegrityError as exc:
            raise self._lost_race(run_id, pair_id, -1) from exc
        return first, second

    @staticmethod
    def _retire(conn: Connection, run_id: str, pair_ids: tuple[str, ...], replaced_by: str) -> None:
        conn.execute(
            update(links)
            .where(and_(links.c.run_id == run_id, links.c.pair_id.in_(pair_ids)))
            .values(active=False, replaced_by=replaced_by)
        )
