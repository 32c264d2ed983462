"""First edit after a server start on a 10,000-pair run, in Chromium: click-to-idle and the server's CPU seconds.

One fresh `streamlit run` per call: sign in, open the Review page (first render), stay ``--read`` seconds on it,
then edit and save the Arabic of the pair in view (the server's first re-check of the run), then ``--edits - 1``
more edits on the next pairs, then open the Quality report (cold; with --quality-first it is opened right after
sign-in instead). Each figure is (wall seconds from the click until the app is idle, CPU seconds the server process
spent meanwhile, all threads); the CPU figure holds when the machine is loaded, the wall one does not.

Usage: python evaluation/first_edit_bench.py [--pairs 10000] [--read 3] [--edits 4] [--quality-first] [--store DB]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_bench import corpus
from bench_common import bench_store, build_run, click_to_idle, open_page, signed_in, wait_idle

TICK = os.sysconf("SC_CLK_TCK")


def server_pid() -> int:
    """The `streamlit run` child of this process."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat, cmd = (entry / "stat").read_text(), (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and b"streamlit" in cmd:
            return int(entry.name)
    raise RuntimeError("no streamlit server found")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def measured(pid: int, run: Callable[[], float]) -> tuple[float, float]:
    """(wall seconds ``run`` reports, server CPU seconds meanwhile)."""
    before = cpu_seconds(pid)
    wall = run()
    return round(wall, 3), round(cpu_seconds(pid) - before, 2)


def bench(store_path: Path, read: float, edits: int, quality_first: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"read_s": read, "load_before": round(os.getloadavg()[0], 1)}
    with signed_in(store_path) as pg:
        pid = server_pid()

        def quality() -> float:
            return open_page(pg, "Quality report", pg.get_by_role("heading", name="Quality report").first.wait_for)

        if quality_first:
            out["quality_cold"] = measured(pid, quality)
        out["first_render"] = measured(pid, lambda: open_page(pg, "Review", pg.locator("div.pair").first.wait_for))
        pg.wait_for_timeout(read * 1000)
        found = []
        for i in range(edits):
            here = str(pg.locator("div.pair").first.get_attribute("data-pair"))
            box = pg.locator('[class*="st-key-edit_ar"] textarea').first
            box.fill(f"نص معدل رقم {i} للاختبار.")
            box.press("Tab")
            wait_idle(pg)
            saved = re.compile(re.escape(f"Pair {here}: ") + ".*edit saved")
            toast = pg.locator('[data-testid="stToast"]').filter(has_text=saved).first
            save = pg.locator(".st-key-save_edit button").first
            found.append(measured(pid, lambda s=save, t=toast: click_to_idle(pg, s.click, t.wait_for)))
            moved = f"() => document.querySelector('div.pair')?.dataset.pair !== {here!r}"
            click_to_idle(pg, pg.locator(".st-key-next button").first.click, lambda m=moved: pg.wait_for_function(m))
            pg.wait_for_timeout(1000)
        out["first_edit"], out["later_edits"] = found[0], found[1:]
        if not quality_first:
            out["quality_cold_after_review"] = measured(pid, quality)
    out["load_after"] = round(os.getloadavg()[0], 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--read", type=float, default=3.0, help="seconds on the Review page before the first edit")
    parser.add_argument("--edits", type=int, default=4)
    parser.add_argument("--quality-first", action="store_true")
    parser.add_argument("--store", type=Path, help="an app_bench store to reuse (a copy is not made: it is edited)")
    args = parser.parse_args(argv)
    if args.store:
        os.environ["ALIGNER_STORE"], os.environ["ALIGNER_ENCODER"] = str(args.store), "hashing"
        store_path = args.store
    else:
        store_path = bench_store("first-edit-")
        build_run(store_path, *corpus(args.pairs))
    print(json.dumps(bench(store_path, args.read, max(1, args.edits), args.quality_first)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
