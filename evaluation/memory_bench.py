"""Memory amplification of whole CLI commands on large inputs of many tiny units (hardening item 6).

Usage: python evaluation/memory_bench.py [--sizes 10,40] [--formats tmx,jsonl,tsv,ntrex,parquet]
    [--commands check,export,pairs,align,score,report,report-xlsx]
    [--encoder default] [--out evaluation/results/memory.json]

Each run is one fresh ``aligner`` process started by a small wrapper process, whose ``RUSAGE_CHILDREN`` peak RSS
is the command's (the wrapper is tiny, so nothing large is inherited through fork). The fixed cost (interpreter,
numpy, the encoder and the checks' data) is measured by the same command on a 100-unit file; the figures are
``peak_x_file`` (absolute peak over the file size), ``growth_x_file`` (peak minus the fixed cost, over the file
size) and, between two sizes, ``marginal_x_file`` (extra peak over extra bytes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode\n"
    "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


NTREX = ROOT / "corpora" / "ntrex-sample" / "pairs.tsv"
ROW_GROUPS = 4  # a Parquet file's row groups


def write_units(path: Path, fmt: str, units: int) -> Path:
    """Write ``units`` one-word unit pairs (``w17`` / ``ك17``) as TMX, TSV, JSON Lines or Parquet.

    ``ntrex``: a TSV of news sentences instead, the NTREX sample's pairs repeated, each row numbered on both sides
    (`` 17``) so that no two rows are equal. ``parquet``: ``src``/``tgt`` string columns in ROW_GROUPS row groups.
    """
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({"src": [f"w{i}" for i in range(units)], "tgt": [f"ك{i}" for i in range(units)]})
        pq.write_table(table, path, row_group_size=max(1, -(-units // ROW_GROUPS)))
        return path
    if fmt == "ntrex":
        rows = [line.split("\t")[:2] for line in NTREX.read_text(encoding="utf-8").splitlines() if "\t" in line]
        with path.open("w", encoding="utf-8") as fh:
            fh.writelines(f"{rows[i % len(rows)][0]} {i}\t{rows[i % len(rows)][1]} {i}\n" for i in range(units))
        return path
    with path.open("w", encoding="utf-8") as fh:
        if fmt == "tmx":
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n')
        for i in range(units):
            if fmt == "tmx":
                fh.write(f'<tu><tuv xml:lang="en"><seg>w{i}</seg></tuv><tuv xml:lang="ar"><seg>ك{i}</seg></tuv></tu>\n')
            elif fmt == "tsv":
                fh.write(f"w{i}\tك{i}\n")
            else:
                fh.write(json.dumps({"src": f"w{i}", "tgt": f"ك{i}"}, ensure_ascii=False) + "\n")
        if fmt == "tmx":
            fh.write("</body></tmx>\n")
    return path


def units_for(fmt: str, megabytes: float) -> int:
    """Units that make a file of about ``megabytes`` MiB (sizes measured on a 10,000-unit file)."""
    with tempfile.TemporaryDirectory() as tmp:
        size = write_units(Path(tmp) / f"probe.{fmt}", fmt, 10_000).stat().st_size
    return int(megabytes * (1 << 20) * 10_000 / size)


COMMANDS = {  # name -> the aligner arguments after the input file
    "check": ("check", "--format", "jsonl"),
    "export": ("export", "--format", "tsv"),
    "pairs": ("pairs", "--all-items"),
    "align": ("align", "--format", "jsonl"),
    "score": ("score", "--format", "json"),
    "report": ("report", "--format", "json"),
    "report-xlsx": ("report", "--format", "xlsx"),
}


def command(name: str, path: Path, out: Path, encoder: str) -> list[str]:
    """The aligner command line of COMMANDS ``name`` on ``path``, written to ``out``."""
    verb, *options = COMMANDS[name]
    return [sys.executable, "-m", "aligner.cli", verb, "-q", str(path), *options, "--encoder", encoder, "-o", str(out)]


def peak_mb(argv: list[str]) -> tuple[float, float]:
    """Run ``argv`` in a fresh process under a tiny wrapper; return (peak RSS in MiB, seconds)."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *argv], capture_output=True, text=True, env=env, cwd=ROOT)
    rc, kb = proc.stdout.split()
    if rc != "0":
        raise SystemExit(f"{' '.join(argv)} failed ({rc})")
    return int(kb) / 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,40", help="file sizes in MiB (comma-separated)")
    parser.add_argument("--formats", default="tmx,jsonl,tsv")
    parser.add_argument("--commands", default="check,export,pairs", help=f"of {', '.join(COMMANDS)}")
    parser.add_argument("--encoder", default="default")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",") if s]
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            for name in args.commands.split(","):
                tiny = write_units(Path(tmp) / f"tiny.{fmt}", fmt, 100)
                fixed, _ = peak_mb(command(name, tiny, Path(tmp) / "out", args.encoder))
                previous: tuple[float, float] | None = None
                for mb in sizes:
                    units = units_for(fmt, mb)
                    path = write_units(Path(tmp) / f"in.{fmt}", fmt, units)
                    size = path.stat().st_size / (1 << 20)
                    peak, seconds = peak_mb(command(name, path, Path(tmp) / "out", args.encoder))
                    run = {
                        "format": fmt, "command": name, "units": units, "file_mb": round(size, 1),
                        "peak_mb": round(peak), "fixed_mb": round(fixed), "peak_x_file": round(peak / size, 1),
                        "growth_x_file": round((peak - fixed) / size, 1), "seconds": round(seconds),
                    }  # fmt: skip
                    if previous is not None:
                        run["marginal_x_file"] = round((peak - previous[1]) / (size - previous[0]), 1)
                    previous = (size, peak)
                    print(json.dumps(run), flush=True)
                    runs.append(run)
    if args.out:
        payload = {"encoder": args.encoder, "python": sys.version.split()[0], "runs": runs}
        args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
