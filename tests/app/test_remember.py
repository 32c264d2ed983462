"""Remembered sign-ins: the same browser (XSRF token + user agent) comes back signed in; nothing else does."""

from __future__ import annotations

from aligner.ui.remember import RememberedSignIns, xsrf_token

TOKEN = bytes(range(16))
AGENT = "Mozilla/5.0 (X11; Linux x86_64)"


def _cookie(mask: bytes, token: bytes = TOKEN) -> str:
    return f"2|{mask.hex()}|{bytes(b ^ mask[i % 4] for i, b in enumerate(token)).hex()}|1700000000"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_xsrf_token_unmasks_version_2_cookies() -> None:
    assert xsrf_token(_cookie(b"\1\2\3\4")) == xsrf_token(_cookie(b"\x09\x08\x07\x06")) == TOKEN.hex()
    assert xsrf_token('"' + _cookie(b"\1\2\3\4") + '"') == TOKEN.hex()
    assert xsrf_token("") == xsrf_token("2|zz|00|1") == xsrf_token("2||00|1") == ""


def test_same_browser_is_recalled_until_idle_or_forgotten() -> None:
    clock = Clock()
    signed = RememberedSignIns(idle_seconds=60, clock=clock)
    token = xsrf_token(_cookie(b"\1\2\3\4"))
    assert signed.remember(token, AGENT, "Layla")
    clock.now += 50
    assert signed.recall(xsrf_token(_cookie(b"\5\6\7\x08")), AGENT) == "Layla"  # a reload: new mask, same token
    clock.now += 50  # idle 50 s since the last use: still there
    assert signed.recall(token, AGENT) == "Layla"
    assert signed.recall(token, "curl/8") is None  # another user agent
    assert signed.recall(xsrf_token(_cookie(b"\1\2\3\4", bytes(16))), AGENT) is None  # another browser's token
    signed.forget(token, AGENT)
    assert signed.recall(token, AGENT) is None
    signed.remember(token, AGENT, "Layla")
    clock.now += 61
    assert signed.recall(token, AGENT) is None  # idle too long


def test_no_cookie_is_never_remembered() -> None:
    signed = RememberedSignIns()
    assert not signed.remember("", "", "Layla")
    assert signed.recall("", "") is None


def test_entries_are_keyed_hmacs_not_tokens() -> None:
    a, b = RememberedSignIns(key=b"k" * 32), RememberedSignIns(key=b"j" * 32)
    a.remember(TOKEN.hex(), AGENT, "Layla")
    b.remember(TOKEN.hex(), AGENT, "Layla")
    assert TOKEN.hex() not in repr(a._entries) and a._entries.keys() != b._entries.keys()
