"""Figure kinds read from the figures themselves: day-of-month, year, century, decade, range, clock.

Each kind is found on a pair with a source pattern ("30 September", "1870", "19th century", "1930s", "1 to 4",
"3 p.m.") and its Arabic counterpart (the same value next to an Arabic month, "القرن التاسع عشر", "ثلاثينيات",
"من 1 إلى 4", "الساعة 3"). The injection changes the Arabic figure (another day, a year changed by one digit,
another century or decade, a range end, another hour); the correct-but-tricky variants write it another way
(the other Arabic month set, Arabic-Indic digits, "2017م", a century in words or digits, the other decade
spelling, "من 10 إلى 12" / "بين 10 و12" / "10-12", "الساعة الثالثة"). Precision of a kind counts the injected
pairs found against them plus its tricky variants flagged where the untouched pair is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from aligner.checks import CheckContext
from aligner.checks.numbers import NumbersCheck
from aligner.checks.numerals import extract_numbers
from aligner.checks.numerals.cues import find_cues
from aligner.model import AlignedPair, Severity

KINDS = ("day", "year", "century", "decade", "range", "clock")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_EN_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_EG = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
_LEV = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
        "تشرين الثاني", "كانون الأول"]  # fmt: skip
_ONES = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
_CENTURY = {**{w: i + 1 for i, w in enumerate(_ONES)}, "الحادي عشر": 11,
            **{f"{w} عشر": i + 12 for i, w in enumerate(_ONES[1:9])},
            "العشرين": 20, "العشرون": 20, "الحادي والعشرين": 21, "الواحد والعشرين": 21}  # fmt: skip
_CENTURY_WORD = {v: w for w, v in reversed(_CENTURY.items())}  # value -> the genitive form ("العشرين")
_DAY_WORD = {**_CENTURY_WORD, **{21 + i: f"{w} والعشرين" for i, w in enumerate(_ONES[1:9], 1)},
             30: "الثلاثين", 31: "الحادي والثلاثين"}  # fmt: skip
_MINUTE_WORD = {30: "والنصف", 15: "والربع", 20: "والثلث"}
_DECADES = ["عشرينيات", "ثلاثينيات", "أربعينيات", "خمسينيات", "ستينيات", "سبعينيات", "ثمانينيات", "تسعينيات"]
_HOURS = ["الواحدة", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة",
          "العاشرة", "الحادية عشرة", "الثانية عشرة"]  # fmt: skip
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
           "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
           "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
           "twentieth": 20, "twenty-first": 21}  # fmt: skip
_SRC = {
    "day": re.compile(
        rf"\b(?:(?:{_EN_MONTHS})\s+(\d{{1,2}})\b|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_EN_MONTHS}))"
    ),
    "year": re.compile(r"(?<![\d.,$£€])\b((?:1[89]|20)\d\d)\b(?![\d%s'’]|,\d|\.\d)"),
    "century": re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)[\s-]+century|\b({'|'.join(_EN_ORD)})[\s-]+century", re.I),
    "decade": re.compile(r"\b(?:1[89]|20)?(\d)0s\b|\bthe\s+'?(\d)0s\b"),
    "range": re.compile(r"(?<![\d.:])\b(\d+)\s*(?:–|-|to)\s*(\d+)\b(?![.:]\d)|\bbetween\s+(\d+)\s+and\s+(\d+)\b"),
    "clock": re.compile(r"\b(\d{1,2})(?:[:.](\d\d))?\s*([ap])\.?m\b", re.I),
}
_AR_RANGE = r"(?:(?:من|بين)\s+)?({a})\s*(?:-|–|إلى|الى|حتى|و)\s*({b})(?!\d)"
_CENTURY_RE = re.compile(r"القرن\s+(" + "|".join(sorted(_CENTURY, key=len, reverse=True)) + r"|\d{1,2})(?![\w\d])")
_DECADE_RE = re.compile(r"(?:ال)?(" + "|".join(d[:-3] for d in _DECADES) + r")(?:يات|ات)")


@dataclass(frozen=True, slots=True)
class Site:
    """Where a pair carries a kind in its translation: span, the value there, and what else the variants need."""

    start: int
    end: int
    value: int
    extra: tuple = ()


def _digits_at(tgt: str, value: int) -> list[tuple[int, int]]:
    return [(q.span.start, q.span.end) for q in extract_numbers(tgt, "ar")
            if q.kind == "digits" and q.value == value and tgt[q.span.start : q.span.end].isdigit()]  # fmt: skip


def _sites(kind: str, src: str, tgt: str) -> list[Site]:
    """Places in ``tgt`` that render a figure of ``kind`` the source has."""
    out: list[Site] = []
    for m in _SRC[kind].finditer(src):
        g = [x for x in m.groups() if x is not None]
        if kind == "day":
            day = int(g[0])
            for c in find_cues(tgt, extract_numbers(tgt, "ar")):
                lead = re.search(r"(\d{1,2})\s+(?:من\s+)?$", tgt[: c.span.start])
                if c.kind == "month" and lead and int(lead.group(1)) == day:
                    out.append(Site(lead.start(1), lead.end(1), day, (c.span.start, c.span.end, int(c.key))))
        elif kind == "year":
            out += [Site(a, b, int(g[0])) for a, b in _digits_at(tgt, int(g[0]))]
        elif kind == "century":
            n = int(g[0]) if g[0].isdigit() else _EN_ORD[g[0].lower()]
            for t in _CENTURY_RE.finditer(tgt):
                w = t.group(1)
                if (int(w) if w.isdigit() else _CENTURY[w]) == n:
                    out.append(Site(t.start(1), t.end(1), n))
        elif kind == "decade":
            d = int(g[0])
            for t in _DECADE_RE.finditer(tgt):
                if 2 <= d <= 9 and t.group(1) == _DECADES[d - 2][:-3]:
                    out.append(Site(t.start(), t.end(), d))
        elif kind == "range":
            a, b = int(g[0]), int(g[1])
            if a < b:
                pat = _AR_RANGE.format(a=a, b=b)
                out += [Site(t.start(2), t.end(2), b, (t.start(), t.end(), a)) for t in re.finditer(pat, tgt)]
        elif kind == "clock":
            h = int(g[0])
            for a, b in _digits_at(tgt, h):
                if re.match(r"\s*(?:صباح|مساء|ظهر|عصر|ليل|[:.]\d)", tgt[b:]) or tgt[:a].rstrip().endswith("الساعة"):
                    out.append(Site(a, b, h, (int(m.group(2) or 0),)))
    return out


def _wrong(kind: str, site: Site, tgt: str, rng: np.random.Generator) -> str:
    """The Arabic of ``site`` replaced by a realistic mistranslation of its kind."""
    k = int(rng.integers(1, 4))
    if kind == "day":
        new = str((site.value - 1 + int(rng.integers(1, 28))) % 28 + 1)
    elif kind == "year":
        last = site.value % 10
        new = str(site.value - last + (last + int(rng.integers(1, 10))) % 10)
    elif kind == "century":
        v = site.value + (k if site.value + k <= 21 else -k)
        word = tgt[site.start : site.end]
        new = str(v) if word.isdigit() else _CENTURY_WORD[v]
    elif kind == "decade":
        word = tgt[site.start : site.end]
        d = site.value + (k if site.value + k <= 9 else -k)
        new = word.replace(_DECADES[site.value - 2][:-3], _DECADES[d - 2][:-3])
    elif kind == "range":
        new = str(site.value + k)
    else:  # clock
        new = str((site.value - 1 + k) % 12 + 1)
    return new


def _tricky(kind: str, site: Site, tgt: str) -> list[str]:
    """The translation with the figure of ``site`` written other correct ways."""
    a, b = site.start, site.end
    indic = tgt[:a] + tgt[a:b].translate(_INDIC) + tgt[b:]
    if kind == "day":
        ms, me, month = site.extra
        word = tgt[ms:me]
        other = _EG[month - 1] if any(word.endswith(w) for w in _LEV) else _LEV[month - 1]
        lead = len(word) - len(word.lstrip("وبلف")) if not word.startswith(("آب", "أيار", "أيلول")) else 0
        words = tgt[:a] + _DAY_WORD[site.value] + " من " + tgt[ms:]  # "في الثلاثين من سبتمبر"
        return [tgt[: ms + lead] + other + tgt[me:], indic[: ms + lead] + other + indic[me:], indic, words]
    if kind == "year":
        return [indic, tgt[:b] + "م" + tgt[b:]]
    if kind == "century":
        word = tgt[a:b]
        out = [tgt[:a] + (_CENTURY_WORD[site.value] if word.isdigit() else str(site.value).translate(_INDIC)) + tgt[b:]]
        return out + ([tgt[:a] + "الواحد والعشرين" + tgt[b:]] if site.value == 21 else [])
    if kind == "decade":
        word = tgt[a:b]
        return [tgt[:a] + (word[:-3] + "ات" if word.endswith("يات") else word[:-2] + "يات") + tgt[b:]]
    if kind == "range":
        s, e, lo = site.extra
        hi = site.value
        forms = [f"من {lo} إلى {hi}", f"بين {lo} و{hi}", f"{lo}-{hi}", f"من {lo} إلى {hi}".translate(_INDIC)]
        return [tgt[:s] + f + tgt[e:] for f in forms if f != tgt[s:e]]
    out = [indic]  # clock
    minutes = site.extra[0]
    if (not minutes or minutes in _MINUTE_WORD) and 1 <= site.value <= 12:  # "الساعة الثالثة والنصف"
        start = a - len("الساعة ") if tgt[:a].endswith("الساعة ") else a
        end = re.match(r"[:.]\d\d", tgt[b:])
        words = _HOURS[site.value - 1] + (" " + _MINUTE_WORD[minutes] if minutes else "")
        out.append(tgt[:start] + "الساعة " + words + tgt[b + (end.end() if end else 0) :])
    return out


def build(rows, rng: np.random.Generator) -> tuple[list[AlignedPair], dict[str, tuple[str, int, int]]]:
    """Per carried kind one injected pair and its tricky variants; pair id -> (label, span), untouched included."""
    pairs: list[AlignedPair] = []
    label: dict[str, tuple[str, int, int]] = {}
    for n, (doc, src, tgt) in enumerate(rows):
        pid, added = f"{doc}:{n}", []
        for kind in KINDS:
            sites = _sites(kind, src, tgt)
            if not sites:
                continue
            site = sites[int(rng.integers(len(sites)))]
            new = _wrong(kind, site, tgt, rng)
            added.append(
                (f"{pid}:{kind}", tgt[: site.start] + new + tgt[site.end :], (kind, site.start, site.start + len(new)))
            )
            for j, good in enumerate(_tricky(kind, site, tgt)):
                added.append((f"{pid}:tricky-{kind}-{j}", good, (f"tricky-{kind}", 0, 0)))
        if added:
            pairs.append(AlignedPair(pid, (n,), (n,), src, tgt))
            label[pid] = ("", 0, 0)
        for i, text, lab in added:
            pairs.append(AlignedPair(i, (n,), (n,), src, text))
            label[i] = lab
    return pairs, label


def evaluate(pairs: list[AlignedPair], label: dict[str, tuple[str, int, int]]) -> dict:
    """Per kind: injected, found (a non-INFO numbers issue on the injected span), tricky variants flagged."""
    check, ctx = NumbersCheck(), CheckContext()
    flagged_base: set[str] = set()
    found, tricky_flagged, examples = set(), {k: [] for k in KINDS}, {k: [] for k in KINDS}
    for pair in pairs:
        kind, a, b = label[pair.id]
        issues = [i for i in check.run(pair, ctx) if i.severity > Severity.INFO]
        if not kind:
            if issues:
                flagged_base.add(pair.id)
        elif kind in KINDS:
            if any(
                i.span is not None and i.side.value == "tgt" and i.span.start < b and a < i.span.end for i in issues
            ):
                found.add(pair.id)
            else:
                examples[kind].append(pair.tgt_text[max(0, a - 30) : b + 30])
        elif issues and pair.id.split(":tricky-")[0] not in flagged_base:
            k = kind[len("tricky-") :]
            tricky_flagged[k].append(pair.id)
            examples[k].append("tricky: " + "; ".join(f"{i.message}" for i in issues)[:160])
    out: dict = {}
    for kind in KINDS:
        truth = [p for p, (k, _, _) in label.items() if k == kind]
        tp = sum(1 for p in truth if p in found)
        fp = len(tricky_flagged[kind])
        out[kind] = {
            "injected": len(truth),
            "tricky": sum(1 for k, _, _ in label.values() if k == f"tricky-{kind}"),
            "recall": round(tp / len(truth), 4) if truth else None,
            "flagged": tp + fp,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "tricky_flagged": fp,
            "misses": examples[kind][:5],
        }
    return out
