"""Sentence-splitter benchmark on NTREX en-ar: per-line sentence counts, EN/AR count agreement, pysbd as the peer.

Each NTREX line is one segment that professional translators kept as one unit, so a good splitter should give the
English line and its Arabic translation the same number of sentences. Disagreement means one side is over- or
under-split. A second measure joins each document's lines into one paragraph and asks whether the splitter finds the
joins again (boundary recall at joins after a line ending in . ! ? ؟ … or a closing quote after one). The same two
measures run on Tatoeba ar-en (short everyday sentences) as a secondary set.

Usage: python evaluation/segment_bench.py [--examples N] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from aligner.config import build_signature
from aligner.segment import RuleSegmenter, Segmenter

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evaluation" / "data" / "ntrex-en-ar"
TATOEBA = ROOT / "evaluation" / "data" / "tatoeba-ar-en"
OUT = ROOT / "evaluation" / "results" / "segment_ntrex.json"
SLACK = re.compile(r"[\s\"'“”‘’«»]*")  # a boundary off a join only by quotes/spaces still counts (pysbd)
FINAL_LINE = re.compile(r"[.!?…؟][\"'”’»)]*$")

Splitter = Callable[[str, str], list[str]]


def rules_splitter(seg: Segmenter) -> Splitter:
    return lambda text, lang: [text[s.start : s.end] for s in seg.split_text(text, lang)]


def pysbd_splitter() -> tuple[Splitter, str] | None:
    try:
        import pysbd
    except ImportError:
        return None
    cache: dict[str, object] = {}

    def split(text: str, lang: str) -> list[str]:
        if lang not in cache:
            cache[lang] = pysbd.Segmenter(language=lang, clean=False)
        return [s.strip() for s in cache[lang].segment(text) if s.strip()]  # type: ignore[attr-defined]

    return split, f"pysbd {pysbd.__version__ if hasattr(pysbd, '__version__') else '?'}"


def line_stats(split: Splitter, en: Sequence[str], ar: Sequence[str]) -> tuple[dict[str, object], list[int]]:
    en_n = [len(split(t, "en")) for t in en]
    ar_n = [len(split(t, "ar")) for t in ar]
    n = len(en)
    agree = [i for i in range(n) if en_n[i] == ar_n[i]]
    stats = {
        "lines": n,
        "en_sentences": sum(en_n),
        "ar_sentences": sum(ar_n),
        "en_share_multi": round(sum(c > 1 for c in en_n) / n, 4),
        "ar_share_multi": round(sum(c > 1 for c in ar_n) / n, 4),
        "agreement": round(len(agree) / n, 4),
        "en_more": sum(en_n[i] > ar_n[i] for i in range(n)),
        "ar_more": sum(ar_n[i] > en_n[i] for i in range(n)),
    }
    disagree = [i for i in range(n) if en_n[i] != ar_n[i]]
    return stats, disagree


def join_recall(split: Splitter, lines: Sequence[str], docs: Sequence[str], lang: str) -> dict[str, object]:
    """Join each document's lines with a space; how many joins after a sentence-final line does the splitter find?"""
    found = total = extra = 0
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and docs[end] == docs[start]:
            end += 1
        block = [ln.strip() for ln in lines[start:end]]
        text = " ".join(block)
        offsets, pos = set(), 0
        for ln in block[:-1]:
            pos += len(ln)
            if FINAL_LINE.search(ln):
                offsets.add(pos)
            pos += 1
        ends, cursor = set(), 0
        for sent in split(text, lang):
            cursor = text.index(sent, cursor) + len(sent)
            ends.add(cursor)
        ends.discard(len(text))
        matched = {e for e in ends for j in offsets if SLACK.fullmatch(text[min(e, j) : max(e, j)])}
        total += len(offsets)
        found += sum(any(SLACK.fullmatch(text[min(e, j) : max(e, j)]) for e in ends) for j in offsets)
        extra += len(ends - matched)
        start = end
    return {"joins": total, "recall": round(found / total, 4) if total else None, "boundaries_inside_lines": extra}


def load_ntrex() -> tuple[list[str], list[str], list[str]]:
    en = (DATA / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    ar = (DATA / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    docs = [ln.split("\t")[0] for ln in (DATA / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()]
    if not len(en) == len(ar) == len(docs):
        raise ValueError("NTREX files are not line-aligned")
    return en, ar, docs


def load_tatoeba() -> tuple[list[str], list[str], list[str]] | None:
    """Tatoeba ar-en (short everyday sentences); 'documents' are blocks of 10 consecutive lines."""
    en_path, ar_path = TATOEBA / "tatoeba.ara-eng.eng", TATOEBA / "tatoeba.ara-eng.ara"
    if not (en_path.exists() and ar_path.exists()):
        return None
    en = en_path.read_text(encoding="utf-8").splitlines()
    ar = ar_path.read_text(encoding="utf-8").splitlines()
    return en, ar, [f"block{i // 10}" for i in range(len(en))]


def run_dataset(
    splitters: dict[str, tuple[Splitter, str]], data: tuple[list[str], list[str], list[str]], examples: int, label: str
) -> dict[str, object]:
    en, ar, docs = data
    results: dict[str, object] = {}
    for name, (split, sig) in splitters.items():
        t0 = time.perf_counter()
        stats, disagree = line_stats(split, en, ar)
        stats["seconds_both_sides"] = round(time.perf_counter() - t0, 3)
        stats["join_recall"] = {"en": join_recall(split, en, docs, "en"), "ar": join_recall(split, ar, docs, "ar")}
        stats["splitter"] = sig
        results[name] = stats
        print(f"--- {label} / {name}: {len(disagree)} disagreements; examples:", file=sys.stderr)
        for i in disagree[:examples]:
            print(f"[{i}] EN {split(en[i], 'en')}\n     AR {split(ar[i], 'ar')}", file=sys.stderr)
    return results


def throughput(seg: Segmenter, en: Sequence[str], docs: Sequence[str]) -> dict[str, object]:
    """Time the splitter on running text: every NTREX document as one paragraph, 5 times over."""
    paragraphs: dict[str, str] = {}
    for line, doc in zip(en, docs, strict=True):
        paragraphs[doc] = paragraphs.get(doc, "") + " " + line.strip()
    big = "\n".join(paragraphs.values()) * 5
    t0 = time.perf_counter()
    n_sent = len(seg.split_text(big, "en"))
    return {"sentences": n_sent, "chars": len(big), "seconds": round(time.perf_counter() - t0, 3)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=12, help="disagreements printed to stderr per splitter")
    ap.add_argument("--no-write", action="store_true", help="do not write evaluation/results/segment_ntrex.json")
    args = ap.parse_args(argv)

    default = RuleSegmenter()
    splitters: dict[str, tuple[Splitter, str]] = {
        "rules": (rules_splitter(default), default.signature()),
        "rules+arabic_semicolon": (rules_splitter(RuleSegmenter(arabic_semicolon=True)), "rules.v1(arabic_semicolon)"),
        "none": (lambda text, lang: [text.strip()] if text.strip() else [], "one sentence per line (baseline)"),
    }
    peer = pysbd_splitter()
    if peer is not None:
        splitters["pysbd"] = peer

    ntrex = load_ntrex()
    report: dict[str, object] = {
        "benchmark": "segment_ntrex",
        "data": "NTREX-128 newstest2019 en-ar (1997 line-aligned segments, 123 documents)",
        "signature": build_signature(segmenter=default.signature()).as_dict(),
        "note": (
            "agreement = share of lines whose EN and AR sides split into the same number of sentences; "
            "'pysbd' is the peer (third-party rule splitter, language='en'/'ar', clean=False), run side by side; "
            "'rules+arabic_semicolon' is our splitter with ؛ as an Arabic sentence end (non-default variant); "
            "'none' (never split) is the trivial baseline: agreement alone rewards under-splitting, join_recall "
            "does not; join_recall: lines of a document joined by spaces, share of joins after a sentence-final line "
            "found again (a boundary that differs from the join only by quotes/whitespace counts as found); "
            "boundaries_inside_lines: boundaries the splitter put inside a line (over-splitting or real multi-sentence "
            "lines); 'tatoeba' is a secondary set (1000 short everyday sentence pairs, blocks of 10 lines joined)"
        ),
        "results": run_dataset(splitters, ntrex, args.examples, "ntrex"),
    }
    tatoeba = load_tatoeba()
    if tatoeba is not None:
        report["tatoeba"] = run_dataset(splitters, tatoeba, args.examples, "tatoeba")
    report["throughput_rules_en"] = throughput(default, ntrex[0], ntrex[2])
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
