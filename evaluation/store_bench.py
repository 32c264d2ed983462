"""Store latency at review-workbench scale: a 10,000-pair run, SQLite (WAL, FULL / NORMAL sync) and memory.

The app reloads every pair's state on each interaction, so pair_states() and record_review() must stay well under
100 ms. Background review events (one or more per pair) are bulk-inserted for setup; every timed call goes through
the public Store API. Prints JSON and writes evaluation/results/store.json.

    python evaluation/store_bench.py [--pairs 10000] [--calls 100] [--pg-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy
from sqlalchemy import insert, update

import aligner
from aligner.model import (
    AlignedPair,
    AlignmentResult,
    Category,
    Document,
    Issue,
    QualityScore,
    ReviewStatus,
    Segment,
    Severity,
    Side,
    Signature,
    Span,
)
from aligner.store import sqlite_url
from aligner.store.memory import MemoryStore
from aligner.store.schema import links, review_events, runs
from aligner.store.sql import SqlStore

OUT = Path(__file__).resolve().parent / "results" / "store.json"


def make_result(n: int) -> AlignmentResult:
    """``n`` 1-1 pairs of news-length sentences, an issue on every 10th pair, a score on every pair."""
    en = [f"Sentence number {i} of the English article, about the length of a news sentence." for i in range(n)]
    ar = [f"الجملة رقم {i} من المقال العربي، وهي بطول جملة إخبارية عادية تقريبا." for i in range(n)]

    def doc(doc_id: str, lang: str, sents: list[str]) -> tuple[Document, tuple[Segment, ...]]:
        text = " ".join(sents)
        segs, pos = [], 0
        for i, s in enumerate(sents):
            segs.append(Segment(doc_id, i, Span(pos, pos + len(s)), s))
            pos += len(s) + 1
        return Document(id=doc_id, lang=lang, text=text), tuple(segs)

    src, src_segs = doc("en", "en", en)
    tgt, tgt_segs = doc("ar", "ar", ar)
    pairs = tuple(AlignedPair(f"p{i}", (i,), (i,), en[i], ar[i], similarity=0.9) for i in range(n))
    issues = tuple(
        Issue(f"p{i}", "length", Category.OMISSION, Severity.MINOR, "short", side=Side.TARGET, span=Span(0, 3))
        for i in range(0, n, 10)
    )
    scores = {p.id: QualityScore(90.0, {"similarity": 0.9}) for p in pairs}
    sig = Signature(version=aligner.__version__, segmenter="bench", aligner="given")
    return AlignmentResult(src, tgt, src_segs, tgt_segs, pairs, issues, scores, sig)


def timed(fn: Callable[[], object], calls: int) -> dict[str, float]:
    """Median / p95 / max wall time of ``calls`` calls, in milliseconds."""
    times, cpu = [], []
    for _ in range(calls):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "median_cpu_ms": round(statistics.median(cpu), 2),  # this process only: less sensitive to a busy machine
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2),
        "max_ms": round(times[-1], 2),
        "calls": calls,
    }


def seed_events(store: SqlStore | MemoryStore, run: str, n: int, extra: int) -> None:
    """One event on every pair plus ``extra`` more on the first pairs (bulk, for setup only)."""
    if isinstance(store, MemoryStore):
        for i in range(n):
            store.record_review(run, f"p{i}", status=ReviewStatus.ACCEPTED, reviewer="seed", expected_version=0)
        for i in range(extra):
            store.record_review(run, f"p{i}", status=ReviewStatus.REJECTED, reviewer="seed", expected_version=1)
        return
    at = datetime.now(UTC)
    base = {"run_id": run, "edited_text": None, "comment": None, "reviewer": "seed", "action": "review", "at": at}
    rows = [base | {"pair_id": f"p{i}", "version": 1, "status": "accepted"} for i in range(n)]
    rows += [base | {"pair_id": f"p{i}", "version": 2, "status": "rejected"} for i in range(extra)]
    head = {"reviewer": "seed", "updated_at": at}
    extra_ids = [f"p{i}" for i in range(extra)]
    with store.engine.begin() as conn:  # events plus the head copy in links, as record_review would leave them
        conn.execute(insert(review_events), rows)
        everyone = links.c.run_id == run
        conn.execute(update(links).where(everyone).values(version=1, status="accepted", state_seq=1, **head))
        conn.execute(
            update(links)
            .where(links.c.run_id == run, links.c.pair_id.in_(extra_ids))
            .values(version=2, status="rejected", state_seq=2, **head)
        )
        conn.execute(update(runs).where(runs.c.id == run).values(state_seq=2))


def bench(store: SqlStore | MemoryStore, n: int, calls: int) -> dict[str, object]:
    """Time the review-loop operations on one store."""
    result = make_result(n)
    out: dict[str, object] = {}
    t = time.perf_counter()
    run = store.save_run(store.create_project("bench"), result)
    out["save_run_ms"] = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    loaded = store.load_run(run)
    out["load_run_ms"] = round((time.perf_counter() - t) * 1000, 1)
    assert len(loaded.pairs) == n
    seed_events(store, run, n, n // 5)
    if isinstance(store, SqlStore):  # a cold process: every pair's state read and converted

        def cold() -> None:
            store.clear_caches()
            store.pair_states(run)

        out["pair_states_cold"] = timed(cold, max(5, calls // 5))
    out["pair_states_unchanged"] = timed(lambda: store.pair_states(run), max(5, calls // 5))
    rng = random.Random(0)
    versions = {pid: s.version for pid, s in store.pair_states(run).items()}

    def review() -> None:
        pid = f"p{rng.randrange(n)}"
        state = store.record_review(
            run, pid, status=ReviewStatus.EDITED, reviewer="bench", expected_version=versions[pid], edited_text="نص"
        )
        versions[pid] = state.version

    out["record_review"] = timed(review, calls)
    out["pair_states_after_review"] = timed(lambda: (review(), store.pair_states(run)), max(5, calls // 5))
    out["pair_states_after_review"]["note"] = "record_review + pair_states (incremental refresh), as one interaction"

    def undo() -> None:
        pid = f"p{rng.randrange(n)}"
        versions[pid] = store.undo(run, pid, reviewer="bench", expected_version=versions[pid]).version

    out["undo"] = timed(undo, max(5, calls // 5))
    out["history"] = timed(lambda: store.history(run, "p0"), max(5, calls // 5))
    picks = iter(rng.sample(range(0, n - 2, 3), 40))
    out["merge_with_next"] = timed(lambda: store.merge_with_next(run, f"p{next(picks)}", reviewer="b"), 20)
    merged = [pid for pid in store.pair_states(run) if "+" in pid]
    out["split_pair"] = timed(lambda: store.split_pair(run, merged.pop(), reviewer="b"), 20)
    out["replace_pair_checks"] = timed(lambda: store.replace_pair_checks(run, "p5", [], QualityScore(50.0)), 20)
    return out


def main() -> None:
    """Run the benchmark and write the snapshot."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--calls", type=int, default=100)
    ap.add_argument("--pg-url", default=os.environ.get("ALIGNER_BENCH_PG_URL", ""), help="also bench PostgreSQL")
    args = ap.parse_args()
    report: dict[str, object] = {
        "benchmark": "store",
        "pairs": args.pairs,
        "signature": {
            "aligner": aligner.__version__,
            "sqlalchemy": sqlalchemy.__version__,
            "sqlite": sqlite3.sqlite_version,
            "python": platform.python_version(),
        },
        "target": "pair_states and record_review well under 100 ms at 10,000 pairs",
        "load_average_before": os.getloadavg()[0],
        "stores": {},
    }
    stores = report["stores"]
    assert isinstance(stores, dict)
    with tempfile.TemporaryDirectory() as tmp:
        for sync in ("FULL", "NORMAL"):
            path = Path(tmp) / f"bench_{sync}.db"
            store = SqlStore(sqlite_url(path), synchronous=sync)
            stores[f"sqlite_wal_{sync.lower()}"] = bench(store, args.pairs, args.calls) | {
                "db_mb": round(sum(p.stat().st_size for p in Path(tmp).glob(f"bench_{sync}.db*")) / 1e6, 1)
            }
            store.close()
    if args.pg_url:  # e.g. postgresql+psycopg://user@/db?host=/tmp/pg&port=5432 (the schema is created if missing)
        store = SqlStore(args.pg_url)
        stores["postgresql"] = bench(store, args.pairs, args.calls)
        store.close()
    stores["memory"] = bench(MemoryStore(), args.pairs, args.calls)
    report["load_average_after"] = os.getloadavg()[0]
    report["cpus"] = os.cpu_count()
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
