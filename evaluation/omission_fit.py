"""Fit the omission check's second stage (MODEL_CLAUSES) on the dev half of the checks benchmark; report both halves.

Same data, seed and injections as evaluation/checks_bench.py. The first stage (length ratio and similarity) picks
candidates; for each, aligner.checks.omission.clause_features gives the features; a logistic regression is fitted
on dev candidates (clean vs clause dropped) and precision / recall are reported on dev and test over all pairs.
Usage: python evaluation/omission_fit.py [--seed 0] [--C 1.0] [--dev-seeds 1,2,3] [--augment N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checks_bench import MemoEncoder, build_halves, inject, load, split_halves, with_similarity

from aligner.checks.base import CheckContext
from aligner.checks.omission import (
    CANDIDATE,
    MODEL_CLAUSES,
    _clauses,
    _texts,
    clause_features,
    omission_probability,
)
from aligner.model import AlignedPair

NAMES = ("ln_ratio", "similarity", "ablation_gain", "min_clause_cos", "shortfall")


def candidates(docs, label, encoder, min_src_chars: int = 30):
    """(features, y, pair id) of first-stage candidates among clean and omission-injected pairs."""
    ctx = CheckContext()
    rows = []
    for pair in (p for d in docs for p in d):
        if label[pair.id] not in ("", "omission"):
            continue
        src, tgt = pair.src_text.strip(), pair.tgt_text.strip()
        if len(src) < min_src_chars or not tgt:
            continue
        ratio = len(tgt) / len(src)
        if omission_probability(ratio, pair.similarity) >= CANDIDATE:
            rows.append((pair, _clauses(pair.src_text, ctx.src_lang)))
    texts = list(dict.fromkeys(t for pair, cs in rows for t in _texts(pair, cs)))
    vecs = dict(zip(texts, encoder.encode(texts), strict=True))
    x = np.array([clause_features(p, cs, vecs)[0] for p, cs in rows])
    y = np.array([label[p.id] == "omission" for p, _ in rows])
    return x, y, [p.id for p, _ in rows]


def training(rows, encoder, seed: int, n: int = 2):
    """Every dev pair clean, plus ``n`` variants with one target clause dropped (more positives than the bench)."""
    rng = np.random.default_rng(seed + 1)
    docs, label = [], {}
    for k, (_, src, tgt) in enumerate(rows):
        pairs = [AlignedPair(f"c{k}", (k,), (k,), src, tgt)]
        label[f"c{k}"] = ""
        for v in range(n):
            new = inject("omission", src, tgt, rng)
            if new is not None and new != tgt:
                pairs.append(AlignedPair(f"o{k}.{v}", (k,), (k,), src, new))
                label[f"o{k}.{v}"] = "omission"
        docs.append(pairs)
    docs = with_similarity(docs, encoder)
    return candidates(docs, label, encoder)[:2]


def scores(x: np.ndarray, coef, intercept: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ np.asarray(coef) + intercept)))


def pr(prob: np.ndarray, y: np.ndarray, n_pos: int, th: float) -> tuple[float, float]:
    flag = prob >= th
    tp = int((flag & y).sum())
    return (round(tp / flag.sum(), 4) if flag.sum() else 0.0), round(tp / n_pos, 4)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--augment", type=int, default=0, help="train on N omission variants of every dev pair")
    ap.add_argument("--dev-seeds", default="", help="also inject the dev half with these seeds (e.g. 1,2,3)")
    args = ap.parse_args(argv)
    from sklearn.linear_model import LogisticRegression

    from aligner.embed import load_encoder

    rows = load()
    encoder = MemoEncoder(load_encoder("default"))
    data = {}
    for name, (docs, label) in build_halves(rows, args.seed, encoder).items():
        x, y, _ = candidates(docs, label, encoder)
        data[name] = (x, y, sum(k == "omission" for k in label.values()))
    for seed in [int(s) for s in args.dev_seeds.split(",") if s and int(s) != args.seed]:
        docs, label = build_halves(rows, seed, encoder)["dev"]  # other injections of the dev documents
        x, y, _ = candidates(docs, label, encoder)
        old = data["dev"]
        data["dev"] = (
            np.vstack([old[0], x]),
            np.concatenate([old[1], y]),
            old[2] + sum(k == "omission" for k in label.values()),
        )
    x, y = training(split_halves(rows)["dev"], encoder, args.seed, args.augment) if args.augment else data["dev"][:2]
    fits = {"current": (np.asarray(MODEL_CLAUSES[0]), MODEL_CLAUSES[1])}
    model = LogisticRegression(C=args.C, max_iter=1000).fit(x, y)
    fits["refit on dev"] = (model.coef_[0], float(model.intercept_[0]))
    report = {}
    for tag, (coef, intercept) in fits.items():
        report[tag] = {"coef": dict(zip(NAMES, np.round(coef, 2).tolist(), strict=True)),
                       "intercept": round(intercept, 2)}  # fmt: skip
        dev_prob = scores(data["dev"][0], coef, intercept)
        grid = np.round(np.arange(0.2, 0.9, 0.025), 3).tolist()
        best = max(grid, key=lambda th: _f1(*pr(dev_prob, data["dev"][1], data["dev"][2], th)))
        report[tag]["dev_f1_threshold"] = best
        for th in [best, *np.round(np.arange(0.3, 0.96, 0.05), 2).tolist()]:
            report[tag][str(th)] = {h: pr(scores(data[h][0], coef, intercept), data[h][1], data[h][2], th)
                                    for h in data}  # fmt: skip
    print(json.dumps({"candidates": {h: [len(d[1]), int(d[1].sum()), d[2]] for h, d in data.items()}, **report},
                     indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
