"""Catalogue: reproducible, auditable builds — a lock file of the tested environment, used by setup.

Only lower bounds were pinned and there was no lock file, so two installs could differ and nothing could be
audited. ``requirements.lock`` (made by ``scripts/lock.sh`` from the environment the tests passed in) pins every
package; ``scripts/setup.sh`` installs with it as constraints; the library's own ranges stay loose.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def _pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            match = PIN.match(line.strip())
            assert match, f"not an exact pin: {line!r}"
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_and_the_library_stays_loose() -> None:
    pins = _pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for reqs in project["optional-dependencies"].values():
        wanted += [r for r in reqs if not r.startswith("aligner[")]
    assert {_name(r) for r in wanted} <= set(pins)
    assert "aligner" not in pins
    assert all("==" not in r for r in wanted)  # the library's ranges stay loose; the lock pins the build


def test_lock_matches_the_tested_environment() -> None:
    mismatched = {}
    for name, version in _pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # installed by a platform-specific extra elsewhere
        if installed != version:
            mismatched[name] = (version, installed)
    if mismatched:
        pytest.fail(f"requirements.lock is stale (re-run scripts/lock.sh): {mismatched}")


def test_setup_installs_with_the_lock_and_readme_says_how_to_audit() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "-c requirements.lock" in setup
    assert (ROOT / "scripts" / "lock.sh").exists()
    assert "pip-audit -r requirements.lock" in (ROOT / "README.md").read_text(encoding="utf-8")
