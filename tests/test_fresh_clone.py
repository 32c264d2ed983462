"""A fresh clone is self-contained: tests and benchmarks read data only inside the repository, each with its licence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# a path that leaves the repository: the sibling ../shared folder, an absolute /work or /home path, or ROOT.parent
OUTSIDE = re.compile(r"""["']shared["']|["']/(?:work|home|tmp/shared)/|ROOT\.parent\b|parents\[[3-9]\]""")
SOURCES = sorted([*ROOT.glob("tests/**/*.py"), *ROOT.glob("evaluation/*.py"), *ROOT.glob("scripts/*")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_reads_nothing_outside_the_repository(path: Path) -> None:
    if path == Path(__file__).resolve():
        return
    hits = [
        f"{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not hits, hits


@pytest.mark.parametrize("folder", sorted(p for p in (ROOT / "evaluation" / "data").iterdir() if p.is_dir()))
def test_every_data_copy_has_its_licence(folder: Path) -> None:
    assert any(p.name.startswith("LICENSE") for p in folder.iterdir()), folder
