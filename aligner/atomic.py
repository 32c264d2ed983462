"""One atomic writer for every output: a temp file beside the target, renamed over it only on success."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from aligner.errors import UserError


@contextmanager
def _atomic(path: str | Path, mode: int | None) -> Iterator[tuple[int, Path]]:
    """Yield (fd, temp path) of an unpredictably named temp file beside ``path``; on success it replaces ``path``.

    A crash or error midway leaves any existing file at ``path`` untouched. A symlink at ``path`` is replaced
    by the file, never followed; a directory there is refused. ``mode`` sets the permissions (default: those of
    the file replaced, else rw-r--r--). The caller closes the fd before the block ends.
    """
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise UserError(f"{target}: cannot write here ({err.strerror})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UserError(f"{target}: is a directory, expected a file path")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:  # name the output, not the temp file
        raise UserError(f"{target}: cannot write here ({err.strerror})") from None
    tmp = Path(tmp_name)
    try:
        yield fd, tmp
        keep = mode
        if keep is None:
            keep = stat.S_IMODE(info.st_mode) if info is not None and stat.S_ISREG(info.st_mode) else 0o644
        with suppress(OSError):  # filesystems without modes
            os.chmod(tmp, keep)
        try:
            os.replace(tmp, target)
        except OSError as err:
            raise UserError(f"{target}: cannot replace the output ({err.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(path: str | Path, *, mode: int | None = None) -> Iterator[Path]:
    """Yield a temp path beside ``path`` for writers that need a name; it replaces ``path`` on success."""
    with _atomic(path, mode) as (fd, tmp):
        os.close(fd)
        yield tmp


@contextmanager
def atomic_open(path: str | Path, *, binary: bool = False, mode: int | None = None) -> Iterator[IO]:
    """Yield a file object writing atomically to ``path`` (UTF-8 text, LF newlines, unless ``binary``)."""
    with _atomic(path, mode) as (fd, _tmp):
        if binary:
            with os.fdopen(fd, "wb") as handle:
                yield handle
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                yield handle


def write_text(path: str | Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_open(path, mode=mode) as handle:
        handle.write(text)


def write_bytes(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, binary=True, mode=mode) as handle:
        handle.write(data)
