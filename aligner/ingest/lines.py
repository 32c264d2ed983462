"""Line files (references, pre-split sentences, Moses sides): one helper, so every reader counts lines alike."""

from __future__ import annotations

from pathlib import Path

from aligner.ingest.base import InputError
from aligner.ingest.encoding import decode_bytes


def split_lines(text: str) -> list[str]:
    r"""Split ``text`` on ``\n`` only; the final newline ends the last line instead of starting an empty one.

    ``""`` has no lines; ``"a\n"`` and ``"a"`` have one; ``"a\n\n"`` has two (the second one blank).
    """
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def read_lines(path: str | Path) -> list[str]:
    """Read a text file (any encoding the readers accept, NFC, LF newlines) and return its lines."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    return split_lines(decode_bytes(data, str(path)))


__all__ = ["read_lines", "split_lines"]
