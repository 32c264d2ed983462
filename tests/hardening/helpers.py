"""Shared helpers of the hardening catalogue: run the CLI in-process, sample texts, one-line error checks."""

from __future__ import annotations

import io
from pathlib import Path

from aligner.cli import main

EN = "The talks begin on Monday in the capital, officials said."
AR = "تبدأ المحادثات يوم الاثنين في العاصمة، بحسب مسؤولين."
EN2 = "They will last 3 days and cost $5 million."
AR2 = "وستستمر المحادثات 3 أيام وتكلف 5 ملايين دولار."
ROOT = Path(__file__).resolve().parents[2]
SEED_PAGE = ROOT / "corpora" / "pages" / "seed_000.txt"


def run_cli(argv: list[str | Path]) -> tuple[int, str, str]:
    """Run ``aligner`` in-process; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def check_cli(path: Path, *extra: str | Path, command: str = "check") -> tuple[int, str, str]:
    """``aligner <command> PATH -q --encoder hashing ...``."""
    return run_cli([command, path, *extra, "-q", "--encoder", "hashing"])


def assert_one_line_error(code: int, out: str, err: str, *, contains: str = "") -> None:
    """Exit 2, nothing on stdout, exactly one ``aligner: error: ...`` line on stderr (no traceback)."""
    assert code == 2, (code, err)
    assert out == ""
    assert err.startswith("aligner: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert contains.lower() in err.lower(), err


def tsv_bytes(rows: list[tuple[str, str]]) -> bytes:
    """UTF-8 TSV with one (en, ar) row per line."""
    return "".join(f"{a}\t{b}\n" for a, b in rows).encode()
