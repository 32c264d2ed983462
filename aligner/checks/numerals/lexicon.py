"""Word lists and look-up helpers for the number extractor: number, scale and unit words, digit-run parsing."""

from __future__ import annotations

import re
from decimal import Decimal

# Atom classes: U = 0-9, T10 = 10-19, T = tens, H = hundreds, S = scale (thousand and up), F = fraction,
# D = dozen (x12), DUAL = Arabic dual noun (2 x unit).
D = Decimal

# Length-preserving: Arabic-Indic and Persian digits -> ASCII, Arabic decimal/thousands separators -> "." / ",".
DIGITS_TABLE = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066b": ".",
        "\u066c": ",",
    }
)
AR_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670\u0640"
# Word key normalisation (not length-preserving; only for dictionary look-up).
AR_KEY_TABLE = str.maketrans({**dict.fromkeys(AR_MARKS), "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def ar_key(word: str) -> str:
    """Normalise an Arabic word for look-up: drop diacritics and tatweel, unify alef, ya and ta marbuta."""
    return word.translate(AR_KEY_TABLE)


EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
EN_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Abbreviated scales glued to digits ("£2.8bn", "£125m", "$15k"); "m" and "k" only after a currency sign.
EN_SHORT_SCALES = {
    "bn": 10**9,
    "b": 10**9,
    "tn": 10**12,
    "trn": 10**12,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "k": 10**3,
}
EN_SHORT_NEED_CURRENCY = frozenset({"m", "k", "b"})

EN_WORDS: dict[str, tuple[str, Decimal]] = {}
EN_WORDS.update({w: ("U", D(v)) for w, v in EN_UNITS.items()})
EN_WORDS.update({w: ("T10", D(v)) for w, v in EN_TEENS.items()})
EN_WORDS.update({w: ("T", D(v)) for w, v in EN_TENS.items()})
EN_WORDS.update({w: ("S", D(v)) for w, v in EN_SCALES.items()})
EN_WORDS.update(
    {
        "hundred": ("H", D(100)),
        "dozen": ("D", D(12)),
        "half": ("F", D("0.5")),
        "quarter": ("F", D("0.25")),
        "third": ("F", D(1) / D(3)),
        "thirds": ("F", D(1) / D(3)),
        "twice": ("X", D(2)),
    }
)

_AR_UNITS = {
    "واحد": 1,
    "واحدة": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "إثنان": 2,
    "إثنين": 2,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "اثنتي": 2,
    "ثلاثة": 3,
    "ثلاث": 3,
    "أربعة": 4,
    "أربع": 4,
    "خمسة": 5,
    "خمس": 5,
    "ستة": 6,
    "ست": 6,
    "سبعة": 7,
    "سبع": 7,
    "ثمانية": 8,
    "ثماني": 8,
    "ثمان": 8,
    "تسعة": 9,
    "تسع": 9,
}
_AR_TEN = {"عشرة": 10, "عشر": 10}  # "ten", and the second word of 11-19 ("ثلاثة عشر")
_AR_TENS = {
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "أربعون": 40,
    "أربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
}
_AR_HUNDREDS = {
    "مئة": 100,
    "مائة": 100,
    "ماءة": 100,
    "مئتان": 200,
    "مئتين": 200,
    "مائتان": 200,
    "مائتين": 200,
    "مئتي": 200,
    "مائتي": 200,
    "ماءتي": 200,
    "ماءتين": 200,
    "ماءتان": 200,
}
for _w, _v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9)):
    _AR_HUNDREDS[_w + "مئة"] = _v * 100
    _AR_HUNDREDS[_w + "مائة"] = _v * 100
# Scale words: (value, multiplier of the count, plural) - plurals ("آلاف") are figures only after a number.
_AR_SCALES: dict[str, tuple[int, int, bool]] = {}
for _forms, _v in (
    (("ألف", "ألفا", "آلاف"), 10**3),
    (("مليون", "مليونا", "ملايين"), 10**6),
    (("مليار", "مليارا", "مليارات", "بليون", "بليونا", "بلايين"), 10**9),
    (("تريليون", "تريليونا", "تريليونات"), 10**12),
):
    for _w in _forms:
        _AR_SCALES[_w] = (_v, 1, _w in ("آلاف", "ملايين", "مليارات", "بلايين", "تريليونات"))
for _w, _v in (
    ("ألفين", 10**3),
    ("ألفان", 10**3),
    ("ألفي", 10**3),
    ("مليونين", 10**6),
    ("مليونان", 10**6),
    ("مليوني", 10**6),
    ("مليارين", 10**9),
    ("ملياران", 10**9),
):
    _AR_SCALES.setdefault(_w, (_v, 2, False))
_AR_FRACTIONS = {"نصف": D("0.5"), "ربع": D("0.25"), "ثلث": D(1) / D(3), "ثلثي": D(2) / D(3), "ثلثا": D(2) / D(3)}
# Words that are a whole figure with its unit: dual nouns ("يومين" = 2 days; decades become years), decades.
_AR_DUALS = {
    "يومين": (2, "day"),
    "يومان": (2, "day"),
    "عامين": (2, "year"),
    "عامان": (2, "year"),
    "سنتين": (2, "year"),
    "سنتان": (2, "year"),
    "شهرين": (2, "month"),
    "شهران": (2, "month"),
    "أسبوعين": (2, "week"),
    "أسبوعان": (2, "week"),
    "ساعتين": (2, "hour"),
    "ساعتان": (2, "hour"),
    "دقيقتين": (2, "minute"),
    "دقيقتان": (2, "minute"),
    "عقدين": (20, "year"),
    "عقدان": (20, "year"),
    "قرنين": (200, "year"),
    "قرنان": (200, "year"),
    "مرتين": (2, "times"),
    "مرتان": (2, "times"),
}
for _w, _v in (
    ("عشرينيات", 20),
    ("ثلاثينيات", 30),
    ("أربعينيات", 40),
    ("خمسينيات", 50),
    ("ستينيات", 60),
    ("سبعينيات", 70),
    ("ثمانينيات", 80),
    ("تسعينيات", 90),
):
    _AR_DUALS[_w] = (_v, "decades-of")  # "ثلاثينيات القرن العشرين" = the 1930s
    _AR_DUALS[_w[:-3] + "ات"] = (_v, "decades-of")  # the shorter spelling, "ثلاثينات"

AR_WORDS: dict[str, tuple[str, Decimal, int, str]] = {}  # key -> (class, value, multiplier/flag, unit)
for _w, _v in _AR_UNITS.items():
    AR_WORDS[ar_key(_w)] = ("U", D(_v), 0, "")
for _w, _v in _AR_TEN.items():
    AR_WORDS[ar_key(_w)] = ("TEN", D(_v), 0, "")
for _w, _v in _AR_TENS.items():
    AR_WORDS[ar_key(_w)] = ("T", D(_v), 0, "")
for _w, _v in _AR_HUNDREDS.items():
    AR_WORDS[ar_key(_w)] = ("H", D(_v), 0, "")
for _w, (_v, _m, _plural) in _AR_SCALES.items():
    AR_WORDS[ar_key(_w)] = ("SP" if _plural else "S", D(_v), _m, "")
for _w, _v in _AR_FRACTIONS.items():
    AR_WORDS[ar_key(_w)] = ("F", _v, 0, "")
for _w, (_v, _u) in _AR_DUALS.items():
    AR_WORDS[ar_key(_w)] = ("DUAL", D(_v), 0, _u)
_AR_ORDINALS = {
    "أول": 1,
    "الأول": 1,
    "الأولى": 1,
    "الثاني": 2,
    "الثانية": 2,
    "ثاني": 2,
    "ثان": 2,
    "الثان": 2,
    "الثالث": 3,
    "الثالثة": 3,
    "ثالث": 3,
    "الرابع": 4,
    "الرابعة": 4,
    "رابع": 4,
    "الخامس": 5,
    "الخامسة": 5,
    "خامس": 5,
    "السادس": 6,
    "السادسة": 6,
    "سادس": 6,
    "السابع": 7,
    "السابعة": 7,
    "سابع": 7,
    "الثامن": 8,
    "الثامنة": 8,
    "ثامن": 8,
    "التاسع": 9,
    "التاسعة": 9,
    "تاسع": 9,
    "العاشر": 10,
    "العاشرة": 10,
    "عاشر": 10,
    "الحادي": 1,
    "الحادية": 1,
    "الواحد": 1,  # "القرن الواحد والعشرين" = the 21st century
    "الواحدة": 1,
}
for _w, _v in _AR_ORDINALS.items():
    AR_WORDS.setdefault(ar_key(_w), ("U", D(_v), 0, "ordinal"))
AR_WORDS[ar_key("واحدا")] = ("U", D(1), 0, "")
AR_ONE_IN_COMPOUND = frozenset({ar_key("الواحد"), ar_key("الواحدة")})  # an ordinal only before "و" + tens
AR_ONE_OF = frozenset({ar_key("أحد"), ar_key("إحدى")})  # 11 only in "أحد عشر"
AR_NOT_NUMBERS = frozenset({ar_key("الاثنين"), ar_key("الإثنين")})  # Monday (the dual reading is rare in news)
AR_HOUR_ORDINALS = {
    ar_key(w): v
    for w, v in (
        ("الواحدة", 1),
        ("الثانية", 2),
        ("الثالثة", 3),
        ("الرابعة", 4),
        ("الخامسة", 5),
        ("السادسة", 6),
        ("السابعة", 7),
        ("الثامنة", 8),
        ("التاسعة", 9),
        ("العاشرة", 10),
        ("الحادية", 11),
    )
}

# Units that may follow a figure, keyed by lower-cased English word or Arabic key.
_UNITS: dict[str, tuple[str, ...]] = {
    "%": ("percent", "pc", "%", "بالمئة", "بالمائة", "بالمئه", "بالمية", "بالميه", "بالمائه"),
    "year": ("year", "years", "yr", "yrs", "عام", "عاما", "أعوام", "سنة", "سنوات", "سنين", "عامًا", "سنه"),
    "decade": ("decade", "decades", "عقد", "عقود"),
    "century": ("century", "centuries", "قرن", "قرون"),
    "month": ("month", "months", "شهر", "شهرا", "أشهر", "شهور"),
    "week": ("week", "weeks", "أسبوع", "أسبوعا", "أسابيع"),
    "day": ("day", "days", "يوم", "يوما", "أيام"),
    "hour": ("hour", "hours", "hr", "hrs", "ساعة", "ساعات"),
    "minute": ("minute", "minutes", "min", "mins", "دقيقة", "دقائق"),
    "second": ("second", "seconds", "ثانية", "ثوان", "ثواني"),
    "time": ("am", "pm", "o'clock", "صباحا", "مساء", "مساءا", "ظهرا", "فجرا"),
    "km": ("km", "kilometre", "kilometres", "kilometer", "kilometers", "كم", "كيلومتر", "كيلومترا", "كيلومترات"),
    "mile": ("mile", "miles", "mph", "ميل", "ميلا", "أميال"),
    "m": ("metre", "metres", "meter", "meters", "متر", "مترا", "أمتار"),
    "kg": ("kg", "kilogram", "kilograms", "kilo", "kilos", "كيلوغرام", "كيلوجرام", "كغ", "كجم"),
    "ton": ("ton", "tons", "tonne", "tonnes", "طن", "طنا", "أطنان"),
    "USD": ("dollar", "dollars", "usd", "دولار", "دولارا", "دولارات"),
    "GBP": ("pound", "pounds", "sterling", "gbp", "جنيه", "جنيها", "جنيهات"),
    "EUR": ("euro", "euros", "eur", "يورو"),
    "money": (
        "riyal",
        "riyals",
        "dirham",
        "dirhams",
        "dinar",
        "dinars",
        "lira",
        "rupee",
        "rupees",
        "yen",
        "yuan",
        "ريال",
        "ريالات",
        "درهم",
        "دراهم",
        "دينار",
        "دنانير",
        "ليرة",
        "ليرات",
        "روبية",
        "ين",
        "يوان",
        "فرنك",
    ),
    "times": ("times", "time", "fold", "مرة", "مرات"),
    "people": ("people", "persons", "شخص", "شخصا", "أشخاص"),
}
UNIT_WORDS: dict[str, str] = {}
for _u, _forms in _UNITS.items():
    for _w in _forms:
        UNIT_WORDS[_w if _w.isascii() else ar_key(_w)] = _u
CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "money", "₹": "money"}
MONEY_UNITS = frozenset({"USD", "GBP", "EUR", "money"})
MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        *(
            ar_key(w)
            for w in (
                "يناير",
                "فبراير",
                "مارس",
                "أبريل",
                "ابريل",
                "مايو",
                "يونيو",
                "يونيه",
                "يوليو",
                "يوليه",
                "أغسطس",
                "سبتمبر",
                "أكتوبر",
                "اكتوبر",
                "نوفمبر",
                "ديسمبر",
            )
        ),
    }
)
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
AR_CLITICS_1 = "وف"
AR_CLITICS_2 = "بلك"
AR_PERCENT = frozenset({ar_key("المئة"), ar_key("المائة"), ar_key("المية")})


def parse_digits(s: str, lang: str) -> list[tuple[Decimal, int, int]]:
    """Value(s) of a digit run with separators; several pieces when the separators are not number-internal."""
    if "," not in s and "." not in s:
        return [(D(s), 0, len(s))]
    if "," in s and "." in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        head, _, frac = s.rpartition(dec)
        groups = head.split(thou)
        if dec not in head and _grouped(groups):
            return [(D("".join(groups) + "." + frac), 0, len(s))]
        return _split(s)
    sep = "," if "," in s else "."
    parts = s.split(sep)
    if len(parts) == 2 and (sep == "." or (lang == "ar" and len(parts[1]) != 3)):
        return [(D(parts[0] + "." + parts[1]), 0, len(s))]
    if _grouped(parts):
        return [(D("".join(parts)), 0, len(s))]
    return _split(s)


def _grouped(groups: list[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _split(s: str) -> list[tuple[Decimal, int, int]]:
    return [(D(m.group()), m.start(), m.end()) for m in re.finditer(r"\d+", s)]


def ar_lookup(word: str) -> tuple[tuple[str, Decimal, int, str] | None, bool, bool]:
    """Look an Arabic word up with clitics stripped: (entry, has_article, has_conjunction_wa)."""
    key = ar_key(word)
    entry = AR_WORDS.get(key)
    if entry is not None or len(key) < 3:
        return entry, False, False
    wa = False
    k = key
    if k[0] in AR_CLITICS_1:
        wa = k[0] == "و"
        k = k[1:]
        entry = AR_WORDS.get(k)
        if entry is not None:
            return entry, False, wa
    if k[:1] in AR_CLITICS_2:
        k = "ا" + k[1:] if k.startswith("لل") else k[1:]
        entry = AR_WORDS.get(k)
        if entry is not None:
            return entry, False, wa
    if k.startswith("ال") and k not in AR_NOT_NUMBERS and k not in AR_PERCENT:
        entry = AR_WORDS.get(k[2:])
        if entry is not None and entry[0] != "SP":
            return entry, True, wa
    return None, False, False


MARKS_RE = re.compile(f"[{AR_MARKS}]+")
