"""Beads in the Vecalign/Bertalign gold format: one ``[src ids]:[tgt ids]`` line per bead, ``[]`` for an empty side."""

from __future__ import annotations

import re
from collections.abc import Iterable

from aligner.errors import UserError

Bead = tuple[tuple[int, ...], tuple[int, ...]]

_LINE = re.compile(r"^\s*\[([0-9,\s]*)\]\s*:\s*\[([0-9,\s]*)\]\s*$")


class BeadFormatError(UserError):
    """A line is not a ``[ids]:[ids]`` bead."""


def format_beads(beads: Iterable[Bead]) -> str:
    """Return one bead per line, e.g. ``[0]:[0, 1]``; a trailing newline ends every line."""
    return "".join(f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]\n" for src, tgt in beads)


def _ids(field: str) -> tuple[int, ...]:
    return tuple(int(x) for x in field.replace(",", " ").split())


def parse_beads(text: str, name: str = "") -> list[Bead]:
    """Parse the gold format back into beads; blank lines are skipped; errors say ``name:line:``."""
    beads: list[Bead] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            where = f"{name}:{number}" if name else f"line {number}"
            raise BeadFormatError(f"{where}: expected a bead '[ids]:[ids]', got {line.strip()[:60]!r}")
        beads.append((_ids(match.group(1)), _ids(match.group(2))))
    return beads
