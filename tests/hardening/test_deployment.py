"""Catalogue: the review app's shipped server settings (uploads before sign-in, network exposure).

A client that never signed in could PUT files to Streamlit's upload endpoint: six 150 MB uploads took the server
from 160 MB to 1.1 GB. The repo now ships ``.streamlit/config.toml``: 50 MB per upload, bound to 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.app_server import streamlit_app

pytest.importorskip("streamlit")

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".streamlit" / "config.toml"


def test_shipped_config_bounds_uploads_and_binds_locally() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] <= 50
    assert config["server"]["maxMessageSize"] <= 50
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True  # the sign-in binding relies on the XSRF cookie
    assert config["client"]["showErrorDetails"] == "none"


def test_streamlit_reads_it_from_the_repo() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    lines = set(proc.stdout.splitlines())
    assert {"maxUploadSize = 50", 'address = "127.0.0.1"', 'showErrorDetails = "none"'} <= lines


def _listening(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on ``port``."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.rpartition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                out.add(address)
    return out


def test_app_listens_on_loopback_only(tmp_path: Path) -> None:
    if not os.path.exists("/proc/net/tcp"):
        pytest.skip("needs Linux /proc/net/tcp")
    env = {**os.environ, "ALIGNER_STORE": str(tmp_path / "app.db"), "ALIGNER_ENCODER": "hashing"}
    with streamlit_app(tmp_path, env, ["--server.headless", "true"]) as (url, _proc):
        port = int(url.rsplit(":", 1)[1])
        assert _listening(port) == {"0100007F"}  # 127.0.0.1 only: not 0.0.0.0, not ::
