"""Account page: who is signed in, and sign out (signing in itself is the router's gate, aligner.ui.signin)."""

from __future__ import annotations

import streamlit as st

from aligner.ui import session
from aligner.ui.render import escape_text
from aligner.ui.signin import sign_in_form

if not session.signed_in():
    sign_in_form()
    st.stop()
st.title("Account")
st.html(f"<p>Signed in as <b>{escape_text(session.reviewer() or '')}</b>.</p>")
st.button("Sign out", key="sign_out", on_click=session.sign_out)
