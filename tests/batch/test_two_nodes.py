"""A two-node Ray cluster on one machine: `ray start --head` and `ray start --address` as separate processes (one CPU
each), `aligner batch --engine ray` through RAY_ADDRESS; shards run on both nodes and the output equals the local
engine's. Every port and temp dir is private to the test, and both nodes are stopped by their process ids."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from aligner.batch import run_batch
from aligner.config import Config
from tests.batch.conftest import write_pairs
from tests.batch.test_run import content

pytest.importorskip("ray", reason='ray is not installed (pip install "ray[data]")')
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc to find the node processes")

ROOT = Path(__file__).resolve().parents[2]
RAY = Path(sys.executable).parent / "ray"
DRIVER = "import sys; from aligner.cli import main; sys.exit(main(sys.argv[1:]))"
WAIT_NODES = """
import sys, time, ray
end = time.monotonic() + 120  # a loaded machine starts a node slowly
while True:  # the head may still be starting
    try:
        ray.init(address=sys.argv[1], log_to_driver=False)
        break
    except ConnectionError:
        if time.monotonic() > end:
            raise
        time.sleep(1)
while sum(n["Alive"] for n in ray.nodes()) < 2 and time.monotonic() < end:
    time.sleep(0.5)
sys.exit(0 if sum(n["Alive"] for n in ray.nodes()) >= 2 else 1)
"""


def free_ports(n: int) -> list[int]:
    """``n`` distinct ports free right now (bound to 0, then released)."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def node_args(temp_dir: str, worker_base: int) -> list[str]:
    """Options giving a node its own temp dir and ports (nothing shared with another Ray on this machine)."""
    ports = free_ports(6)
    names = ("--node-manager-port", "--object-manager-port", "--dashboard-agent-listen-port",
             "--dashboard-agent-grpc-port", "--runtime-env-agent-port", "--metrics-export-port")  # fmt: skip
    args = [f"{name}={port}" for name, port in zip(names, ports, strict=True)]
    return [*args, "--num-cpus=1", "--object-store-memory=100000000", f"--temp-dir={temp_dir}", "--block",
            "--disable-usage-stats", f"--min-worker-port={worker_base}",
            f"--max-worker-port={worker_base + 39}"]  # fmt: skip


def processes_of(marker: str) -> list[int]:
    """PIDs whose command line mentions ``marker`` (a node's private temp dir)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def stop(proc: subprocess.Popen, temp_dir: str) -> None:
    """Stop a `ray start --block` node by its process id (SIGTERM: it drains and stops its children), then SIGKILL
    by pid whatever of that node is still there after a short grace (draining can take 30 s)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 5
    while processes_of(temp_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in processes_of(temp_dir):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=30)


def start_cluster(tmp_path: Path, env: dict[str, str], attempt: int) -> tuple[list[subprocess.Popen], list[str], str]:
    """Start a head and a worker node on fresh ports and private temp dirs; wait until both are alive. Returns the
    node processes, their temp dirs and the head's address; raises AssertionError (with the nodes' log tails) if
    they did not come up (the nodes are stopped first)."""
    temps = [tempfile.mkdtemp(prefix="rn", dir="/tmp") for _ in range(2)]  # short: Ray's socket paths are limited
    (port,) = free_ports(1)
    base = random.Random(os.getpid() + attempt).randrange(30000, 50000, 80)
    address = f"{socket.gethostbyname(socket.gethostname())}:{port}"  # Ray binds the node's address, not loopback
    logs = [tmp_path / f"node{k}.{attempt}.log" for k in range(2)]
    nodes: list[subprocess.Popen] = []
    head = [str(RAY), "start", "--head", f"--port={port}", "--include-dashboard=false",
            f"--dashboard-port={free_ports(1)[0]}", *node_args(temps[0], base)]  # fmt: skip
    worker = [str(RAY), "start", f"--address={address}", *node_args(temps[1], base + 40)]
    for argv, log in zip((head, worker), logs, strict=True):
        with log.open("wb") as out:
            nodes.append(subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT))
    try:
        ready = subprocess.run([sys.executable, "-c", WAIT_NODES, address], env=env, capture_output=True, timeout=140)
        if ready.returncode == 0:
            return nodes, temps, address
        detail = ready.stderr.decode(errors="replace")[-300:]
    except subprocess.TimeoutExpired:
        detail = "ray.init did not return"
    stop_all(nodes, temps)
    tails = [log.read_text(errors="replace")[-600:] for log in logs]
    raise AssertionError(f"the two nodes did not come up: {detail} {tails}")


def stop_all(nodes: list[subprocess.Popen], temps: list[str]) -> None:
    """Stop every node and remove its temp dir."""
    for proc, temp in zip(nodes, temps, strict=False):
        stop(proc, temp)
    for temp in temps:
        shutil.rmtree(temp, ignore_errors=True)


@pytest.mark.timeout(480)
def test_two_node_cluster_runs_shards_on_both_nodes(tmp_path):
    if not RAY.exists():
        pytest.skip("the ray command is not installed next to this Python")
    write_pairs(tmp_path / "in", 12)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
    env.pop("RAY_ADDRESS", None)
    try:  # a loaded machine sometimes fails to bring a node up: one more try on fresh ports before failing
        nodes, temps, address = start_cluster(tmp_path, env, 0)
    except AssertionError as first:
        print(first)
        nodes, temps, address = start_cluster(tmp_path, env, 1)
    try:
        argv = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2",
                "--encoder", "hashing", "--shard-size", "1", "-q"]  # fmt: skip
        run = subprocess.run([sys.executable, "-c", DRIVER, *argv], env={**env, "RAY_ADDRESS": address},
                             capture_output=True, text=True, timeout=150)  # fmt: skip
        assert run.returncode == 0, run.stderr[-2000:]
    finally:
        stop_all(nodes, temps)
    assert not any(processes_of(t) for t in temps), "Ray node processes outlived the test"
    summary = json.loads((tmp_path / "ray" / "summary.json").read_text(encoding="utf-8"))
    assert summary["engine"] == "ray" and summary["n_docs"] == 12 and summary["n_errors"] == 0
    assert len(summary["nodes"]) == 2 and sum(summary["nodes"].values()) == 12, summary["nodes"]
    run_batch(tmp_path / "in", tmp_path / "local", shard_size=1, config=Config(encoder="hashing"))
    assert content(tmp_path / "ray") == content(tmp_path / "local")
