"""Per-reviewer credentials: a users file of ``name<TAB>scrypt hash`` lines, read, verified and written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from aligner.atomic import write_text
from aligner.errors import UserError
from aligner.ui.auth import AuthConfigError, clean_reviewer_name, hash_password, verify_password

USERS_ENV = "ALIGNER_USERS_FILE"
MIN_PASSWORD = 8
HEADER = "# aligner users: name<TAB>scrypt hash, one per line; managed by `aligner users add NAME`\n"
_DUMMY = hash_password("not a password", salt=b"\0" * 16)  # verified for unknown names: same cost, same answer


class UsersFileError(UserError):
    """The users file cannot be read or a line of it is malformed (the message names the line)."""


def configured_users_file() -> Path | None:
    """Return the users file from ``ALIGNER_USERS_FILE``, or None when per-reviewer sign-in is off."""
    value = os.environ.get(USERS_ENV, "").strip()
    return Path(value) if value else None


def read_users(path: str | Path) -> dict[str, str]:
    """Return {name: hash} from a users file; a missing file is an empty one."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as err:
        raise UsersFileError(f"{path}: cannot read the users file ({err})") from None
    users: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, tab, encoded = line.partition("\t")
        if not tab or not name.strip() or not encoded.startswith("scrypt$"):
            raise UsersFileError(f"{path}:{number}: expected name<TAB>scrypt$... (use `aligner users add NAME`)")
        users[name] = encoded.strip()
    return users


def _find(users: dict[str, str], name: str) -> str | None:
    """The stored spelling of ``name`` (names match case-insensitively), or None."""
    key = name.casefold()
    return next((stored for stored in users if stored.casefold() == key), None)


def add_user(path: str | Path, name: str, password: str, *, n: int = 2**14) -> str:
    """Add ``name`` or change its password; return the cleaned name. The file is written 0600, atomically."""
    try:
        name = clean_reviewer_name(name)
    except ValueError as err:
        raise UserError(str(err)) from None
    if "\t" in name or name.startswith("#"):
        raise UserError("a reviewer name cannot hold a tab or start with #")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is shorter than {MIN_PASSWORD} characters")
    users = read_users(path)
    users.pop(_find(users, name) or name, None)
    users[name] = hash_password(password, n=n)
    _write(path, users)
    return name


def remove_user(path: str | Path, name: str) -> bool:
    """Remove ``name``; return whether it was there."""
    users = read_users(path)
    stored = _find(users, " ".join(name.split()))
    if stored is None:
        return False
    del users[stored]
    _write(path, users)
    return True


def _write(path: str | Path, users: dict[str, str]) -> None:
    write_text(path, HEADER + "".join(f"{name}\t{encoded}\n" for name, encoded in users.items()), mode=0o600)


def verify_user(path: str | Path, name: str, password: str) -> str | None:
    """Return the stored name when ``password`` is ``name``'s; None otherwise (same work for unknown names)."""
    users = read_users(path)
    stored = _find(users, name)
    try:
        ok = verify_password(password, users[stored] if stored is not None else _DUMMY)
    except AuthConfigError as err:
        raise UsersFileError(f"{path}: the hash of {stored!r} is malformed") from err
    return stored if ok else None
