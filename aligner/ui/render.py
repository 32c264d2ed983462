"""Thin st.html wrappers over the pure renderers in aligner.ui.html (corpus text never goes to st.markdown)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from aligner.model import AlignedPair, Issue
from aligner.ui.html import (
    escape_text,
    render_issue_list_html,
    render_pair_html,
    render_side_html,
    style_block,
    text_direction,
)

__all__ = [
    "escape_text",
    "inject_css",
    "render_issue_list_html",
    "render_pair_html",
    "render_side_html",
    "show_pair",
    "show_text",
    "text_direction",
]


def inject_css() -> None:
    """Add the workbench stylesheet (static: no user text) to the page."""
    st.html(style_block())


def show_pair(
    pair: AlignedPair,
    issues: Sequence[Issue],
    *,
    tgt_text: str | None = None,
    src_lang: str = "en",
    tgt_lang: str = "ar",
    score: float | None = None,
    status: str | None = None,
    position: str = "",
) -> None:
    """Render one pair with :func:`render_pair_html` through st.html."""
    st.html(
        render_pair_html(
            pair,
            issues,
            tgt_text=tgt_text,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            score=score,
            status=status,
            position=position,
        )
    )


def show_text(text: str, *, lang: str, css_class: str = "") -> None:
    """Render one escaped corpus string in a ``<div dir lang>``."""
    direction = text_direction(lang)
    st.html(
        f'<div class="aw {escape_text(css_class)}"><div class="side" dir="{direction}" lang="{escape_text(lang)}">'
        f"{escape_text(text)}</div></div>"
    )
