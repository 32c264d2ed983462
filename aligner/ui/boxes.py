"""Edit and comment boxes in session state: stable keys, filled before they render, drafts kept, conflicts settled."""

from __future__ import annotations

import streamlit as st

from aligner.review.editbox import Base, after_own_write, reconcile
from aligner.ui import session

BOX_KINDS = ("edit_ar", "edit_en", "comment")  # a pair's boxes


def box_key(kind: str, run_id: str, pair_id: str) -> str:
    """Widget key of a pair's edit (``edit_ar``, ``edit_en``) or comment box: stable, so a rerun never replaces it."""
    return f"{kind}_{run_id[:12]}_{pair_id}"


def prepare_box(key: str, current: Base) -> Base | None:
    """Fill box ``key`` before it renders (see editbox.reconcile); return the conflicting newer version, if any."""
    bases = st.session_state.setdefault(session.BASES, {})
    drafts = st.session_state.setdefault(session.DRAFTS, {})
    typed = st.session_state.get(key, drafts.get(key))
    view = reconcile(typed if isinstance(typed, str) else None, bases.get(key), current)
    if view.value is not None:
        st.session_state[key] = view.value
        drafts.pop(key, None)
    elif key not in st.session_state and isinstance(typed, str):
        st.session_state[key] = typed  # a draft typed before the reviewer looked at another pair
    bases[key] = view.base
    return view.conflict


def keep_draft(key: str) -> None:
    """on_change of an edit/comment box: keep the typed text even when the box leaves the screen."""
    bases = st.session_state.get(session.BASES, {})
    text = st.session_state.get(key)
    base = bases.get(key)
    drafts = st.session_state.setdefault(session.DRAFTS, {})
    if isinstance(text, str) and (base is None or text != base.text):
        drafts[key] = text
    else:
        drafts.pop(key, None)


def keep_mine(key: str, current_version: int, current_text: str) -> None:
    """Resolve a box conflict for the reviewer's text: the next save goes over the newer version."""
    st.session_state.setdefault(session.BASES, {})[key] = Base(current_version, current_text)
    drafts = st.session_state.setdefault(session.DRAFTS, {})
    if isinstance(st.session_state.get(key), str):
        drafts[key] = st.session_state[key]


def take_theirs(key: str, current_version: int, current_text: str) -> None:
    """Resolve a box conflict for the newer version: the box shows it and the reviewer's text is dropped."""
    st.session_state[key] = current_text
    st.session_state.setdefault(session.BASES, {})[key] = Base(current_version, current_text)
    st.session_state.setdefault(session.DRAFTS, {}).pop(key, None)


def own_write(run_id: str, pair_id: str, old_version: int, new_version: int) -> None:
    """Rebase the pair's boxes after the reviewer's own write moved it from ``old_version`` to ``new_version``.

    Boxes filled from the old version are as good as filled from the new one (see editbox.after_own_write).
    """
    bases = st.session_state.setdefault(session.BASES, {})
    for kind in BOX_KINDS:
        key = box_key(kind, run_id, pair_id)
        base = after_own_write(bases.get(key), old_version, new_version)
        if base is not None:
            bases[key] = base
