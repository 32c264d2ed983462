"""Export: the reviewed pairs of the current run, filtered, in a format from the EXPORTERS registry."""

from __future__ import annotations

import streamlit as st

from aligner.export import EXPORTERS, FilterSpec
from aligner.export.filters import DEDUPE_MODES
from aligner.model import Category
from aligner.ui import session
from aligner.ui.exporting import export_bytes
from aligner.ui.resources import get_store, load_run, pair_states

STATUS_CHOICES = {
    "not_rejected": "Everything except rejected pairs",
    "accepted": "Only accepted or edited pairs",
    "all": "All pairs (rejected included)",
}

session.require_reviewer()
st.title("Export")
project_id, run_id = session.run_picker()
if not run_id:
    st.info("No run yet: align a file on the New run page first.")
    st.stop()

fmt = st.selectbox("Format", EXPORTERS.names(), key="export_format")
status = st.radio("Pairs", list(STATUS_CHOICES), format_func=STATUS_CHOICES.get, key="export_status")
min_score = st.slider("Minimum quality score (0 = no minimum)", 0, 100, 0, key="export_min_score")
exclude = st.multiselect("Drop pairs with issues of these categories", [c.value for c in Category], key="export_exc")
drop_empty = st.toggle("Drop pairs with an empty side", value=True, key="export_drop_empty")
dedupe = st.selectbox("Duplicates", DEDUPE_MODES, key="export_dedupe")

if st.button("Prepare export", type="primary", key="export_run"):
    states = pair_states(run_id)
    result = load_run(run_id, states, revision=session.revision())
    filters = FilterSpec(
        status=status,
        min_score=float(min_score) or None,
        exclude_categories=frozenset(exclude),
        drop_empty=drop_empty,
        dedupe=dedupe,
    )
    name = next((r.name for r in get_store().list_runs(project_id) if r.id == run_id), run_id) or run_id
    verdicts = get_store().verdicts(run_id)
    data, file_name, mime, stats = export_bytes(result, states, fmt, filters=filters, name=name, verdicts=verdicts)
    session.alert("success", f"{stats['rows_written']} of {stats['rows_read']} pairs ready as {fmt}.")
    if stats.get("dropped"):
        st.json({"dropped": stats["dropped"]})
    st.download_button(
        f"Download {file_name}",
        data,
        file_name=file_name,
        mime=mime,
        key="export_download",
        on_click="ignore",
        type="primary",
    )
