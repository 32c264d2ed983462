"""The error base: AlignerError for every error the library raises on purpose, UserError for bad input or settings."""

from __future__ import annotations


class AlignerError(Exception):
    """Base of the library's own errors."""


class UserError(AlignerError, ValueError):
    """Bad input, settings or environment the user can fix: the CLI prints it as one line and exits 2."""
