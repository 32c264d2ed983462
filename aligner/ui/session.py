"""Session-state keys (ids and filters only, never results), the sign-in gate and the project/run picker."""

from __future__ import annotations

import streamlit as st

REVIEWER = "reviewer"
PROJECT = "project_id"
RUN = "run_id"
POSITION = "pair_position"
SEEN = "seen_versions"  # pair id -> version the reviewer was shown (optimistic locking)
FLASH = "flash"  # (kind, message) shown once after a callback
REVISION = "run_revision"  # bumped on every write of this session (cache key)
GO_HOME = "go_home"  # set by sign-in: the router then opens the first page


def reviewer() -> str | None:
    """Return the signed-in reviewer's name, or None."""
    return st.session_state.get(REVIEWER)


def signed_in() -> bool:
    """True when a reviewer has signed in in this browser session."""
    return bool(reviewer())


def sign_in(name: str) -> None:
    """Record the reviewer's name for this session."""
    st.session_state[REVIEWER] = name
    st.session_state[GO_HOME] = True


def sign_out() -> None:
    """Forget the reviewer and every id held for this session."""
    for key in (REVIEWER, PROJECT, RUN, POSITION, SEEN, FLASH):
        st.session_state.pop(key, None)


def open_run(project_id: str, run_id: str) -> None:
    """Make ``run_id`` the current run and start at its first pair."""
    st.session_state[PROJECT] = project_id
    st.session_state[RUN] = run_id
    st.session_state[POSITION] = 0
    st.session_state[SEEN] = {}


def current_run() -> tuple[str | None, str | None]:
    """Return (project id, run id) of the current run."""
    return st.session_state.get(PROJECT), st.session_state.get(RUN)


def flash(kind: str, message: str) -> None:
    """Queue a one-line message (``success``/``info``/``warning``/``error``) for the next render."""
    st.session_state[FLASH] = (kind, message)


def alert(kind: str, message: str) -> None:
    """Show a one-line message with st.success/info/warning/error, Markdown-escaped (it may hold user text)."""
    from aligner.ui.html import md_escape

    getattr(st, kind)(md_escape(message))


def show_flash() -> None:
    """Show and clear the queued message."""
    queued = st.session_state.pop(FLASH, None)
    if queued:
        alert(*queued)


def bump_revision() -> None:
    """Invalidate this session's cached view of the run after a write."""
    st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1


def revision() -> int:
    """Return this session's write counter."""
    return int(st.session_state.get(REVISION, 0))


def run_picker() -> tuple[str | None, str | None]:
    """Sidebar selectors for the project and run; return the chosen (project id, run id)."""
    from aligner.ui.resources import get_store

    store = get_store()
    projects = store.list_projects()
    if not projects:
        return None, None
    project_ids = [p.id for p in projects]
    names = {p.id: p.name for p in projects}
    cur_project, cur_run = current_run()
    p_index = project_ids.index(cur_project) if cur_project in project_ids else 0
    project_id = st.sidebar.selectbox("Project", project_ids, index=p_index, format_func=lambda i: names[i])
    runs = store.list_runs(project_id)
    if not runs:
        return project_id, None
    run_ids = [r.id for r in runs]
    labels = {r.id: f"{r.name or r.id} ({r.n_pairs} pairs, {r.created_at:%Y-%m-%d %H:%M})" for r in runs}
    r_index = run_ids.index(cur_run) if cur_run in run_ids else 0
    run_id = st.sidebar.selectbox("Run", run_ids, index=r_index, format_func=lambda i: labels[i])
    if (project_id, run_id) != (cur_project, cur_run):
        open_run(project_id, run_id)
    return project_id, run_id


def require_reviewer() -> str:
    """Stop the page unless a reviewer is signed in (the router already gates pages; this is defence in depth)."""
    name = reviewer()
    if not name:
        st.warning("Sign in first.")
        st.stop()
    return str(name)
