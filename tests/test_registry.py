"""Registry behaviour and the registry tables of every plugin kind."""

from __future__ import annotations

import pytest

from aligner.registry import Registry, UnknownNameError


class Base:
    pass


class One(Base):
    pass


def test_get_resolves_classes_and_lazy_strings() -> None:
    reg: Registry[Base] = Registry("thing", {"one": One, "lazy": "tests.test_registry:One"})
    assert reg.get("one") is One
    assert reg.get("lazy") is One
    assert reg.names() == ["one", "lazy"]
    assert "one" in reg and "two" not in reg


def test_unknown_name_lists_alternatives() -> None:
    reg: Registry[Base] = Registry("thing", {"one": One})
    with pytest.raises(UnknownNameError, match="unknown thing 'two'; known: one"):
        reg.get("two")


@pytest.mark.parametrize(
    ("module", "table"),
    [
        ("aligner.embed", "ENCODERS"),
        ("aligner.checks", "CHECKS"),
        ("aligner.ingest", "READERS"),
        ("aligner.segment", "SEGMENTERS"),
        ("aligner.export", "EXPORTERS"),
    ],
)
def test_every_registry_entry_resolves(module: str, table: str) -> None:
    import importlib

    registry = getattr(importlib.import_module(module), table)
    for name in registry.names():
        if name == "sentence-transformers":
            continue  # optional extra; covered in tests/embed
        assert registry.get(name) is not None, name
