"""`aligner users add|remove|list`: manage the per-reviewer users file (scrypt hashes, mode 0600)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import IO, Any

from aligner.errors import UserError


def add_users_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``users`` subcommand on an argparse subparsers object and return its parser."""
    p = subparsers.add_parser("users", help=cmd_users.__doc__)
    p.add_argument("action", choices=["add", "remove", "list"])
    p.add_argument("name", nargs="?", help="reviewer name (add, remove)")
    p.add_argument("--file", help="users file (default: $ALIGNER_USERS_FILE)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    p.set_defaults(func=cmd_users)
    return p


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Again: "):
        raise UserError("the passwords differ")
    return password


def cmd_users(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Add a reviewer (or change their password), remove one, or list them, in the app's users file."""
    from aligner.users import add_user, configured_users_file, read_users, remove_user

    path = args.file or configured_users_file()
    if path is None:
        raise UserError("give --file or set ALIGNER_USERS_FILE")
    if args.action == "list":
        stdout.write("".join(f"{name}\n" for name in read_users(path)))
        return 0
    if not args.name:
        raise UserError(f"users {args.action} needs a NAME")
    if args.action == "remove":
        if not remove_user(path, args.name):
            raise UserError(f"{path}: no reviewer named {args.name!r}")
        stdout.write(f"removed {args.name!r} from {path}\n")
        return 0
    name = add_user(path, args.name, _password(args.password_stdin))
    stdout.write(f"{name!r} can now sign in (users file {path})\n")
    return 0
