"""The review screen's URL: st.query_params carry project, run, pair, filters and view (see aligner.review.links)."""

from __future__ import annotations

import streamlit as st

from aligner.review.links import Link, from_params, to_params
from aligner.ui import session

APPLIED = "link_applied"
MODE_LABELS = {"one": "One pair", "page": "Page of pairs"}


def apply_link() -> None:
    """Once per browser session, open what the URL names (a reload or a shared link lands on the same pair)."""
    if st.session_state.get(APPLIED):
        return
    st.session_state[APPLIED] = True
    link = from_params(st.query_params.to_dict())
    if link.project:
        st.session_state[session.PROJECT] = link.project
        st.session_state[session.RUN] = link.run
        st.session_state[session.POSITION] = 0
    if link.pair:
        st.session_state[session.FOCUS] = link.pair
    st.session_state["f_score"] = (link.min_score, link.max_score)
    st.session_state["f_categories"] = list(link.categories)
    st.session_state["f_statuses"] = list(link.statuses)
    st.session_state["f_issues_only"] = link.issues_only
    st.session_state["view_mode"] = MODE_LABELS[link.mode]


def write_link(project_id: str | None, run_id: str | None) -> None:
    """Put where the reviewer is into the URL (only when it changed, so the browser history stays quiet)."""
    low, high = st.session_state.get("f_score", (0.0, 100.0))
    mode = next((k for k, v in MODE_LABELS.items() if v == st.session_state.get("view_mode")), "one")
    link = Link(
        project=project_id,
        run=run_id,
        pair=st.session_state.get(session.FOCUS),
        min_score=float(low),
        max_score=float(high),
        categories=tuple(st.session_state.get("f_categories") or ()),
        statuses=tuple(st.session_state.get("f_statuses") or ()),
        issues_only=bool(st.session_state.get("f_issues_only")),
        mode=mode,
    )
    params = to_params(link)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
