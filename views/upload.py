"""New run: upload a news page, a parallel file or two documents; choose encoder and checks; align, check and save."""

from __future__ import annotations

import streamlit as st

from aligner.checks import CHECKS
from aligner.config import Config
from aligner.ingest.base import InputError
from aligner.pipeline import process
from aligner.ui import session
from aligner.ui.encoder_choice import encoder_selector
from aligner.ui.resources import default_encoder_spec, get_encoder, get_store, project_config
from aligner.ui.upload import bitext_from_documents, bitext_from_file, upload_extensions

NEW = "__new__"
session.require_reviewer()
st.title("New run")
store = get_store()
projects = store.list_projects()
names = {p.id: f"{p.name} · {p.created_at:%Y-%m-%d %H:%M} · {p.id[:6]}" for p in projects}  # unique labels
cur_project, _ = session.current_run()
options = [NEW, *names]
choice = st.selectbox(
    "Project",
    options,
    index=options.index(cur_project) if cur_project in names else 0,
    format_func=lambda i: "New project…" if i == NEW else names[i],
    key="upload_project",
)
if choice == NEW:
    project_name = st.text_input("Project name", value="News review", key="project_name", max_chars=120)
    base = Config(encoder=default_encoder_spec())
else:
    base = project_config(choice)
    st.caption("New runs in an existing project use its encoder and checks.")

kind = st.radio(
    "Input",
    ["Bilingual file", "Two documents"],
    horizontal=True,
    key="input_kind",
    help="A bilingual file is a scraped news page (.txt), TSV/CSV, JSONL, TMX or XLIFF.",
)
exts = upload_extensions()
if kind == "Bilingual file":
    files = [st.file_uploader("News page, TSV/CSV, JSONL, TMX or XLIFF", type=exts, key="upload_file")]
else:
    left, right = st.columns(2)
    files = [
        left.file_uploader("English document", type=exts, key="upload_src"),
        right.file_uploader("Arabic document", type=exts, key="upload_tgt"),
    ]

encoder = encoder_selector(base.encoder, disabled=choice != NEW)
all_checks = CHECKS.names()
checks = st.multiselect(
    "Checks",
    all_checks,
    default=[c for c in (base.checks or all_checks) if c in all_checks],
    key="checks",
    format_func=lambda n: f"{CHECKS.get(n).title()} ({n})",
    disabled=choice != NEW,
)

ready = all(f is not None for f in files) and (choice != NEW or (bool(project_name.strip()) and bool(encoder)))
if st.button("Align and check", type="primary", disabled=not ready, key="run"):
    config = base if choice != NEW else base.replace(encoder=encoder, checks=tuple(checks))
    try:
        if len(files) == 1:
            bitext = bitext_from_file(files[0].getvalue(), files[0].name)
        else:
            bitext = bitext_from_documents(
                (files[0].getvalue(), files[0].name),
                (files[1].getvalue(), files[1].name),
                src_lang=config.src_lang,
                tgt_lang=config.tgt_lang,
            )
    except InputError as exc:
        session.alert("error", str(exc).splitlines()[0] if str(exc) else "The file could not be read.")
        st.stop()
    bar = st.progress(0.0, text="Loading the encoder…")
    try:
        result = process(
            bitext,
            encoder=get_encoder(config.encoder),
            config=config,
            progress=lambda stage, frac: bar.progress(min(max(frac, 0.0), 1.0), text=f"{stage}…"),
        )
    except ValueError as exc:  # UserErrors: bad input, or an encoder that cannot load (a folder that is not a model)
        session.alert("error", f"Cannot align this input: {str(exc).splitlines()[0] if str(exc) else exc!r}")
        st.stop()
    project_id = choice if choice != NEW else store.create_project(project_name.strip(), config=config.as_dict())
    run_id = store.save_run(project_id, result, name=bitext.name)
    session.open_run(project_id, run_id)
    bar.progress(1.0, text="Saved")
    session.alert(
        "success", f"Aligned {len(result.pairs)} pairs with {len(result.issues)} issues; saved as {bitext.name}."
    )
    st.page_link("views/review.py", label="Review the pairs", icon=":material/rate_review:")
