"""Review-interaction latency of the Streamlit app on a 10,000-pair run (AppTest, SQLite store, hashing encoder).

The run is built from real parallel text (NTREX-128 en-ar newstest2019 + Tatoeba ar-en, 2,997 pairs) repeated to
10,000 pairs, aligned and checked by the real pipeline. Each interaction (next, accept, edit) is one AppTest
``click().run()``: the callback, the store write and the full re-render of the review page. With --browser, the
real app (`streamlit run`) in Chromium through Playwright: the cold first open of the Review page, and the median
click-to-idle of next, accept, reject, dismiss-an-issue and edit + save (re-check included), from the click until
its visible effect (the pair changes, the action's toast shows) and the app is idle; the first edit after the
server started is reported on its own too (first_edit_s).

Usage: python evaluation/app_bench.py [--pairs 10000] [--repeat 10] [--browser] [--no-write]
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import (
    bench_parser,
    bench_store,
    build_run,
    click_to_idle,
    open_page,
    signed_in,
    summary,
    timed,
    wait_idle,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "evaluation" / "data"
OUT = ROOT / "evaluation" / "results" / "app.json"
# Issue 13's targets, Chromium click-to-idle medians (first render: a single cold open of the Review page).
BROWSER_TARGETS = {"first_render": 2.0, "next": 0.3, "accept": 0.3, "reject": 0.3, "dismiss": 0.3, "edit_recheck": 1.0}


def corpus(n: int) -> tuple[list[str], list[str]]:
    en = (DATA / "ntrex-en-ar" / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ar = (DATA / "ntrex-en-ar" / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    en += (DATA / "tatoeba-ar-en" / "tatoeba.ara-eng.eng").read_text(encoding="utf-8").splitlines()
    ar += (DATA / "tatoeba-ar-en" / "tatoeba.ara-eng.ara").read_text(encoding="utf-8").splitlines()
    reps = -(-n // len(en))
    return (en * reps)[:n], (ar * reps)[:n]


def browser(store_path: Path, repeat: int) -> dict[str, object]:
    """Chromium on a real `streamlit run`: median click-to-idle of each review action on the Review page."""
    out: dict[str, object] = {}
    toast = '[data-testid="stToast"]'
    with signed_in(store_path) as pg:

        def shown() -> str:
            return str(pg.locator("div.pair").first.get_attribute("data-pair"))

        def button(key: str) -> Any:
            return pg.locator(f".st-key-{key} button").first

        def moved(here: str) -> Callable[[], object]:
            js = f"() => document.querySelector('div.pair')?.dataset.pair !== {here!r}"
            return lambda: pg.wait_for_function(js)

        def toasted(text: str) -> Callable[[], object]:
            pattern = re.compile(re.escape(text).replace(r"\*", ".*"))
            return lambda: pg.locator(toast).filter(has_text=pattern).first.wait_for()

        def verdict(here: str, status: str) -> Callable[[], object]:
            """The verdict's toast, then the next pair in view (the page goes on after a verdict)."""
            return lambda: (toasted(f"Pair {here}: {status}")(), moved(here)())

        out["first_render_s"] = round(open_page(pg, "Review", pg.locator("div.pair").first.wait_for), 3)
        out["first_render_warm_s"] = round(
            (
                open_page(pg, "New run", pg.get_by_role("heading", name="New run").wait_for),
                open_page(pg, "Review", pg.locator("div.pair").first.wait_for),
            )[1],
            3,
        )
        times: dict[str, list[float]] = {k: [] for k in ("next", "accept", "reject", "dismiss", "edit_recheck")}
        for i in range(repeat):
            here = shown()
            times["next"].append(click_to_idle(pg, button("next").click, moved(here)))
            here = shown()
            times["accept"].append(click_to_idle(pg, button("accept").click, verdict(here, "accepted")))
            here = shown()
            times["reject"].append(click_to_idle(pg, button("reject").click, verdict(here, "rejected")))
            click_to_idle(pg, button("next_issue").click, moved(shown()))  # a pair with an open issue
            here = shown()
            dismiss = pg.locator('[class*="st-key-dismiss_"] button').first
            times["dismiss"].append(click_to_idle(pg, dismiss.click, toasted(f"Pair {here}: issue dismissed")))
            box = pg.locator('[class*="st-key-edit_ar"] textarea').first
            box.fill(f"نص معدل رقم {i} للاختبار.")
            box.press("Tab")
            wait_idle(pg)
            saved = toasted(f"Pair {here}: * edit saved")
            times["edit_recheck"].append(click_to_idle(pg, button("save_edit").click, saved))
        out["interactions"] = {k: summary(v) for k, v in times.items()}
        out["first_edit_s"] = round(times["edit_recheck"][0], 3)  # the server's first re-check of the run
    return out


def apptest(project: str, run: str, repeat: int) -> dict[str, object]:
    """AppTest (no browser): the script's own time for each interaction."""
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
    for i in range(repeat):
        times["next"].append(timed(lambda: at.button(key="next").click().run()))
        times["previous"].append(timed(lambda: at.button(key="prev").click().run()))
        times["accept"].append(timed(lambda: at.button(key="accept").click().run()))
        times["reject"].append(timed(lambda: at.button(key="reject").click().run()))
        box().input(f"نص معدل رقم {i} للاختبار.")
        times["edit"].append(timed(lambda: at.button(key="save_edit").click().run()))
        assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    return {
        "first_render_s": round(first, 3),
        "rerun_s": round(warm, 3),
        "interactions": {k: summary(v) for k, v in times.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, "also time each action in Chromium (streamlit run)")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)

    store_path = bench_store("app-bench-")
    project, run, build = build_run(store_path, *corpus(args.pairs))
    report: dict[str, object] = {"benchmark": "app_review_latency", "pairs": build["pairs"], "build": build}
    if args.browser:
        chromium = browser(store_path, args.repeat)
        figures = {"first_render": chromium["first_render_s"]}
        figures |= {k: v["median_s"] for k, v in chromium["interactions"].items()}  # type: ignore[attr-defined]
        chromium["targets_s"] = BROWSER_TARGETS
        chromium["meets"] = {k: figures[k] <= t for k, t in BROWSER_TARGETS.items()}
        report["chromium"] = chromium
    report["apptest"] = apptest(project, run, args.repeat)

    from aligner.store import open_store

    states = open_store(str(store_path)).pair_states(run)
    report["reviewed_after"] = sum(1 for s in states.values() if s.status.value != "pending")
    report["machine"] = {
        "python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
        "load": os.getloadavg()[0],
    }  # fmt: skip
    report["versions"] = _versions()
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
