"""Abbreviation and sentence-starter word lists used by the rule segmenter (data only, lower-case, no final dot)."""

from __future__ import annotations

# Abbreviations that precede what they qualify (titles before names, Latin connectives): a period after them never
# ends a sentence.
NEVER_FINAL: tuple[str, ...] = (
    # titles and ranks
    "mr", "mrs", "ms", "mx", "messrs", "mmes", "mme", "mlle", "dr", "drs", "prof", "profs", "rev", "revd", "hon",
    "fr", "sra", "srta", "gen", "lt", "col", "capt", "cpt", "cmdr", "cdr", "adm", "maj", "brig", "sgt",
    "cpl", "pvt", "pte", "lieut", "gov", "sen", "rep", "reps", "pres", "supt", "det", "insp", "atty", "amb",
    "sec", "gens", "sens",
    # connectives and references
    "e.g", "i.e", "vs", "v", "cf", "viz", "approx", "ca", "c", "esp", "incl", "resp", "cit", "ibid",
)  # fmt: skip

# Abbreviations that can also close a sentence ("... in the U.S. The ..."): a period after them ends a sentence only
# when the next word is a typical English sentence opener (see SENTENCE_STARTERS), never before a digit or Arabic.
MAYBE_FINAL: tuple[str, ...] = (
    "etc", "al", "sr", "inc", "ltd", "co", "corp", "cos", "llc", "plc", "bros", "jr", "st", "ste",
    "ave", "blvd", "rd", "mt", "ft", "est", "dept", "univ", "assn", "intl", "govt",
    "a.m", "p.m", "u.s", "u.k", "u.n", "u.s.a", "d.c", "n.y", "l.a", "e.u",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la",
    "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va",
    "vt", "wash", "wis", "wyo",
    "min", "max", "mins", "hrs", "sq", "km", "kg", "oz", "lb", "lbs",
)  # fmt: skip

# Abbreviations used before a number ("No. 5", "p. 12", "Fig. 3", "Oct. 5"): a period after them never ends a sentence
# when a digit follows; otherwise they are ordinary words ("he said no. Then ...").
BEFORE_NUMBER: tuple[str, ...] = (
    "no", "nos", "nr", "vol", "vols", "fig", "figs", "p", "pp", "art", "arts", "ch", "chap", "para", "paras", "eq",
    "eqs", "ref", "refs", "op", "tel", "ext", "apt", "rm", "pt", "pts",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)  # fmt: skip

# Capitalised words that typically open an English sentence; they decide whether a MAYBE_FINAL abbreviation or a
# single-letter initial ("Plan B. The ...") ends its sentence.
SENTENCE_STARTERS: tuple[str, ...] = (
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my",
    "your", "this", "that", "these", "those", "there", "here", "but", "and", "or", "so", "yet", "in", "on", "at",
    "for", "with", "from", "as", "after", "before", "when", "while", "if", "although", "though", "because", "since",
    "meanwhile", "however", "still", "then", "now", "what", "who", "why", "how", "where", "which", "some", "many",
    "most", "all", "both", "each", "one", "no", "not", "only", "also", "last", "next", "during", "by", "to", "under",
    "according", "earlier", "later", "today", "yesterday", "officials", "police", "authorities",
)  # fmt: skip

# Arabic abbreviations (no final dot) after which a period never ends a sentence: "د." doctor, "أ." professor/Mr,
# "م." AD or engineer, "هـ." AH, "ق.م." BC, "أ.د." professor doctor, "ص.ب." P.O. box, "ص." page, "ج." volume, ... Any
# single Arabic letter (with or without tatweel) and any dotted group of single letters is also treated as one.
ARABIC_ABBREVIATIONS: tuple[str, ...] = (
    "د", "أ", "م", "هـ", "ه", "ق.م", "ق.هـ", "أ.د", "ص.ب", "ص", "ج", "ت", "ش", "س", "ط", "ر.س", "د.إ", "ج.م",
)  # fmt: skip

# Latin letter names spelled in Arabic, used for initials in transliterated names ("جيه. كيه. رولينغ" J. K. Rowling,
# "روي في. واد" Roe v. Wade): a period after them never ends a sentence.
ARABIC_LETTER_NAMES: tuple[str, ...] = (
    "إيه", "بي", "سي", "دي", "إي", "إف", "جي", "جيه", "إتش", "آي", "كيه", "كاي", "إل", "إم", "أو", "كيو", "آر", "إس",
    "تي", "يو", "في", "دبليو", "إكس", "واي", "زد",
)  # fmt: skip

# After a quotation closed by a final mark, these words always continue the sentence ('"…؟" قائلًا …',
# '… ." حسبما أفاد …'): circumstantial participles and "as", never sentence openers.
ARABIC_QUOTE_CONTINUATIONS: tuple[str, ...] = (
    "قائلا", "قائلاً", "قائلًا", "قائلة", "قائلين", "قائلتين", "مضيفا", "مضيفًا", "مضيفاً", "مضيفة", "مضيفين",
    "متسائلا", "متسائلًا", "متسائلاً", "متسائلة", "مؤكدا", "مؤكدًا", "مؤكداً", "مؤكدة", "حسبما", "كما قال", "كما قالت",
)  # fmt: skip

# Speech verbs that make a short attribution after a quotation ('"…!" Hammel added.', '"…؟" تساءلت.'): the
# attribution stays with the quotation when it is at most a few words long and ends the sentence.
ENGLISH_SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "added", "adds", "asked", "asks", "told", "tells", "wrote", "writes", "explained", "continued",
    "insisted", "noted", "recalled", "recalls", "remembered", "remembers", "tweeted", "replied", "shouted", "joked",
    "admitted", "argued", "warned", "stated", "wondered", "exclaimed", "cried", "laughed", "concluded", "quipped",
    "sighed", "whispered", "yelled", "screamed", "muttered", "answered", "responded", "observed",
)  # fmt: skip
ARABIC_SPEECH_VERBS: tuple[str, ...] = (
    "قال", "قالت", "قالا", "قالوا", "يقول", "تقول", "أضاف", "أضافت", "تساءل", "تساءلت", "أردف", "أردفت", "تابع",
    "تابعت", "صرح", "صرحت", "أكد", "أكدت", "تذكر", "تتذكر", "يتذكر", "كتب", "كتبت", "سأل", "سألت", "ردّ", "رد", "ردت",
    "أجاب", "أجابت", "علق", "علقت", "تنهد", "تنهدت", "صاح", "صاحت", "صرخ", "صرخت", "همس", "همست", "ضحك", "ضحكت",
)  # fmt: skip
