"""Packaged data files for checks (exception lists, hedge patterns, scraping chrome strings) and their reader."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of the packaged data file ``aligner/data/<name>`` (NFC, stripped)."""
    raw = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = unicodedata.normalize("NFC", line.rstrip("\n"))
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return tuple(out)


__all__ = ["data_lines"]
