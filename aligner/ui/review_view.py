"""Review screen pieces: the one-pair view (with edit, comment, merge/split, shortcuts) and the page-of-pairs view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from aligner.model import AlignmentResult, Issue, ReviewStatus
from aligner.store.base import PairState
from aligner.ui import actions, session
from aligner.ui.actions import UNSAVED
from aligner.ui.data import clamp, shown_target, state_of
from aligner.ui.render import show_pair, show_text

SHORTCUTS = {"next": "J", "prev": "K", "accept": "A", "reject": "X"}


def edit_key(run_id: str, pair_id: str, version: int) -> str:
    """Widget key of a pair's Arabic edit box (the CSS makes every ``edit_ar…`` textarea right-to-left).

    The run and the pair's version are part of the key, so a box never shows text typed for another run, and a
    newer version saved by someone else replaces a stale box (a refused edit comes back from UNSAVED instead).
    """
    return f"edit_ar_{run_id[:12]}_{pair_id}_v{version}"


def _score(result: AlignmentResult, pair_id: str) -> float | None:
    score = result.scores.get(pair_id)
    return None if score is None else score.value


def _history(run_id: str, pair_id: str) -> None:
    events = actions.get_store().history(run_id, pair_id)
    if not events:
        st.caption("No review events yet.")
        return
    rows = [
        {
            "version": e.version,
            "action": e.action,
            "status": e.status.value,
            "reviewer": e.reviewer,
            "at": e.at,
            "edited": e.edited_text is not None,
            "comment": e.comment or "",
        }
        for e in events
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def one_pair_view(
    run_id: str,
    result: AlignmentResult,
    states: Mapping[str, PairState],
    visible: Sequence[int],
    grouped: Mapping[str, list[Issue]],
    *,
    advance: bool,
) -> None:
    """Show the current pair with its issues and every review control; keyboard: J next, K previous, A, X."""
    pos = clamp(int(st.session_state.get(session.POSITION, 0)), len(visible))
    st.session_state[session.POSITION] = pos
    pair = result.pairs[visible[pos]]
    state = state_of(states, pair.id)
    actions.remember_seen(dict(states), [pair.id])
    step = 1 if advance else 0
    cols = st.columns(7)
    cols[0].button(
        "◀ Previous",
        key="prev",
        shortcut=SHORTCUTS["prev"],
        on_click=actions.move,
        args=(-1,),
        disabled=pos == 0,
        width="stretch",
    )
    cols[1].button(
        "Next ▶",
        key="next",
        shortcut=SHORTCUTS["next"],
        on_click=actions.move,
        args=(1,),
        disabled=pos >= len(visible) - 1,
        width="stretch",
    )
    cols[2].button(
        "Accept",
        key="accept",
        type="primary",
        shortcut=SHORTCUTS["accept"],
        width="stretch",
        on_click=actions.set_status,
        args=(run_id, pair.id, ReviewStatus.ACCEPTED.value, step),
    )
    cols[3].button(
        "Reject",
        key="reject",
        shortcut=SHORTCUTS["reject"],
        width="stretch",
        on_click=actions.set_status,
        args=(run_id, pair.id, ReviewStatus.REJECTED.value, step),
    )
    cols[4].button(
        "Undo", key="undo", on_click=actions.undo, args=(run_id, pair.id), disabled=state.version == 0, width="stretch"
    )
    is_last = visible[pos] == len(result.pairs) - 1
    cols[5].button(
        "Merge with next",
        key="merge",
        on_click=actions.merge_next,
        args=(run_id, pair.id),
        disabled=is_last,
        width="stretch",
    )
    cols[6].button(
        "Split",
        key="split",
        on_click=actions.split,
        args=(run_id, pair.id),
        disabled=len(pair.src) < 2 and len(pair.tgt) < 2,
        width="stretch",
        help="Split a pair made of several sentences into two.",
    )
    st.caption(f"Pair {pos + 1} of {len(visible)} shown · shortcuts: J next, K previous, A accept, X reject")
    tgt = shown_target(pair, state)
    show_pair(
        pair,
        grouped.get(pair.id, []),
        tgt_text=tgt,
        src_lang=result.src.lang or "en",
        tgt_lang=result.tgt.lang or "ar",
        score=_score(result, pair.id),
        status=state.status.value,
        position=f"{pair.id} ({pos + 1}/{len(visible)})",
    )
    if state.edited_text is not None:
        with st.expander("Arabic as aligned (before the edit)"):
            show_text(pair.tgt_text, lang=result.tgt.lang or "ar")
    unsaved = st.session_state.get(UNSAVED, {})
    if pair.id in unsaved:
        st.warning("Your edit below was not saved because someone else saved first; it is kept in the box.")
    box = edit_key(run_id, pair.id, state.version)
    st.text_area("Edit the Arabic", value=unsaved.get(pair.id, tgt), key=box, height=120)
    st.button("Save edit and re-check", key="save_edit", on_click=actions.save_edit, args=(run_id, pair.id, box))
    comment_key = f"comment_{run_id[:12]}_{pair.id}_v{state.version}"
    st.text_input("Comment", value=state.comment or "", key=comment_key, max_chars=500)
    st.button("Save comment", key="save_comment", on_click=actions.save_comment, args=(run_id, pair.id, comment_key))
    if state.reviewer:
        st.caption(f"Last change: {state.status.value} (version {state.version})")
    with st.expander("History"):
        _history(run_id, pair.id)


def page_view(
    run_id: str,
    result: AlignmentResult,
    states: Mapping[str, PairState],
    visible: Sequence[int],
    grouped: Mapping[str, list[Issue]],
    *,
    page_size: int,
) -> None:
    """Show a page of pairs, each with Accept / Reject, plus "accept every pending pair on this page"."""
    pages = max(1, -(-len(visible) // page_size))
    pos = clamp(int(st.session_state.get(session.POSITION, 0)), len(visible))
    page = st.number_input("Page", min_value=1, max_value=pages, value=pos // page_size + 1, key="page_no")
    first = (int(page) - 1) * page_size
    st.session_state[session.POSITION] = first
    shown = [result.pairs[i] for i in visible[first : first + page_size]]
    actions.remember_seen(dict(states), [p.id for p in shown])
    pending = [p.id for p in shown if state_of(states, p.id).status is ReviewStatus.PENDING]
    st.button(
        f"Accept the {len(pending)} pending pair(s) on this page",
        key="accept_page",
        disabled=not pending,
        on_click=actions.accept_many,
        args=(run_id, pending),
    )
    for pair in shown:
        state = state_of(states, pair.id)
        show_pair(
            pair,
            grouped.get(pair.id, []),
            tgt_text=shown_target(pair, state),
            src_lang=result.src.lang or "en",
            tgt_lang=result.tgt.lang or "ar",
            score=_score(result, pair.id),
            status=state.status.value,
        )
        a, r, _ = st.columns([1, 1, 6])
        a.button(
            "Accept",
            key=f"acc_{pair.id}",
            on_click=actions.set_status,
            args=(run_id, pair.id, ReviewStatus.ACCEPTED.value, 0),
        )
        r.button(
            "Reject",
            key=f"rej_{pair.id}",
            on_click=actions.set_status,
            args=(run_id, pair.id, ReviewStatus.REJECTED.value, 0),
        )
