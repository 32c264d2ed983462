"""Line rules for scraped bilingual news pages: site-chrome strings as data, and pure line classifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.ingest.scripts import line_script

# --- Chrome strings, compared after fold() (no diacritics/tatweel, unified alef/yeh/teh marbuta, lower case).
LOADING_LINES = frozenset({"loading...", "loading…", "loading", "جار التحميل...", "جاري التحميل..."})
SHARE_LABELS = frozenset({"شارك الخبر", "شارك المقال", "شارك", "مشاركه", "share", "share this", "share this article"})
SOCIAL_NAMES = (
    "Facebook", "Twitter", "LinkedIn", "Email", "E-mail", "WhatsApp", "Telegram", "Pinterest", "Reddit",
    "Messenger", "Copy link", "Print", "X", "فيسبوك", "تويتر", "واتساب", "تيليجرام", "البريد الإلكتروني",
)  # fmt: skip
CATEGORY_LABELS = ("التصنيف", "القسم", "الفئه", "category")
SEE_ALSO_LABELS = ("شاهد ايضا", "اقرا ايضا", "طالع ايضا", "اقرا المزيد", "شاهد المزيد", "see also", "read more")
COPYRIGHT_MARKS = ("©", "جميع الحقوق محفوظه", "all rights reserved")
RELATED_MARKERS = frozenset({"اخبار ذات صله", "مقالات ذات صله", "مواضيع ذات صله", "related news", "related stories"})
NAV_WORDS = (
    "الرئيسية", "أخبار", "سياسة", "أعمال", "رياضة", "العالم", "تكنولوجيا", "اقتصاد", "صحة", "تسلية",
    "ثقافة", "فن", "منوعات", "علوم", "سفر", "ترفيه", "مقالات", "فيديو", "طقس", "آراء",
)  # fmt: skip

# --- Shape limits (words) for structural roles.
HEAD_CHARS = 80  # chrome lines and labels are short: only this much of a line is folded
MAX_HEADLINE_WORDS = 40
MAX_SUBHEADING_WORDS = 12
MAX_CATEGORY_WORDS = 3
TERMINAL = frozenset(".:،؛,…")
SENTENCE_END = frozenset(".!?؟…")
CLOSERS = "\"'”’»)]"

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_MARKS = re.compile("[\u064b-\u065f\u0670]")
_SPACES = re.compile(r"\s+")
_LOGO = re.compile(r"(?i)^(?:\S.{0,60}\s)?logo$")
_HASHTAG = re.compile(r"(?:^|\s)#[^\s#]+")
_SOCIAL = "|".join(re.escape(s) for s in sorted(SOCIAL_NAMES, key=len, reverse=True))
_SHARE_BAR = re.compile(rf"(?i)^(?:(?:{_SOCIAL})[\s|·•,/]*){{2,}}$")
_LABEL_SEP = re.compile(r"\s*[:：\-–]\s*")


def fold(text: str) -> str:
    """Fold a line for comparison with the chrome tables."""
    return _SPACES.sub(" ", _MARKS.sub("", text.translate(_FOLD))).strip().lower()


_FOLDED_NAV = tuple(fold(w) for w in NAV_WORDS)


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of the page: [start, end) of its stripped text in the decoded input, and its script."""

    start: int
    end: int
    text: str
    script: str  # "ar", "en" or "" (no letters)
    adjacent: bool = False  # no blank line between this line and the previous non-blank one
    head: str = ""  # fold() of the first HEAD_CHARS characters, for the chrome tables

    @property
    def words(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())


def split_lines(text: str) -> list[Line]:
    """Return the non-blank lines of ``text`` with offsets of their stripped content."""
    lines: list[Line] = []
    pos, adjacent = 0, False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            head = fold(stripped[:HEAD_CHARS])
            lines.append(Line(start, start + len(stripped), stripped, line_script(stripped), adjacent, head))
        adjacent = bool(stripped)
        pos += len(raw) + 1
    return lines


def labelled_value(line: Line, labels: tuple[str, ...]) -> Line | None:
    """If ``line`` is ``<label>: value`` for one of ``labels``, return the value as a Line, else None."""
    head = line.head
    for label in labels:
        if not head.startswith(label):
            continue
        # Find where the label ends in the unfolded text: the first separator after the label's word count.
        sep = _LABEL_SEP.search(line.text)
        if sep is None or fold(line.text[: sep.start()]) != label:
            continue
        value = line.text[sep.end() :].strip()
        start = line.start + line.text.index(value, sep.end()) if value else line.end
        return Line(start, start + len(value), value, line_script(value))
    return None


def is_logo(line: Line) -> bool:
    """A ``<site name> logo`` line."""
    return bool(_LOGO.match(line.text))


def is_loading(line: Line) -> bool:
    """A ``Loading...`` placeholder (marks an embedded media or teaser block)."""
    return line.head in LOADING_LINES


def is_share(line: Line) -> bool:
    """A share label (``شارك الخبر:``) or a share bar (``FacebookTwitterLinkedInEmail``)."""
    return line.head.rstrip(":： ") in SHARE_LABELS or bool(_SHARE_BAR.match(line.text))


def is_related_marker(line: Line) -> bool:
    """The heading that opens the related-news teasers (``أخبار ذات صلة``)."""
    return line.head.rstrip(":： ") in RELATED_MARKERS


def is_nav(line: Line) -> bool:
    """A navigation bar: menu words run together (``الرئيسيةأخبارسياسة...``) or a long run of menu words."""
    folded = line.head
    hits = sum(1 for w in _FOLDED_NAV if w in folded)
    if " " not in folded:
        return hits >= 3 and len(folded) >= 12
    tokens = folded.split()
    return len(tokens) >= 4 and all(t in _FOLDED_NAV for t in tokens)


def is_copyright(line: Line) -> bool:
    """A copyright footer line."""
    return line.head.startswith("copyright ") or any(mark in line.head for mark in COPYRIGHT_MARKS)


def is_tag_list(line: Line) -> bool:
    """A line made only of ``#tags``."""
    return all(token.startswith("#") and len(token) > 1 for token in line.text.split())


def has_hashtags(line: Line) -> bool:
    """A line with ``#tags`` (the meta description of the page)."""
    return bool(_HASHTAG.search(line.text))


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence punctuation (ignoring closing quotes and brackets)."""
    core = text.rstrip(CLOSERS).rstrip()
    return bool(core) and core[-1] in TERMINAL


def ends_paragraph(text: str) -> bool:
    """True when ``text`` ends a sentence (``.``, ``!``, ``?``, ``؟``, ``…``), ignoring closing quotes."""
    core = text.rstrip(CLOSERS).rstrip()
    return bool(core) and core[-1] in SENTENCE_END


def is_subheading(line: Line) -> bool:
    """A short line without sentence-final punctuation inside the article body."""
    return line.words <= MAX_SUBHEADING_WORDS and not ends_sentence(line.text)


def is_category_like(line: Line) -> bool:
    """A one-to-three-word label such as the ``الصين`` that closes a related-news teaser."""
    return line.words <= MAX_CATEGORY_WORDS and not ends_sentence(line.text) and len(line.text) <= 30
