"""The app's encoder selector: only specs that load on this machine, plus a folder field for a model on disk."""

from __future__ import annotations

import streamlit as st

from aligner.embed import MODEL_PREFIX, model_encoders_available, usable_encoder_specs

MODEL_OPTION = "model-on-disk"
LABELS = {
    "default": "default: multilingual USE (offline)",
    "hashing": "hashing: character n-grams (no semantics, for tests)",
    MODEL_OPTION: "sentence-transformers model on disk…",
}


def encoder_options(current: str) -> tuple[list[str], int, str]:
    """(options, index of ``current``, its model folder if it is a model spec) for the selector."""
    options = usable_encoder_specs()
    if model_encoders_available():
        options.append(MODEL_OPTION)
    folder = current.removeprefix(MODEL_PREFIX) if current.startswith(MODEL_PREFIX) else ""
    if current in options:
        index = options.index(current)
    elif folder and MODEL_OPTION in options:
        index = options.index(MODEL_OPTION)
    else:
        index = 0
    return options, index, folder


def encoder_selector(current: str, *, disabled: bool = False) -> str:
    """Show the selector; return the chosen spec ("" while the model folder is still empty)."""
    options, index, folder = encoder_options(current)
    choice = st.selectbox(
        "Sentence encoder",
        options,
        index=index,
        key="encoder",
        disabled=disabled,
        format_func=lambda o: LABELS.get(o, o),
        help="Only encoders that load on this machine are offered; models are never downloaded.",
    )
    if choice != MODEL_OPTION:
        return choice
    path = st.text_input(
        "Model folder",
        value=folder,
        key="encoder_path",
        disabled=disabled,
        placeholder="/path/to/LaBSE",
        help="A sentence-transformers model saved on this machine (a folder with modules.json).",
    )
    return f"{MODEL_PREFIX}{path.strip()}" if path.strip() else ""
