"""Review actions run as button callbacks: verdicts, edits (re-checked), comments, merge/split, undo, navigation.

Every write passes the version the reviewer was shown as ``expected_version``; when another reviewer saved first the
store raises ConflictError, the write is refused, the reviewer's text stays in its box and a clear message says so.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import streamlit as st

from aligner.model import AlignmentResult, ReviewStatus
from aligner.store.base import ConflictError, PairState, StoreError
from aligner.ui import session
from aligner.ui.data import state_of
from aligner.ui.resources import get_encoder, get_store, load_run, pair_states, project_config

log = logging.getLogger(__name__)
UNSAVED = "unsaved_edits"  # pair id -> text of an edit the store refused (kept so nothing is lost)
RECHECK_RADIUS = 100  # an edit is re-checked in the context of this many pairs on each side


def recheck_window(result: AlignmentResult, pair_id: str, *, radius: int = RECHECK_RADIUS) -> AlignmentResult:
    """The result cut down to the edited pair and its ``radius`` neighbours on each side.

    recheck_pair runs the document-level checks over every pair it is given; on a 10,000-pair run that takes
    seconds, so an interactive edit is checked against its neighbourhood (the whole document when it is short).
    """
    index = next((i for i, p in enumerate(result.pairs) if p.id == pair_id), None)
    if index is None or len(result.pairs) <= 2 * radius + 1:
        return result
    lo, hi = max(0, index - radius), min(len(result.pairs), index + radius + 1)
    return replace(result, pairs=result.pairs[lo:hi], issues=(), scores={})


def remember_seen(states: dict[str, PairState], pair_ids: list[str]) -> None:
    """Record the versions of the pairs on screen: the next write on them expects exactly these."""
    seen = st.session_state.setdefault(session.SEEN, {})
    for pid in pair_ids:
        seen[pid] = state_of(states, pid).version


def _seen(pair_id: str, fallback: int) -> int:
    return int(st.session_state.get(session.SEEN, {}).get(pair_id, fallback))


def _conflict_message(run_id: str, pair_id: str, what: str) -> str:
    latest = state_of(pair_states(run_id), pair_id)
    who = latest.reviewer or "another reviewer"
    return (
        f"Not saved: {who} changed pair {pair_id} first (it is now {latest.status.value}). "
        f"Your {what} is kept; look at their version, then save again."
    )


def _write(run_id: str, pair_id: str, what: str, do) -> bool:  # type: ignore[no-untyped-def]
    if not session.signed_in():  # a callback sent on a re-attached session by another browser
        session.flash("error", f"Sign in first: your {what} was not saved.")
        return False
    try:
        do()
    except ConflictError:
        session.flash("error", _conflict_message(run_id, pair_id, what))
        session.bump_revision()
        return False
    except (StoreError, ValueError, KeyError) as exc:
        session.flash("error", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return False
    session.bump_revision()
    return True


def set_status(run_id: str, pair_id: str, status: str, advance: int = 0) -> None:
    """Accept or reject a pair (an edit already made is kept); optionally move on by ``advance``."""
    store, reviewer = get_store(), session.reviewer() or "anonymous"
    state = state_of(pair_states(run_id), pair_id)

    def do() -> None:
        store.record_review(
            run_id,
            pair_id,
            status=ReviewStatus(status),
            reviewer=reviewer,
            expected_version=_seen(pair_id, state.version),
            edited_text=state.edited_text,
            comment=state.comment,
        )

    if _write(run_id, pair_id, "verdict", do):
        session.flash("success", f"Pair {pair_id}: {status}.")
        shown = st.session_state.get("f_statuses") or []
        if advance and (not shown or status in shown):  # else the pair leaves the filtered list by itself
            move(advance)


def save_edit(run_id: str, pair_id: str, key: str) -> None:
    """Save the Arabic typed in widget ``key`` as an edit, after re-running the checks on the edited pair."""
    from aligner.pipeline import recheck_pair

    text = str(st.session_state.get(key, ""))
    store, reviewer = get_store(), session.reviewer() or "anonymous"
    states = pair_states(run_id)
    state = state_of(states, pair_id)
    if not text.strip():
        session.flash("warning", "The edit is empty: use Reject to drop a pair.")
        return
    result = load_run(run_id, states, revision=session.revision())
    config = project_config(st.session_state.get(session.PROJECT))
    pair, issues, score = recheck_pair(
        recheck_window(result, pair_id), pair_id, text, encoder=get_encoder(config.encoder), config=config
    )

    def do() -> None:
        store.record_review(
            run_id,
            pair_id,
            status=ReviewStatus.EDITED,
            reviewer=reviewer,
            expected_version=_seen(pair_id, state.version),
            edited_text=pair.tgt_text,
            comment=state.comment,
        )
        store.replace_pair_checks(run_id, pair_id, issues, score)

    unsaved = st.session_state.setdefault(UNSAVED, {})
    if _write(run_id, pair_id, "edit", do):
        unsaved.pop(pair_id, None)
        session.flash("success", f"Pair {pair_id}: edit saved and re-checked ({len(issues)} issue(s)).")
    else:
        unsaved[pair_id] = text


def accept_many(run_id: str, pair_ids: list[str]) -> None:
    """Accept several pending pairs at once; pairs someone else changed meanwhile are left alone and counted."""
    store, reviewer = get_store(), session.reviewer() or "anonymous"
    states = pair_states(run_id)
    done, refused = 0, 0
    for pid in pair_ids:
        state = state_of(states, pid)
        try:
            store.record_review(
                run_id,
                pid,
                status=ReviewStatus.ACCEPTED,
                reviewer=reviewer,
                expected_version=_seen(pid, state.version),
                edited_text=state.edited_text,
                comment=state.comment,
            )
            done += 1
        except ConflictError:
            refused += 1
    session.bump_revision()
    extra = f"; {refused} changed by someone else first and were left alone" if refused else ""
    session.flash("warning" if refused else "success", f"Accepted {done} pair(s){extra}.")


def save_comment(run_id: str, pair_id: str, key: str) -> None:
    """Attach the comment typed in widget ``key`` to the pair (status and edit unchanged)."""
    comment = str(st.session_state.get(key, "")).strip() or None
    store, reviewer = get_store(), session.reviewer() or "anonymous"
    state = state_of(pair_states(run_id), pair_id)

    def do() -> None:
        store.record_review(
            run_id,
            pair_id,
            status=state.status,
            reviewer=reviewer,
            expected_version=_seen(pair_id, state.version),
            edited_text=state.edited_text,
            comment=comment,
        )

    if _write(run_id, pair_id, "comment", do):
        session.flash("success", f"Pair {pair_id}: comment saved.")


def undo(run_id: str, pair_id: str) -> None:
    """Restore the pair's state before its latest event."""
    store, reviewer = get_store(), session.reviewer() or "anonymous"
    state = state_of(pair_states(run_id), pair_id)
    if _write(
        run_id,
        pair_id,
        "undo",
        lambda: store.undo(run_id, pair_id, reviewer=reviewer, expected_version=_seen(pair_id, state.version)),
    ):
        session.flash("info", f"Pair {pair_id}: last change undone.")


def merge_next(run_id: str, pair_id: str) -> None:
    """Merge the pair with the next one (links only)."""
    store, reviewer = get_store(), session.reviewer() or "anonymous"
    merged: list[str] = []
    if _write(
        run_id, pair_id, "merge", lambda: merged.append(store.merge_with_next(run_id, pair_id, reviewer=reviewer))
    ):
        session.flash("success", f"Merged into pair {merged[0]}.")


def split(run_id: str, pair_id: str) -> None:
    """Split a many-sentence pair in two (links only)."""
    store, reviewer = get_store(), session.reviewer() or "anonymous"
    made: list[tuple[str, str]] = []
    if _write(run_id, pair_id, "split", lambda: made.append(store.split_pair(run_id, pair_id, reviewer=reviewer))):
        session.flash("success", f"Split into pairs {made[0][0]} and {made[0][1]}.")


def move(delta: int) -> None:
    """Move the current position by ``delta`` (clamped by the page when it renders)."""
    st.session_state[session.POSITION] = max(0, int(st.session_state.get(session.POSITION, 0)) + delta)


def go_to(position: int) -> None:
    """Jump to a position in the filtered list."""
    st.session_state[session.POSITION] = max(0, position)
