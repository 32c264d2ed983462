"""Review navigation callbacks: jump to a pair, turn the page, focus, step, go to the next pending / flagged pair."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from aligner.ui import session


def jump(key: str, pair_ids: Sequence[str]) -> None:
    """on_change of the "go to pair" box: focus the pair named by id or 1-based number."""
    from aligner.ui.data import find_pair

    query = str(st.session_state.get(key, ""))
    index = find_pair(query, pair_ids)
    if index is None:
        session.flash("warning", f"No pair {query.strip()!r} in this run.")
        return
    focus(pair_ids[index])
    st.session_state[key] = ""


def to_page(key: str, first_ids: Sequence[str]) -> None:
    """on_change of the page number: focus the first pair of that page."""
    page = int(st.session_state.get(key, 1))
    if 1 <= page <= len(first_ids):
        focus(first_ids[page - 1])


def focus(pair_id: str) -> None:
    """Bring a pair into view (by id: it stays in view when filters or the page size change)."""
    st.session_state[session.FOCUS] = pair_id


def move(delta: int) -> None:
    """Move the current position by ``delta`` (clamped by the page when it renders)."""
    st.session_state.pop(session.FOCUS, None)
    st.session_state[session.POSITION] = max(0, int(st.session_state.get(session.POSITION, 0)) + delta)


def next_matching_pair(run_id: str, pair_id: str, pending: bool) -> None:
    """on_click of "Next pending" / "Next with issues": focus the first such pair after ``pair_id``.

    The target is looked up now, in the store's current state, not when the button was drawn: a pair another
    reviewer (or this one, in another tab) settled or fixed meanwhile is skipped.
    """
    from aligner.ui.data import next_matching
    from aligner.ui.resources import load_run, pair_states

    states = pair_states(run_id)
    result = load_run(run_id, states)
    index = next((k for k, p in enumerate(result.pairs) if p.id == pair_id), None)
    target = None if index is None else next_matching(result, states, index, pending=pending)
    if target is None:
        what = "pending pair" if pending else "pair with issues"
        session.flash("info", f"No {what} after {pair_id}.")
        return
    focus(result.pairs[target].id)
