"""CLI golden outputs: README's commands run on corpora/ and compared with tests/golden/ (as sacrebleu's test.sh does).

.venv/bin/python scripts/cli_golden.py            # compare; exit 1 with a diff on any change
.venv/bin/python scripts/cli_golden.py --update   # rewrite the expected outputs after an intended change

Every command runs as ``python -m aligner.cli`` from the repository root (this checkout's package), in one temporary
folder ``{tmp}`` so that later commands can read earlier outputs (``eval`` scores two ``align`` outputs). BLAS runs
on one thread, as in ``aligner batch``, so the vectors and every printed similarity are the same on every run.
Values that legitimately change between runs (creation dates, the library version, temporary paths, timings) are
masked before comparing.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
PAGE = "corpora/pages/seed_000.txt"
EN, AR = "corpora/ntrex-sample/bbc.381790.en.txt", "corpora/ntrex-sample/bbc.381790.ar.txt"
TSV = "corpora/ntrex-sample/pairs.tsv"
ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _drop_keys(*keys: str) -> Callable[[str], str]:
    """A JSON-lines output with the run-dependent ``keys`` removed from each object."""

    def transform(text: str) -> str:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        kept = ({k: v for k, v in r.items() if k not in keys} for r in rows)
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)

    return transform


@dataclass(frozen=True)
class Case:
    """One README command: its arguments after ``aligner``, the file it writes (None: stdout), a post-processing."""

    argv: tuple[str, ...]
    output: str | None = None
    transform: Callable[[str], str] | None = None


CASES: dict[str, Case] = {
    "check_seed.jsonl": Case(("check", PAGE, "-q")),  # README's first command, piped: JSON Lines
    "check_seed_table.txt": Case(("check", PAGE, "--format", "table", "-q")),
    "pairs_seed.jsonl": Case(("pairs", PAGE, "-q")),
    "align_ntrex.beads": Case(("align", EN, AR, "--format", "beads", "-q")),
    "align_ntrex_presplit.beads": Case(
        ("align", EN, AR, "--presplit", "--format", "beads", "-o", "{tmp}/presplit.beads", "-q"), "{tmp}/presplit.beads"
    ),
    "align_ntrex_parallel.tsv": Case(("align", EN, AR, "--parallel", "--format", "tsv", "-q")),
    "align_ntrex_parallel.beads": Case(
        ("align", EN, AR, "--parallel", "--format", "beads", "-o", "{tmp}/gold.beads", "-q"), "{tmp}/gold.beads"
    ),
    "eval_presplit_vs_parallel.json": Case(("eval", "{tmp}/presplit.beads", "{tmp}/gold.beads")),
    "score_ntrex.txt": Case(("score", TSV, "-q")),
    "score_ntrex_ref.json": Case(("score", EN, AR, "--parallel", "--ref", AR, "--format", "json", "-q")),
    "export_ntrex.tsv": Case(("export", TSV, "--format", "tsv", "-o", "{tmp}/out.tsv", "-q"), "{tmp}/out.tsv"),
    "export_ntrex.tmx": Case(("export", TSV, "--format", "tmx", "-o", "{tmp}/out.tmx", "-q"), "{tmp}/out.tmx"),
    "export_ntrex.xliff": Case(("export", TSV, "--format", "xliff", "-o", "{tmp}/out.xlf", "-q"), "{tmp}/out.xlf"),
    "export_ntrex_filtered.jsonl": Case(
        (
            *("export", TSV, "--format", "jsonl", "-o", "{tmp}/out.jsonl", "--min-score", "80", "--exclude", "number"),
            *("--dedupe", "exact", "--min-ratio", "0.5", "--max-ratio", "2", "-q"),
        ),
        "{tmp}/out.jsonl",
    ),
    "batch_ntrex.json": Case(
        ("batch", "corpora/ntrex-sample", "-o", "{tmp}/batch", "--workers", "1", "-q"),
        transform=_drop_keys("throughput", "output"),
    ),
}
VOLATILE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{8}T\d{6}Z"), "<TMXDATE>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"), "<DATETIME>"),
    (re.compile(r"\bv:\d+\.\d+\.\d+\b"), "v:<VERSION>"),  # the Signature's library version
    (re.compile(r'(tool-?version|creationtoolversion)="[^"]*"'), r'\1="<VERSION>"'),
    (re.compile(r'"(version|tool_version)": "\d+\.\d+\.\d+"'), r'"\1": "<VERSION>"'),  # export metadata
    (re.compile(r"\|version:\d+\.\d+\.\d+"), "|version:<VERSION>"),  # sacrebleu's metric signatures
)


def run(name: str, case: Case, tmp: str) -> str:
    """Run one case; return its output with the volatile values masked."""
    argv = [a.format(tmp=tmp) for a in case.argv]
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT), **dict.fromkeys(ONE_THREAD, "1")}
    proc = subprocess.run(
        [sys.executable, "-m", "aligner.cli", *argv], cwd=ROOT, capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"{name}: `aligner {' '.join(argv)}` exited {proc.returncode}: {proc.stderr.strip()}")
    text = Path(case.output.format(tmp=tmp)).read_text(encoding="utf-8") if case.output else proc.stdout
    if case.transform is not None:
        text = case.transform(text)
    text = text.replace(tmp, "<TMP>")
    for pattern, mask in VOLATILE:
        text = pattern.sub(mask, text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Compare (or with --update rewrite) every golden output; return 1 if any differs."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/ from the current outputs")
    parser.add_argument("names", nargs="*", help="only these cases (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    GOLDEN.mkdir(parents=True, exist_ok=True)
    failed = []
    with tempfile.TemporaryDirectory(prefix="aligner-golden-") as tmp:
        for name, case in CASES.items():  # in order: later cases may read earlier outputs
            got = run(name, case, tmp)
            if args.names and name not in args.names:
                continue
            path = GOLDEN / name
            if args.update:
                path.write_text(got, encoding="utf-8")
                print(f"updated {path.relative_to(ROOT)}")
                continue
            want = path.read_text(encoding="utf-8") if path.exists() else None
            if got == want:
                print(f"ok {name}")
                continue
            failed.append(name)
            if want is None:
                print(f"MISSING {path.relative_to(ROOT)} (run with --update)")
                continue
            diff = difflib.unified_diff(
                want.splitlines(), got.splitlines(), f"expected/{name}", f"got/{name}", lineterm=""
            )
            print("\n".join(list(diff)[:80]))
    if failed:
        print(f"{len(failed)} golden output(s) differ: {', '.join(failed)}; --update if intended", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
