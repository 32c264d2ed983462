"""Sign-in page: a reviewer name (recorded on every review event) and, when configured, an offline password."""

from __future__ import annotations

import streamlit as st

from aligner.ui import session
from aligner.ui.auth import AuthConfigError, clean_reviewer_name, configured_hash, verify_password
from aligner.ui.render import escape_text

if session.signed_in():
    st.title("Account")
    st.html(f"<p>Signed in as <b>{escape_text(session.reviewer() or '')}</b>.</p>")
    if st.button("Sign out", key="sign_out"):
        session.sign_out()
        st.rerun()
    st.stop()

st.title("Sign in")
st.caption("Your name is recorded on every review you make.")
required = configured_hash()
with st.form("sign_in"):
    name = st.text_input("Reviewer name", key="reviewer_name", max_chars=80)
    password = st.text_input("Password", type="password", key="password") if required else ""
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    try:
        clean = clean_reviewer_name(name)
        if required and not verify_password(password, required):
            st.error("Wrong password.")
            st.stop()
    except AuthConfigError as exc:
        st.error(str(exc))
        st.stop()
    except ValueError as exc:
        st.error(f"Cannot sign in: {exc}.")
        st.stop()
    session.sign_in(clean)
    st.rerun()
