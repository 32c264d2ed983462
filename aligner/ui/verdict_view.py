"""Verdict controls under a pair: dismiss (with a reason) / confirm / reopen each issue, re-grade it, add one's own."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from aligner.model import AlignedPair, Category, Severity
from aligner.review.verdicts import DISMISSED, OPEN, Judged
from aligner.ui import actions
from aligner.ui.html import escape_message, escape_text

SEVERITIES = [s.name.lower() for s in Severity]


def _line(j: Judged) -> str:
    """One issue as escaped HTML: category, severity, message, and its verdict."""
    issue = j.issue
    graded = "" if j.checked_severity is None else f" (check said {j.checked_severity.name.lower()})"
    state = ""
    if j.state != OPEN:
        why = f": {escape_message(j.reason)}" if j.reason else ""
        state = f' · <i class="verdict">{escape_text(j.state)} by {escape_text(j.by or "?")}{why}</i>'
    source = " · added by a reviewer" if j.added else ""
    style = ' style="text-decoration: line-through; opacity: .6"' if j.state == DISMISSED else ""
    return (
        f'<div class="aw"><span class="badge cat-{escape_text(issue.category.value)}">'
        f"{escape_text(issue.category.value.replace('_', ' '))}</span> "
        f'<span class="sev">{escape_text(issue.severity.name.lower())}{escape_text(graded)}</span> '
        f'<bdi class="msg"{style}>{escape_message(issue.message)}</bdi>{state}{escape_text(source)}</div>'
    )


def verdict_panel(run_id: str, pair: AlignedPair, judged: Sequence[Judged], tgt_text: str) -> None:
    """The verdict controls for the pair's issues, and a form to add an issue on a span."""
    with st.expander(f"Verdicts on issues ({len(judged)})", expanded=bool(judged)):
        reason_key = f"why_{run_id[:12]}_{pair.id}"
        if judged:
            st.text_input("Reason for a dismissal (optional)", key=reason_key, max_chars=500)
        for k, j in enumerate(judged):
            line, a, b, c = st.columns([6, 1.3, 1.3, 1.6], vertical_alignment="center")
            line.html(_line(j))
            tag = f"{pair.id}_{k}"
            if j.state == OPEN:
                a.button(
                    "Dismiss",
                    key=f"dismiss_{tag}",
                    help="A false positive: the issue stops counting for this text",
                    on_click=actions.issue_verdict,
                    args=(run_id, pair.id, j.key, "dismiss", reason_key),
                )
                b.button("Confirm", key=f"confirm_{tag}", on_click=actions.issue_verdict, args=(run_id, pair.id, j.key))
            else:
                a.button(
                    "Reopen",
                    key=f"reopen_{tag}",
                    on_click=actions.issue_verdict,
                    args=(run_id, pair.id, j.key, "reopen"),
                )
            if j.added:
                b.button(
                    "Remove",
                    key=f"retract_{tag}",
                    on_click=actions.issue_verdict,
                    args=(run_id, pair.id, j.key, "retract"),
                )
            sev_key = f"sev_{run_id[:12]}_{tag}_{j.key[-8:]}"
            st.session_state[sev_key] = j.issue.severity.name.lower()
            c.selectbox(
                "Severity",
                SEVERITIES,
                key=sev_key,
                label_visibility="collapsed",
                on_change=actions.regrade,
                args=(run_id, pair.id, j.key, sev_key),
            )
        st.subheader("Add an issue", divider=False)
        side_key, text_key = f"add_side_{pair.id}", f"add_text_{pair.id}"
        cat_key, sev_key, note_key = f"add_cat_{pair.id}", f"add_sev_{pair.id}", f"add_note_{pair.id}"
        x, y, z = st.columns([1, 1, 1])
        x.radio("Side", ["Arabic", "English"], key=side_key, horizontal=True)
        y.selectbox("MQM category", [c.value for c in Category], key=cat_key, index=len(Category) - 1)
        z.selectbox("Severity", SEVERITIES, key=sev_key, index=2)
        st.text_input("Text to flag (copy it from the pair)", key=text_key)
        st.text_input("Note (optional)", key=note_key, max_chars=300)
        st.button(
            "Add issue",
            key=f"add_issue_{pair.id}",
            on_click=actions.add_issue,
            args=(run_id, pair.id, pair.src_text, tgt_text, (side_key, text_key, cat_key, sev_key, note_key)),
        )
