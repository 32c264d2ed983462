"""What keeps `aligner align` fast: one BLAS thread during the run, no heavy library imported by the default path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aligner import cli

ROOT = Path(__file__).resolve().parents[1]
EN, AR = ROOT / "corpora/ntrex-sample/bbc.381790.en.txt", ROOT / "corpora/ntrex-sample/bbc.381790.ar.txt"


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_run_limits_blas_to_one_thread_and_restores_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The pipeline runs with one BLAS thread (its own threads do the parallel work); the limit ends with the run."""
    import numpy  # noqa: F401 - loads BLAS, so that threadpoolctl sees it
    from threadpoolctl import threadpool_limits

    seen: list[list[int]] = []

    def fake_process(*args: object, **kwargs: object) -> None:
        seen.append(_blas_threads())

    monkeypatch.setattr("aligner.pipeline.process", fake_process)
    monkeypatch.setattr("aligner.embed.load_encoder", lambda spec: object())
    args = cli.build_parser().parse_args(["align", str(EN), str(AR), "--encoder", "hashing", "-q"])
    with threadpool_limits(2, user_api="blas"):
        before = _blas_threads()
        cli._run(args)
        after = _blas_threads()
    if not before:
        pytest.skip("no BLAS library visible to threadpoolctl")
    assert seen == [[1] * len(before)]
    assert after == before


def test_align_imports_no_heavy_library(tmp_path: Path) -> None:
    """`aligner align` on two documents (default encoder and checks) imports no torch, pandas, sacrebleu or scipy."""
    out = tmp_path / "out.jsonl"
    code = (
        "import json, sys\n"
        "from aligner.cli import main\n"
        f"code = main(['align', {str(EN)!r}, {str(AR)!r}, '-q', '-o', {str(out)!r}])\n"
        "heavy = {'torch', 'pandas', 'sacrebleu', 'sklearn', 'scipy', 'pyarrow', 'streamlit', 'transformers'}\n"
        "print(json.dumps({'code': code, 'loaded': sorted(heavy & {m.split('.')[0] for m in sys.modules})}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "loaded": []}
    assert out.read_text(encoding="utf-8").strip()
