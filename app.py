"""Streamlit entry point: the router over the workbench views, behind the sign-in gate (no logic of its own)."""

from __future__ import annotations

import streamlit as st

from aligner.store.base import StoreError
from aligner.ui.render import inject_css
from aligner.ui.resources import drawing
from aligner.ui.session import alert, prefetch_current_run, signed_in
from aligner.ui.signin import sign_in_form

st.set_page_config(page_title="Alignment workbench", page_icon=":material/translate:", layout="wide")
inject_css()
pages = [
    st.Page("views/upload.py", title="New run", icon=":material/upload:", default=True),
    st.Page("views/review.py", title="Review", icon=":material/rate_review:"),
    st.Page("views/quality.py", title="Quality report", icon=":material/analytics:"),
    st.Page("views/export.py", title="Export", icon=":material/download:"),
    st.Page("views/account.py", title="Account", icon=":material/person:"),
]
# Every page stays registered (a reload keeps its URL); signed out, the navigation is hidden and whatever page was
# asked for, only the sign-in form runs. After signing in, the page that was asked for opens.
page = st.navigation(pages, position="sidebar" if signed_in() else "hidden")
if not signed_in():
    sign_in_form()
else:
    try:
        with drawing():  # background work waits while a page is drawn
            prefetch_current_run()  # the run loads (and its re-check memo builds) while the reviewer picks a page
            page.run()
    except StoreError as exc:  # one line fit for a reviewer (disk full, read-only store...); details are logged
        alert("error", str(exc))
