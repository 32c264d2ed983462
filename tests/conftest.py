"""Shared fixtures: the deterministic hashing encoder, the real default encoder (session-scoped), paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def fake_encoder():
    """A deterministic, dependency-free encoder for unit tests."""
    from aligner.embed.hashing import HashingEncoder

    return HashingEncoder()


@pytest.fixture(scope="session")
def default_encoder():
    """The real packaged multilingual encoder (loaded once per test session)."""
    from aligner.embed.default import PackagedEncoder

    return PackagedEncoder()


@pytest.fixture(scope="session")
def seed_page_path() -> Path:
    """The seed bilingual news page, as committed under corpora/."""
    return ROOT / "corpora" / "pages" / "seed_000.txt"
