"""Pool workers die with their driver: a SIGKILLed `aligner batch` leaves no orphan processes (Linux)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch.conftest import write_pairs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG) is Linux-only")
DRIVER = "import sys; from aligner.cli import main; sys.exit(main(sys.argv[1:]))"


def pool_workers(driver: int) -> list[int]:
    """PIDs of the driver's spawned pool workers (not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == driver and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_driver_leaves_no_pool_workers(tmp_path):
    write_pairs(tmp_path / "in", 400)
    argv = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--encoder", "hashing", "--workers", "2",
            "--shard-size", "1", "-q"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, *argv], env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            workers = pool_workers(proc.pid)
        assert len(workers) == 2, "the pool did not start"
        time.sleep(1.0)  # the workers are past their initializer and busy with shards
        assert proc.poll() is None, "the run finished before it could be killed; give it more documents"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "pool workers outlived their driver"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
