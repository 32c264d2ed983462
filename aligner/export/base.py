"""Exporter ABC, the flat ExportRow every format writes, ExportMeta/ExportStats and the result ⨝ review join."""

from __future__ import annotations

import json
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, BinaryIO, ClassVar

from aligner.atomic import atomic_open, write_text
from aligner.errors import UserError
from aligner.model import AlignmentResult, ReviewStatus, Signature

logger = logging.getLogger(__name__)

STATUSES: tuple[str, ...] = tuple(s.value for s in ReviewStatus)

# Characters XML 1.0 cannot carry at all (C0 controls except TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Output = BinaryIO | IO[bytes] | str | Path


class ExportError(UserError):
    """An export cannot be written (bad destination, missing optional dependency, bad option)."""


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One aligned pair as every export format sees it: the frozen result joined with its latest review."""

    id: str
    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    score: float | None
    status: str  # "pending" | "accepted" | "rejected" | "edited"
    categories: tuple[str, ...]
    doc_id: str = ""
    similarity: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"row {self.id!r}: unknown status {self.status!r}; known: {', '.join(STATUSES)}")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _version() -> str:
    from aligner import __version__

    return __version__


@dataclass(frozen=True, slots=True)
class ExportMeta:
    """Provenance written into every export's header, schema metadata or ``<out>.meta.json`` sidecar."""

    signature: Signature
    src_lang: str = "en"
    tgt_lang: str = "ar"
    counts: Mapping[str, int] = field(default_factory=dict)
    tool_version: str = field(default_factory=_version)
    tool: str = "aligner"
    created: str = field(default_factory=_now)  # TMX date format, UTC: YYYYMMDDThhmmssZ
    name: str = ""  # corpus / run name

    def __post_init__(self) -> None:
        object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))

    @classmethod
    def from_result(cls, result: AlignmentResult, *, name: str = "") -> ExportMeta:
        """Build the meta of one alignment result: its Signature, languages and counts."""
        return cls(
            signature=result.signature,
            src_lang=result.src.lang or "en",
            tgt_lang=result.tgt.lang or "ar",
            counts={
                "pairs": len(result.pairs),
                "src_segments": len(result.src_segments),
                "tgt_segments": len(result.tgt_segments),
                "issues": len(result.issues),
            },
            name=name or result.src.id,
        )

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (the sidecar / header payload)."""
        return {
            "tool": self.tool,
            "tool_version": self.tool_version,
            "created": self.created,
            "name": self.name,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "counts": dict(self.counts),
            "signature": self.signature.as_dict(),
        }

    def to_json(self) -> str:
        """Return :meth:`as_dict` as compact, key-sorted JSON (non-ASCII kept)."""
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, slots=True)
class ExportStats:
    """What one export wrote: format, rows read and written, rows dropped per filter reason, files made."""

    format: str
    rows_read: int
    rows_written: int
    dropped: Mapping[str, int] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "dropped", MappingProxyType(dict(self.dropped)))

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "format": self.format,
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "dropped": dict(self.dropped),
            "outputs": list(self.outputs),
        }


class Exporter(ABC):
    """One export format. ``write`` consumes rows lazily, so memory stays bounded however many rows come."""

    name: ClassVar[str]
    extension: ClassVar[str]  # with the dot, e.g. ".tmx"; "" for prefix/directory formats
    mimetype: ClassVar[str]
    binary: ClassVar[bool] = True  # False: a text format (UTF-8)
    needs_path: ClassVar[bool] = False  # True: writes several files or a directory, so ``out`` must be a path

    @abstractmethod
    def write(self, rows: Iterable[ExportRow], out: Output, *, meta: ExportMeta) -> ExportStats:
        """Write ``rows`` to ``out`` (a binary file object or a path) and return what was written."""


@contextmanager
def open_output(out: Output) -> Iterator[IO[bytes]]:
    """Yield a binary writable stream for ``out``; a stream is left open, a path is written atomically.

    A path is written through a temp file in the same directory, renamed over ``out`` only when the block ends
    without an error: a failed or killed export leaves any existing file at ``out`` untouched.
    """
    if not isinstance(out, str | Path):
        yield out
        return
    with atomic_open(out, binary=True) as fh:
        yield fh


def output_name(out: Output) -> str:
    """Return a display name for ``out`` (its path when known)."""
    if isinstance(out, str | Path):
        return str(out)
    return str(getattr(out, "name", "<stream>"))


def sidecar_path(out: str | Path) -> Path:
    """Return the ``<out>.meta.json`` sidecar path of an output path."""
    path = Path(out)
    return path.with_name(path.name + ".meta.json")


def write_sidecar(out: Output, meta: ExportMeta, stats: ExportStats) -> Path | None:
    """Write ``<out>.meta.json`` (meta + stats) next to a path output; streams get none and return None."""
    if not isinstance(out, str | Path):
        return None
    path = sidecar_path(out)
    payload = {**meta.as_dict(), "export": stats.as_dict()}
    write_text(path, json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return path


# Everything str.splitlines() splits on, plus TAB (line-based tools split fields on it).
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Collapse each run of line breaks and tabs inside a segment to one space (line-based formats)."""
    return _BREAKS.sub(" ", text)


def xml_text(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 cannot carry (documented loss for XML formats)."""
    return XML_INVALID.sub("", text)


ReviewState = (  # (status, edited Arabic[, edited English[, note: the comment and issue verdicts]])
    tuple[str, str | None] | tuple[str, str | None, str | None] | tuple[str, str | None, str | None, str]
)


def rows_from_result(
    result: AlignmentResult,
    *,
    reviews: Mapping[str, ReviewState] = MappingProxyType({}),
    doc_id: str = "",
) -> Iterator[ExportRow]:
    """Join a frozen result with the latest review state; an edited text replaces the target (or the source).

    :param reviews: pair id -> (status, edited target text or None[, edited source text or None[, note]]); pairs
        not in it are "pending". The note (the reviewer's comment and issue verdicts) goes to ``ExportRow.note``.
    :param doc_id: document id written on every row (default: the source document's id).
    """
    categories: dict[str, list[str]] = {}
    for issue in result.issues:
        cats = categories.setdefault(issue.pair_id, [])
        if issue.category.value not in cats:
            cats.append(issue.category.value)
    src_lang = result.src.lang or "en"
    tgt_lang = result.tgt.lang or "ar"
    doc = doc_id or result.src.id
    for pair in result.pairs:
        status, edited, *more = reviews.get(pair.id, (ReviewStatus.PENDING.value, None))
        edited_src = more[0] if more else None
        note = str(more[1]) if len(more) > 1 and more[1] else ""
        status = ReviewStatus(status).value
        src, tgt = pair.src_text, pair.tgt_text
        if (edited is not None or edited_src is not None) and status != ReviewStatus.REJECTED.value:
            tgt = tgt if edited is None else edited
            src = src if edited_src is None else edited_src
            if status == ReviewStatus.PENDING.value:
                status = ReviewStatus.EDITED.value
        score = result.scores.get(pair.id)
        yield ExportRow(
            id=pair.id,
            src=src,
            tgt=tgt,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            score=None if score is None else float(score.value),
            status=status,
            categories=tuple(sorted(categories.get(pair.id, ()))),
            doc_id=doc,
            similarity=pair.similarity,
            note=note,
        )
