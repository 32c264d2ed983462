"""Quality report for editors: per-document and corpus scores, issues by category, worst pairs, review effect."""

from __future__ import annotations

import streamlit as st

from aligner.ui import session
from aligner.ui.report import (
    RunReport,
    category_chart,
    edited_texts,
    issue_frame,
    pair_frame,
    reference_metrics,
    report_csv,
    report_html,
    score_chart,
    summary_frame,
    worst_pairs,
)
from aligner.ui.resources import get_store, load_run, pair_states, scores_as_aligned

session.require_reviewer()
st.title("Quality report")
project_id, run_id = session.run_picker()
if not project_id or not run_id:
    st.info("No run yet: align a file on the New run page first.")
    st.stop()

runs_info = get_store().list_runs(project_id)
scope = st.radio("Scope", ["Current run", "Whole project (corpus)"], horizontal=True, key="report_scope")
chosen = [r for r in runs_info if r.id == run_id] if scope == "Current run" else runs_info
runs = []
for info in chosen:
    states = pair_states(info.id)
    result = load_run(info.id, states, revision=session.revision() if info.id == run_id else 0)
    edited = any(s.edited_text is not None for s in states.values())
    before = scores_as_aligned(info.id, states, project_id) if edited else {}
    runs.append(RunReport(name=info.name or info.id, result=result, states=states, before=before))

pairs, issues = pair_frame(runs), issue_frame(runs)
summary = summary_frame(pairs)
corpus = summary.iloc[-1]
cols = st.columns(5)
cols[0].metric("Pairs", int(corpus["pairs"]))
cols[1].metric("Reviewed", f"{int(corpus['reviewed'])} / {int(corpus['pairs'])}")
cols[2].metric("Issues", int(corpus["issues"]))
cols[3].metric("Mean score as aligned", corpus["score_as_aligned"])
cols[4].metric("Mean score after review", corpus["score_after_review"])
st.caption("After review: rejected pairs dropped, edited pairs re-checked on their edited Arabic.")

st.subheader("Per document")
st.dataframe(summary, hide_index=True, width="stretch")
left, right = st.columns(2)
with left:
    st.subheader("Issues by category and severity")
    st.altair_chart(category_chart(issues), width="stretch")
with right:
    st.subheader("Pair scores")
    st.altair_chart(score_chart(pairs), width="stretch")

st.subheader("Worst pairs")
n_worst = st.slider("How many", 5, 100, 20, key="worst_n")
columns = ["run", "pair_id", "score", "issues", "categories", "status", "src", "tgt"]
st.dataframe(worst_pairs(pairs, n_worst)[columns], hide_index=True, width="stretch")

st.subheader("Review: Arabic as aligned vs as edited")
hyps, refs = edited_texts(pairs)
metrics = reference_metrics(hyps, refs)
if metrics:
    st.caption(f"sacrebleu over the {len(hyps)} edited pairs (reference = the edit): how much post-editing changed.")
    st.json(metrics)
else:
    st.caption("No edited pairs yet.")
st.dataframe(issues, hide_index=True, width="stretch", height=240)

title = f"Quality report: {runs[0].name if len(runs) == 1 else 'corpus'}"
d1, d2 = st.columns(2)
d1.download_button(
    "Download report (HTML)",
    report_html(runs, title=title, worst_n=n_worst).encode("utf-8"),
    file_name="quality_report.html",
    mime="text/html",
    key="dl_html",
)
d2.download_button(
    "Download pairs (CSV)", report_csv(pairs), file_name="quality_pairs.csv", mime="text/csv", key="dl_csv"
)
