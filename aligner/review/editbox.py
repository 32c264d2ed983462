"""Edit boxes under concurrent reviewers: an unsaved edit is never replaced; a newer version under it is a conflict."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Base:
    """The version of a pair a box was filled from, and the text it was filled with."""

    version: int
    text: str


@dataclass(frozen=True, slots=True)
class BoxView:
    """What to do with a box before it renders.

    ``value``: text to put in the box (None = leave what the reviewer typed); ``base``: the version a save from this
    box expects; ``conflict``: the newer version saved by someone else under an unsaved edit (None = no conflict).
    """

    value: str | None
    base: Base
    conflict: Base | None = None


def reconcile(typed: str | None, base: Base | None, current: Base) -> BoxView:
    """Decide a box's content from what was typed, the version it was filled from and the pair's current version.

    A clean box (nothing typed since it was filled) follows the current version; a dirty one is kept as typed, and
    when the pair moved on under it the newer version is reported as a conflict (never silently taken).
    """
    if typed is None or base is None:
        return BoxView(current.text, current)
    if typed == base.text:  # clean
        return BoxView(None if base == current else current.text, current)
    if base.version == current.version or typed == current.text:
        return BoxView(None, current)
    return BoxView(None, base, current)


def is_noop(typed: str, shown: str) -> bool:
    """Saving ``typed`` over ``shown`` changes nothing (surrounding white space aside): no new version is made."""
    return typed.strip() == shown.strip()
