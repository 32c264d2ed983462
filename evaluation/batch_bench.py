"""Batch throughput / memory benchmark: local engine 1 vs 2 workers (10k pairs), size curve, Ray equality and overhead.

Documents are built from NTREX en-ar (1997 line-aligned news segments): consecutive runs of 20-100 lines, repeated
with a per-copy marker so that no two documents share texts, and every 5th document loses one Arabic line (an
omission the aligner has to absorb). Input is a Parquet of (id, src, tgt); the output is checked after sorting.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT / "evaluation" / "data" / "ntrex-en-ar"
RESULTS = ROOT / "evaluation" / "results" / "batch.json"


def build_input(n_pairs: int, path: Path, *, seed: int = 13) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    tgt = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    rows, total, pos, copy = [], 0, 0, 0
    while total < n_pairs:
        size = min(rng.randint(20, 100), n_pairs - total)
        if pos + size > len(src):
            pos, copy = 0, copy + 1
        s, t = src[pos : pos + size], tgt[pos : pos + size]
        if copy:  # perturb repeats: distinct texts, same content
            s = [f"{line} ({copy})" for line in s]
            t = [f"{line} ({copy})" for line in t]
        if len(rows) % 5 == 4 and len(t) > 2:
            del t[rng.randrange(len(t))]
        rows.append({"id": f"d{len(rows):06d}", "src": "\n".join(s) + "\n", "tgt": "\n".join(t) + "\n"})
        total, pos = total + size, pos + size
    pq.write_table(pa.Table.from_pylist(rows), path)
    return {"n_docs": len(rows), "n_src_lines": total}


def sorted_content(out: Path) -> dict[str, list[str]]:
    from aligner.batch import read_table

    return {k: sorted(json.dumps(r, sort_keys=True) for r in read_table(out, k).to_pylist()) for k in ("pairs", "docs")}


def run(inp: Path, work: Path, label: str, *, encoder: str, workers: int, engine: str = "local", shard: int = 1):
    from aligner.batch import run_batch
    from aligner.config import Config

    out = work / label
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    s = run_batch(inp, out, engine=engine, workers=workers, shard_size=shard, config=Config(encoder=encoder))
    wall = time.perf_counter() - t0
    row = {
        "label": label, "engine": engine, "encoder": encoder, "workers": workers, "docs": s.n_docs,
        "pairs": s.n_pairs, "sentences": s.sentences_run, "errors": s.n_errors, "wall_s": round(wall, 2),
        "sentences_per_s": round(s.sentences_run / wall, 1),
        "sentences_per_s_per_core": round(s.sentences_run / wall / workers, 1),
        "pairs_per_s": round(s.n_pairs / wall, 1), "peak_worker_rss_mb": s.max_worker_rss_mb,
        "signature": s.signature,
    }  # fmt: skip
    print(json.dumps({k: v for k, v in row.items() if k != "signature"}), file=sys.stderr, flush=True)
    return row, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="pair counts for the real-encoder curve")
    parser.add_argument("--hashing-sizes", default="1000,10000", help="pair counts for the hashing-encoder curve")
    parser.add_argument(
        "--speedup-size",
        type=int,
        default=10000,
        help="pair count for 1 vs 2 workers (worker start-up dominates below ~5k pairs)",
    )
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    import aligner

    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    sizes = [int(x) for x in args.sizes.split(",") if x]
    hsizes = [int(x) for x in args.hashing_sizes.split(",") if x]
    speed_n = args.speedup_size
    inputs = {n: work / f"in-{n}.parquet" for n in sorted({*sizes, *hsizes, speed_n})}
    shapes = {n: build_input(n, p) for n, p in inputs.items()}
    runs, outs = [], {}
    # speed-up: the same input, one worker vs two (each worker one BLAS thread, encoder loaded once)
    for w in (1, 2):
        row, outs[f"default-{speed_n}-w{w}"] = run(inputs[speed_n], work, f"default-{speed_n}-w{w}",
                                                  encoder="default", workers=w)  # fmt: skip
        runs.append(row)
    for n in sizes:
        if n != speed_n:
            row, outs[f"default-{n}-w2"] = run(inputs[n], work, f"default-{n}-w2", encoder="default", workers=2)
            runs.append(row)
    for n in hsizes:
        row, _ = run(inputs[n], work, f"hashing-{n}-w2", encoder="hashing", workers=2)
        runs.append(row)
    w1, w2 = runs[0], runs[1]

    def local_w2(n: int) -> dict:
        return next(r for r in runs if r["label"] == f"default-{n}-w2")

    same_12 = sorted_content(outs[f"default-{speed_n}-w1"]) == sorted_content(outs[f"default-{speed_n}-w2"])
    ray_info: dict[str, object] = {"run": False}
    if not args.no_ray:
        try:
            import ray
        except ImportError:
            ray_info = {"run": False, "reason": "ray not installed"}
        else:
            t0 = time.perf_counter()
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            startup = time.perf_counter() - t0
            row, rout = run(inputs[sizes[0]], work, f"ray-default-{sizes[0]}-w2", encoder="default", workers=2,
                            engine="ray")  # fmt: skip
            ray.shutdown()
            runs.append(row)
            ray_info = {
                "run": True, "ray_version": ray.__version__, "init_s": round(startup, 2), "wall_s": row["wall_s"],
                "same_content_as_local": sorted_content(rout) == sorted_content(outs[f"default-{sizes[0]}-w2"]),
                "overhead_vs_local_w2": round(row["wall_s"] / local_w2(sizes[0])["wall_s"], 2),
            }  # fmt: skip

    def curve(prefix: str) -> list[dict[str, float]]:
        pts = [r for r in runs if r["label"].startswith(prefix) and r["workers"] == 2 and r["engine"] == "local"]
        pts.sort(key=lambda r: r["pairs"])
        return [{"pairs": r["pairs"], "wall_s": r["wall_s"], "us_per_pair": round(1e6 * r["wall_s"] / r["pairs"], 1)}
                for r in pts]  # fmt: skip

    result = {
        "benchmark": "batch",
        "machine": {"cores": 2, "note": "2-core VM, no GPU"},
        "inputs": {str(n): shapes[n] for n in inputs},
        "runs": runs,
        "speedup_pairs": w1["pairs"],
        "speedup_2_vs_1_workers": round(w1["wall_s"] / w2["wall_s"], 2),
        "speedup_target": 1.7,
        "same_content_1_vs_2_workers": same_12,
        "curve_default_encoder": curve("default-"),
        "curve_hashing_encoder": curve("hashing-"),
        "ray": ray_info,
        "driver_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "children_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "signature": runs[0]["signature"],
        "versions": {"aligner": aligner.__version__, "python": sys.version.split()[0]},
    }
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
