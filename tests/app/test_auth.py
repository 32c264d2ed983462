from __future__ import annotations

import base64
import hashlib

import pytest

from aligner.ui.auth import AuthConfigError, clean_reviewer_name, hash_password, verify_password


def test_scrypt_round_trip() -> None:
    encoded = hash_password("correct horse", n=2**10)
    assert encoded.startswith("scrypt$1024$8$1$")
    assert verify_password("correct horse", encoded)
    assert not verify_password("correct horsE", encoded)
    assert hash_password("x", n=2**10) != hash_password("x", n=2**10)  # salted


def test_pbkdf2_hash_accepted() -> None:
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", "pässword".encode(), salt, 1000)
    encoded = f"pbkdf2_sha256$1000${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password("pässword", encoded)
    assert not verify_password("password", encoded)


@pytest.mark.parametrize("bad", ["", "plain", "scrypt$x$8$1$aa$bb", "md5$abc", "pbkdf2_sha256$10$!!$??"])
def test_malformed_hash_is_a_config_error(bad: str) -> None:
    with pytest.raises(AuthConfigError):
        verify_password("x", bad)


@pytest.mark.parametrize(
    ("raw", "clean"), [("  Layla  ", "Layla"), ("Omar\tal  Sayed", "Omar al Sayed"), ("ليلى", "ليلى")]
)
def test_reviewer_names(raw: str, clean: str) -> None:
    assert clean_reviewer_name(raw) == clean


@pytest.mark.parametrize("bad", ["", "   ", "x" * 81])
def test_bad_reviewer_names(bad: str) -> None:
    with pytest.raises(ValueError):
        clean_reviewer_name(bad)
