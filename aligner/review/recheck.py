"""Re-check after any change of the shown text: the changed pairs, and every pair a document-level check ties to them.

The invariant kept: a pair's stored issues, spans and score are those of the text the reviewer is shown (the edited
English and Arabic when there are edits, else the aligned ones). Per-pair checks re-run on the changed pairs only;
document-level checks (terminology consistency, repeated sentences) re-run over the whole shown document, and every
pair whose issues differ is rewritten, so fixing one rendering clears the flag on the pair that held the other one.
A memo per run and check configuration (aligner.checks.memo) keeps each text's tokens and own issues between
re-checks, so only the changed texts are analysed again and the cross-pair pass reuses the rest.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from aligner.checks.base import Check, run_checks
from aligner.checks.memo import Memo
from aligner.config import Config
from aligner.embed.base import Encoder
from aligner.model import AlignedPair, AlignmentResult, Issue, QualityScore
from aligner.store.base import PairState, Store


@dataclass(frozen=True, slots=True)
class Checked:
    """The new issues and score of one pair."""

    issues: tuple[Issue, ...]
    score: QualityScore


def shown_pair(pair: AlignedPair, state: PairState | None) -> AlignedPair:
    """The pair with its edits applied (English and/or Arabic): the text the reviewer sees and the checks describe."""
    if state is None:
        return pair
    src = pair.src_text if state.edited_src is None else state.edited_src
    tgt = pair.tgt_text if state.edited_text is None else state.edited_text
    if src == pair.src_text and tgt == pair.tgt_text:
        return pair
    return replace(pair, src_text=src, tgt_text=tgt, origin="manual")


def shown_pairs(result: AlignmentResult, states: Mapping[str, PairState]) -> list[AlignedPair]:
    """The result's pairs with each edit applied (see shown_pair)."""
    return [shown_pair(pair, states.get(pair.id)) for pair in result.pairs]


def issue_key(issue: Issue) -> tuple[object, ...]:
    """What makes two issues the same for a reviewer (evidence aside: JSON round trips change its types)."""
    span = None if issue.span is None else (issue.span.start, issue.span.end)
    side = None if issue.side is None else issue.side.value
    return (issue.check, issue.category.value, int(issue.severity), side, span, issue.message)


def _same(a: Sequence[Issue], b: Sequence[Issue]) -> bool:
    return sorted(map(issue_key, a), key=repr) == sorted(map(issue_key, b), key=repr)


MEMO_RUNS = 2  # runs whose memo a process keeps (~45 MB for 10,000 pairs; the least recently used is dropped)
_memos: OrderedDict[tuple[str, str], Memo] = OrderedDict()
_memos_lock = threading.Lock()


def run_memo(run_id: str, config: Config) -> Memo:
    """The memo of re-checks of ``run_id`` under ``config`` (a new configuration gets a new, empty one)."""
    key = (run_id, json.dumps(config.as_dict(), sort_keys=True, default=str))
    with _memos_lock:
        memo = _memos.pop(key, None)
        if memo is None:  # not ``or``: an empty Memo is falsy (it has a length)
            memo = Memo()
        _memos[key] = memo
        while len(_memos) > MEMO_RUNS:
            _memos.popitem(last=False)
    return memo


def recheck(
    pairs: Sequence[AlignedPair],
    changed: Collection[str],
    stored: Mapping[str, Sequence[Issue]],
    *,
    checks: Sequence[Check],
    config: Config,
    encoder: Encoder | None,
    memo: Memo | None = None,
) -> dict[str, Checked]:
    """New checks of every pair whose issues change (always including ``changed``), from the shown ``pairs``.

    ``stored`` holds the current issues by pair id; the changed pairs' similarity is recomputed for their text.
    ``memo`` (see run_memo) keeps per-text work of the document-level checks between calls on one run.
    """
    from aligner.pipeline import check_context, similarities
    from aligner.score import ScoreConfig, score_pairs

    changed = set(changed)
    pairs = list(pairs)
    todo = [i for i, p in enumerate(pairs) if p.id in changed]
    sims = similarities(encoder, [pairs[i].src_text for i in todo], [pairs[i].tgt_text for i in todo])
    for i, sim in zip(todo, sims, strict=True):
        pairs[i] = replace(pairs[i], similarity=sim)
    ctx = replace(check_context(pairs, config=config, encoder=encoder), memo=memo)
    local = [c for c in checks if not c.document_level]
    wide = [c for c in checks if c.document_level]
    fresh: dict[str, list[Issue]] = {}
    for issue in run_checks([pairs[i] for i in todo], local, ctx) if todo and local else ():
        fresh.setdefault(issue.pair_id, []).append(issue)
    wide_found: dict[str, list[Issue]] = {}
    for issue in run_checks(pairs, wide, ctx) if wide else ():
        wide_found.setdefault(issue.pair_id, []).append(issue)
    order = {c.name: k for k, c in enumerate(checks)}
    local_names = {c.name for c in local}
    new: dict[str, list[Issue]] = {}
    for pair in pairs:
        if pair.id in changed:
            kept = fresh.get(pair.id, [])
        else:
            kept = [i for i in stored.get(pair.id, ()) if i.check in local_names or i.check not in order]
        issues = kept + wide_found.get(pair.id, [])
        if pair.id in changed or not _same(issues, stored.get(pair.id, ())):
            new[pair.id] = sorted(issues, key=lambda i: order.get(i.check, len(order)))
    if not new:
        return {}
    affected = [p for p in pairs if p.id in new]
    stale = [k for k, p in enumerate(affected) if p.id not in changed and p.origin == "manual"]
    if stale:  # an edited pair rewritten for a document-level reason: score it on its edited text
        sims = similarities(encoder, [affected[k].src_text for k in stale], [affected[k].tgt_text for k in stale])
        for k, sim in zip(stale, sims, strict=True):
            affected[k] = replace(affected[k], similarity=sim)
    scores = score_pairs(affected, [i for p in affected for i in new[p.id]], config=ScoreConfig(**dict(config.score)))
    return {p.id: Checked(tuple(new[p.id]), scores[p.id]) for p in affected}


def warm_memo(
    store: Store, run_id: str, *, config: Config, pause: Callable[[], object] = lambda: None, chunk: int = 64
) -> Memo:
    """Do ahead of the first edit what its re-check would otherwise build: the run's memo, in slices of ``chunk`` pairs.

    Each document-level check memoises its per-text work (Check.warm), and each per-pair check runs once so that
    what it builds on first use (word lists, the numbers lexicon's pattern) is there; ``pause()`` is called between
    the slices (the app waits there while a page is being drawn, so the work never slows a page). The memoised
    work depends on the texts only, never on the encoder, so it runs without one; the re-check's answer is the same
    with or without it.
    """
    from aligner.pipeline import build_checks, check_context

    pairs = shown_pairs(store.load_run(run_id), store.pair_states(run_id))
    memo = run_memo(run_id, config)
    ctx = replace(check_context(pairs, config=config, encoder=None), memo=memo)
    checks = build_checks(config)
    wide = [c for c in checks if c.document_level]
    for start in range(0, len(pairs), chunk):  # slice by slice, every check on it: its tokens are still cached
        pause()
        for check in wide:
            check.warm(pairs, slice(start, start + chunk), ctx)
    for check in checks if pairs else ():
        if not check.document_level:
            pause()
            for _ in check.run(pairs[0], ctx):
                pass
    return memo


def refresh_checks(
    store: Store, run_id: str, changed: Collection[str], *, config: Config, encoder: Encoder | None
) -> dict[str, Checked]:
    """Re-check the run after ``changed`` pairs got new text (edit, undo, redo, merge, split) and store the result.

    Reads the latest state, so it always describes the text now shown, whoever wrote it; returns what it wrote.
    """
    from aligner.pipeline import build_checks

    result = store.load_run(run_id)
    states = store.pair_states(run_id)
    active = {p.id for p in result.pairs}
    changed = [pid for pid in changed if pid in active]
    stored: dict[str, list[Issue]] = {}
    for issue in result.issues:
        stored.setdefault(issue.pair_id, []).append(issue)
    found = recheck(
        shown_pairs(result, states),
        changed,
        stored,
        checks=build_checks(config),
        config=config,
        encoder=encoder,
        memo=run_memo(run_id, config),
    )
    for pair_id, checked in found.items():
        store.replace_pair_checks(run_id, pair_id, checked.issues, checked.score)
    return found
