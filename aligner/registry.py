"""Registry[T]: an explicit name → class table per plugin kind, with lazy "module:Class" entries."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Generic, TypeVar

from aligner.errors import UserError

T = TypeVar("T")


class UnknownNameError(UserError, KeyError):
    """Raised for a name a registry does not hold; the message lists the known names."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Registry(Generic[T]):
    """A table of plugins of one kind; entries are classes or lazy ``"pkg.mod:Class"`` strings."""

    def __init__(self, kind: str, entries: Mapping[str, type[T] | str]) -> None:
        self.kind = kind
        self._entries: dict[str, type[T] | str] = dict(entries)

    def get(self, name: str) -> type[T]:
        """Return the class registered as ``name``, importing it on first use."""
        try:
            entry = self._entries[name]
        except KeyError:
            known = ", ".join(self.names())
            raise UnknownNameError(f"unknown {self.kind} {name!r}; known: {known}") from None
        if isinstance(entry, str):
            module_name, _, attr = entry.partition(":")
            entry = getattr(importlib.import_module(module_name), attr)
            self._entries[name] = entry
        return entry

    def names(self) -> list[str]:
        """Return the registered names in table order."""
        return list(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def items(self) -> list[tuple[str, type[T]]]:
        """Return (name, class) for every entry, resolving lazy ones."""
        return [(name, self.get(name)) for name in self._entries]
