"""Streaming export benchmark: 1M EN-AR pairs (NTREX repeated with an index suffix) → Parquet / JSONL / TMX / CSV.

Each format runs in a fresh subprocess so its peak RSS (VmHWM) is its own. Prints JSON and writes
evaluation/results/export.json. Target: peak RSS < 500 MB per format.

    python evaluation/export_bench.py [--n 1000000] [--formats parquet,jsonl,jsonl+near-dedupe,tmx,csv,tsv]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from aligner.batch.shards import peak_rss_kb

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT / "evaluation" / "data" / "ntrex-en-ar"
RESULTS = ROOT / "evaluation" / "results" / "export.json"
TARGET_MB = 500
DEFAULT_FORMATS = "parquet,jsonl,jsonl+near-dedupe,tmx,csv,tsv"
EXT = {"parquet": ".parquet", "jsonl": ".jsonl", "tmx": ".tmx", "csv": ".csv", "tsv": ".tsv", "xliff": ".xlf"}


def rows(n: int) -> Iterator:
    from aligner.export import ExportRow

    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    tgt = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    statuses = ("pending", "accepted", "edited", "rejected")
    m = len(src)
    for i in range(n):
        j = i % m
        yield ExportRow(
            id=f"p{i}",
            src=f"{src[j]} [{i}]",
            tgt=f"{tgt[j]} [{i}]",
            src_lang="en",
            tgt_lang="ar",
            score=float(i % 100),
            status=statuses[i % 4],
            categories=("number",) if i % 10 == 0 else (),
            doc_id=f"doc{j // 16}",
            similarity=0.5 + (i % 50) / 100,
        )


def rss_mb() -> float:
    return peak_rss_kb() / 1024  # VmHWM: this process's own peak, not the parent's it inherited through exec


def child(spec: str, n: int, out_dir: Path) -> dict:
    from aligner.export import KEEP_ALL, FilterSpec, export
    from aligner.export.base import ExportMeta
    from aligner.model import Signature

    fmt, _, variant = spec.partition("+")
    filters = FilterSpec(status="all", drop_empty=False, dedupe="near") if variant == "near-dedupe" else KEEP_ALL
    meta = ExportMeta(signature=Signature(version="bench"), counts={"pairs": n}, name="export-bench")
    baseline = rss_mb()
    out = out_dir / f"bench{EXT[fmt]}"
    start = time.perf_counter()
    stats = export(rows(n), fmt, out, meta=meta, filters=filters)
    elapsed = time.perf_counter() - start
    size = out.stat().st_size
    out.unlink()
    return {
        "format": spec,
        "rows": stats.rows_written,
        "seconds": round(elapsed, 2),
        "rows_per_second": round(stats.rows_written / elapsed),
        "peak_rss_mb": round(rss_mb(), 1),
        "rss_before_export_mb": round(baseline, 1),
        "file_mb": round(size / 2**20, 1),
        "under_target": rss_mb() < TARGET_MB,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--formats", default=DEFAULT_FORMATS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out-dir", help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="do not update evaluation/results/export.json")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.n, Path(args.out_dir))))
        return 0
    import aligner

    runs = []
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        for spec in args.formats.split(","):
            cmd = [sys.executable, __file__, "--child", spec, "--n", str(args.n), "--out-dir", tmp]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env={**os.environ})
            if proc.returncode != 0:
                runs.append({"format": spec, "error": proc.stderr.strip().splitlines()[-1:]})
                continue
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    import lxml.etree
    import pyarrow

    report = {
        "benchmark": "export_bench",
        "pairs": args.n,
        "data": "NTREX-128 en-ar (1997 pairs) repeated with an index suffix",
        "target_peak_rss_mb": TARGET_MB,
        "runs": runs,
        "versions": {
            "aligner": aligner.__version__,
            "python": platform.python_version(),
            "pyarrow": pyarrow.__version__,
            "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)),
        },
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
    }
    print(json.dumps(report, indent=2))
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
