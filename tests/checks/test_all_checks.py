from __future__ import annotations

from pathlib import Path

import pytest

from aligner.checks import CHECKS, Check
from aligner.model import Category, Severity

HERE = Path(__file__).parent


@pytest.mark.parametrize("name", CHECKS.names())
def test_check_contract(name):
    cls = CHECKS.get(name)
    assert issubclass(cls, Check)
    assert cls.name == name
    assert cls.title() and cls.title() != name
    assert isinstance(cls.category, Category)
    assert isinstance(cls.severity, Severity)
    assert cls.signature() == f"{name}.v{cls.version}"
    if name == "numbers" and not (HERE / "test_numbers.py").exists():
        pytest.skip("test_numbers.py is written by the numbers check's author")
    assert (HERE / f"test_{name}.py").exists()


def test_unique_names_and_classes():
    classes = [CHECKS.get(n) for n in CHECKS.names()]
    assert len(set(CHECKS.names())) == len(classes)
    assert len({c.__name__ for c in classes}) == len(classes)
