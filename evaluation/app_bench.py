"""Review-interaction latency of the Streamlit app on a 10,000-pair run (AppTest, SQLite store, hashing encoder).

The run is built from real parallel text (NTREX-128 en-ar newstest2019 + Tatoeba ar-en, 2,997 pairs) repeated to
10,000 pairs, aligned and checked by the real pipeline. Each interaction (next, accept, edit) is one AppTest
``click().run()``: the callback, the store write and the full re-render of the review page.

Usage: python evaluation/app_bench.py [--pairs 10000] [--repeat 10]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "evaluation" / "data"
OUT = ROOT / "evaluation" / "results" / "app.json"


def corpus(n: int) -> tuple[list[str], list[str]]:
    en = (DATA / "ntrex-en-ar" / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ar = (DATA / "ntrex-en-ar" / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    en += (DATA / "tatoeba-ar-en" / "tatoeba.ara-eng.eng").read_text(encoding="utf-8").splitlines()
    ar += (DATA / "tatoeba-ar-en" / "tatoeba.ara-eng.ara").read_text(encoding="utf-8").splitlines()
    reps = -(-n // len(en))
    return (en * reps)[:n], (ar * reps)[:n]


def build_run(store_path: Path, n: int) -> tuple[str, str, dict[str, float]]:
    from aligner.config import Config
    from aligner.embed import load_encoder
    from aligner.ingest.base import Piece, build_document
    from aligner.model import Bitext, Layout
    from aligner.pipeline import process
    from aligner.store import open_store

    en, ar = corpus(n)
    src = build_document("en", [Piece(t, "line") for t in en], name="bench.tsv")
    tgt = build_document("ar", [Piece(t, "line") for t in ar], name="bench.tsv")
    config = Config(encoder="hashing")
    t0 = time.perf_counter()
    result = process(Bitext("bench", src, tgt, Layout.PARALLEL), encoder=load_encoder("hashing"), config=config)
    t1 = time.perf_counter()
    store = open_store(str(store_path))
    project = store.create_project("bench", config=config.as_dict())
    run = store.save_run(project, result, name="bench")
    t2 = time.perf_counter()
    return (
        project,
        run,
        {
            "process_s": round(t1 - t0, 2),
            "save_run_s": round(t2 - t1, 2),
            "pairs": len(result.pairs),
            "issues": len(result.issues),
            "signature": result.signature.format(),
        },
    )


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(values), 3),
        "p90_s": round(sorted(values)[max(0, int(len(values) * 0.9) - 1)], 3),
        "max_s": round(max(values), 3),
        "n": len(values),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="app-bench-"))
    os.environ["ALIGNER_STORE"] = str(tmp / "bench.db")
    os.environ["ALIGNER_ENCODER"] = "hashing"
    sys.path.insert(0, str(ROOT))
    project, run, build = build_run(tmp / "bench.db", args.pairs)

    from streamlit.testing.v1 import AppTest

    from aligner.ui.session import BINDING, binding_of

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["reviewer"] = "bench"
    at.session_state[BINDING] = binding_of("", "")  # AppTest sends no cookie and no user agent
    at.session_state["project_id"], at.session_state["run_id"] = project, run
    at.run()
    first = timed(lambda: at.switch_page("views/review.py").run())
    assert not at.exception, at.exception
    warm = timed(lambda: at.run())

    def box():  # type: ignore[no-untyped-def]
        return next(w for w in at.text_area if (w.key or "").startswith("edit_ar_"))

    times: dict[str, list[float]] = {"next": [], "previous": [], "accept": [], "reject": [], "edit": []}
    for i in range(args.repeat):
        times["next"].append(timed(lambda: at.button(key="next").click().run()))
        times["previous"].append(timed(lambda: at.button(key="prev").click().run()))
        times["accept"].append(timed(lambda: at.button(key="accept").click().run()))
        times["reject"].append(timed(lambda: at.button(key="reject").click().run()))
        box().input(f"نص معدل رقم {i} للاختبار.")
        times["edit"].append(timed(lambda: at.button(key="save_edit").click().run()))
        assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])

    from aligner.store import open_store

    states = open_store(str(tmp / "bench.db")).pair_states(run)
    reviewed = sum(1 for s in states.values() if s.status.value != "pending")
    report = {
        "benchmark": "app_review_latency",
        "pairs": build["pairs"],
        "build": build,
        "first_render_s": round(first, 3),
        "rerun_s": round(warm, 3),
        "interactions": {k: summary(v) for k, v in times.items()},
        "target_s": 1.0,
        "meets_target": all(summary(v)["p90_s"] < 1.0 for v in times.values()),
        "reviewed_after": reviewed,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "versions": _versions(),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    import sqlalchemy

    from aligner import __version__

    return {"aligner": __version__, "streamlit": version("streamlit"), "sqlalchemy": sqlalchemy.__version__}


if __name__ == "__main__":
    raise SystemExit(main())
