"""Shared data model: frozen dataclasses and enums for documents, segments, pairs, issues and results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Any


def _frozen_map(value: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


class Side(StrEnum):
    """Which side of a pair a span points into."""

    SOURCE = "src"
    TARGET = "tgt"


class Severity(IntEnum):
    """Issue severity, ordered; the penalty weights live in the score config."""

    INFO = 0
    MINOR = 1
    MAJOR = 2
    CRITICAL = 3


class Category(StrEnum):
    """What kind of translation problem an issue reports."""

    ALIGNMENT = "alignment"
    UNTRANSLATED = "untranslated"
    WRONG_LANGUAGE = "wrong_language"
    OMISSION = "omission"
    ADDITION = "addition"
    NUMBER = "number"
    NAMED_ENTITY = "named_entity"
    DUPLICATION = "duplication"
    PUNCTUATION = "punctuation"
    TERMINOLOGY = "terminology"
    PLACEHOLDER = "placeholder"
    OTHER = "other"


class ReviewStatus(StrEnum):
    """A reviewer's verdict on a pair."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EDITED = "edited"


class Layout(StrEnum):
    """How the two documents of a bitext relate to each other."""

    DOCUMENTS = "documents"  # running text on both sides: segment into sentences, then align
    SENTENCES = "sentences"  # one sentence per line on each side (counts may differ): align, no re-segmentation
    PARALLEL = "parallel"  # units already aligned: src.units[i] <-> tgt.units[i]
    ITEMS = "items"  # unordered items (headlines, captions): pair by optimal assignment


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open [start, end) code-point offsets into a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        """Return the part of ``text`` this span covers."""
        return text[self.start : self.end]

    def shift(self, offset: int) -> Span:
        """Return this span moved by ``offset`` code points."""
        return Span(self.start + offset, self.end + offset)


@dataclass(frozen=True, slots=True)
class Unit:
    """A reader-level piece of a document: a line, paragraph, headline, caption or summary.

    ``span`` indexes into ``Document.text``; ``origin`` into the decoded input file, when known.
    ``group`` ties the units of one block together (e.g. one related-news block).
    """

    span: Span
    role: str = "body"
    group: str = ""
    origin: Span | None = None


# Roles of units that are translations of each other's items on a bilingual page.
PAIRABLE_ROLES = frozenset({"headline", "caption", "title", "related_headline"})


@dataclass(frozen=True, slots=True)
class Document:
    """One language's text; NFC-normalised once at ingest, every offset indexes into it."""

    id: str
    lang: str
    text: str
    source: str = ""
    units: tuple[Unit, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=_frozen_map)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", _frozen_map(self.meta))
        n = len(self.text)
        for unit in self.units:
            if unit.span.end > n:
                raise ValueError(f"unit {unit.span} outside document {self.id!r} of length {n}")

    def unit_text(self, index: int) -> str:
        """Return the text of unit ``index``."""
        return self.units[index].span.slice(self.text)


@dataclass(frozen=True, slots=True)
class Bitext:
    """What ingest produces: a source and a target document and how they relate."""

    name: str
    src: Document
    tgt: Document
    layout: Layout


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or pre-split line/item) of a document, by offsets into ``doc.text``."""

    doc_id: str
    index: int
    span: Span
    text: str
    unit: int = 0  # index of the Unit it lies in


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """A bead: contiguous source and target segment indices; () on one side is a 1-0 / 0-1 bead."""

    id: str
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    similarity: float | None = None
    origin: str = "auto"  # "auto" | "given" | "manual"
    role: str = ""  # unit role for item pairs ("headline", "caption", "body", ...)

    @property
    def kind(self) -> str:
        """Bead type such as ``"1-1"`` or ``"0-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True, slots=True)
class Issue:
    """Evidence of one translation problem, with a span into the pair's src_text or tgt_text."""

    pair_id: str
    check: str
    category: Category
    severity: Severity
    message: str  # plain text, never HTML
    side: Side | None = None
    span: Span | None = None
    evidence: Mapping[str, Any] = field(default_factory=_frozen_map)

    def __post_init__(self) -> None:
        object.__setattr__(self, "evidence", _frozen_map(self.evidence))


@dataclass(frozen=True, slots=True)
class QualityScore:
    """0-100, higher is better, with the components it was made from."""

    value: float
    components: Mapping[str, float] = field(default_factory=_frozen_map)

    def __post_init__(self) -> None:
        object.__setattr__(self, "components", _frozen_map(self.components))


@dataclass(frozen=True, slots=True)
class Signature:
    """Provenance stamped on every result and export (sacrebleu style)."""

    version: str
    segmenter: str = ""
    encoder: str = ""
    aligner: str = ""
    checks: tuple[str, ...] = ()
    score: str = ""

    def format(self) -> str:
        """Return the compact one-line form, e.g. ``seg:rules.v1|enc:use-m3.v1|...|v:0.1.0``."""
        parts = [
            f"seg:{self.segmenter or '-'}",
            f"enc:{self.encoder or '-'}",
            f"align:{self.aligner or '-'}",
            f"checks:{'+'.join(self.checks) or '-'}",
            f"score:{self.score or '-'}",
            f"v:{self.version}",
        ]
        return "|".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "version": self.version,
            "segmenter": self.segmenter,
            "encoder": self.encoder,
            "aligner": self.aligner,
            "checks": list(self.checks),
            "score": self.score,
            "signature": self.format(),
        }


@dataclass(frozen=True, slots=True)
class AlignmentResult:
    """Everything one run produced for one bitext."""

    src: Document
    tgt: Document
    src_segments: tuple[Segment, ...]
    tgt_segments: tuple[Segment, ...]
    pairs: tuple[AlignedPair, ...]
    issues: tuple[Issue, ...] = ()
    scores: Mapping[str, QualityScore] = field(default_factory=_frozen_map)
    signature: Signature = field(default_factory=lambda: Signature(version="0"))
    layout: Layout = Layout.DOCUMENTS
    document_score: QualityScore | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _frozen_map(self.scores))

    def issues_for(self, pair_id: str) -> tuple[Issue, ...]:
        """Return the issues of one pair."""
        return tuple(i for i in self.issues if i.pair_id == pair_id)
