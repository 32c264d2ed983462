"""Review navigation callbacks: jump to a pair, turn the page, focus a pair, step through the filtered list."""

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
