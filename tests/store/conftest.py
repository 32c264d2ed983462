"""Store test fixtures: a migrated SQLite template copied per test (creating the schema costs ~0.2 s)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aligner.store import sqlite_url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    from aligner.store.sql import SqlStore

    path = tmp_path_factory.mktemp("template") / "template.db"
    SqlStore(sqlite_url(path)).close()  # the last connection closing checkpoints and removes the WAL
    return path


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template) -> Path:
    """A fresh, already migrated SQLite database file."""
    path = tmp_path / "store.db"
    shutil.copyfile(sqlite_template, path)
    return path
