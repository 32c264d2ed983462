"""Fit the weak-pair floors of the default encoder on NTREX-128 en-ar and report them on held-out documents.

Floors = the 1st percentile of true-pair cosines per source-length bin on the even documents; reported on the odd
documents: the share of true pairs flagged, and recall on pairs whose target is another sentence of the same
document ("loosely related") or a random sentence. Then the whole check (floors and neighbour margin) on the odd
documents as aligned: the share of untouched professional pairs flagged, and recall on one misaligned pair per
document (a source paired with a neighbour's translation, that neighbour's source left as a 1-0 bead).
Writes evaluation/results/weak_pair.json.
Usage: python evaluation/weak_pair_fit.py [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from checks_bench import MemoEncoder, load  # evaluation/

from aligner.checks import CheckContext
from aligner.checks.weak_pair import WeakPairCheck
from aligner.embed import load_encoder
from aligner.embed.calibration import USE_M3_WEAK_PAIR_FLOORS
from aligner.model import AlignedPair

ROOT = Path(__file__).resolve().parent.parent
BINS = (6, 10, 15, 20, 30, 10**9)


def _floor(floors, words: int) -> float:
    return next(f for below, f in floors if words < below)


def _whole_check(rows, docs, odd_docs, enc, rng) -> dict:
    """Untouched odd documents through the check, then each with one misaligned pair."""
    check, flagged, pairs_n, found, tried = WeakPairCheck(), [], 0, 0, 0
    for d in odd_docs:
        idx = [i for i, x in enumerate(docs) if x == d]
        doc = [AlignedPair(f"{d}:{i}", (i,), (i,), rows[i][1], rows[i][2]) for i in idx]
        ctx = CheckContext(pairs=tuple(doc), encoder=enc)
        flagged += [i.pair_id for i in check.run_document(doc, ctx)]
        pairs_n += len(doc)
        if len(doc) < 2:
            continue
        k = int(rng.integers(len(doc)))
        j = k + 1 if k + 1 < len(doc) else k - 1
        bad = list(doc)
        bad[k] = AlignedPair(doc[k].id + ":wrong", doc[k].src, doc[j].tgt, doc[k].src_text, doc[j].tgt_text)
        bad[j] = AlignedPair(doc[j].id + ":alone", doc[j].src, (), doc[j].src_text, "")
        tried += 1
        ids = {i.pair_id for i in check.run_document(bad, CheckContext(pairs=tuple(bad), encoder=enc))}
        found += bad[k].id in ids
    return {
        "untouched_pairs": pairs_n,
        "untouched_flagged": len(set(flagged)),
        "untouched_flagged_share": round(len(set(flagged)) / pairs_n, 4),
        "untouched_flagged_ids": sorted(set(flagged)),
        "misaligned_pairs": tried,
        "misaligned_recall": round(found / tried, 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rows = load()
    docs = [r[0] for r in rows]
    enc = MemoEncoder(load_encoder("default"))
    a, b = enc.encode([r[1] for r in rows]), enc.encode([r[2] for r in rows])
    true = (a * b).sum(1)
    rng = np.random.default_rng(args.seed)
    shuffled = (a * b[rng.permutation(len(rows))]).sum(1)
    by_doc: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_doc.setdefault(d, []).append(i)
    related = np.full(len(rows), np.nan)
    for i, d in enumerate(docs):
        others = [j for j in by_doc[d] if j != i]
        if others:
            related[i] = float(a[i] @ b[others[int(rng.integers(len(others)))]])
    words = np.array([len(r[1].split()) for r in rows])
    order = sorted(by_doc)
    even = np.array([order.index(d) % 2 == 0 for d in docs])
    lows = (0, *BINS[:-1])
    fitted = [
        round(float(np.percentile(true[even & (words >= lo) & (words < hi)], 1)), 3)
        for lo, hi in zip(lows, BINS, strict=True)
    ]
    shipped = np.array([_floor(USE_M3_WEAK_PAIR_FLOORS, int(w)) for w in words])
    odd = ~even
    result = {
        "data": "NTREX-128 en-ar newstest2019",
        "encoder": enc.signature(),
        "fitted_p1_floors_dev": dict(zip(map(str, BINS), fitted, strict=True)),
        "shipped_floors": dict((str(k), v) for k, v in USE_M3_WEAK_PAIR_FLOORS),
        "test_true_pairs_flagged": round(float((true[odd] < shipped[odd]).mean()), 4),
        "test_related_recall": round(float(np.nanmean(related[odd] < shipped[odd])), 4),
        "test_random_recall": round(float((shuffled[odd] < shipped[odd]).mean()), 4),
        "test_pairs": int(odd.sum()),
        "test_whole_check": _whole_check(rows, docs, order[1::2], enc, rng),
    }
    text = json.dumps(result, indent=2)
    sys.stdout.write(text + "\n")
    (ROOT / "evaluation" / "results" / "weak_pair.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
