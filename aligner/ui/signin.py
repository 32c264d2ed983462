"""The sign-in form: a reviewer name (recorded on every review event) and, when configured, an offline password."""

from __future__ import annotations

import streamlit as st

from aligner.ui import session
from aligner.ui.auth import AuthConfigError, clean_reviewer_name, configured_hash, verify_password

ERROR = "sign_in_error"


def _submit() -> None:
    """Form callback: check the name (and password), then sign in; the page that was asked for then opens."""
    required = configured_hash()
    try:
        name = clean_reviewer_name(str(st.session_state.get("reviewer_name", "")))
        if required and not verify_password(str(st.session_state.get("password", "")), required):
            st.session_state[ERROR] = "Wrong password."
            return
    except AuthConfigError as exc:
        st.session_state[ERROR] = str(exc)
        return
    except ValueError as exc:
        st.session_state[ERROR] = f"Cannot sign in: {exc}."
        return
    session.sign_in(name)


def sign_in_form() -> None:
    """Render the sign-in form (the router shows it instead of any page while nobody is signed in)."""
    st.title("Sign in")
    st.caption("Your name is recorded on every review you make.")
    with st.form("sign_in"):
        st.text_input("Reviewer name", key="reviewer_name", max_chars=80)
        if configured_hash():
            st.text_input("Password", type="password", key="password")
        st.form_submit_button("Sign in", type="primary", on_click=_submit)
    if ERROR in st.session_state:
        session.alert("error", st.session_state.pop(ERROR))
