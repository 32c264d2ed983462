"""The sign-in form: a reviewer name (recorded on every review event) and, when configured, a password.

Passwords come from the users file (``ALIGNER_USERS_FILE``, one scrypt hash per reviewer, ``aligner users add``)
or one shared hash (``ALIGNER_PASSWORD_HASH``). Failures back off per session and per name, with a global limit
(aligner.ui.throttle), and each one is logged.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from aligner.ui import session
from aligner.ui.auth import AuthConfigError, clean_reviewer_name, configured_hash, verify_password
from aligner.ui.throttle import SIGN_INS
from aligner.users import UsersFileError, configured_users_file, verify_user

ERROR = "sign_in_error"
LOG = logging.getLogger("aligner.signin")


def _keys(name: str) -> tuple[str, ...]:
    ctx = get_script_run_ctx()
    return (f"session:{ctx.session_id if ctx else ''}", f"name:{name.casefold()}")


def _check(name: str, password: str) -> str | None:
    """The name to sign in as, or None when the password is wrong (no password configured: ``name``)."""
    users = configured_users_file()
    if users is not None:
        return verify_user(users, name, password)
    required = configured_hash()
    return name if not required or verify_password(password, required) else None


def _submit() -> None:
    """Form callback: check the name (and password), then sign in; the page that was asked for then opens."""
    try:
        name = clean_reviewer_name(str(st.session_state.get("reviewer_name", "")))
    except ValueError as exc:
        st.session_state[ERROR] = f"Cannot sign in: {exc}."
        return
    keys = _keys(name)
    wait = SIGN_INS.wait(keys)
    if wait > 0:
        LOG.warning("sign-in refused (backing off %.0f s): reviewer %s", wait, ascii(name))
        st.session_state[ERROR] = f"Too many failed sign-ins. Try again in {max(1, round(wait))} seconds."
        return
    try:
        signed = _check(name, str(st.session_state.get("password", "")))
    except (AuthConfigError, UsersFileError) as exc:
        LOG.error("sign-in configuration: %s", exc)
        st.session_state[ERROR] = "Sign-in is misconfigured on the server; ask the administrator (see the log)."
        return
    if signed is None:
        failures = SIGN_INS.failed(keys)
        LOG.warning("sign-in failed: reviewer %s, %s, %d failures in a row", ascii(name), keys[0], failures)
        wrong = "Wrong name or password." if configured_users_file() else "Wrong password."
        st.session_state[ERROR] = wrong
        return
    SIGN_INS.succeeded(keys)
    session.sign_in(signed)


def sign_in_form() -> None:
    """Render the sign-in form (the router shows it instead of any page while nobody is signed in)."""
    st.title("Sign in")
    st.caption("Your name is recorded on every review you make.")
    with st.form("sign_in"):
        st.text_input("Reviewer name", key="reviewer_name", max_chars=80)
        if configured_users_file() or configured_hash():
            st.text_input("Password", type="password", key="password")
        st.form_submit_button("Sign in", type="primary", on_click=_submit)
    if ERROR in st.session_state:
        session.alert("error", st.session_state.pop(ERROR))
