"""Session-state keys (ids and filters only, never results), the sign-in gate and the project/run picker."""

from __future__ import annotations

import hashlib

import streamlit as st

from aligner.ui.remember import SIGNED_IN, xsrf_token

REVIEWER = "reviewer"
BINDING = "reviewer_binding"  # digest of the browser's XSRF cookie token + user agent at sign-in
PROJECT = "project_id"
RUN = "run_id"
POSITION = "pair_position"
FOCUS = "focus_pair"  # id of the pair in view: a filter change or a page-size change keeps it in view
DRAFTS = "edit_drafts"  # edit/comment box key -> text typed and not saved (kept when the box is not on screen)
VIEWING = "viewing"  # (pair id, time.monotonic() when it came into view): time spent per pair
BASES = "edit_bases"  # edit/comment box key -> aligner.review.editbox.Base the box was filled from
SEEN = "seen_versions"  # pair id -> version the reviewer was shown (optimistic locking)
FLASH = "flash"  # (kind, message) shown once after a callback
REVISION = "run_revision"  # bumped on every write of this session (cache key)
PREFETCHED = "prefetched_run"  # run id whose loading this session started in the background
FILTER_KEYS = ("f_score", "f_categories", "f_statuses", "f_issues_only")  # the Review page's filter widgets


def reviewer() -> str | None:
    """Return the signed-in reviewer's name, or None."""
    return st.session_state.get(REVIEWER)


def binding_of(xsrf_cookie: str, user_agent: str) -> str:
    """Digest of what only the signed-in browser sends: its XSRF cookie's token (mask removed) and user agent.

    The session id alone (it appears in upload URLs) lets a client re-attach to a session; the cookie is never in
    a URL, so a client with a leaked id but another cookie does not inherit the sign-in.
    """
    token = xsrf_token(xsrf_cookie) or xsrf_cookie.strip("\"'")  # 2|mask|masked token|timestamp: the mask varies
    return hashlib.sha256(f"{token}\0{user_agent}".encode("utf-8", "replace")).hexdigest()


def _client() -> tuple[str, str]:
    """(XSRF cookie, user agent) of the browser connected to this session now."""
    cookie, agent = st.context.cookies.get("_streamlit_xsrf"), st.context.headers.get("User-Agent")
    return cookie if isinstance(cookie, str) else "", agent if isinstance(agent, str) else ""


def client_binding() -> str:
    """The binding of the browser connected to this session now."""
    return binding_of(*_client())


def signed_in() -> bool:
    """True when a reviewer signed in from this browser: in this session, or in an earlier one (a reload, a tab)."""
    if reviewer() and st.session_state.get(BINDING) == client_binding():
        return True
    cookie, agent = _client()
    name = SIGNED_IN.recall(xsrf_token(cookie), agent)
    if name is None:
        return False
    st.session_state[REVIEWER] = name
    st.session_state[BINDING] = client_binding()
    return True


def sign_in(name: str) -> None:
    """Record the reviewer's name for this session, bound to the browser that signed in (remembered for reloads)."""
    st.session_state[REVIEWER] = name
    st.session_state[BINDING] = client_binding()
    cookie, agent = _client()
    SIGNED_IN.remember(xsrf_token(cookie), agent, name)


def sign_out() -> None:
    """Forget the reviewer, this browser's remembered sign-in and every id held for this session."""
    cookie, agent = _client()
    SIGNED_IN.forget(xsrf_token(cookie), agent)
    for key in (REVIEWER, BINDING, PROJECT, RUN, POSITION, FOCUS, SEEN, FLASH, DRAFTS, BASES):
        st.session_state.pop(key, None)


def open_run(project_id: str, run_id: str) -> None:
    """Make ``run_id`` the current run and start at its first pair."""
    st.session_state[PROJECT] = project_id
    st.session_state[RUN] = run_id
    st.session_state[POSITION] = 0
    st.session_state.pop(FOCUS, None)
    st.session_state[SEEN] = {}


def current_run() -> tuple[str | None, str | None]:
    """Return (project id, run id) of the current run."""
    return st.session_state.get(PROJECT), st.session_state.get(RUN)


def flash(kind: str, message: str) -> None:
    """Queue a one-line message (``success``/``info``/``warning``/``error``) for the next render."""
    st.session_state[FLASH] = (kind, message)


ALERT_ICONS = {
    "success": ":material/check_circle:",
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}


def alert(kind: str, message: str) -> None:
    """Show a one-line message with st.success/info/warning/error, Markdown-escaped (it may hold user text).

    The icon is given explicitly: without one, Streamlit loads its whole emoji catalogue (~0.2 s) to look for one.
    """
    from aligner.ui.html import md_escape

    getattr(st, kind)(md_escape(message), icon=ALERT_ICONS[kind])


TOAST_ICONS = {k: ALERT_ICONS[k] for k in ("success", "info")}


def show_flash() -> None:
    """Show and clear the queued message: a toast for success/info (nothing on the page moves), inline otherwise.

    Warnings and errors (a conflict, a refused write) stay on the page until the next action: they must be read.
    """
    queued = st.session_state.pop(FLASH, None)
    if not queued:
        return
    kind, message = queued
    if kind in TOAST_ICONS:
        from aligner.ui.html import md_escape

        st.toast(md_escape(message), icon=TOAST_ICONS[kind], duration="long")
    else:
        alert(kind, message)


def bump_revision() -> None:
    """Invalidate this session's cached view of the run after a write."""
    st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1


def revision() -> int:
    """Return this session's write counter."""
    return int(st.session_state.get(REVISION, 0))


def _picked_project() -> None:
    """on_change of the project selector: open that project's newest run."""
    from aligner.ui.resources import get_store

    project_id = st.session_state["pick_project"]
    runs = get_store().list_runs(project_id)
    st.session_state[PROJECT] = project_id
    st.session_state[RUN] = runs[0].id if runs else None
    st.session_state[POSITION] = 0
    st.session_state.pop(FOCUS, None)


def _picked_run() -> None:
    """on_change of the run selector."""
    st.session_state[RUN] = st.session_state["pick_run"]
    st.session_state[POSITION] = 0
    st.session_state.pop(FOCUS, None)


def prefetch_current_run() -> None:
    """Start loading the session's run (else the one the run picker will open) before any page needs it.

    Its re-check memo is then built in the background too, in the gaps between page draws (resources.warm_recheck).
    """
    from aligner.ui.resources import get_store, prefetch_run, warm_recheck

    project_id, run_id = current_run()
    if PREFETCHED in st.session_state and run_id in (None, st.session_state[PREFETCHED]):
        return
    if run_id is None:
        store = get_store()
        projects = store.list_projects()
        runs = store.list_runs(projects[0].id) if projects else []
        project_id, run_id = (projects[0].id if projects else None), (runs[0].id if runs else None)
    st.session_state[PREFETCHED] = run_id
    if run_id:
        prefetch_run(run_id)
        warm_recheck(run_id, project_id)


def run_picker() -> tuple[str | None, str | None]:
    """Sidebar selectors for the project and run; return the current (project id, run id).

    The session's ids are the single source of truth: the selectors are set from them before they render and
    change them only through their callbacks.
    """
    from aligner.ui.resources import get_store

    store = get_store()
    projects = store.list_projects()
    if not projects:
        return None, None
    # Labels must be unique: the browser sends a selectbox's choice back as its label.
    names = {p.id: f"{p.name} · {p.created_at:%Y-%m-%d %H:%M} · {p.id[:6]}" for p in projects}
    project_id, run_id = current_run()
    if project_id not in names:
        project_id, run_id = projects[0].id, None
    runs = store.list_runs(project_id)
    labels = {r.id: f"{r.name or r.id} · {r.n_pairs} pairs · {r.created_at:%Y-%m-%d %H:%M} · {r.id[:6]}" for r in runs}
    if run_id not in labels:
        run_id = runs[0].id if runs else None
    if (project_id, run_id) != current_run():
        open_run(project_id, run_id)  # type: ignore[arg-type]
    st.session_state["pick_project"] = project_id
    st.sidebar.selectbox("Project", list(names), format_func=names.get, key="pick_project", on_change=_picked_project)
    if run_id is None:
        return project_id, None
    st.session_state["pick_run"] = run_id
    st.sidebar.selectbox("Run", list(labels), format_func=labels.get, key="pick_run", on_change=_picked_run)
    st.sidebar.caption(f"run id {run_id}")
    return project_id, run_id


def require_reviewer() -> str:
    """Stop the page unless a reviewer is signed in (the router already gates pages; this is defence in depth)."""
    name = reviewer()
    if not name or not signed_in():
        st.warning("Sign in first.")
        st.stop()
    return str(name)


def open_from_query() -> None:
    """Open the pair a Quality-report link names (``?open=1&run=RUN_ID&pair=PAIR_ID``), filters cleared.

    ``open=1`` marks such a link (the review page keeps run and pair in the URL itself): it is consumed, so later
    reruns keep the reviewer's own navigation.
    """
    from aligner.store.base import NotFoundError
    from aligner.ui.resources import get_store, load_run, pair_states

    run_id, pair_id = st.query_params.get("run"), st.query_params.get("pair")
    if st.query_params.get("open") != "1" or not run_id:
        return
    st.query_params.pop("open", None)
    try:
        info = get_store().get_run(run_id)
    except NotFoundError:
        flash("warning", f"No run {run_id} in this store.")
        return
    open_run(info.project_id, run_id)
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
    if pair_id:
        ids = [p.id for p in load_run(run_id, pair_states(run_id), revision=revision()).pairs]
        if pair_id in ids:
            st.session_state[POSITION] = ids.index(pair_id)
            st.session_state[FOCUS] = pair_id
