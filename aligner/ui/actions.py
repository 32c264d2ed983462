"""Review actions run as button callbacks: verdicts, edits, comments, merge/split, undo/redo, navigation.

Every write passes the version the reviewer was shown as ``expected_version``; when another reviewer saved first the
store raises ConflictError, the write is refused, the reviewer's text stays in its box and a clear message says so.
Every write that changes a pair's text (edit, undo, redo, merge, split) re-checks the run (aligner.review.recheck).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from aligner.model import ReviewStatus, Side
from aligner.review.editbox import Base, is_noop
from aligner.review.recheck import refresh_checks
from aligner.review.undo import Plan, plan
from aligner.store.base import ConflictError, PairState, StoreError
from aligner.store.logic import MAX_SECONDS
from aligner.ui import session
from aligner.ui.boxes import own_write
from aligner.ui.data import state_of
from aligner.ui.navigation import focus
from aligner.ui.resources import drawing, get_encoder, get_store, pair_states, project_config

log = logging.getLogger(__name__)


def remember_seen(states: dict[str, PairState], pair_ids: list[str]) -> None:
    """Record the versions of the pairs on screen: the next write on them expects exactly these."""
    seen = st.session_state.setdefault(session.SEEN, {})
    for pid in pair_ids:
        seen[pid] = state_of(states, pid).version


def _seen(pair_id: str, fallback: int) -> int:
    return int(st.session_state.get(session.SEEN, {}).get(pair_id, fallback))


def start_viewing(pair_id: str) -> None:
    """Start the clock on a pair when it comes into view (kept while it stays in view)."""
    viewing = st.session_state.get(session.VIEWING)
    if not viewing or viewing[0] != pair_id:
        st.session_state[session.VIEWING] = (pair_id, time.monotonic())


def _spent(pair_id: str) -> float | None:
    """Seconds on ``pair_id`` since it came into view or since the last decision on it (None if not timed)."""
    viewing = st.session_state.get(session.VIEWING)
    if not viewing or viewing[0] != pair_id:
        return None
    now = time.monotonic()
    st.session_state[session.VIEWING] = (pair_id, now)
    spent = now - float(viewing[1])
    return spent if 0 <= spent <= MAX_SECONDS else None


def _reviewer() -> str:
    return session.reviewer() or "anonymous"


KEPT = {
    "edit": "Your edit is kept in the box: compare it with theirs, then keep yours or take theirs.",
    "comment": "Your comment is kept in the box: compare it with theirs, then keep yours or take theirs.",
    "verdict": "Look at their version, then decide again.",
}


def _conflict_message(run_id: str, pair_id: str, what: str, exc: ConflictError) -> str:
    """One line for a refused write: who changed the pair first and what happened to the reviewer's work."""
    states = pair_states(run_id)
    if what not in KEPT or pair_id not in states:  # merge, split, undo, redo; or the pair was merged/split away
        return f"Not done: {str(exc).splitlines()[0]}"
    latest = states[pair_id]
    who = latest.reviewer or "another reviewer"
    return f"Not saved: {who} changed pair {pair_id} first (it is now {latest.status.value}). {KEPT[what]}"


def _write(run_id: str, pair_id: str, what: str, do: Callable[[], object]) -> bool:
    """Run a store write; on a conflict or a refused write, queue a one-line error and return False."""
    if not session.signed_in():  # a callback sent on a re-attached session by another browser
        session.flash("error", f"Sign in first: your {what} was not saved.")
        return False
    try:
        do()
    except ConflictError as exc:
        session.flash("error", _conflict_message(run_id, pair_id, what, exc))
        session.bump_revision()
        return False
    except (StoreError, ValueError, KeyError) as exc:
        session.flash("error", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return False
    session.bump_revision()
    return True


def recheck(run_id: str, pair_ids: Sequence[str]) -> int:
    """Re-check the run after ``pair_ids`` got new text; return how many pairs' checks changed."""
    config = project_config(st.session_state.get(session.PROJECT))
    try:
        with drawing():  # the background memo warm-up waits
            found = refresh_checks(get_store(), run_id, pair_ids, config=config, encoder=get_encoder(config.encoder))
    except (StoreError, ValueError) as exc:  # the write stands; the checks are re-run by the next change
        log.warning("re-check of %s failed: %s", ", ".join(pair_ids), exc)
        return 0
    session.bump_revision()
    return len(found)


def set_status(run_id: str, pair_id: str, status: str, next_id: str | None = None) -> None:
    """Accept or reject a pair (an edit already made is kept); then move on to ``next_id`` when given."""
    store = get_store()
    state = state_of(pair_states(run_id), pair_id)
    spent = _spent(pair_id)

    expected = _seen(pair_id, state.version)

    def do() -> None:
        saved = store.record_review(
            run_id,
            pair_id,
            status=ReviewStatus(status),
            reviewer=_reviewer(),
            expected_version=expected,
            comment=state.comment,
            seconds=spent,
            **_edits(state),
        )
        own_write(run_id, pair_id, expected, saved.version)

    if _write(run_id, pair_id, "verdict", do):
        session.flash("success", f"Pair {pair_id}: {status}.")
        shown = st.session_state.get("f_statuses") or []
        if next_id and (not shown or status in shown):  # else the pair leaves the filtered list by itself
            focus(next_id)


EDIT_FIELDS = {Side.TARGET.value: "edited_text", Side.SOURCE.value: "edited_src"}  # record_review keyword per side
SIDE_NAMES = {Side.TARGET.value: "Arabic", Side.SOURCE.value: "English"}


def _edits(state: PairState, side: str | None = None, text: str | None = None) -> dict[str, str | None]:
    """The pair's edits as record_review keywords (a write carries both sides over), with ``side`` set to ``text``."""
    edits = {"edited_text": state.edited_text, "edited_src": state.edited_src}
    if side is not None:
        edits[EDIT_FIELDS[side]] = text
    return edits


def save_edit(run_id: str, pair_id: str, key: str, side: str = Side.TARGET.value) -> None:
    """Save box ``key`` as an edit of ``side`` ("tgt" Arabic, "src" English) over the version it was filled from.

    Then re-check the pair and every pair a document-level check ties to it.
    """
    focus(pair_id)  # the page view stays on the pair being edited
    text = str(st.session_state.get(key, ""))
    base = st.session_state.get(session.BASES, {}).get(key)
    store = get_store()
    state = state_of(pair_states(run_id), pair_id)
    if base is None:
        base = Base(_seen(pair_id, state.version), text)
    if not text.strip():
        session.flash("warning", "The edit is empty: use Reject to drop a pair.")
        return
    if is_noop(text, base.text):
        session.flash("info", f"Pair {pair_id}: the text is unchanged; nothing to save.")
        return
    saved: list[PairState] = []

    def do() -> None:
        saved.append(
            store.record_review(
                run_id,
                pair_id,
                status=ReviewStatus.EDITED,
                reviewer=_reviewer(),
                expected_version=base.version,
                comment=state.comment,
                seconds=_spent(pair_id),
                **_edits(state, side, text),
            )
        )

    if _write(run_id, pair_id, "edit", do):
        own_write(run_id, pair_id, base.version, saved[0].version)  # the pair's other boxes: no conflict
        st.session_state.setdefault(session.BASES, {})[key] = Base(saved[0].version, text)
        st.session_state.setdefault(session.DRAFTS, {}).pop(key, None)
        n = recheck(run_id, [pair_id])
        issues = len(get_store().load_run(run_id).issues_for(pair_id))
        others = f"; {n - 1} other pair(s) re-checked" if n > 1 else ""
        what = SIDE_NAMES[side]
        session.flash("success", f"Pair {pair_id}: {what} edit saved and re-checked ({issues} issue(s){others}).")


def save_comment(run_id: str, pair_id: str, key: str) -> None:
    """Attach the comment typed in box ``key`` to the pair (status and edit unchanged)."""
    focus(pair_id)
    comment = str(st.session_state.get(key, "")).strip() or None
    base = st.session_state.get(session.BASES, {}).get(key)
    store = get_store()
    state = state_of(pair_states(run_id), pair_id)
    expected = base.version if base is not None else _seen(pair_id, state.version)
    if base is not None and (comment or "") == base.text.strip():
        session.flash("info", f"Pair {pair_id}: the comment is unchanged; nothing to save.")
        return
    saved: list[PairState] = []

    def do() -> None:
        saved.append(
            store.record_review(
                run_id,
                pair_id,
                status=state.status,
                reviewer=_reviewer(),
                expected_version=expected,
                comment=comment,
                seconds=_spent(pair_id),
                **_edits(state),
            )
        )

    if _write(run_id, pair_id, "comment", do):
        own_write(run_id, pair_id, expected, saved[0].version)
        st.session_state.setdefault(session.BASES, {})[key] = Base(saved[0].version, comment or "")
        st.session_state.setdefault(session.DRAFTS, {}).pop(key, None)
        session.flash("success", f"Pair {pair_id}: comment saved.")


def accept_many(run_id: str, pair_ids: list[str], versions: Mapping[str, int] | None = None) -> None:
    """Accept several pending pairs at once; pairs someone else changed meanwhile are left alone and counted.

    ``versions``: the version of each pair the reviewer was shown when asked (default: the last ones on screen).
    """
    store = get_store()
    states = pair_states(run_id)
    done, refused = 0, 0
    for pid in pair_ids:
        state = state_of(states, pid)
        expected = versions[pid] if versions and pid in versions else _seen(pid, state.version)
        try:
            saved = store.record_review(
                run_id,
                pid,
                status=ReviewStatus.ACCEPTED,
                reviewer=_reviewer(),
                expected_version=expected,
                comment=state.comment,
                **_edits(state),
            )
            own_write(run_id, pid, expected, saved.version)
            done += 1
        except ConflictError:
            refused += 1
    session.bump_revision()
    extra = f"; {refused} changed by someone else first and were left alone" if refused else ""
    session.flash("warning" if refused else "success", f"Accepted {done} pair(s){extra}.")


def undo_plan(run_id: str) -> Plan:
    """The signed-in reviewer's next undo and redo in this run (from the review log, so a reload keeps them)."""
    return plan(get_store().reviewer_events(run_id, _reviewer()))


def _undo_or_redo(run_id: str, which: str) -> None:
    step = getattr(undo_plan(run_id), which)
    if step is None:
        session.flash("info", f"Nothing to {which}.")
        return
    store = get_store()
    op = store.undo if which == "undo" else store.redo
    if _write(
        run_id,
        step.pair_id,
        which,
        lambda: op(run_id, step.pair_id, reviewer=_reviewer(), expected_version=step.version),
    ):
        recheck(run_id, [step.pair_id])
        focus(step.pair_id)
        session.flash("info", f"Pair {step.pair_id}: your last change {'undone' if which == 'undo' else 'redone'}.")


def undo(run_id: str) -> None:
    """Undo the reviewer's last action, wherever it was (the view moves to that pair)."""
    _undo_or_redo(run_id, "undo")


def redo(run_id: str) -> None:
    """Redo what the reviewer's last undo took away."""
    _undo_or_redo(run_id, "redo")


def merge_next(run_id: str, pair_id: str, next_id: str) -> None:
    """Merge the pair with the next one (links only), if neither changed since shown; then re-check."""
    store = get_store()
    states = pair_states(run_id)
    expected = {p: _seen(p, state_of(states, p).version) for p in (pair_id, next_id)}
    merged: list[str] = []
    if _write(
        run_id,
        pair_id,
        "merge",
        lambda: merged.append(store.merge_with_next(run_id, pair_id, reviewer=_reviewer(), expected_versions=expected)),
    ):
        recheck(run_id, merged)
        focus(merged[0])
        session.flash("success", f"Merged into pair {merged[0]}.")


def split(run_id: str, pair_id: str) -> None:
    """Split a many-sentence pair in two (links only), if it did not change since shown; then re-check."""
    store = get_store()
    expected = _seen(pair_id, state_of(pair_states(run_id), pair_id).version)
    made: list[tuple[str, str]] = []
    if _write(
        run_id,
        pair_id,
        "split",
        lambda: made.append(store.split_pair(run_id, pair_id, reviewer=_reviewer(), expected_version=expected)),
    ):
        recheck(run_id, made[0])
        focus(made[0][0])
        session.flash("success", f"Split into pairs {made[0][0]} and {made[0][1]}.")


def issue_verdict(run_id: str, pair_id: str, key: str, kind: str = "confirm", reason_key: str | None = None) -> None:
    """Record a verdict (dismiss / confirm / reopen / retract) on one issue of the pair as shown."""
    from aligner.review.verdicts import verdict

    reason = str(st.session_state.get(reason_key, "")) if reason_key else None
    try:
        get_store().record_verdict(verdict(run_id, pair_id, key, kind, _reviewer(), reason=reason))
    except (StoreError, ValueError) as exc:
        session.flash("error", str(exc).splitlines()[0])
        return
    if reason_key:
        st.session_state[reason_key] = ""
    done = {"dismiss": "dismissed as a false positive", "confirm": "confirmed", "reopen": "reopened"}
    session.flash("success", f"Pair {pair_id}: issue {done.get(kind, 'removed')}.")


def regrade(run_id: str, pair_id: str, key: str, widget: str) -> None:
    """Change an issue's severity to the one picked in ``widget``."""
    from aligner.model import Severity
    from aligner.review.verdicts import verdict

    severity = Severity[str(st.session_state[widget]).upper()]
    try:
        get_store().record_verdict(verdict(run_id, pair_id, key, "severity", _reviewer(), severity=severity))
    except (StoreError, ValueError) as exc:
        session.flash("error", str(exc).splitlines()[0])
        return
    session.flash("success", f"Pair {pair_id}: severity set to {severity.name.lower()}.")


def add_issue(run_id: str, pair_id: str, src_text: str, tgt_text: str, keys: tuple[str, ...]) -> None:
    """Add the reviewer's own issue on the text typed in the form (found in the chosen side's shown text)."""
    from aligner.model import Category, Severity, Side
    from aligner.review.verdicts import added_issue, find_span, issue_key, verdict

    side_key, text_key, cat_key, sev_key, note_key = keys
    side = Side.TARGET if st.session_state.get(side_key, "Arabic") == "Arabic" else Side.SOURCE
    text = tgt_text if side is Side.TARGET else src_text
    span = find_span(text, str(st.session_state.get(text_key, "")))
    if span is None:
        session.flash("warning", "Type or paste text that occurs in the pair to flag it.")
        return
    category = Category(st.session_state.get(cat_key, Category.OTHER.value))
    severity = Severity[str(st.session_state.get(sev_key, "major")).upper()]
    issue = added_issue(pair_id, side, span, category, severity, str(st.session_state.get(note_key, "")), text)
    try:
        key = issue_key(issue, src_text, tgt_text)
        get_store().record_verdict(verdict(run_id, pair_id, key, "add", _reviewer(), issue=issue))
    except (StoreError, ValueError) as exc:
        session.flash("error", str(exc).splitlines()[0])
        return
    st.session_state[text_key] = ""
    st.session_state[note_key] = ""
    session.flash("success", f"Pair {pair_id}: issue added ({category.value}, {severity.name.lower()}).")
