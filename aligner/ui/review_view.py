"""Review screen pieces: the one-pair view (with edit, comment, merge/split, shortcuts) and the page-of-pairs view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from aligner.model import AlignedPair, AlignmentResult, Issue, ReviewStatus, Side
from aligner.review.editbox import Base
from aligner.review.recheck import shown_pair
from aligner.review.verdicts import in_force, judge
from aligner.store.base import PairState
from aligner.ui import actions, boxes, navigation, session
from aligner.ui.data import focus_position, next_matching, state_of
from aligner.ui.render import show_pair, show_text
from aligner.ui.verdict_view import verdict_panel

SHORTCUTS = {"next": "J", "prev": "K", "accept": "A", "reject": "X", "undo": "U", "redo": "Y"}


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
            "edited": "+".join(s for s, text in (("ar", e.edited_text), ("en", e.edited_src)) if text is not None),
            "seconds": e.seconds,
            "comment": e.comment or "",
        }
        for e in events
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _edit_box(run_id: str, pair_id: str, kind: str, current: Base, conflict_what: str) -> str:
    """Fill a stable-keyed box from the store unless the reviewer typed in it; show a conflict above it."""
    key = boxes.box_key(kind, run_id, pair_id)
    conflict = boxes.prepare_box(key, current)
    if conflict is not None:
        st.warning(
            f"Someone else saved a newer version of this {conflict_what} (version {conflict.version}) while you were "
            "typing. Your text is kept in the box; keep it (your save goes over theirs) or take theirs."
        )
        if kind in EDIT_LANGS:
            show_text(conflict.text, lang=EDIT_LANGS[kind])
        else:
            st.text(conflict.text or "(no comment)")
        a, b, _ = st.columns([2, 2, 6])
        a.button("Keep my text", key=f"keep_{key}", on_click=boxes.keep_mine, args=(key, *_as_args(conflict)))
        b.button("Take theirs", key=f"take_{key}", on_click=boxes.take_theirs, args=(key, *_as_args(conflict)))
    return key


EDIT_LANGS = {"edit_ar": "ar", "edit_en": "en"}  # edit box kind -> language of its text


def _edit_controls(run_id: str, pair: AlignedPair, state: PairState, *, suffix: str = "") -> None:
    """The Arabic and English edit boxes and the comment box of a (shown) pair, each with its Save button."""
    sides = (
        ("edit_ar", Side.TARGET, pair.tgt_text, "Edit the Arabic", "Save edit and re-check", "save_edit"),
        ("edit_en", Side.SOURCE, pair.src_text, "Edit the English", "Save English edit and re-check", "save_src"),
    )
    for kind, side, text, label, save, save_key in sides:
        box = _edit_box(run_id, pair.id, kind, Base(state.version, text), "pair")
        st.text_area(label, key=box, height="content", on_change=boxes.keep_draft, args=(box,))
        st.button(save, key=f"{save_key}{suffix}", on_click=actions.save_edit, args=(run_id, pair.id, box, side.value))
    pair_id = pair.id
    comment_key = _edit_box(run_id, pair_id, "comment", Base(state.version, state.comment or ""), "comment")
    st.text_input("Comment", key=comment_key, max_chars=500, on_change=boxes.keep_draft, args=(comment_key,))
    st.button(
        "Save comment",
        key=f"save_comment{suffix}",
        on_click=actions.save_comment,
        args=(run_id, pair_id, comment_key),
    )


CONFIRM = "confirm_accept_page"  # {pair id: version shown} a bulk accept asks about (the dialog is open while set)


def _ask_confirm(pending: dict[str, int]) -> None:
    st.session_state[CONFIRM] = pending


@st.dialog("Accept the pending pairs on this page?", on_dismiss=lambda: st.session_state.pop(CONFIRM, None))
def _confirm_accept(run_id: str, pending: dict[str, int]) -> None:
    """Bulk accept asks first; it then expects each pair at the version shown when it was asked."""
    ids = list(pending)
    more = "…" if len(ids) > 12 else ""
    st.text(f"{len(ids)} pending pair(s) will be accepted: {', '.join(ids[:12])}{more}")
    yes, no = st.columns(2)
    if yes.button("Accept them", key="accept_page_confirm", type="primary", width="stretch"):
        st.session_state.pop(CONFIRM, None)
        actions.accept_many(run_id, ids, versions=pending)
        st.rerun()
    if no.button("Cancel", key="accept_page_cancel", width="stretch"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def _as_args(base: Base) -> tuple[int, str]:
    return base.version, base.text


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
    index_of = {p.id: i for i, p in enumerate(result.pairs)}
    pos = focus_position(
        visible, index_of, st.session_state.get(session.FOCUS), int(st.session_state.get(session.POSITION, 0))
    )
    st.session_state[session.POSITION] = pos
    pair = result.pairs[visible[pos]]
    if st.session_state.get(session.FOCUS) not in index_of:  # a pair hidden by a filter stays the one to come back to
        st.session_state[session.FOCUS] = pair.id
    state = state_of(states, pair.id)
    actions.start_viewing(pair.id)
    following = result.pairs[visible[pos] + 1].id if visible[pos] + 1 < len(result.pairs) else None
    actions.remember_seen(dict(states), [pair.id] + ([following] if following else []))
    next_id = result.pairs[visible[pos + 1]].id if advance and pos + 1 < len(visible) else None
    plan = actions.undo_plan(run_id)
    cols = st.columns(8)
    cols[0].button(
        "◀ Previous",
        key="prev",
        shortcut=SHORTCUTS["prev"],
        on_click=navigation.move,
        args=(-1,),
        disabled=pos == 0,
        width="stretch",
    )
    cols[1].button(
        "Next ▶",
        key="next",
        shortcut=SHORTCUTS["next"],
        on_click=navigation.move,
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
        args=(run_id, pair.id, ReviewStatus.ACCEPTED.value, next_id),
    )
    cols[3].button(
        "Reject",
        key="reject",
        shortcut=SHORTCUTS["reject"],
        width="stretch",
        on_click=actions.set_status,
        args=(run_id, pair.id, ReviewStatus.REJECTED.value, next_id),
    )
    cols[4].button(
        "Undo",
        key="undo",
        shortcut=SHORTCUTS["undo"],
        on_click=actions.undo,
        args=(run_id,),
        disabled=plan.undo is None,
        width="stretch",
        help=f"Undo your last change (pair {plan.undo.pair_id})" if plan.undo else "Nothing of yours to undo",
    )
    cols[5].button(
        "Redo",
        key="redo",
        shortcut=SHORTCUTS["redo"],
        on_click=actions.redo,
        args=(run_id,),
        disabled=plan.redo is None,
        width="stretch",
        help=f"Redo on pair {plan.redo.pair_id}" if plan.redo else "Nothing to redo",
    )
    cols[6].button(
        "Merge with next",
        key="merge",
        on_click=actions.merge_next,
        args=(run_id, pair.id, following or ""),
        disabled=following is None,
        width="stretch",
    )
    cols[7].button(
        "Split",
        key="split",
        on_click=actions.split,
        args=(run_id, pair.id),
        disabled=len(pair.src) < 2 and len(pair.tgt) < 2,
        width="stretch",
        help="Split a pair made of several sentences into two.",
    )
    here = visible[pos]
    next_pending = next_matching(result, states, here, pending=True)
    next_issue = next_matching(result, states, here)
    go, pend, flagged, _ = st.columns([2, 1.2, 1.2, 3.6], vertical_alignment="bottom")
    go.text_input(
        "Go to pair (id or number)",
        key="jump_to",
        on_change=navigation.jump,
        args=("jump_to", [p.id for p in result.pairs]),
        placeholder="e.g. p42 or 42",
    )
    pend.button(  # the target is looked up when clicked: another reviewer may settle the next one meanwhile
        "Next pending",
        key="next_pending",
        on_click=navigation.next_matching_pair,
        args=(run_id, pair.id, True),
        disabled=next_pending is None,
        width="stretch",
    )
    flagged.button(
        "Next with issues",
        key="next_issue",
        on_click=navigation.next_matching_pair,
        args=(run_id, pair.id, False),
        disabled=next_issue is None,
        width="stretch",
    )
    st.caption(
        f"Pair {pos + 1} of {len(visible)} shown · shortcuts: J next, K previous, A accept, X reject, U undo, Y redo"
    )
    aligned, pair = pair, shown_pair(pair, state)
    tgt = pair.tgt_text
    judged = judge(grouped.get(pair.id, []), actions.get_store().verdicts(run_id, pair.id), pair.src_text, tgt)
    show_pair(
        pair,
        in_force(judged),
        tgt_text=tgt,
        src_lang=result.src.lang or "en",
        tgt_lang=result.tgt.lang or "ar",
        score=_score(result, pair.id),
        status=state.status.value,
        position=f"{pair.id} ({pos + 1}/{len(visible)})",
    )
    verdict_panel(run_id, pair, judged, tgt)
    if state.edited_text is not None:
        with st.expander("Arabic as aligned (before the edit)"):
            show_text(aligned.tgt_text, lang=result.tgt.lang or "ar")
    if state.edited_src is not None:
        with st.expander("English as aligned (before the edit)"):
            show_text(aligned.src_text, lang=result.src.lang or "en")
    _edit_controls(run_id, pair, state)
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
    index_of = {p.id: i for i, p in enumerate(result.pairs)}
    pos = focus_position(
        visible, index_of, st.session_state.get(session.FOCUS), int(st.session_state.get(session.POSITION, 0))
    )
    first_ids = [result.pairs[visible[k]].id for k in range(0, len(visible), page_size)]
    st.session_state["page_no"] = pos // page_size + 1  # the page holding the pair in view (any page size)
    page = st.number_input(
        "Page", min_value=1, max_value=pages, key="page_no", on_change=navigation.to_page, args=("page_no", first_ids)
    )
    first = (int(page) - 1) * page_size
    st.session_state[session.POSITION] = pos
    if st.session_state.get(session.FOCUS) not in index_of:
        st.session_state[session.FOCUS] = result.pairs[visible[pos]].id
    shown = [result.pairs[i] for i in visible[first : first + page_size]]
    actions.remember_seen(dict(states), [p.id for p in shown])
    pending = [p.id for p in shown if state_of(states, p.id).status is ReviewStatus.PENDING]
    st.button(
        f"Accept the {len(pending)} pending pair(s) on this page",
        key="accept_page",
        disabled=not pending,
        on_click=_ask_confirm,
        args=({pid: state_of(states, pid).version for pid in pending},),
    )
    if st.session_state.get(CONFIRM):
        _confirm_accept(run_id, dict(st.session_state[CONFIRM]))
    verdicts: dict[str, list] = {}
    for v in actions.get_store().verdicts(run_id):
        verdicts.setdefault(v.pair_id, []).append(v)
    for pair in shown:
        state = state_of(states, pair.id)
        pair = shown_pair(pair, state)
        tgt = pair.tgt_text
        show_pair(
            pair,
            in_force(judge(grouped.get(pair.id, []), verdicts.get(pair.id, ()), pair.src_text, tgt)),
            tgt_text=tgt,
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
            args=(run_id, pair.id, ReviewStatus.ACCEPTED.value),
        )
        r.button(
            "Reject",
            key=f"rej_{pair.id}",
            on_click=actions.set_status,
            args=(run_id, pair.id, ReviewStatus.REJECTED.value),
        )
        # keyed and tracked: it stays open across reruns, even when a message above it shifts the page
        with st.expander("Edit / comment", key=boxes.box_key("editor", run_id, pair.id), on_change="rerun"):
            _edit_controls(run_id, pair, state, suffix=f"_{pair.id}")
