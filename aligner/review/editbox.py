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
    when the pair moved on under it the newer version is reported as a conflict (never silently taken). A box is
    only given a value when its text must change: a new version with the same text (the reviewer's own save, a
    verdict, a save from a neighbouring box) leaves the box alone, so a rerun that lands after the reviewer typed
    on never puts the old text back.
    """
    if typed is None or base is None:
        return BoxView(current.text, current)
    if typed == base.text:  # clean
        return BoxView(None if typed == current.text else current.text, current)
    if base.version == current.version or typed == current.text:
        return BoxView(None, current)
    return BoxView(None, base, current)


def after_own_write(base: Base | None, old_version: int, new_version: int) -> Base | None:
    """A box's base after the reviewer's own write moved its pair from ``old_version`` to ``new_version``.

    A write from one box (or a verdict) leaves the pair's other boxes' text as it was: a box filled from
    ``old_version`` is then as good as filled from the new one, so the reviewer's own write never shows as a
    conflict under their own unsaved text. A box filled from an older version keeps it (someone else's change
    in between is still a conflict).
    """
    if base is not None and base.version == old_version:
        return Base(new_version, base.text)
    return base


def is_noop(typed: str, shown: str) -> bool:
    """Saving ``typed`` over ``shown`` changes nothing (surrounding white space aside): no new version is made."""
    return typed.strip() == shown.strip()
