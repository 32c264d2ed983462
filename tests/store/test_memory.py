from __future__ import annotations

import inspect

import pytest

from aligner.store import Store, open_store
from aligner.store.memory import MemoryStore
from tests.store.contract import StoreContract


class TestMemoryStore(StoreContract):
    @pytest.fixture
    def store(self) -> MemoryStore:
        return MemoryStore()


@pytest.mark.parametrize("arg", [None, "", ":memory:"])
def test_open_store_memory(arg) -> None:
    assert isinstance(open_store(arg), MemoryStore)


def _public(cls) -> dict[str, list[tuple]]:
    """Parameter names, kinds and defaults of every public method (annotations aside)."""
    return {
        n: [(p.name, p.kind, p.default) for p in inspect.signature(getattr(cls, n)).parameters.values()]
        for n in dir(cls)
        if not n.startswith("_")
    }


@pytest.mark.parametrize("impl", ["memory", "sql"])
def test_implementations_match_the_protocol(impl: str) -> None:
    from aligner.store.sql import SqlStore

    cls = MemoryStore if impl == "memory" else SqlStore
    have = _public(cls)
    for name, sig in _public(Store).items():
        assert name in have, name
        assert have[name] == sig, name


def test_numpy_values_are_stored_as_plain_json() -> None:
    np = pytest.importorskip("numpy")
    from aligner.store.rows import plain

    assert plain({"a": np.float32(0.5), "b": (np.int64(3),), "c": np.arange(2)}) == {"a": 0.5, "b": [3], "c": [0, 1]}
