"""Check ABC, CheckContext and run_checks(): checks yield Issues (evidence); scoring decides elsewhere."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Protocol

import numpy as np

from aligner.checks.memo import Memo
from aligner.embed.base import Encoder
from aligner.model import AlignedPair, Category, Issue, Severity

MAX_SEGMENT_CHARS = 100_000  # default of CheckContext.max_segment_chars (and of Config.max_segment_chars)


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at beyond the pair itself."""

    src_lang: str = "en"
    tgt_lang: str = "ar"
    pairs: Sequence[AlignedPair] = ()  # the whole document, for document-level checks
    encoder: Encoder | None = None  # for similarity-based checks; None = skip that evidence
    glossary: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # source term -> allowed renderings
    max_segment_chars: int = MAX_SEGMENT_CHARS  # a pair with a longer side is only noted, not checked
    memo: Memo | None = None  # per-text work kept across re-checks of this document (review/recheck.py)
    # unit vectors ``encoder`` already gave for some texts (the alignment's sentences): reused, not re-encoded
    vectors: Mapping[str, np.ndarray] = field(default_factory=dict)


class Check(ABC):
    """First docstring line is the human title shown in the UI."""

    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity] = Severity.MAJOR
    version: ClassVar[int] = 1
    skip_if: ClassVar[frozenset[str]] = frozenset()  # names of checks whose issue on a pair makes this one moot
    document_level: ClassVar[bool] = False  # issues on a pair depend on other pairs' texts (re-run on any edit)
    uses_encoder: ClassVar[bool] = False  # encodes texts: runs in the calling process when checks run in two lanes
    neighbours: ClassVar[int] = 0  # issues on a pair depend on this many checked pairs either side (chunked runs)

    @classmethod
    def title(cls) -> str:
        """Return the first line of the class docstring."""
        return (cls.__doc__ or cls.name).strip().splitlines()[0]

    @classmethod
    def signature(cls) -> str:
        """Return e.g. ``numbers.v1``."""
        return f"{cls.name}.v{cls.version}"

    @abstractmethod
    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        """Yield zero or more issues for one pair; never raise for a failed check."""

    def run_document(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> Iterator[Issue]:
        """Yield issues for a whole document; by default runs :meth:`run` on every pair."""
        for pair in pairs:
            yield from self.run(pair, ctx)

    def read_ahead(self, texts: Sequence[tuple[str, str]]) -> None:
        """Do per-text work ahead of the pairs, given ``(text, language)`` of the segments (never changes issues).

        Called only in a check worker process started while the document is still being aligned (checks/lanes.py),
        whose memory goes away with it; by default nothing.
        """
        return

    # A chunked run (aligner/chunked.py) checks a long document a block of pairs at a time. A pair-local check
    # needs nothing more; a document-level one carries a compact ``block_state`` from block to block and, when a
    # finding may concern an earlier block, fills a ``prepass`` object in a first pass over all the pairs.

    def prepass(self, ctx: CheckContext) -> Prepass | None:
        """The state a chunked run fills in a first pass over the whole document (None: no first pass)."""
        return None

    def block_state(self, ctx: CheckContext) -> object:
        """The state a chunked run carries from block to block (None: none)."""
        return None

    def run_block(self, pairs: Sequence[AlignedPair], ctx: CheckContext, state: object) -> Iterator[Issue]:
        """Issues of the next block of pairs (``state``: :meth:`prepass` or :meth:`block_state`, whichever is set)."""
        if self.document_level:
            raise NotImplementedError(f"{self.name} cannot be run a block at a time")
        return self.run_document(pairs, ctx)

    @classmethod
    def runs_in_blocks(cls) -> bool:
        """Whether a chunked run gives this check's whole-document issues."""
        return not cls.document_level or cls.run_block is not Check.run_block

    def warm(self, pairs: Sequence[AlignedPair], part: slice, ctx: CheckContext) -> None:
        """Fill ``ctx.memo`` with this check's per-text work on ``pairs[part]`` (of the whole document ``pairs``).

        Called slice by slice ahead of a re-check, so that the first :meth:`run_document` with the memo only does
        what the changed texts need; by default nothing (the checks that keep no memo).
        """
        del pairs, part, ctx


class Prepass(Protocol):
    """Document-wide state filled block by block in a chunked run's first pass."""

    def feed(self, pairs: Sequence[AlignedPair]) -> None:
        """Read the next block of pairs (those the check would run on)."""

    def finish(self) -> bool:
        """Called after the last block; True asks for another pass over all the pairs."""


MAX_ISSUES_PER_PAIR = 25  # per check; the rest is summed up in one INFO issue (a 1 MB line can hold 45k figures)


def _capped(found: list[Issue], check: Check, limit: int) -> list[Issue]:
    """Keep the first ``limit`` issues a check raised on each pair, plus one INFO issue counting the rest."""
    per_pair: dict[str, int] = {}
    kept: list[Issue] = []
    for issue in found:
        n = per_pair[issue.pair_id] = per_pair.get(issue.pair_id, 0) + 1
        if n <= limit:
            kept.append(issue)
    for pair_id, n in per_pair.items():
        if n > limit:
            message = f"{n - limit} more {check.name} issues on this pair are not listed"
            evidence = {"omitted": n - limit}
            kept.append(Issue(pair_id, check.name, check.category, Severity.INFO, message, evidence=evidence))
    return kept


def _too_long(pair_id: str, n: int, check: Check, limit: int) -> Issue:
    """The INFO note left instead of running ``check`` on a pair with a side over ``limit`` characters."""
    message = f"not checked: a side of {n:,} characters is over the {limit:,}-character limit (max_segment_chars)"
    evidence = {"chars": n, "limit": limit}
    return Issue(pair_id, check.name, check.category, Severity.INFO, message, evidence=evidence)


def run_checks(
    pairs: Sequence[AlignedPair], checks: Iterable[Check], ctx: CheckContext | None = None, *, workers: int = 1
) -> tuple[Issue, ...]:
    """Run ``checks`` in order over ``pairs``, honouring each check's ``skip_if`` preconditions.

    ``workers=2`` lets the text-only checks run in a forked child process while the encoder's checks run here
    (checks/lanes.py; Linux, large enough documents); the issues are the same, in the same order.
    """
    ctx = ctx or CheckContext(pairs=tuple(pairs))
    if not ctx.pairs:
        ctx = replace(ctx, pairs=tuple(pairs))
    checks = list(checks)
    if workers > 1:
        from aligner.checks.lanes import can_fork, run_in_lanes

        if can_fork(len(pairs), checks, ctx):
            return run_in_lanes(pairs, checks, ctx)
    return run_serial(pairs, checks, ctx)


def run_serial(pairs: Sequence[AlignedPair], checks: Sequence[Check], ctx: CheckContext) -> tuple[Issue, ...]:
    """Run ``checks`` one after another in this process (see run_checks)."""
    limit = ctx.max_segment_chars
    sizes = {p.id: max(len(p.src_text), len(p.tgt_text)) for p in pairs}
    huge = {pair_id: n for pair_id, n in sizes.items() if n > limit}
    issues: list[Issue] = []
    fired: dict[str, set[str]] = {}  # check name -> pair ids it flagged
    for check in checks:
        moot = set().union(*(fired.get(name, set()) for name in check.skip_if)) if check.skip_if else set()
        moot |= huge.keys()
        todo = [p for p in pairs if p.id not in moot] if moot else list(pairs)
        found = _capped(list(check.run_document(todo, ctx)), check, MAX_ISSUES_PER_PAIR)
        found += [_too_long(pair_id, n, check, limit) for pair_id, n in huge.items()]
        fired[check.name] = {i.pair_id for i in found}
        issues.extend(found)
    return tuple(issues)
