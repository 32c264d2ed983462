"""Quality report on a 10,000-pair run: library scoring, each format's render time, the CLI, and the Streamlit page.

The run is NTREX-128 en-ar (1,997 professional pairs, evaluation/data) repeated to 10,000 pairs with errors
injected (repeated words, dropped figures, pairs without source or target), aligned and checked by the real pipeline
(hashing encoder), saved to SQLite with 600 review verdicts (300 rejections, 300 edits). Measured:
- build_report (MQM scoring of every pair and issue), median of 3;
- render of each format (html, json, xlsx, pdf) in this process;
- `aligner report --store --run --format pdf|xlsx` as a fresh process (imports and store load included);
- the Quality report page: AppTest first render and rerun; with --browser, Chromium from the click on
  "Quality report" to the app being idle (a real `streamlit run` server).

Usage: python evaluation/report_bench.py [--pairs 10000] [--browser] [--no-write]
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import bench_parser, bench_store, build_run, open_page, signed_in, timed

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "evaluation" / "data" / "ntrex-en-ar"
OUT = ROOT / "evaluation" / "results" / "report.json"
TARGETS = {"page_s": 2.0, "pdf_s": 10.0, "xlsx_s": 10.0}


def corpus(n: int) -> tuple[list[str], list[str]]:
    """NTREX en/ar lines repeated to ``n``, with injected errors and a few one-sided rows."""
    en = (DATA / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ar = (DATA / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    reps = -(-n // len(en))
    en, ar = (en * reps)[:n], (ar * reps)[:n]
    for i in range(n):
        words = ar[i].split()
        if i % 7 == 0 and len(words) > 3:
            ar[i] = " ".join([*words[:3], words[2], *words[3:]])  # a repeated word
        if i % 11 == 0:
            ar[i] = "".join(c for c in ar[i] if not c.isdigit())  # figures dropped
        if i % 97 == 0:
            en[i] = ""  # Arabic only
        if i % 101 == 0:
            ar[i] = ""  # no rendering
    return en, ar


def library(store_path: Path, run: str) -> dict[str, object]:
    from aligner.report import RunInput, build_report
    from aligner.report.formats import render_report
    from aligner.store import open_store

    store = open_store(str(store_path))
    t0 = time.perf_counter()
    result, states = store.load_run(run), store.pair_states(run)
    load = time.perf_counter() - t0
    run_input = RunInput("bench", result, states, run_id=run)
    builds = [timed(lambda: build_report([run_input])) for _ in range(3)]
    report = build_report([run_input])
    out: dict[str, object] = {
        "load_run_s": round(load, 3),
        "build_report_s": round(statistics.median(builds), 3),
        "scorecard": {k: report.total.as_dict()[k] for k in ("pairs", "scored_pairs", "ewc", "apt", "oqs", "excluded")},
        "issue_rows": len(report.issues),
    }
    for fmt in ("html", "json", "xlsx", "pdf"):
        t0 = time.perf_counter()
        data = render_report(report, fmt)
        out[f"render_{fmt}_s"] = round(time.perf_counter() - t0, 3)
        out[f"{fmt}_bytes"] = len(data)
    return out


def cli(store_path: Path, run: str, tmp: Path) -> dict[str, float]:
    out = {}
    for fmt in ("pdf", "xlsx"):
        cmd = [sys.executable, "-m", "aligner.cli", "report", "--store", str(store_path), "--run", run,
               "--format", fmt, "-o", str(tmp / f"r.{fmt}")]  # fmt: skip
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        out[f"cli_{fmt}_s"] = round(time.perf_counter() - t0, 2)
    return out


def page(project: str, run: str) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    from aligner.ui.session import BINDING, binding_of

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["reviewer"] = "bench"
    at.session_state[BINDING] = binding_of("", "")  # AppTest sends no cookie and no user agent
    at.session_state["project_id"], at.session_state["run_id"] = project, run
    at.run()
    first = timed(lambda: at.switch_page("views/quality.py").run())
    assert not at.exception, at.exception
    again = [timed(lambda: at.run()) for _ in range(3)]
    return {"apptest_first_render_s": round(first, 3), "apptest_rerun_s": round(statistics.median(again), 3)}


def browser(store_path: Path, shot: Path) -> dict[str, object]:
    """Chromium: sign in, then click "Quality report" and wait until the app is idle (cold, then warm)."""
    out: dict[str, object] = {}
    with signed_in(store_path) as pg:
        for label in ("cold", "warm"):
            seconds = open_page(pg, "Quality report", pg.get_by_text("Scorecard per run").wait_for)
            out[f"chromium_click_to_idle_{label}_s"] = round(seconds, 2)
            pg.screenshot(path=str(shot), full_page=True)
            open_page(pg, "New run", pg.get_by_role("heading", name="New run").wait_for)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, "also time the page in Chromium (streamlit run)")
    args = parser.parse_args(argv)
    store_path = bench_store("report-bench-")
    tmp = store_path.parent
    project, run, build = build_run(store_path, *corpus(args.pairs), reviews=600)
    result: dict[str, object] = {"benchmark": "quality_report", "build": build}
    result |= library(store_path, run)
    result |= cli(store_path, run, tmp)
    result |= page(project, run)
    if args.browser:
        result |= browser(store_path, tmp / "quality.png")
        print(f"screenshot: {tmp / 'quality.png'}", file=sys.stderr)
    result["targets"] = TARGETS
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()[0]}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
