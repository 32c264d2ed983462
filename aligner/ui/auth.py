"""Offline password check for the app: scrypt / PBKDF2 hashes from hashlib, compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from aligner.errors import UserError

PASSWORD_ENV = "ALIGNER_PASSWORD_HASH"
MAX_NAME = 80


class AuthConfigError(UserError):
    """The configured password hash is malformed (the message says what format is expected)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None, n: int = 2**14, r: int = 8, p: int = 1) -> str:
    """Return ``scrypt$n$r$p$<salt b64>$<hash b64>`` for ``password`` (put it in ALIGNER_PASSWORD_HASH)."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _derive(password: str, encoded: str) -> tuple[bytes, bytes]:
    """Return (derived, expected) digests for ``password`` under the parameters of ``encoded``."""
    parts = encoded.strip().split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = (int(x) for x in parts[1:4])
            salt, expected = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
            derived = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected))
            return derived, expected
        if parts[0] in {"pbkdf2_sha256", "pbkdf2-sha256"} and len(parts) == 4:
            iterations = int(parts[1])
            salt, expected = base64.b64decode(parts[2], validate=True), base64.b64decode(parts[3], validate=True)
            derived = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations, len(expected))
            return derived, expected
    except ValueError as exc:
        raise AuthConfigError(f"{PASSWORD_ENV} is malformed: {exc}") from None
    raise AuthConfigError(
        f"{PASSWORD_ENV} must look like scrypt$n$r$p$salt$hash or pbkdf2_sha256$iterations$salt$hash (base64)"
    )


def verify_password(password: str, encoded: str) -> bool:
    """Return True when ``password`` matches ``encoded``; raise AuthConfigError if ``encoded`` is malformed."""
    derived, expected = _derive(password, encoded)
    return hmac.compare_digest(derived, expected)


def configured_hash() -> str | None:
    """Return the password hash from the environment, or None when the app is not password-protected."""
    value = os.environ.get(PASSWORD_ENV, "").strip()
    return value or None


def clean_reviewer_name(name: str) -> str:
    """Return the reviewer name stripped and collapsed; raise ValueError when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("enter your name: it is recorded on every review")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"the name is longer than {MAX_NAME} characters")
    return cleaned


def main() -> int:
    """Prompt for a password and write its scrypt hash to stdout (``python -m aligner.ui.auth``)."""
    import getpass
    import sys

    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Again: "):
        sys.stderr.write("passwords differ\n")
        return 2
    sys.stdout.write(hash_password(password) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
