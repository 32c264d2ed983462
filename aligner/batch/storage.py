"""Where batch files live: a local path, ``file://`` or any pyarrow filesystem URI (``s3://``, ``gs://``, ``hdfs://``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.errors import UserError


class StorageError(UserError):
    """A batch input or output location cannot be opened; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Location:
    """A directory or file on a pyarrow filesystem: ``fs`` and the ``path`` inside it (``uri`` is what was given)."""

    uri: str
    fs: Any
    path: str
    local: bool

    @property
    def ref(self) -> str:
        """A string that locates this from any process or node (an absolute path, or the URI)."""
        return self.uri if "://" in self.uri else self.path

    def child(self, name: str) -> str:
        """The path of ``name`` inside this directory."""
        return f"{self.path}/{name}"

    def exists(self, name: str | None = None) -> bool:
        """Whether this location (or ``name`` inside it) exists."""
        from pyarrow import fs as pafs

        path = self.path if name is None else self.child(name)
        return self.fs.get_file_info(path).type != pafs.FileType.NotFound

    def is_dir(self) -> bool:
        """Whether this location is a directory."""
        from pyarrow import fs as pafs

        return self.fs.get_file_info(self.path).type == pafs.FileType.Directory

    def names(self) -> list[str]:
        """The file names directly inside this directory (empty when it does not exist)."""
        from pyarrow import fs as pafs

        selector = pafs.FileSelector(self.path, allow_not_found=True, recursive=False)
        return [info.base_name for info in self.fs.get_file_info(selector) if info.type == pafs.FileType.File]

    def mkdir(self) -> None:
        """Create this directory (and its parents) if needed."""
        try:
            self.fs.create_dir(self.path, recursive=True)
        except OSError as exc:
            raise StorageError(f"{self.uri}: cannot create the output directory ({exc})") from None

    def size(self) -> int:
        """The size in bytes of this file."""
        return int(self.fs.get_file_info(self.path).size or 0)

    def read_bytes(self, name: str | None = None) -> bytes:
        """The whole content of this file (or of ``name`` inside this directory)."""
        with self.fs.open_input_stream(self.path if name is None else self.child(name)) as handle:
            return bytes(handle.read())

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write ``name`` inside this directory: atomically on local disks, one PUT on object stores."""
        if self.local:
            from aligner.atomic import write_bytes

            write_bytes(self.child(name), data)
            return
        with self.fs.open_output_stream(self.child(name)) as handle:
            handle.write(data)


def locate(uri: str | Path) -> Location:
    """Resolve a local path or a filesystem URI; local paths become absolute (workers may run elsewhere)."""
    from pyarrow import fs as pafs

    text = str(uri)
    if "://" not in text:
        return Location(text, pafs.LocalFileSystem(), Path(text).resolve().as_posix(), True)
    try:
        fs, path = pafs.FileSystem.from_uri(text)
    except Exception as exc:  # ArrowInvalid, missing credentials, unknown scheme: one line to the user
        raise StorageError(f"{text}: cannot open this location ({type(exc).__name__}: {exc})") from None
    return Location(text, fs, path.rstrip("/") or "/", isinstance(fs, pafs.LocalFileSystem))


__all__ = ["Location", "StorageError", "locate"]
