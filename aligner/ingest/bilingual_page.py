"""PageReader: a scraped Arabic news page with its English headline and captions beside their Arabic renderings.

The page is read line by line with a small state machine over structural markers (see page_rules for the data):

``header``   logo, page title, meta description (``#tags``)            → title / description (Arabic side)
``lead``     after ``Loading...``: English headline, then captions;     → headline / caption (English side)
             category line, share bar; the first Arabic line is the Arabic headline
``body``     article paragraphs, short subheadings, ``شاهد ايضاً:`` teasers (role ``see_also``); English lines after
             an in-body ``Loading...`` are captions, other English lines are quoted text of the Arabic body
``related``  after ``أخبار ذات صلة``: blocks of English headline, Arabic headline, Arabic summary, category
Navigation bars, share bars and logos are dropped anywhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum

from aligner.ingest import page_rules as rules
from aligner.ingest.base import InputError, Piece, TextReader, build_document, flatten_cell
from aligner.ingest.page_rules import Line
from aligner.model import Bitext, Layout, Span

log = logging.getLogger(__name__)


class _State(Enum):
    HEADER = "header"
    LEAD = "lead"
    BODY = "body"
    RELATED = "related"


def _piece(line: Line, role: str, group: str = "") -> Piece:
    return Piece(line.text, role, group, Span(line.start, line.end))


@dataclass(slots=True)
class _Block:
    """One related-news teaser being collected."""

    group: str
    english: list[Line] = field(default_factory=list)
    arabic: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class ParsedPage:
    """The pieces of each language in page order, plus page metadata."""

    src: list[Piece] = field(default_factory=list)
    tgt: list[Piece] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


class _PageParser:
    """Walks the lines once; each handler consumes one line in the current state."""

    def __init__(self) -> None:
        self.page = ParsedPage()
        self.state = _State.HEADER
        self.media = False  # an in-body "Loading..." was seen: following English lines are captions
        self.has_title = False
        self.has_headline = False
        self.block: _Block | None = None
        self.n_blocks = 0
        self.text = ""
        self.previous: Line | None = None  # the line handled before the current one
        self.open: Line | None = None  # first line of the body paragraph the previous line ended, if any
        self.paragraph: Line | None = None  # set by the body handler when the current line ends a paragraph

    def run(self, text: str) -> ParsedPage:
        self.text = text
        for line in rules.split_lines(text):
            self.open, self.paragraph = self.paragraph, None
            if not self._chrome(line):
                self._content(line)
            self.previous = line
        self._close_block()
        return self.page

    def _chrome(self, line: Line) -> bool:
        """Handle markers and site chrome; return True when the line is consumed."""
        if rules.is_logo(line) or rules.is_share(line) or rules.is_nav(line) or rules.is_copyright(line):
            return True
        if self.state is not _State.HEADER and rules.is_tag_list(line):
            self.page.meta.setdefault("tags", line.text)
            return True
        if (category := rules.labelled_value(line, rules.CATEGORY_LABELS)) is not None:
            if category.text:
                self.page.meta.setdefault("category", category.text)
            return True
        if (teaser := rules.labelled_value(line, rules.SEE_ALSO_LABELS)) is not None:
            if teaser.text:
                self.page.tgt.append(_piece(teaser, "see_also"))
            return True
        if rules.is_related_marker(line):
            self._close_block()
            self.state = _State.RELATED
            return True
        if rules.is_loading(line):
            if self.state is _State.HEADER:
                self.state = _State.LEAD
            elif self.state is _State.BODY:
                self.media = True
            elif self.state is _State.RELATED:
                self._close_block()
            return True
        return False

    def _content(self, line: Line) -> None:
        if self.state is _State.HEADER:
            if line.script == "en":
                self.state = _State.LEAD
            else:
                self._header(line)
                return
        if self.state is _State.LEAD:
            self._lead(line)
        elif self.state is _State.BODY:
            self._body(line)
        else:
            self._related(line)

    def _header(self, line: Line) -> None:
        if not line.script:  # a date or a separator: no letters, not text to check
            return
        if not self.has_title and not rules.has_hashtags(line):
            self.page.tgt.append(_piece(line, "title"))
            self.has_title = True
        else:
            self.page.tgt.append(_piece(line, "description"))

    def _lead(self, line: Line) -> None:
        if line.script == "en":
            self.page.src.append(_piece(line, "caption" if self.has_headline else "headline"))
            self.has_headline = True
        elif line.script == "ar":
            self.state = _State.BODY
            role = "headline" if line.words <= rules.MAX_HEADLINE_WORDS else "body"
            self.page.tgt.append(_piece(line, role))

    def _body(self, line: Line) -> None:
        if self.media and line.script == "en":
            self.page.src.append(_piece(line, "caption"))
            return
        self.media = False
        first = self.open
        if first is not None and line.adjacent and self._continues(line):
            # A line break inside a paragraph (e.g. a quoted English line): extend the paragraph.
            start, end = first.start, line.end
            self.page.tgt[-1] = Piece(flatten_cell(self.text[start:end]), "body", "", Span(start, end))
            self.paragraph = first
            return
        role = "subheading" if line.script == "ar" and rules.is_subheading(line) else "body"
        self.page.tgt.append(_piece(line, role))
        self.paragraph = line if role == "body" else None

    def _continues(self, line: Line) -> bool:
        """Whether ``line`` continues the open paragraph: it is not Arabic, or the previous line ended mid-sentence."""
        previous = self.previous
        assert previous is not None
        return line.script != "ar" or previous.script != "ar" or not rules.ends_paragraph(previous.text)

    def _related(self, line: Line) -> None:
        if line.script == "en":
            if self.block is None or self.block.arabic:
                self._open_block()
            assert self.block is not None
            self.block.english.append(line)
        elif line.script == "ar":
            if self.block is None:
                self._open_block()
            assert self.block is not None
            self.block.arabic.append(line)

    def _open_block(self) -> None:
        self._close_block()
        self.n_blocks += 1
        self.block = _Block(f"related-{self.n_blocks}")

    def _close_block(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        group = block.group
        english, arabic = block.english, block.arabic
        category = arabic[-1] if len(arabic) >= 2 and rules.is_category_like(arabic[-1]) else None
        # Untranslated headline: a second English line and an Arabic side with only a summary (and category) means
        # the Arabic headline slot holds English text; it stays on the Arabic side, where it belongs.
        slot = english[-1] if len(english) >= 2 and len(arabic) - (category is not None) == 1 else None
        for i, line in enumerate(english):
            if line is not slot:
                self.page.src.append(_piece(line, "related_headline" if i == 0 else "related_summary", group))
        if slot is not None:
            self.page.tgt.append(_piece(slot, "related_headline", group))
        for i, line in enumerate(arabic):
            first = i == 0 and slot is None
            role = "related_headline" if first else "category" if line is category else "related_summary"
            self.page.tgt.append(_piece(line, role, group))


def parse_page(text: str) -> ParsedPage:
    """Split a decoded page into English and Arabic pieces with roles, groups and origin spans."""
    return _PageParser().run(text)


class PageReader(TextReader):
    """A scraped bilingual news page (English headline/captions beside the Arabic article) → Layout.ITEMS."""

    name = "page"
    extensions = ("page",)
    mimetype = "text/plain"

    def parse(self, text: str, name: str) -> Bitext:
        """Parse the decoded page; every unit's ``origin`` indexes ``text``."""
        page = parse_page(text)
        if not page.tgt:
            raise InputError(f"{name}: no Arabic article text found; not a bilingual news page")
        if not page.src:
            log.warning("%s: no English headline or caption found", name)
        src = build_document(self.src_lang, page.src, name=name, meta=page.meta)
        tgt = build_document(self.tgt_lang, page.tgt, name=name, meta=page.meta)
        return Bitext(name, src, tgt, Layout.ITEMS)
