"""Catalogue: outputs are atomic — a failed, refused or killed run never damages an existing output file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.export import KEEP_ALL, ExportRow, default_meta, export
from tests.hardening.helpers import AR, AR2, EN, EN2, assert_one_line_error, check_cli, run_cli

PRECIOUS = b"precious earlier output\n"
ROOT = Path(__file__).resolve().parents[2]


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "good.tsv"
    path.write_text(f"{EN}\t{AR}\n{EN2}\t{AR2}\n", encoding="utf-8")
    return path


def _bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.tsv"
    path.write_text(f"{EN}\t{AR}\nragged row\n", encoding="utf-8")
    return path


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    ("command", "out_name", "extra"),
    [
        ("check", "out.jsonl", []),
        ("align", "out.jsonl", []),
        ("align", "out.beads", ["--format", "beads"]),
        ("score", "out.txt", []),
        ("export", "out.tmx", ["--format", "tmx"]),
        ("export", "out.csv", ["--format", "csv"]),
        ("export", "out.jsonl", ["--format", "jsonl"]),
    ],
)
def test_failing_run_leaves_existing_output_untouched(tmp_path: Path, command: str, out_name: str, extra) -> None:
    out = tmp_path / out_name
    out.write_bytes(PRECIOUS)
    code, stdout, err = run_cli([command, _bad(tmp_path), "-o", out, *extra, "-q", "--encoder", "hashing"])
    assert_one_line_error(code, stdout, err, contains="bad.tsv:2:")
    assert out.read_bytes() == PRECIOUS
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["tmx", "xliff", "xliff2", "csv", "tsv", "jsonl", "parquet", "moses"])
def test_export_failing_midway_leaves_existing_output_untouched(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    targets = [tmp_path / "out.en", tmp_path / "out.ar"] if fmt == "moses" else [out]
    for target in targets:
        target.write_bytes(PRECIOUS)

    def rows() -> Iterator[ExportRow]:
        for i in range(50):
            yield ExportRow(f"p{i}", f"{EN} {i}", f"{AR} {i}", "en", "ar", 80.0, "accepted", ())
        raise RuntimeError("the store went away midway")

    target_arg = tmp_path / "out" if fmt == "moses" else out
    with pytest.raises(RuntimeError, match="midway"):
        export(rows(), fmt, target_arg, meta=default_meta(), filters=KEEP_ALL)
    for target in targets:
        assert target.read_bytes() == PRECIOUS
    assert _leftovers(tmp_path) == []


def test_successful_run_keeps_the_file_mode(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(PRECIOUS)
    out.chmod(0o640)
    code, _, err = check_cli(_good(tmp_path), "-o", out, command="align")
    assert code == 0, err
    assert out.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.jsonl"
    assert check_cli(_good(tmp_path), "-o", fresh, command="align")[0] == 0
    assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's owner-only 0o600


@pytest.mark.parametrize("command", ["check", "export"])
def test_output_into_missing_directory_is_one_line_error_before_any_work(tmp_path: Path, command: str) -> None:
    out = tmp_path / "missing" / "deeper" / "out.tmx"
    extra = ["--format", "tmx"] if command == "export" else []
    started = time.perf_counter()
    code, stdout, err = run_cli([command, _good(tmp_path), "-o", out, *extra, "-q", "--encoder", "hashing"])
    assert_one_line_error(code, stdout, err, contains="no such directory")
    assert time.perf_counter() - started < 5
    assert not out.parent.exists()


def test_output_is_a_directory(tmp_path: Path) -> None:
    assert_one_line_error(*check_cli(_good(tmp_path), "-o", tmp_path), contains="is a directory")


@pytest.mark.parametrize("target", ["/proc/aligner-out.jsonl", "/proc/self/aligner-out.jsonl"])
def test_output_to_unwritable_system_location(tmp_path: Path, target: str) -> None:
    assert_one_line_error(*check_cli(_good(tmp_path), "-o", target), contains=target)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_output_into_read_only_directory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "out.jsonl").write_bytes(PRECIOUS)
    locked.chmod(0o500)
    try:
        assert_one_line_error(*check_cli(_good(tmp_path), "-o", locked / "out.jsonl"), contains="permission")
        assert (locked / "out.jsonl").read_bytes() == PRECIOUS
    finally:
        locked.chmod(0o700)


def _big_tsv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(rows):
            fh.write(f"{EN} Item {i} costs {i * 3} dollars.\t{AR} البند {i} يكلف {i * 3} دولار.\n")


@pytest.mark.slow
def test_sigkill_midway_keeps_existing_output_and_next_run_works(tmp_path: Path) -> None:
    """Kill -9 `aligner check BIG -o out.jsonl` while it runs (while it writes, when the temp file shows up in time)."""
    big = tmp_path / "big.tsv"
    _big_tsv(big, 6000)
    out = tmp_path / "out.jsonl"
    out.write_bytes(PRECIOUS)
    argv = [sys.executable, "-m", "aligner.cli", "check", str(big), "-o", str(out), "-q", "--encoder", "hashing"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    killed_while_writing = False
    while time.monotonic() < deadline and proc.poll() is None:
        if _leftovers(tmp_path):
            killed_while_writing = True
            break
        time.sleep(0.002)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed; make BIG bigger"
    assert out.read_bytes() == PRECIOUS
    leftovers = _leftovers(tmp_path)
    print(f"killed while writing: {killed_while_writing}; leftovers: {leftovers}")
    assert not killed_while_writing or leftovers, "the temp file was seen, so a kill during writing leaves it"
    # A stray temp file (".out.jsonl.XXXX.tmp", hidden, unique name) never blocks the next run:
    small = _good(tmp_path)
    code, _, err = check_cli(small, "-o", out, command="align")
    assert code == 0, err
    assert [json.loads(line)["src"] for line in out.read_text(encoding="utf-8").splitlines()] == [EN, EN2]
    assert _leftovers(tmp_path) == leftovers  # the next run cleaned up its own and left nothing new


@pytest.mark.parametrize("fmt", ["jsonl", "tsv", "tmx"])
def test_export_sidecar_replaces_a_planted_symlink(tmp_path: Path, fmt: str) -> None:
    """A symlink planted at ``<out>.meta.json`` (pointing at a file the attacker wants overwritten) is replaced."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(PRECIOUS)
    out = tmp_path / f"out.{fmt}"
    sidecar = tmp_path / f"out.{fmt}.meta.json"
    sidecar.symlink_to(victim)
    code, _, err = run_cli(["export", _good(tmp_path), "--format", fmt, "-o", out, "-q", "--encoder", "hashing"])
    assert code == 0, err
    assert victim.read_bytes() == PRECIOUS
    assert not sidecar.is_symlink()
    assert isinstance(json.loads(sidecar.read_text(encoding="utf-8")), dict)
    assert _leftovers(tmp_path) == []
