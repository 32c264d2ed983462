"""Catalogue: sign-in brute force, shared-password impersonation and a leaked session id (the review app).

100 wrong passwords then the right one all went through at ~3/s per session, with no delay, lockout or log; any
name could be claimed with the shared password; and a client re-attaching to a session with its id (it appears in
upload URLs) inherited the sign-in.
"""

from __future__ import annotations

import io
import logging
import stat
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from streamlit.testing.v1 import AppTest

from aligner.ui.auth import hash_password
from aligner.ui.throttle import SIGN_INS, SignInThrottle, ThrottlePolicy
from tests.hardening.helpers import assert_one_line_error, run_cli

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A hand-moved clock for the throttle."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ALIGNER_STORE", str(tmp_path / "app.db"))
    monkeypatch.setenv("ALIGNER_ENCODER", "hashing")
    monkeypatch.delenv("ALIGNER_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("ALIGNER_USERS_FILE", raising=False)
    clock = Clock()
    monkeypatch.setattr(SIGN_INS, "_clock", clock)
    SIGN_INS.reset()
    yield clock
    SIGN_INS.reset()


def _attempt(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="reviewer_name").input(name)
    at.text_input(key="password").input(password)
    return at.button[0].click().run()


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.run()


def test_throttle_backs_off_exponentially_and_globally() -> None:
    clock = Clock()
    throttle = SignInThrottle(ThrottlePolicy(free_failures=3, base_delay_s=2, max_delay_s=60), clock=clock)
    keys = ("session:a", "name:omar")
    waits = []
    for _ in range(8):
        throttle.failed(keys)
        waits.append(throttle.wait(keys))
    assert waits == [0, 0, 0, 2, 4, 8, 16, 32]
    assert throttle.wait(("session:b", "name:omar")) == 32  # a fresh session does not reset the name
    assert throttle.wait(("session:b", "name:layla")) == 0
    clock.now += 32
    assert throttle.wait(keys) == 0
    throttle.succeeded(keys)
    throttle.failed(keys)
    assert throttle.wait(keys) == 0  # a success forgets the failures
    many = SignInThrottle(ThrottlePolicy(global_failures=5, global_window_s=60), clock=clock)
    for i in range(5):
        many.failed((f"session:{i}", f"name:{i}"))
    assert many.wait(("session:new", "name:new")) == 60  # the global limit holds for every key
    clock.now += 61
    assert many.wait(("session:new", "name:new")) == 0


def test_brute_force_is_throttled_and_logged(monkeypatch, caplog, _env: Clock) -> None:
    monkeypatch.setenv("ALIGNER_PASSWORD_HASH", hash_password("s3cret-pass", n=2**10))
    at = _app()
    with caplog.at_level(logging.WARNING, logger="aligner.signin"):
        for i in range(20):
            _attempt(at, "Omar", f"guess{i}")
        _attempt(at, "Omar", "s3cret-pass")
    assert "reviewer" not in at.session_state
    assert at.error[0].value.startswith("Too many failed sign")
    failures = [r for r in caplog.records if r.getMessage().startswith("sign-in failed")]
    assert len(failures) == 4 and "'Omar'" in failures[0].getMessage()  # 3 free, then refused unchecked
    again = _app()  # a new session for the same name is held back too
    _attempt(again, "Omar", "s3cret-pass")
    assert "reviewer" not in again.session_state
    _env.now += 3600
    _attempt(again, "Omar", "s3cret-pass")
    assert again.session_state["reviewer"] == "Omar"


def test_users_add_writes_a_private_users_file(tmp_path: Path, monkeypatch) -> None:
    users = tmp_path / "users.tsv"
    for name, password in (("Layla  Haddad", "layla-password"), ("Omar", "omar-password")):
        monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
        code, _, err = run_cli(["users", "add", name, "--file", users, "--password-stdin"])
        assert code == 0, err
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    text = users.read_text(encoding="utf-8")
    assert "layla-password" not in text and text.count("scrypt$") == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert_one_line_error(*run_cli(["users", "add", "Noor", "--file", users, "--password-stdin"]), contains="short")
    assert run_cli(["users", "list", "--file", users])[1] == "Layla Haddad\nOmar\n"


def test_per_reviewer_passwords(tmp_path: Path, monkeypatch) -> None:
    from aligner.users import add_user

    users = tmp_path / "users.tsv"
    add_user(users, "Layla Haddad", "layla-password", n=2**10)
    add_user(users, "Omar", "omar-password", n=2**10)
    monkeypatch.setenv("ALIGNER_USERS_FILE", str(users))
    at = _app()
    _attempt(at, "Omar", "layla-password")  # another reviewer's password does not let you claim a name
    assert "reviewer" not in at.session_state and at.error[0].value.startswith("Wrong name or password")
    _attempt(at, "Mallory", "layla-password")
    assert "reviewer" not in at.session_state and at.error[0].value.startswith("Wrong name or password")
    _attempt(at, "layla haddad", "layla-password")
    assert at.session_state["reviewer"] == "Layla Haddad"  # the stored spelling is recorded


def test_leaked_session_id_does_not_carry_the_sign_in(monkeypatch) -> None:
    from aligner.ui import session

    at = _app()
    at.text_input(key="reviewer_name").input("Layla")
    at.button[0].click().run()
    assert [t.value for t in at.title] == ["New run"]
    # Another browser re-attaches to this session with its id: same session state, another XSRF cookie.
    monkeypatch.setattr(session, "client_binding", lambda: session.binding_of("2|01020304|a0b0c0d0|1", "curl"))
    at.run()
    assert [t.value for t in at.title] == ["Sign in"]


def test_binding_ignores_the_cookie_mask_but_not_the_token() -> None:
    from aligner.ui.session import binding_of

    token = bytes(range(16))

    def cookie(mask: bytes, tok: bytes = token) -> str:
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(tok))
        return f"2|{mask.hex()}|{masked.hex()}|1700000000"

    agent = "Mozilla/5.0"
    assert binding_of(cookie(b"\1\2\3\4"), agent) == binding_of(cookie(b"\x09\x08\x07\x06"), agent)
    assert binding_of(cookie(b"\1\2\3\4"), agent) != binding_of(cookie(b"\1\2\3\4", bytes(16)), agent)
    assert binding_of(cookie(b"\1\2\3\4"), agent) != binding_of(cookie(b"\1\2\3\4"), "curl/8")
