"""Review: one pair at a time (or a page of pairs), English left and Arabic right-to-left, issues highlighted."""

from __future__ import annotations

import streamlit as st

from aligner.model import Category, ReviewStatus
from aligner.ui import session
from aligner.ui.data import PairFilter, filter_pairs, issues_by_pair, review_progress
from aligner.ui.deeplink import apply_link, write_link
from aligner.ui.resources import load_run, pair_states, warm_recheck
from aligner.ui.review_view import one_pair_view, page_view

session.require_reviewer()
st.title("Review")
session.open_from_query()  # a link from the Quality report (?open=1&run=&pair=), even within this session
apply_link()  # the reviewer's own URL: a reload or a shared link lands on the same pair
project_id, run_id = session.run_picker()
if not run_id:
    st.info("No run yet: align a file on the New run page first.")
    st.stop()

states = pair_states(run_id)
result = load_run(run_id, states, revision=session.revision())

with st.sidebar:
    st.subheader("Filters")
    low, high = st.slider("Quality score", 0.0, 100.0, (0.0, 100.0), step=1.0, key="f_score")
    categories = st.multiselect("Issue category", [c.value for c in Category], key="f_categories")
    statuses = st.multiselect("Review status", [s.value for s in ReviewStatus], key="f_statuses")
    issues_only = st.toggle("Only pairs with issues", key="f_issues_only")
    st.subheader("View")
    mode = st.radio("Show", ["One pair", "Page of pairs"], key="view_mode")
    advance = st.toggle("Go to the next pair after a verdict", value=True, key="advance")
    page_size = st.selectbox("Pairs per page", [10, 20, 50], key="page_size") if mode == "Page of pairs" else 10

pair_filter = PairFilter(
    min_score=low,
    max_score=high,
    categories=frozenset(categories),
    statuses=frozenset(statuses),
    issues_only=issues_only,
)
visible = filter_pairs(result, states, pair_filter)
reviewed, total = review_progress(states, [p.id for p in result.pairs])
st.progress(reviewed / total if total else 0.0, text=f"{reviewed} / {total} pairs reviewed")
session.show_flash()
if not visible:
    st.info("No pair matches the filters.")
    write_link(project_id, run_id)
    st.stop()

grouped = issues_by_pair(result.issues)
if mode == "One pair":
    one_pair_view(run_id, result, states, visible, grouped, advance=advance)
else:
    page_view(run_id, result, states, visible, grouped, page_size=int(page_size))
write_link(project_id, run_id)
warm_recheck(run_id, project_id)  # the first edit's re-check memo builds while the reviewer reads (never mid-draw)
