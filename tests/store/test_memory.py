from __future__ import annotations

import pytest

from aligner.store import open_store
from aligner.store.memory import MemoryStore
from tests.store.contract import StoreContract


class TestMemoryStore(StoreContract):
    @pytest.fixture
    def store(self) -> MemoryStore:
        return MemoryStore()


@pytest.mark.parametrize("arg", [None, "", ":memory:"])
def test_open_store_memory(arg) -> None:
    assert isinstance(open_store(arg), MemoryStore)
