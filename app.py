"""Streamlit entry point: the sign-in gate and the router over the workbench pages (no logic of its own)."""

from __future__ import annotations

import streamlit as st

from aligner.ui.render import inject_css
from aligner.ui.session import GO_HOME, signed_in

st.set_page_config(page_title="Alignment workbench", page_icon=":material/translate:", layout="wide")
inject_css()
if signed_in():
    pages = [
        st.Page("views/upload.py", title="New run", icon=":material/upload:", default=True),
        st.Page("views/review.py", title="Review", icon=":material/rate_review:"),
        st.Page("views/quality.py", title="Quality report", icon=":material/analytics:"),
        st.Page("views/export.py", title="Export", icon=":material/download:"),
        st.Page("views/signin.py", title="Account", icon=":material/person:", url_path="account"),
    ]
else:
    pages = [st.Page("views/signin.py", title="Sign in", icon=":material/login:", url_path="signin", default=True)]
page = st.navigation(pages)
if st.session_state.pop(GO_HOME, False):
    st.switch_page(pages[0])
page.run()
