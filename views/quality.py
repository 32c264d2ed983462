"""Quality report for editors: MQM scorecard with pass/fail, per category and check, worst pairs, run comparison."""

from __future__ import annotations

import dataclasses

import streamlit as st

from aligner.config import ConfigError
from aligner.errors import UserError
from aligner.report import MqmSettings, QualityReport, RunInput, build_report, settings_from_mapping
from aligner.report.compare import compare_runs
from aligner.report.formats import REPORT_FORMATS, render_report
from aligner.report.mqm import review_metrics
from aligner.report.tables import comparison_tables, fmt_number, per_run_table, verdict_line
from aligner.report.verdicts import report_verdicts
from aligner.review.precision import check_precision
from aligner.ui import session
from aligner.ui.data import states_token
from aligner.ui.report import (
    LEFT_OUT_LABELS,
    category_chart,
    left_out_frame,
    precision_frame,
    reference_frame,
    scorecard_frame,
    settings_frame,
    status_chart,
    table_frame,
    tally_frame,
    worst_frame,
)
from aligner.ui.resources import get_store, load_run, pair_states, project_config

REVIEW_METRICS_AUTO = 200  # up to this many edited pairs the post-editing metrics are computed on every render

session.require_reviewer()
st.title("Quality report")
project_id, run_id = session.run_picker()
if not project_id or not run_id:
    st.info("No run yet: align a file on the New run page first.")
    st.stop()

runs_info = get_store().list_runs(project_id)
scope = st.radio("Scope", ["Current run", "Whole project"], horizontal=True, key="report_scope")
chosen = [r for r in runs_info if r.id == run_id] if scope == "Current run" else runs_info


def run_input(info) -> RunInput:  # type: ignore[no-untyped-def]
    """The run as reviewed: its result (edits re-checked), review states and the reviewers' issue verdicts."""
    states = pair_states(info.id)
    result = load_run(info.id, states, revision=session.revision() if info.id == run_id else 0)
    verdicts = VERDICTS[info.id] = get_store().verdicts(info.id)
    VERDICT_COUNTS[info.id] = len(verdicts)
    return RunInput(info.name or info.id, result, states, report_verdicts(result, states, verdicts), run_id=info.id)


try:
    settings = settings_from_mapping(project_config(project_id).report)
except ConfigError as exc:
    session.alert("error", f"The project's report settings are wrong: {exc}")
    st.stop()
VERDICT_COUNTS: dict[str, int] = {}
VERDICTS: dict[str, list] = {}  # type: ignore[type-arg]
inputs = [run_input(info) for info in chosen]
title = f"Quality report: {inputs[0].name if len(inputs) == 1 else 'whole project'}"
key = (
    "|".join(f"{i.run_id}:{states_token(i.states)}:{len(i.result.issues)}:{VERDICT_COUNTS[i.run_id]}" for i in inputs)
    + f"|{session.revision()}"
)


@st.cache_resource(max_entries=8, show_spinner=False)
def scored(key: str, settings_key: str, title: str, _inputs: list[RunInput], _settings: MqmSettings) -> QualityReport:
    """The report without post-editing metrics, cached until a review, edit or setting changes."""
    return build_report(_inputs, _settings, title=title, with_review_metrics=False)


@st.cache_resource(max_entries=8, show_spinner="Scoring the edits with sacrebleu…")
def post_editing(key: str, _report: QualityReport, _inputs: list[RunInput]) -> tuple:  # type: ignore[type-arg]
    """BLEU/chrF/TER of the Arabic as aligned vs as edited, cached like the report."""
    originals = {(i.name, p.id): p.tgt_text for i in _inputs for p in i.result.pairs}
    return review_metrics(_report.pairs, originals)


report = scored(key, repr(settings.as_dict()), title, inputs, settings)
card = report.total

session.alert("success" if card.passed else "warning" if card.passed is None else "error", verdict_line(card, settings))
cols = st.columns(6)
cols[0].metric("OQS", fmt_number(card.oqs))
cols[1].metric("Cut score", fmt_number(settings.cut_score))
cols[2].metric("EWC (source words)", card.ewc)
cols[3].metric("APT (penalty points)", fmt_number(card.apt))
cols[4].metric("Issues counted", card.issues)
cols[5].metric(f"Pairs scored (of {card.pairs})", card.scored)
left_out = ", ".join(f"{card.excluded.get(k, 0)} {label}" for k, label in LEFT_OUT_LABELS.items() if k != "scored")
st.caption(
    f"Left out of the score (listed below): {left_out}. Issues on them are not counted ({card.not_scored_issues}); "
    f"{card.dismissed} issues dismissed by reviewers, {card.added} added. OQS = max score × (1 − APT / EWC)."
)
with st.expander("Scoring settings (project config, [report] table)"):
    st.dataframe(settings_frame(report), hide_index=True, width="stretch")

st.subheader("Scorecard per run")
st.dataframe(scorecard_frame(report), hide_index=True, width="stretch")
left, right = st.columns(2)
with left:
    st.subheader("Issues by category")
    st.vega_lite_chart(category_chart(card), width="stretch")
with right:
    st.subheader("Review status")
    st.vega_lite_chart(status_chart(report.runs), width="stretch")
left, right = st.columns(2)
left.dataframe(tally_frame(card, "category"), hide_index=True, width="stretch")
right.dataframe(tally_frame(card, "check"), hide_index=True, width="stretch")
st.subheader("Check precision as judged by reviewers (whole project)")
judged_runs = {
    info.id: (result, states, verdicts)
    for info in runs_info
    for verdicts in [VERDICTS[info.id] if info.id in VERDICTS else get_store().verdicts(info.id)]
    if verdicts  # a run nobody judged adds nothing: it is not even loaded
    for states in [pair_states(info.id)]
    for result in [load_run(info.id, states, revision=session.revision() if info.id == run_id else 0)]
}
precision_key = "|".join(
    f"{rid}:{states_token(states)}:{len(result.issues)}:{len(verdicts)}"
    for rid, (result, states, verdicts) in judged_runs.items()
)


@st.cache_resource(max_entries=8, show_spinner=False)
def precision_of(key: str, revision: int, _runs: list) -> list:  # type: ignore[type-arg]
    """Each check's precision as judged by reviewers over the project, cached until a verdict or review changes."""
    return check_precision(_runs)


precisions = precision_of(precision_key, session.revision(), list(judged_runs.values()))
if precisions:
    report = dataclasses.replace(report, precision=tuple(precisions))  # the downloads carry it too
    st.table(precision_frame(precisions).set_index("check"))
    st.caption("Confirmed / (confirmed + dismissed as false positives), least precise check first: improve it next.")
else:
    st.caption("No issue confirmed or dismissed by a reviewer yet.")
if len(report.runs) > 1:
    with st.expander("Issues by run (each document)"):
        for key in ("category", "check"):
            st.dataframe(table_frame(per_run_table(report, key)), hide_index=True, width="stretch")  # type: ignore[arg-type]

st.subheader("Worst pairs")
n_worst = st.slider("How many", 5, 100, 20, key="worst_n")
worst = report.worst_pairs(n_worst)
st.dataframe(worst_frame(report, n_worst), hide_index=True, width="stretch")
if worst:
    labels = {
        i: f"{p.run} · {p.pair_id} · pair OQS {fmt_number(p.score)} · {fmt_number(p.points)} points"
        for i, p in enumerate(worst)
    }
    pick = st.selectbox("Pair", list(labels), format_func=labels.get, key="worst_pick")
    if st.button("Open in Review", key="open_in_review"):
        chosen_pair = worst[int(pick or 0)]
        st.switch_page(
            "views/review.py", query_params={"open": "1", "run": chosen_pair.run_id, "pair": chosen_pair.pair_id}
        )

for state, label in LEFT_OUT_LABELS.items():
    rows = report.left_out(state)
    with st.expander(f"Left out: {label} ({len(rows)})"):
        st.dataframe(left_out_frame(report, state), hide_index=True, width="stretch")

st.subheader("Post-editing effort")
n_edited = sum(1 for i in inputs for s in i.states.values() if s.edited_text is not None)
if n_edited and (
    n_edited <= REVIEW_METRICS_AUTO or st.toggle(f"Score the {n_edited} edits (sacrebleu)", key="pe_metrics")
):
    report = dataclasses.replace(report, reference=post_editing(key, report, inputs))
if report.reference:
    st.caption("The reviewers' edits are the reference: lower BLEU/chrF (higher TER) means more post-editing.")
    st.dataframe(reference_frame(report), hide_index=True, width="stretch")
elif not n_edited:
    st.caption("No edited pairs yet.")

st.subheader("Compare with another run")
others = {r.id: f"{r.name or r.id} · {r.n_pairs} pairs · {r.id[:6]}" for r in runs_info if r.id != run_id}
other_id = st.selectbox(
    "Run B (run A is the current run)", [None, *others], format_func=lambda k: "—" if k is None else others[k],
    key="compare_run",
)  # fmt: skip
if other_id:
    ref_file = st.file_uploader("References (optional): Arabic, one line per pair of run A with a source", key="ref")
    refs = None
    if ref_file is not None:
        refs = ref_file.getvalue().decode("utf-8-sig", errors="replace").splitlines()
    current = next((i for i in inputs if i.run_id == run_id), None)
    current = current or run_input(next(r for r in runs_info if r.id == run_id))
    other = run_input(next(r for r in runs_info if r.id == other_id))
    try:
        comparison = compare_runs(current, other, settings, references=refs)
    except UserError as exc:
        session.alert("error", str(exc))
        comparison = compare_runs(current, other, settings)
    report = dataclasses.replace(report, comparison=comparison)
    for table in comparison_tables(report):
        st.caption(table.title)
        st.dataframe(table_frame(table), hide_index=True, width="stretch")

st.subheader("Download")
cols = st.columns(len(REPORT_FORMATS.names()))
for col, name in zip(cols, REPORT_FORMATS.names(), strict=True):
    fmt = REPORT_FORMATS.get(name)
    col.download_button(
        f"Report ({name.upper()})",
        data=lambda name=name: render_report(report, name, worst_n=n_worst),  # made on click, not on every render
        file_name=f"quality_report.{fmt.extension}",
        mime=fmt.mime,
        key=f"dl_{name}",
    )
