"""Error-injection benchmark of the checks and the pair quality score on NTREX-128 en-ar.

Seeded injections (numpy Generator) of duplication, number, omission and untranslated errors into otherwise clean
professional translations, plus untouched pairs as negatives. Tuning on the dev half (even documents: the omission
model and threshold, by evaluation/omission_fit.py), report on the test half (odd documents). Also times all checks
on 100k pairs without embeddings.
Precision leaves out pairs injected with another kind (a dropped clause holding a figure is rightly also a number
issue); precision_all counts every flag.
Usage: python evaluation/checks_bench.py [--calibrate] [--no-encoder] [--timing-pairs 100000] [--timing-repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from numerals_mutate import mutate_number  # evaluation/: benchmark error injection, not product code

from aligner.checks import CHECKS, CheckContext, run_checks
from aligner.checks.clauses import split_clauses
from aligner.checks.omission import THRESHOLD as OMISSION_THRESHOLD
from aligner.checks.text import tokens
from aligner.config import build_signature
from aligner.embed.calibration import calibration_of
from aligner.model import AlignedPair, Category
from aligner.score import ScoreConfig, score_pairs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evaluation" / "data" / "ntrex-en-ar"
KINDS = ("duplication", "number", "omission", "untranslated")
DETECTS = {
    "duplication": {Category.DUPLICATION},
    "number": {Category.NUMBER},
    "omission": {Category.OMISSION},
    "untranslated": {Category.UNTRANSLATED, Category.WRONG_LANGUAGE},
}


class MemoEncoder:
    """Wraps an encoder with an in-memory text -> vector memo (the tuning loop re-encodes the same clauses)."""

    def __init__(self, encoder) -> None:
        self._enc, self._memo = encoder, {}
        self.name, self.dim = encoder.name, encoder.dim
        self.calibration = getattr(encoder, "calibration", None)

    def encode(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if todo:
            self._memo.update(zip(todo, self._enc.encode(todo), strict=True))
        return np.stack([self._memo[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def signature(self) -> str:
        return self._enc.signature()


def load() -> list[tuple[str, str, str]]:
    src = (DATA / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    tgt = (DATA / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    docs = (DATA / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    return [(d.split("\t")[0], s, t) for d, s, t in zip(docs, src, tgt, strict=True)]


def _mutate_number(text: str, rng: np.random.Generator) -> str | None:
    out = mutate_number(text, "ar", rng)
    return out[0] if out else None


def inject(kind: str, src: str, tgt: str, rng: np.random.Generator) -> str | None:
    """Return ``tgt`` with one error of ``kind``, or None when this pair cannot carry it."""
    toks = tokens(tgt)
    if kind == "duplication":
        how = rng.integers(3)
        nums = [t for t in toks if t.key.isdigit()]
        if how == 2 and nums:
            t = nums[int(rng.integers(len(nums)))]
            k = next((j for j, x in enumerate(toks) if x is t), 0)
            end = toks[min(k + 1, len(toks) - 1)].end
            return tgt[: t.start] + "حوالي " + tgt[t.start : end] + " تقريبًا" + tgt[end:]
        if how == 1 and len(toks) >= 6:
            k = int(rng.integers(0, len(toks) - 4))
            n = int(rng.integers(3, 5))
            a, b = toks[k].start, toks[min(k + n, len(toks)) - 1].end
            return tgt[:b] + " " + tgt[a:b] + tgt[b:]
        content = [t for t in toks if len(t.key) > 2 and not t.key.isdigit()]
        if not content:
            return None
        t = content[int(rng.integers(len(content)))]
        return tgt[: t.end] + " " + t.text + tgt[t.end :]
    if kind == "number":
        return _mutate_number(tgt, rng)
    if kind == "omission":
        clauses = split_clauses(tgt, "ar")
        drop = [c for c in clauses if len(c.slice(tgt).split()) >= 3]
        if len(clauses) < 2 or not drop:
            return None
        c = drop[int(rng.integers(len(drop)))]
        rest = [x.slice(tgt) for x in clauses if x != c]
        return "، ".join(rest) + "."
    if kind == "untranslated":
        if rng.random() < 0.5 or len(toks) < 6:
            return src
        words = src.split()
        n = min(len(words), int(rng.integers(4, 9)))
        k = int(rng.integers(0, max(1, len(toks) - 3)))
        return tgt[: toks[k].start] + " ".join(words[:n]) + " " + tgt[toks[k].start :]
    raise ValueError(kind)


def build(rows: list[tuple[str, str, str]], rng: np.random.Generator) -> tuple[list[list[AlignedPair]], dict]:
    """Documents of pairs (some injected) and pair id -> injected kind ("" for clean)."""
    docs: dict[str, list[AlignedPair]] = defaultdict(list)
    label: dict[str, str] = {}
    for n, (doc, src, tgt) in enumerate(rows):
        kind = "" if rng.random() < 0.4 or len(src) < 20 else KINDS[int(rng.integers(len(KINDS)))]
        new = inject(kind, src, tgt, rng) if kind else None
        if new is None or new == tgt:
            kind, new = "", tgt
        pid = f"{doc}:{n}"
        docs[doc].append(AlignedPair(pid, (n,), (n,), src, new))
        label[pid] = kind
    return list(docs.values()), label


def with_similarity(docs: list[list[AlignedPair]], encoder) -> list[list[AlignedPair]]:
    from dataclasses import replace

    flat = [p for d in docs for p in d]
    a, b = encoder.encode([p.src_text for p in flat]), encoder.encode([p.tgt_text for p in flat])
    sims = {p.id: round(float(a[i] @ b[i]), 4) for i, p in enumerate(flat)}
    return [[replace(p, similarity=sims[p.id]) for p in d] for d in docs]


def split_halves(rows: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    """Dev (even documents) and test (odd documents) rows."""
    doc_ids = sorted({r[0] for r in rows})
    dev_docs = set(doc_ids[0::2])
    return {"dev": [r for r in rows if r[0] in dev_docs], "test": [r for r in rows if r[0] not in dev_docs]}


def build_halves(rows, seed: int, encoder) -> dict[str, tuple[list[list[AlignedPair]], dict]]:
    """Both halves injected with one seeded generator (dev first), with similarities when there is an encoder."""
    rng = np.random.default_rng(seed)
    built = {}
    for name, part in split_halves(rows).items():
        docs, label = build(part, rng)
        built[name] = (with_similarity(docs, encoder) if encoder is not None else docs, label)
    return built


def evaluate(docs, label, encoder, *, omission_threshold: float) -> dict:
    checks = [CHECKS.get(n)() for n in CHECKS.names() if n != "omission"]
    checks.append(CHECKS.get("omission")(threshold=omission_threshold))
    issues = []
    for d in docs:
        issues.extend(run_checks(d, checks, CheckContext(pairs=tuple(d), encoder=encoder)))
    flagged: dict[str, set[str]] = defaultdict(set)
    for i in issues:
        for kind, cats in DETECTS.items():
            if i.category in cats:
                flagged[kind].add(i.pair_id)
    out: dict = {}
    for kind in KINDS:
        truth = {p for p, k in label.items() if k == kind}
        tp = len(truth & flagged[kind])
        own = {p for p in flagged[kind] if label[p] in ("", kind)}  # leave out pairs injected with another kind
        out[kind] = {
            "injected": len(truth),
            "flagged": len(flagged[kind]),
            "precision": round(tp / len(own), 4) if own else None,
            "precision_all": round(tp / len(flagged[kind]), 4) if flagged[kind] else None,
            "recall": round(tp / len(truth), 4) if truth else None,
        }
    flat = [p for d in docs for p in d]
    cal = calibration_of(encoder)
    sim_cal = cal.similarity if cal is not None else None  # the encoder's own similarity calibration
    scores = score_pairs(flat, issues, config=ScoreConfig(), calibration=sim_cal)
    y = np.array([label[p.id] != "" for p in flat])
    s = np.array([-scores[p.id].value for p in flat])
    out["score_auc"] = round(_auc(y, s), 4)
    out["score_auc_by_similarity_weight"] = {
        str(w): round(_auc(y, np.array([-v.value for v in _rescore(flat, issues, w, sim_cal)])), 4)
        for w in (0.0, 0.1, 0.2, 0.3)
    }
    out["clean_pairs_flagged_any"] = round(
        len(
            {i.pair_id for i in issues if i.category is not Category.PUNCTUATION}
            & {p.id for p in flat if not label[p.id]}
        )
        / max(1, int((~y).sum())),
        4,
    )
    return out


def _rescore(flat, issues, weight: float, calibration):
    scores = score_pairs(flat, issues, config=ScoreConfig(similarity_weight=weight), calibration=calibration)
    return [scores[p.id] for p in flat]


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    for v in np.unique(s):  # average ties
        m = s == v
        ranks[m] = ranks[m].mean()
    pos, neg = y.sum(), (~y).sum()
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def timing(rows, n_pairs: int) -> dict:
    base = [AlignedPair(f"p{i}", (i,), (i,), s, t) for i, (_, s, t) in enumerate(rows)]
    reps = -(-n_pairs // len(base))
    checks = [CHECKS.get(n)() for n in CHECKS.names()]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    done = 0
    for r in range(reps):
        for k in range(0, len(base), 20):  # 20-pair documents
            doc = base[k : k + 20][: n_pairs - done]
            if not doc:
                break
            run_checks(doc, checks, CheckContext(pairs=tuple(doc)))
            done += len(doc)
        del r
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "pairs": done,
        "seconds": round(secs, 2),
        "cpu_seconds": round(cpu, 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "pairs_per_s": round(done / secs),
        "max_rss_mb": round(rss / 1024),
        "rss_growth_mb": round((rss - rss0) / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-encoder", action="store_true")
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--timing-pairs", type=int, default=100_000)
    ap.add_argument("--timing-repeats", type=int, default=3, help="timing runs; the median is reported")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rows = load()
    encoder = None
    if not args.no_encoder:
        from aligner.embed import load_encoder

        encoder = MemoEncoder(load_encoder("default"))
    result: dict = {"data": "NTREX-128 en-ar newstest2019", "seed": args.seed}
    if args.calibrate and encoder is not None:
        from aligner.score.similarity import calibrate

        result["calibration"] = repr(calibrate(encoder, [r[1] for r in rows], [r[2] for r in rows]))
    built = build_halves(rows, args.seed, encoder)
    # the check's default threshold (chosen on dev by evaluation/omission_fit.py); the dev sweep is for information
    sweep = {}
    for th in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        om = evaluate(*built["dev"], encoder, omission_threshold=th)["omission"]
        sweep[str(th)] = [om["precision"], om["recall"]]
    result["omission_threshold"] = OMISSION_THRESHOLD
    result["omission_dev_sweep"] = sweep
    result["dev"] = evaluate(*built["dev"], encoder, omission_threshold=OMISSION_THRESHOLD)
    result["test"] = evaluate(*built["test"], encoder, omission_threshold=OMISSION_THRESHOLD)
    runs = sorted((timing(rows, args.timing_pairs) for _ in range(args.timing_repeats)), key=lambda r: r["seconds"])
    result["timing_no_embedding"] = {**runs[len(runs) // 2], "runs": len(runs),
                                     "seconds_range": [runs[0]["seconds"], runs[-1]["seconds"]]}  # fmt: skip
    checks = tuple(CHECKS.get(n).signature() for n in CHECKS.names())
    result["signature"] = build_signature(
        encoder=encoder.signature() if encoder else "none",
        checks=checks,
        score=ScoreConfig().signature(cal.similarity if (cal := calibration_of(encoder)) else None),
    ).as_dict()
    text = json.dumps(result, ensure_ascii=False, indent=2)
    sys.stdout.write(text + "\n")
    out = ROOT / "evaluation" / "results" / ("checks.json" if encoder is not None else "checks_no_encoder.json")
    out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
