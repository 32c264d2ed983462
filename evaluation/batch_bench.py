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
SCALE_RESULTS = ROOT / "evaluation" / "results" / "batch_scale.json"
# one batch run in a fresh process: its VmHWM is the driver's own peak (workers and Ray are other processes)
CHILD = """
import json, sys, time
from aligner.batch import run_batch
from aligner.batch.shards import peak_rss_kb
from aligner.config import Config
inp, out, engine, workers, shard = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
init = 0.0
if engine == "ray":
    import ray
    t0 = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"OMP_NUM_THREADS": "1"}})
    init = time.perf_counter() - t0
s = run_batch(inp, out, engine=engine, workers=workers, shard_size=shard, config=Config(encoder="hashing"))
print(json.dumps({"engine": engine, "workers": workers, "docs": s.n_docs, "pairs": s.n_pairs, "pairs_run": s.pairs_run,
                  "errors": s.n_errors, "run_s": s.seconds, "init_s": round(init, 2),
                  "pairs_per_s": round(s.pairs_run / s.seconds, 1) if s.seconds else None,
                  "driver_peak_rss_mb": round(peak_rss_kb() / 1024, 1), "worker_peak_rss_mb": s.max_worker_rss_mb}))
"""


def build_input(n_pairs: int, path: Path, *, seed: int = 13, row_group: int | None = None) -> dict[str, int]:
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
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group)
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


def child_run(inp: Path, out: Path, engine: str, workers: int, shard: int) -> dict:
    """Run one batch in a fresh Python (hashing encoder, checks on) and return its JSON line."""
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(inp), str(out), engine, str(workers), str(shard)],
                          env=env, capture_output=True, text=True, check=False)  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    print(json.dumps(row), file=sys.stderr, flush=True)
    return row


def killed_then_resumed(inp: Path, out: Path, workers: int, shard: int, *, after: int) -> dict:
    """SIGKILL `aligner batch` once ``after`` shards are written, rerun it, and return the rerun's JSON line."""
    import os
    import signal
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = ["batch", str(inp), "-o", str(out), "--encoder", "hashing", "--workers", str(workers), "--shard-size",
            str(shard), "-q"]  # fmt: skip
    driver = "import sys; from aligner.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", driver, *argv], env=env, stdout=subprocess.DEVNULL)
    while len(list(out.glob("docs-*.parquet"))) < after and proc.poll() is None:
        time.sleep(0.05)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run([sys.executable, "-c", driver, *argv], env=env, capture_output=True, text=True, check=True)
    return {"killed_mid_run": killed, **json.loads(rerun.stdout)}


def scale(args: argparse.Namespace) -> int:
    """Driver memory over corpus size, Ray vs local throughput, resume equality (hashing encoder, checks on)."""
    work = Path(tempfile.mkdtemp(prefix="batch-scale-"))
    sizes = [int(x) for x in args.memory_sizes.split(",") if x]
    engines = ["local"] if args.no_ray else ["local", "ray"]
    w, shard = args.workers, 16
    result: dict[str, object] = {"benchmark": "batch-scale", "machine": {"cores": 2, "note": "2-core VM, shared"},
                                 "encoder": "hashing", "workers": w, "shard_size": shard, "runs": []}  # fmt: skip
    runs: list[dict] = result["runs"]  # type: ignore[assignment]
    for n in sizes:
        inp = work / f"in-{n}.parquet"
        shape = build_input(n, inp, row_group=512)
        for engine in engines:
            row = child_run(inp, work / f"out-{engine}-{n}", engine, w, shard)
            runs.append({"size": n, **shape, **row})
            print(
                json.dumps(runs[-1]), file=sys.stderr, flush=True
            )  # each run as it ends: a long curve survives a kill
        if n != sizes[0] or len(sizes) == 1:  # keep the first size's outputs for the content checks
            for engine in engines:
                shutil.rmtree(work / f"out-{engine}-{n}", ignore_errors=True)
        inp.unlink()

    def peak(engine: str, n: int) -> float:
        return next(r["driver_peak_rss_mb"] for r in runs if r["engine"] == engine and r["size"] == n)

    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        result["driver_peak_growth"] = {e: round(peak(e, hi) / peak(e, lo) - 1, 3) for e in engines}
        result["driver_peak_growth_target"] = 0.10
    for n in sizes:
        by = {r["engine"]: r for r in runs if r["size"] == n}
        if "ray" in by:
            result.setdefault("ray_vs_local_throughput", {})[str(n)] = round(
                by["ray"]["pairs_per_s"] / by["local"]["pairs_per_s"], 2
            )  # type: ignore[union-attr]
    result["ray_vs_local_target"] = 0.85
    small = sizes[0]
    if "ray" in engines:
        result["same_content_ray_vs_local"] = sorted_content(work / f"out-ray-{small}") == sorted_content(
            work / f"out-local-{small}"
        )
    inp = work / "resume.parquet"
    build_input(args.resume_size, inp, row_group=512)
    fresh = work / "fresh"
    child_run(inp, fresh, "local", w, shard)
    resumed = killed_then_resumed(inp, work / "resumed", w, shard, after=5)
    result["resume"] = {"pairs": args.resume_size, **resumed,
                        "same_content_as_fresh": sorted_content(work / "resumed") == sorted_content(fresh)}  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    SCALE_RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


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
    parser.add_argument(
        "--scale",
        action="store_true",
        help="driver memory over corpus size, Ray vs local throughput and resume (hashing encoder)",
    )
    parser.add_argument(
        "--memory-sizes",
        default="110000,440000",
        help="source lines for --scale (110k / 440k lines give about 200k / 800k aligned pairs)",
    )
    parser.add_argument("--resume-size", type=int, default=20000, help="pair count of the kill-and-resume check")
    parser.add_argument("--workers", type=int, default=2, help="workers for --scale (both engines)")
    args = parser.parse_args()
    if args.scale:
        return scale(args)
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
