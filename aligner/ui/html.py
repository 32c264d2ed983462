"""Pure HTML rendering of pairs and issues: every corpus string escaped, issue spans highlighted, Arabic right-to-left.

Nothing here imports streamlit, so it is unit-testable without a running app. Corpus text only ever reaches the
browser through :func:`escape_text`, which escapes HTML and makes bidi controls and zero-width characters visible
as badges. Cards clip what they draw (``overflow: hidden``), so stacked combining marks stay inside their pair.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from aligner.model import AlignedPair, Category, Issue, Severity, Side

# Embedding/override/isolate controls: applied silently they can reorder what a reviewer sees (Trojan Source).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Zero-width characters: they split or join words invisibly (the punctuation check flags them too).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SHOWN = BIDI_CONTROLS | ZERO_WIDTH
RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "iw", "ps", "ckb", "sd", "ug", "yi", "dv"})

CATEGORY_COLOURS: dict[str, str] = {
    Category.ALIGNMENT.value: "#f4a261",
    Category.UNTRANSLATED.value: "#e76f51",
    Category.WRONG_LANGUAGE.value: "#e63946",
    Category.OMISSION.value: "#ffb703",
    Category.ADDITION.value: "#a8dadc",
    Category.NUMBER.value: "#ff8fab",
    Category.NAMED_ENTITY.value: "#cdb4db",
    Category.DUPLICATION.value: "#ffd166",
    Category.PUNCTUATION.value: "#b7e4c7",
    Category.TERMINOLOGY.value: "#90e0ef",
    Category.PLACEHOLDER.value: "#bde0fe",
    Category.OTHER.value: "#dee2e6",
}

_CATEGORY_CSS = "\n".join(
    f".aw mark.cat-{name}, .aw .badge.cat-{name} {{background:{colour};}}" for name, colour in CATEGORY_COLOURS.items()
)

# Static stylesheet (no user text in it). The textarea rule makes the Arabic edit boxes (keys edit_ar…) right-to-left,
# since st.text_area cannot set dir itself; their "Press Ctrl+Enter" hint is hidden (it sat over the end of RTL text).
CSS = (
    """
.aw {font-size: 1.02rem; line-height: 1.7;}
.aw .pair {border: 1px solid #d0d4da; border-radius: 6px; padding: .5rem .75rem; margin: .25rem 0 .5rem 0;
  overflow: hidden; contain: paint;}
.aw .pair-head {font-size: .8rem; color: #555; margin-bottom: .25rem; display: flex; gap: .75rem; flex-wrap: wrap;}
.aw .pair-body {display: grid; grid-template-columns: 1fr 1fr; gap: 1rem;}
.aw .side {white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; overflow: hidden;}
.aw ul.issues li {overflow: hidden;}
.aw .side[dir="rtl"] {text-align: right; font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", serif;
  font-size: 1.12rem;}
.aw .empty {color: #888; font-style: italic;}
.aw mark {padding: 0 .1em; border-radius: 3px; color: inherit; border-bottom: 2px solid rgba(0,0,0,.35);}
.aw mark.multi {outline: 2px dashed #6c757d;}
.aw mark.point {background: #e63946; color: #fff; padding: 0 .15em;}
.aw mark.sev-critical, .aw mark.sev-major {border-bottom-width: 3px;}
.aw .bidi {font-family: monospace; font-size: .75em; background: #222; color: #fff; border-radius: 3px;
  padding: 0 .2em; unicode-bidi: isolate;}
.aw ul.issues {margin: .35rem 0 0 0; padding-left: 1.2rem; font-size: .9rem;}
.aw .badge {border-radius: 3px; padding: 0 .35em; font-size: .8rem;}
.aw .sev {font-size: .75rem; text-transform: uppercase; color: #555;}
.aw .status-accepted {color: #1b7f3b;} .aw .status-rejected {color: #b00020;} .aw .status-edited {color: #0b5394;}
[class*="st-key-edit_ar"] textarea {direction: rtl; text-align: right; unicode-bidi: plaintext;
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", serif; font-size: 1.1rem;}
[class*="st-key-edit_ar"] [data-testid="InputInstructions"] {display: none;}
"""
    + _CATEGORY_CSS
)


def text_direction(lang: str) -> str:
    """Return ``"rtl"`` for right-to-left languages (Arabic, Persian, Urdu, Hebrew…), else ``"ltr"``."""
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def _codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def visible_controls(text: str) -> str:
    """Replace bidi controls and zero-width characters with a visible ``⟨U+202E⟩`` token (attributes, CSV)."""
    if not _SHOWN.intersection(text):
        return text
    return "".join(f"⟨{_codepoint(c)}⟩" if c in _SHOWN else c for c in text)


def escape_attr(text: str) -> str:
    """Escape ``text`` for a double- or single-quoted HTML attribute value (bidi controls made visible)."""
    return html.escape(visible_controls(text), quote=True)


def escape_text(text: str) -> str:
    """Escape corpus text for HTML; bidi controls and zero-width characters become visible badges."""
    if not _SHOWN.intersection(text):
        return html.escape(text, quote=True)
    out: list[str] = []
    for ch in text:
        if ch in _SHOWN:
            code = _codepoint(ch)
            what = "bidi control" if ch in BIDI_CONTROLS else "zero-width character"
            out.append(f'<span class="bidi" title="{what} {code}">⟨{code}⟩</span>')
        else:
            out.append(html.escape(ch, quote=True))
    return "".join(out)


def _mark(issues: Sequence[Issue], body: str, *, point: bool = False) -> str:
    cats = sorted({i.category.value for i in issues})
    worst = max(i.severity for i in issues)
    classes = ["iss", *(f"cat-{c}" for c in cats), f"sev-{worst.name.lower()}"]
    if len(issues) > 1:
        classes.append("multi")
    if point:
        classes.append("point")
    title = "\n".join(f"{i.category.value}: {i.message}" for i in issues)
    return f'<mark class="{" ".join(classes)}" title="{escape_attr(title)}">{body}</mark>'


def highlight(text: str, issues: Iterable[Issue]) -> str:
    """Return ``text`` escaped, with every issue span wrapped in ``<mark>``; overlapping spans are split.

    Each elementary interval between span boundaries gets one ``<mark>`` listing all issues covering it (class
    ``multi`` when more than one). Zero-length spans (an insertion point) become a small ``‸`` marker. Spans
    that do not fit ``text`` are ignored here (the issue list still shows them).
    """
    spans = [(i.span.start, i.span.end, i) for i in issues if i.span is not None and i.span.end <= len(text)]
    if not spans:
        return escape_text(text)
    points: dict[int, list[Issue]] = {}
    for start, end, issue in spans:
        if start == end:
            points.setdefault(start, []).append(issue)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        if a in points:
            out.append(_mark(points.pop(a), "‸", point=True))
        cover = [i for s, e, i in spans if s <= a and b <= e and s < e]
        chunk = escape_text(text[a:b])
        out.append(_mark(cover, chunk) if cover else chunk)
    for pos in sorted(points):
        out.append(_mark(points[pos], "‸", point=True))
    return "".join(out)


def render_side_html(text: str, issues: Iterable[Issue], *, lang: str, side: Side) -> str:
    """Return one side of a pair as a ``<div>`` with ``dir``/``lang`` set and issue spans highlighted."""
    direction = text_direction(lang)
    body = highlight(text, issues) if text.strip() else '<span class="empty" dir="ltr">∅ (no sentence)</span>'
    return f'<div class="side {side.value}" dir="{direction}" lang="{escape_attr(lang)}">{body}</div>'


_RTL_RUN = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+(?:[\\s\u060c\u061b\u061f]+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+)*"
)


def escape_message(text: str) -> str:
    """Escape a plain-text message, isolating each right-to-left run in ``<bdi dir="rtl">``.

    An English message quoting Arabic (``'الوكالة العالمية' vs 'وكالة العالم'``) then keeps its order however it
    wraps: each Arabic span is laid out on its own and cannot reorder the Latin text around it.
    """
    out, pos = [], 0
    for m in _RTL_RUN.finditer(text):
        out.append(escape_text(text[pos : m.start()]))
        out.append(f'<bdi dir="rtl">{escape_text(m.group())}</bdi>')
        pos = m.end()
    out.append(escape_text(text[pos:]))
    return "".join(out)


def render_issue_list_html(pair: AlignedPair, issues: Sequence[Issue], *, tgt_text: str | None = None) -> str:
    """Return ``<ul>`` of category badge + severity + message (+ the flagged text), all escaped."""
    if not issues:
        return '<p class="empty">No issues found by the checks.</p>'
    items = []
    tgt = pair.tgt_text if tgt_text is None else tgt_text
    for issue in sorted(issues, key=lambda i: (-int(i.severity), i.category.value)):
        cat = issue.category.value
        flagged = ""
        if issue.span is not None and issue.side is not None:
            text = pair.src_text if issue.side is Side.SOURCE else tgt
            if issue.span.end <= len(text) and len(issue.span):
                flagged = f' — “<bdi class="flagged">{escape_text(issue.span.slice(text))}</bdi>”'
        items.append(
            f'<li><span class="badge cat-{escape_attr(cat)}">{escape_text(cat.replace("_", " "))}</span> '
            f'<span class="sev">{escape_text(Severity(issue.severity).name.lower())}</span> '
            f'<bdi class="msg">{escape_message(issue.message)}</bdi>{flagged}</li>'
        )
    return f'<ul class="issues">{"".join(items)}</ul>'


def render_pair_html(
    pair: AlignedPair,
    issues: Sequence[Issue],
    *,
    tgt_text: str | None = None,
    src_lang: str = "en",
    tgt_lang: str = "ar",
    score: float | None = None,
    status: str | None = None,
    position: str = "",
    show_issue_list: bool = True,
) -> str:
    """Return a self-contained, escaped HTML block for one pair: source left, target right, issues below.

    :param tgt_text: the target text to show (an edited Arabic); defaults to ``pair.tgt_text``. Target-side
        issue spans must index into the text shown.
    """
    tgt = pair.tgt_text if tgt_text is None else tgt_text
    src_issues = [i for i in issues if i.side is Side.SOURCE]
    tgt_issues = [i for i in issues if i.side is Side.TARGET]
    head = [f"<b>{escape_text(position or pair.id)}</b>", escape_text(pair.kind)]
    if pair.role:
        head.append(escape_text(pair.role))
    if score is not None:
        head.append(f"score {score:.1f}")
    if pair.similarity is not None:
        head.append(f"similarity {pair.similarity:.2f}")
    if status:
        head.append(f'<span class="status-{escape_attr(status)}">{escape_text(status)}</span>')
    parts = [
        f'<div class="aw"><div class="pair" data-pair="{escape_attr(pair.id)}">',
        f'<div class="pair-head">{"".join(f"<span>{h}</span>" for h in head)}</div>',
        '<div class="pair-body">',
        render_side_html(pair.src_text, src_issues, lang=src_lang, side=Side.SOURCE),
        render_side_html(tgt, tgt_issues, lang=tgt_lang, side=Side.TARGET),
        "</div>",
    ]
    if show_issue_list:
        parts.append(render_issue_list_html(pair, issues, tgt_text=tgt))
    parts.append("</div></div>")
    return "".join(parts)


def style_block() -> str:
    """Return the static ``<style>`` element (no user text)."""
    return f"<style>{CSS}</style>"


_MD_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&=\"'")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown syntax so a one-line message (a file name, a reviewer name) shows as plain text.

    For st.error/st.success, which render Markdown; corpus text itself never goes there.
    """
    one_line = " ".join(visible_controls(text).split())
    return "".join(f"\\{c}" if c in _MD_SPECIAL else c for c in one_line)
