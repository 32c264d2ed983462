"""The one atomic writer: all or nothing, never through a symlink, modes kept or set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aligner.atomic import atomic_open, atomic_path, write_text
from aligner.errors import UserError


def test_failure_midway_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("precious")
    with pytest.raises(RuntimeError), atomic_open(out) as handle:
        handle.write("half")
        raise RuntimeError("killed")
    assert out.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_symlink_at_the_destination_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("do not touch")
    link = tmp_path / "out.meta.json"
    link.symlink_to(victim)
    write_text(link, "new")
    assert victim.read_text() == "do not touch"
    assert not link.is_symlink()
    assert link.read_text() == "new"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a directory"):
        write_text(tmp_path, "x")


def test_modes_kept_or_set(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    write_text(out, "a")
    assert out.stat().st_mode & 0o777 == 0o644
    out.chmod(0o640)
    write_text(out, "b")
    assert out.stat().st_mode & 0o777 == 0o640
    write_text(out, "c", mode=0o600)
    assert out.stat().st_mode & 0o777 == 0o600


def test_atomic_path_gives_a_fresh_unpredictable_name(tmp_path: Path) -> None:
    out = tmp_path / "table.parquet"
    with atomic_path(out) as first, atomic_path(tmp_path / "other") as second:
        assert first.parent == tmp_path and first != second and first.name.startswith(".table.parquet.")
        first.write_bytes(b"data")
        second.write_bytes(b"x")
    assert out.read_bytes() == b"data"
    assert not any(name.endswith(".tmp") for name in os.listdir(tmp_path))
