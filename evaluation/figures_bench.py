"""Figure-kind benchmark of the numbers check on NTREX-128 en-ar: per kind precision and recall.

For every professional pair whose source and translation share a cue of one kind (month, weekday, currency,
unit, qualifier, ordinal, fraction, time of day), a seeded injection replaces the Arabic cue with a different one
of that kind ("يونيو" -> "أغسطس", "دولار" -> "يورو", "أكثر من" -> "أقل من"); a correct-but-tricky variant keeps
the meaning (the other Arabic month set, Arabic-Indic digits, a synonym qualifier, a currency word, a correctly
converted unit). An injected pair is found when a non-INFO numbers issue covers the injected span. Precision of a
kind counts its flags (figure_kind, or a figure issue on the injected span) on every pair: untouched, tricky and
injected. Dev = even documents (the tables were tuned there), test = odd documents.
Usage: python evaluation/figures_bench.py [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import figures_extra  # evaluation/
import numpy as np
from checks_bench import load, split_halves  # evaluation/

from aligner.checks.numbers import NumbersCheck
from aligner.checks.numerals import extract_numbers
from aligner.checks.numerals import figure_words as fw
from aligner.checks.numerals.compare import readings
from aligner.checks.numerals.cues import Cue, _cls, find_cues
from aligner.checks.numerals.lexicon import ar_key
from aligner.model import AlignedPair, Severity

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("month", "weekday", "currency", "unit", "qualifier", "ordinal", "fraction", "day_period")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def _indic(text: str) -> str:
    """Arabic-Indic digits with Arabic separators ("2,25" -> "٢٫٢٥", "4,200" -> "٤٬٢٠٠")."""

    def one(m: re.Match[str]) -> str:
        seps = re.sub(r",(?=\d{3}(?!\d))", "\u066c", m.group())
        return seps.replace(",", "\u066b").replace(".", "\u066b").translate(_INDIC)

    return _NUMBER_RE.sub(one, text)


_EG = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
_LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
        "تشرين الثاني", "كانون الأول"]  # fmt: skip
_DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
_CURRENCY = {"dollar": "دولار", "euro": "يورو", "pound": "جنيه", "riyal": "ريال", "dirham": "درهم", "dinar": "دينار"}
_UNIT_SWAP = {"km": "ميل", "mile": "كيلومتر", "kg": "رطل", "lb": "كيلوغرام", "m": "قدم", "ft": "متر",
              "percent": "نقطة مئوية", "pp": "في المئة", "C": "درجة فهرنهايت", "F": "درجة مئوية",
              "hectare": "فدان", "acre": "هكتار", "ton": "كيلوغرام", "cm": "بوصة", "inch": "سنتيمتر"}  # fmt: skip
_UNIT_WORD = {"km": "كيلومتر", "mile": "ميل", "kg": "كيلوغرام", "lb": "رطل", "m": "متر", "ft": "قدم",
              "hectare": "هكتار", "acre": "فدان", "C": "درجة مئوية", "F": "درجة فهرنهايت", "cm": "سنتيمتر",
              "inch": "بوصة", "litre": "لتر", "gallon": "غالون", "yard": "متر"}  # fmt: skip
_QUAL_SWAP = {"above": "أقل من", "below": "أكثر من", "approx": "أكثر من"}
_QUAL_SYN = {"gt": "ما يزيد على", "ge": "على الأقل", "lt": "ما يقل عن", "le": "ما يصل إلى", "approx": "حوالي"}
_ORD_M = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
_ORD_F = ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة",
          "العاشرة"]  # fmt: skip
_FRACTION = {"1/2": "ثلث", "1/3": "ربع", "1/4": "نصف", "2/3": "ثلاثة أرباع", "3/4": "ثلثي"}
_PERIOD = {"am": "مساءً", "pm": "صباحًا"}
_PERIOD_SYN = {"am": "صباحًا", "pm": "مساءً"}


def _cues(src: str, tgt: str) -> tuple[list[Cue], list[Cue]]:
    return find_cues(src, extract_numbers(src, "en")), find_cues(tgt, extract_numbers(tgt, "ar"))


def _shared(kind: str, sc: list[Cue], tc: list[Cue]) -> list[Cue]:
    """Target cues of ``kind`` whose class the source also has (the pair carries this kind)."""
    classes = {_cls(c) for c in sc if c.kind == kind}
    return [c for c in tc if c.kind == kind and _cls(c) in classes]


def _wrong(kind: str, cue: Cue, text: str, rng: np.random.Generator) -> str | None:
    """A different Arabic cue of the same kind for ``cue`` (None: no injection for it)."""
    word = cue.span.slice(text)
    if kind == "month":
        table = _LEV if (" " in word or ar_key(word) in {ar_key(w) for w in _LEV}) else _EG
        return table[(int(cue.key) - 1 + int(rng.integers(1, 12))) % 12]
    if kind == "weekday":
        return _DAYS[(int(cue.key) - 1 + int(rng.integers(1, 7))) % 7]
    if kind == "currency":
        others = [w for k, w in _CURRENCY.items() if k != cue.key and not (cue.key == "lira" and k == "pound")]
        return others[int(rng.integers(len(others)))]
    if kind == "unit":
        return _UNIT_SWAP.get(cue.key)
    if kind == "qualifier":
        if cue.key == "approx" and ar_key(word) == ar_key("تقريبا"):
            return "أو أكثر"
        if ar_key(word) in (ar_key("على الأقل"), ar_key("أو أكثر")):
            return "على الأكثر"
        return _QUAL_SWAP[_cls(cue)]
    if kind == "ordinal":
        if not cue.key.isdigit() or not 1 <= int(cue.key) <= 10 or not word.startswith("ال"):
            return None
        table = _ORD_F if ar_key(word).endswith(("ه", "ي")) and int(cue.key) != 2 else _ORD_M
        if int(cue.key) == 2:
            table = _ORD_F if ar_key(word).endswith("ه") else _ORD_M
        return table[(int(cue.key) - 1 + int(rng.integers(1, 10))) % 10]
    if kind == "fraction":
        return _FRACTION.get(cue.key)
    if kind == "day_period":
        return _PERIOD.get(cue.key)
    return None


def _tricky(kind: str, cue: Cue, text: str) -> str | None:
    """The same meaning written another way (None: nothing tricky for this cue)."""
    word = cue.span.slice(text)
    if kind == "month":
        month = int(cue.key) - 1
        return _EG[month] if ar_key(word) in {ar_key(w) for w in _LEV} else _LEV[month]
    if kind == "currency":
        return {"dollar": "دولار أمريكي", "pound": "جنيه إسترليني", "euro": "يورو"}.get(cue.key)
    if kind == "qualifier":
        return word if ar_key(word) in (ar_key("تقريبا"), ar_key("على الأقل")) else _QUAL_SYN[cue.key]
    if kind == "day_period":
        return _PERIOD_SYN.get(cue.key)
    return word  # weekday, ordinal, fraction: the Arabic-Indic digits are the tricky part


def _convert(cue: Cue, src_cues: list[Cue], text: str) -> tuple[str, int, int] | None:
    """Replace "<figure> <unit>" by the figure correctly converted to another unit (10 miles -> 16 كيلومتر).

    The source figure is converted (the Arabic "76.000 هكتار" is 76,000 hectares when the source says so).
    """
    if cue.figure is None:
        return None
    values = readings(cue.figure, text)
    for (a, b), factor in fw.CONVERSIONS.items():
        keys = {c.key for c in src_cues if c.kind == "unit"}
        if a == cue.key and b in _UNIT_WORD and a in keys and b not in keys:
            same = [c.figure.value for c in src_cues if c.key == a and c.figure and c.figure.value in values]
            if not same:
                return None
            v = same[0]
            new = (v - 32) * 5 / 9 if a == "F" else v * 9 / 5 + 32 if factor is None else v * factor
            return f"{round(new)} {_UNIT_WORD[b]}", cue.figure.span.start, cue.span.end
    return None


def build(rows, rng: np.random.Generator) -> tuple[list[AlignedPair], dict[str, tuple[str, int, int]]]:
    """Untouched pairs, plus per carried kind one injected and one tricky variant; pair id -> (label, span)."""
    pairs: list[AlignedPair] = []
    label: dict[str, tuple[str, int, int]] = {}
    for n, (doc, src, tgt) in enumerate(rows):
        pid = f"{doc}:{n}"
        pairs.append(AlignedPair(pid, (n,), (n,), src, tgt))
        label[pid] = ("", 0, 0)
        sc, tc = _cues(src, tgt)
        for kind in KINDS:
            shared = _shared(kind, sc, tc)
            if not shared:
                continue
            cue = shared[int(rng.integers(len(shared)))]
            new = _wrong(kind, cue, tgt, rng)
            if new is not None:
                bad = tgt[: cue.span.start] + new + tgt[cue.span.end :]
                pairs.append(AlignedPair(f"{pid}:{kind}", (n,), (n,), src, bad))
                label[f"{pid}:{kind}"] = (kind, cue.span.start, cue.span.start + len(new))
            conv = _convert(cue, sc, tgt) if kind == "unit" else None
            if conv is not None:
                good = tgt[: conv[1]] + conv[0] + tgt[conv[2] :]
            else:
                word = _tricky(kind, cue, tgt)
                if word is None:
                    continue
                good = _indic(tgt[: cue.span.start] + word + tgt[cue.span.end :])
            pairs.append(AlignedPair(f"{pid}:tricky-{kind}", (n,), (n,), src, good))
            label[f"{pid}:tricky-{kind}"] = (f"tricky-{kind}", 0, 0)
    return pairs, label


def evaluate(pairs: list[AlignedPair], label: dict[str, tuple[str, int, int]]) -> dict:
    check, flags = NumbersCheck(), defaultdict(set)  # kind -> pair ids flagged with that kind
    found: set[str] = set()
    untouched_flagged, tricky_flagged, base_flagged = [], defaultdict(list), set()
    base_kinds: dict[str, set[str]] = defaultdict(set)
    from aligner.checks import CheckContext

    ctx = CheckContext()
    for pair in pairs:
        kind, a, b = label[pair.id]
        issues = [i for i in check.run(pair, ctx) if i.severity > Severity.INFO]
        for i in issues:
            hit = kind in KINDS and i.span is not None and i.side.value == "tgt" and i.span.start < b and a < i.span.end
            k = i.evidence.get("figure_kind") or (kind if hit else "figure")
            base = pair.id if not kind else pair.id.rsplit(":", 1)[0]
            if not kind:
                base_kinds[base].add(k)
            elif k in base_kinds[base]:
                continue  # the reference's own error, counted once on the untouched pair
            flags[k].add(pair.id)
            if hit:
                found.add(pair.id)
        if issues and not kind:
            untouched_flagged.append(pair.id)
        if issues and not kind:
            base_flagged.add(pair.id)
        if issues and kind.startswith("tricky-") and pair.id.rsplit(":", 1)[0] not in base_flagged:
            tricky_flagged[kind[7:]].append(pair.id)
    out: dict = {}
    for kind in KINDS:
        truth = {p for p, (k, _, _) in label.items() if k == kind}
        tp = len(truth & found & flags[kind])
        out[kind] = {
            "injected": len(truth),
            "tricky": sum(1 for k, _, _ in label.values() if k == f"tricky-{kind}"),
            "recall": round(len(truth & found) / len(truth), 4) if truth else None,
            "flagged": len(flags[kind]),
            "precision": round(tp / len(flags[kind]), 4) if flags[kind] else None,
            "tricky_flagged": len(tricky_flagged[kind]),  # flagged while the untouched pair is not
        }
    untouched = sum(1 for k, _, _ in label.values() if not k)
    out["untouched"] = {"pairs": untouched, "flagged": len(untouched_flagged), "ids": untouched_flagged}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rows = load()
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    result: dict = {"data": "NTREX-128 en-ar newstest2019", "seed": args.seed, "check": NumbersCheck.signature()}
    extra_rng = np.random.default_rng([args.seed, 1])  # its own stream: the first kinds' injections stay the same
    for name, part in split_halves(rows).items():
        result[name] = evaluate(*build(part, rng))
        result[name].update(figures_extra.evaluate(*figures_extra.build(part, extra_rng)))
    result["seconds"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    sys.stdout.write(text + "\n")
    (ROOT / "evaluation" / "results" / "figures.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
