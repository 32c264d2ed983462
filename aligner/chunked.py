"""Chunked checking of a parallel file: pairs made, checked and handed on a block at a time, compact state between.

A whole-file run holds every unit, segment, pair and issue at once (~1.5 KB a pair): far more than a file of short
rows takes on disk. Here the file is read pair by pair (aligner.ingest.stream), a block of pairs gets its
similarities and its checks, and each pair leaves with its issues; only what the document-level checks need of
earlier blocks stays (their ``block_state``), and what a later pair may change about an earlier one (terminology
variants and acronyms) is found in a first pass over the file (their ``prepass``). The issues are those of
:func:`aligner.pipeline.process` on the same file, pair by pair and in the same order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from aligner.checks import Check, CheckContext
from aligner.checks.base import MAX_ISSUES_PER_PAIR, _capped, _too_long
from aligner.config import Config, build_signature
from aligner.embed.base import Encoder
from aligner.ingest.stream import ParallelSource
from aligner.model import AlignedPair, Issue, Signature
from aligner.pipeline import COSINE_CHUNK, _cosines, _similarity, build_checks, check_context

BLOCK = 4 * COSINE_CHUNK  # pairs with two non-empty sides per block: similarity batches fall as in a whole-file run
CONTEXT = 32  # pairs read ahead first given to checks with neighbours (widened when too many are skipped)


def streamable(checks: Sequence[Check]) -> bool:
    """Whether a chunked run gives these checks' whole-document issues (else use the whole-file pipeline)."""
    names = {c.name: c for c in checks}
    for check in checks:
        if not check.runs_in_blocks():
            return False
        if any(name in names and (names[name].document_level or names[name].neighbours) for name in check.skip_if):
            return False  # skipped where a check fired whose findings depend on other pairs: not block by block
    return True


def pair_blocks(source: ParallelSource, encoder: Encoder | None) -> Iterator[list[AlignedPair]]:
    """The file's pairs, as ``process`` makes them for a parallel input, a block at a time."""
    rows: list[tuple[str, str]] = []
    start, full = 0, 0
    for src, tgt in source.pairs():
        rows.append((src, tgt))
        full += bool(src.strip() and tgt.strip())
        if full == BLOCK:
            yield _pairs(rows, start, encoder)
            start, rows, full = start + len(rows), [], 0
    if rows:
        yield _pairs(rows, start, encoder)


def _pairs(rows: list[tuple[str, str]], start: int, encoder: Encoder | None) -> list[AlignedPair]:
    sims = _cosines(encoder, [s for s, _ in rows], [t for _, t in rows])
    pairs = []
    for k, (src, tgt) in enumerate(rows):
        index = (start + k,)
        pairs.append(
            AlignedPair(
                id=f"p{start + k}",
                src=index if src.strip() else (),
                tgt=index if tgt.strip() else (),
                src_text=src,
                tgt_text=tgt,
                similarity=sims[k],
                origin="given",
            )
        )
    return pairs


class Progress(Protocol):
    """What ChunkedCheck tells of its progress (a tqdm bar is one)."""

    def update(self, n: int) -> object:
        """``n`` more pairs checked."""
        ...

    def close(self) -> object:
        """The last pair is checked (or the run stopped)."""
        ...


class ChunkedCheck:
    """Check one parallel file a block at a time; :meth:`checked` yields each pair with its issues, in order."""

    def __init__(
        self, source: ParallelSource, *, encoder: Encoder, config: Config, checks: Sequence[Check] | None = None
    ) -> None:
        self.source, self.encoder, self.config = source, encoder, config
        self.checks = list(checks) if checks is not None else build_checks(config)
        self.ctx = check_context((), config=config, encoder=encoder)
        self.limit = self.ctx.max_segment_chars
        self.n_pairs = 0
        self.n_issues = 0
        self.progress: Progress | None = None  # told the pairs of each block as they leave (a CLI progress bar)

    def signature(self) -> Signature:
        """The Signature ``process`` gives a parallel input with these settings."""
        from aligner.score import ScoreConfig

        return build_signature(
            segmenter="given",
            encoder=self.encoder.signature(),
            aligner="given",
            checks=tuple(c.signature() for c in self.checks),
            score=ScoreConfig(**dict(self.config.score)).signature(_similarity(self.encoder)),
        )

    def _huge(self, pair: AlignedPair) -> int:
        n = max(len(pair.src_text), len(pair.tgt_text))
        return n if n > self.limit else 0

    def _states(self) -> dict[str, object]:
        """Each check's state: a prepass filled by a first pass over the file, or its block state."""
        states: dict[str, object] = {}
        prepasses = {}
        for check in self.checks:
            found = check.prepass(self.ctx)
            if found is None:
                states[check.name] = check.block_state(self.ctx)
            else:
                prepasses[check.name] = states[check.name] = found
        while prepasses:
            for block in pair_blocks(self.source, None):
                todo = [p for p in block if not self._huge(p)]  # document-level checks skip nothing else
                for prepass in prepasses.values():
                    prepass.feed(todo)
            prepasses = {name: prepass for name, prepass in prepasses.items() if prepass.finish()}
        return states

    def checked(self) -> Iterator[tuple[AlignedPair, list[Issue]]]:
        """Each pair of the file with its issues (in check order), as the whole-file pipeline gives them.

        A check with ``neighbours`` sees, before and after the block, as many pairs as hold that many pairs it runs
        on: the pairs before are kept from the previous blocks, the pairs after read ahead (more blocks if needed).
        """
        states = self._states()
        wide = [c for c in self.checks if c.neighbours]
        blocks = pair_blocks(self.source, self.encoder)
        ahead: deque[list[AlignedPair]] = deque()
        before: list[AlignedPair] = []

        def pull() -> bool:
            block = next(blocks, None)
            if block is not None:
                ahead.append(block)
            return block is not None

        try:
            pull()
            while ahead:
                core = ahead.popleft()
                if wide and not ahead:
                    pull()
                width = CONTEXT
                while True:
                    after = [p for block in ahead for p in block] if wide else []
                    tail = after[:width]
                    found, fired = self._run(before, core, tail, states)
                    if all(self._kept(c, tail, fired) >= c.neighbours for c in wide):
                        break
                    if len(tail) == len(after) and not pull():
                        break  # the end of the file
                    width *= 4
                for pair in core:
                    issues = found[pair.id]
                    self.n_pairs += 1
                    self.n_issues += len(issues)
                    yield pair, issues
                if self.progress is not None:
                    self.progress.update(len(core))
                if wide:
                    before = self._last(wide, [*before, *core], fired)
        finally:
            if self.progress is not None:
                self.progress.close()

    def _moot(self, check: Check, fired: dict[str, set[str]]) -> set[str]:
        return set().union(*(fired.get(name, set()) for name in check.skip_if))

    def _kept(self, check: Check, pairs: list[AlignedPair], fired: dict[str, set[str]]) -> int:
        """How many of ``pairs`` ``check`` runs on (not skipped, not over-long)."""
        moot = self._moot(check, fired)
        return sum(1 for p in pairs if p.id not in moot and not self._huge(p))

    def _last(self, wide: list[Check], pairs: list[AlignedPair], fired: dict[str, set[str]]) -> list[AlignedPair]:
        """The shortest tail of ``pairs`` holding ``neighbours`` pairs that each check of ``wide`` runs on."""
        need = {c.name: c.neighbours for c in wide}
        moot = {c.name: self._moot(c, fired) for c in wide}
        start = len(pairs)
        while start > 0 and any(n > 0 for n in need.values()):
            start -= 1
            pair = pairs[start]
            for name in need:
                if pair.id not in moot[name] and not self._huge(pair):
                    need[name] -= 1
        return pairs[start:]

    def _run(
        self, head: list[AlignedPair], core: list[AlignedPair], tail: list[AlignedPair], states: dict[str, object]
    ) -> tuple[dict[str, list[Issue]], dict[str, set[str]]]:
        """run_checks on ``head + core + tail``, keeping the issues of ``core`` (document-level checks: core only)."""
        ext = [*head, *core, *tail]
        ctx: CheckContext = replace(self.ctx, pairs=tuple(ext))
        huge = {p.id: n for p in ext if (n := self._huge(p))}
        found: dict[str, list[Issue]] = {p.id: [] for p in core}
        fired: dict[str, set[str]] = {}
        for check in self.checks:
            moot = self._moot(check, fired) | huge.keys()
            pool = core if check.document_level else ext
            todo = [p for p in pool if p.id not in moot]
            issues = _capped(list(check.run_block(todo, ctx, states[check.name])), check, MAX_ISSUES_PER_PAIR)
            issues += [_too_long(pair_id, n, check, self.limit) for pair_id, n in huge.items()]
            fired[check.name] = {i.pair_id for i in issues}
            for issue in issues:
                if issue.pair_id in found:
                    found[issue.pair_id].append(issue)
        return found, fired


def open_chunked(
    inputs: Sequence[str], *, fmt: str | None, config: Config, parallel: bool = False
) -> ChunkedCheck | None:
    """A ChunkedCheck of one TSV/CSV/JSONL/TMX/XLIFF/Parquet file or two ``parallel`` line files, else None."""
    from aligner.embed import load_encoder
    from aligner.ingest.stream import open_parallel

    checks = build_checks(config)
    if not streamable(checks):
        return None  # known before any reading or model loading: the whole-file run does each once
    langs = {"src_lang": config.src_lang, "tgt_lang": config.tgt_lang}
    source = open_parallel(inputs, fmt=fmt, parallel=parallel, **langs)
    if source is None:
        return None
    return ChunkedCheck(source, encoder=load_encoder(config.encoder), config=config, checks=checks)
