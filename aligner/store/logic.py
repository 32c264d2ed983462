"""Backend-independent store logic: validation, pair texts and ids, merge/split of links, review replay and undo."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from aligner.model import AlignedPair, AlignmentResult, Issue, QualityScore, ReviewStatus, Segment
from aligner.store.base import ConflictError, IssueVerdict, PairState, ReviewEvent, StoreError

TEXT_SEPARATOR = " "
BARRIER_ACTIONS = frozenset({"merge", "split"})  # events that start a pair's history; undo never crosses them
MAX_PAIR_ID = 120


def now() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)


def fmt_time(at: datetime | None) -> str:
    """Format a timestamp for one-line user messages."""
    if at is None:
        return "an unknown time"
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def join_texts(texts: Iterable[str]) -> str:
    """Join pair or sentence texts the way merged pairs read: non-blank parts separated by one space."""
    return TEXT_SEPARATOR.join(t for t in texts if t.strip())


def canonical_text(segments: Sequence[Segment], indices: Sequence[int]) -> str:
    """The text a pair has when built from its sentences (stored pair texts are only kept when they differ)."""
    if len(indices) == 1:  # the common case, kept fast for 10,000-pair runs
        text = segments[indices[0]].text
        return text if text.strip() else ""
    return join_texts(segments[i].text for i in indices)


def validate_result(result: AlignmentResult) -> None:
    """Raise StoreError if the result is not self-consistent enough to be stored and rebuilt."""
    ids: set[str] = set()
    n_src, n_tgt = len(result.src_segments), len(result.tgt_segments)
    for pair in result.pairs:
        if not pair.id or len(pair.id) > MAX_PAIR_ID:
            raise StoreError(f"pair id {pair.id!r} must be 1-{MAX_PAIR_ID} characters")
        if pair.id in ids:
            raise StoreError(f"duplicate pair id {pair.id!r} in the result")
        ids.add(pair.id)
        for side, indices, n in (("source", pair.src, n_src), ("target", pair.tgt, n_tgt)):
            bad = [i for i in indices if not 0 <= i < n]
            if bad:
                raise StoreError(f"pair {pair.id!r} points to {side} sentence {bad[0]} of {n}")
    for issue in result.issues:
        if issue.pair_id not in ids:
            raise StoreError(f"issue {issue.check!r} refers to unknown pair {issue.pair_id!r}")
    unknown = set(result.scores) - ids
    if unknown:
        raise StoreError(f"score for unknown pair {sorted(unknown)[0]!r}")


def validate_checks(pair_id: str, issues: Sequence[Issue], score: QualityScore | None) -> None:
    """Raise StoreError if replacement issues belong to another pair."""
    del score
    for issue in issues:
        if issue.pair_id != pair_id:
            raise StoreError(f"issue {issue.check!r} is for pair {issue.pair_id!r}, not {pair_id!r}")


def unique_pair_id(candidate: str, is_used: Callable[[str], bool], prefix: str, start: int) -> str:
    """Return ``candidate`` if free and short enough, else the first free ``<prefix><n>`` with n >= ``start``."""
    if len(candidate) <= MAX_PAIR_ID and not is_used(candidate):
        return candidate
    n = start
    while is_used(f"{prefix}{n}"):
        n += 1
    return f"{prefix}{n}"


def merged_id(a_id: str, b_id: str) -> str:
    """The id a merge proposes: the first pair's first id and the next pair's last (``p2+p3`` then ``p2+p4``)."""
    return f"{a_id.split('+')[0]}+{b_id.split('+')[-1]}"


def merged_pair(a: AlignedPair, b: AlignedPair, new_id: str) -> AlignedPair:
    """The bead made by merging ``a`` with the following pair ``b`` (links only; sentences untouched)."""
    return AlignedPair(
        id=new_id,
        src=tuple(sorted(set(a.src) | set(b.src))),
        tgt=tuple(sorted(set(a.tgt) | set(b.tgt))),
        src_text=join_texts((a.src_text, b.src_text)),
        tgt_text=join_texts((a.tgt_text, b.tgt_text)),
        similarity=None,
        origin="manual",
        role=a.role or b.role,
    )


def _cumulative(segments: Sequence[Segment], indices: Sequence[int]) -> list[float]:
    """Fraction of the characters covered after 0..n of ``indices``."""
    lengths = [max(len(segments[i].text), 1) for i in indices]
    total = float(sum(lengths)) or 1.0
    out, acc = [0.0], 0
    for n in lengths:
        acc += n
        out.append(acc / total)
    return out


def choose_split(pair: AlignedPair, src: Sequence[Segment], tgt: Sequence[Segment]) -> tuple[int, int]:
    """Pick (source, target) sentence counts for the first part: proportional lengths, fewest one-sided parts."""
    n, m = len(pair.src), len(pair.tgt)
    cs, ct = _cumulative(src, pair.src), _cumulative(tgt, pair.tgt)
    best: tuple[float, int, int] | None = None
    for k in range(n + 1):
        for j in range(m + 1):
            if (k, j) in ((0, 0), (n, m)):
                continue
            one_sided = sum(
                1 for has_src, has_tgt in ((k > 0, j > 0), (k < n, j < m)) if (not has_src and n) or (not has_tgt and m)
            )
            cost = abs(cs[k] - ct[j]) + one_sided
            key = (cost, -k, -j)
            if best is None or key < best:
                best = key
    assert best is not None  # callers ensure at least two sentences
    return -best[1], -best[2]


def split_pairs(
    pair: AlignedPair,
    at: tuple[int, int] | None,
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    new_ids: tuple[str, str],
) -> tuple[AlignedPair, AlignedPair]:
    """The two beads made by splitting ``pair`` after ``at`` = (source, target) sentences."""
    n, m = len(pair.src), len(pair.tgt)
    if n + m < 2:
        raise StoreError(f"pair {pair.id} has only {n + m} sentence(s); nothing to split")
    k, j = at if at is not None else choose_split(pair, src, tgt)
    if not (0 <= k <= n and 0 <= j <= m) or (k, j) in ((0, 0), (n, m)):
        raise StoreError(f"cannot split pair {pair.id} ({n}-{m}) after ({k}, {j}) sentences; both parts need one")
    parts = []
    for new_id, s_idx, t_idx in ((new_ids[0], pair.src[:k], pair.tgt[:j]), (new_ids[1], pair.src[k:], pair.tgt[j:])):
        parts.append(
            AlignedPair(
                id=new_id,
                src=s_idx,
                tgt=t_idx,
                src_text=canonical_text(src, s_idx),
                tgt_text=canonical_text(tgt, t_idx),
                similarity=None,
                origin="manual",
                role=pair.role,
            )
        )
    return parts[0], parts[1]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The reviewable part of a pair's state."""

    status: ReviewStatus = ReviewStatus.PENDING
    edited_text: str | None = None
    comment: str | None = None
    edited_src: str | None = None


def state_of(pair_id: str, event: ReviewEvent | None) -> PairState:
    """The pair state after ``event`` (every event carries the full state it leaves the pair in)."""
    if event is None:
        return PairState(pair_id=pair_id)
    return PairState(
        pair_id=pair_id,
        status=event.status,
        edited_text=event.edited_text,
        comment=event.comment,
        reviewer=event.reviewer,
        version=event.version,
        updated_at=event.at,
        edited_src=event.edited_src,
    )


def _replay(events: Sequence[ReviewEvent]) -> tuple[list[Snapshot], list[Snapshot]]:
    """The undo and redo stacks after ``events`` (undo pops one, redo re-applies it; a new review clears redo)."""
    undo: list[Snapshot] = []
    redo: list[Snapshot] = []
    current = Snapshot()
    for ev in events:
        snap = Snapshot(ev.status, ev.edited_text, ev.comment, ev.edited_src)
        if ev.action == "undo":
            if undo:
                redo.append(current)
                current = undo.pop()
        elif ev.action == "redo":
            if redo:
                undo.append(current)
                current = redo.pop()
        elif ev.action in BARRIER_ACTIONS:
            undo.clear()
            redo.clear()
            current = snap
        else:
            undo.append(current)
            redo.clear()
            current = snap
    return undo, redo


TargetOf = Callable[[str, Sequence[ReviewEvent]], Snapshot]  # undo_target / redo_target


def undo_target(pair_id: str, events: Sequence[ReviewEvent]) -> Snapshot:
    """The state an undo restores: the one before the latest non-undo event not yet undone."""
    stack, _ = _replay(events)
    if not stack:
        raise StoreError(f"nothing to undo for pair {pair_id}")
    return stack[-1]


def redo_target(pair_id: str, events: Sequence[ReviewEvent]) -> Snapshot:
    """The state a redo restores: the one the latest undo (not followed by a new review) took away."""
    _, stack = _replay(events)
    if not stack:
        raise StoreError(f"nothing to redo for pair {pair_id}")
    return stack[-1]


def check_review(
    status: ReviewStatus | str,
    reviewer: str,
    expected_version: int,
    edited_text: str | None,
    edited_src: str | None = None,
) -> ReviewStatus:
    """Validate review arguments; return the status as the enum."""
    try:
        status = ReviewStatus(status)
    except ValueError:
        known = ", ".join(s.value for s in ReviewStatus)
        raise StoreError(f"unknown review status {status!r}; known: {known}") from None
    if not reviewer or not reviewer.strip():
        raise StoreError("a review needs a reviewer name")
    if expected_version < 0:
        raise StoreError(f"expected_version must be >= 0, got {expected_version}")
    if status is ReviewStatus.EDITED and edited_text is None and edited_src is None:
        raise StoreError("status 'edited' needs the edited text (Arabic, English or both)")
    return status


def conflict(pair_id: str, expected: int, latest: ReviewEvent | None) -> ConflictError:
    """The ConflictError for a stale ``expected_version``."""
    if latest is None or latest.version < expected:
        version = 0 if latest is None else latest.version
        return ConflictError(f"pair {pair_id} is at version {version}, not {expected}; reload to see its state")
    return ConflictError(
        f"pair {pair_id} was changed by {latest.reviewer} at {fmt_time(latest.at)}; reload to see their edit"
    )


def retired(pair_id: str, replaced_by: str | None, latest: ReviewEvent | None) -> ConflictError:
    """The ConflictError for a pair that a merge or split replaced."""
    verb = "split" if latest is not None and latest.action == "split" else "merged"
    into = f" into {replaced_by}" if replaced_by else ""
    who = f" by {latest.reviewer} at {fmt_time(latest.at)}" if latest is not None else ""
    return ConflictError(f"pair {pair_id} was {verb}{into}{who}; reload to see the new pairs")


def merged_snapshot(a: AlignedPair, a_state: PairState, b: AlignedPair, b_state: PairState) -> Snapshot:
    """The review state a merged pair starts in: pending, unless an edit, a comment or a rejection is carried over.

    A rejected part keeps the merged pair rejected (a merge must never bring a rejected pair back into exports).
    """
    comment = "\n".join(c for c in (a_state.comment, b_state.comment) if c) or None
    rejected = ReviewStatus.REJECTED in (a_state.status, b_state.status)
    edited = _joined_edit(a.tgt_text, a_state.edited_text, b.tgt_text, b_state.edited_text)
    edited_src = _joined_edit(a.src_text, a_state.edited_src, b.src_text, b_state.edited_src)
    if edited is None and edited_src is None:
        return Snapshot(ReviewStatus.REJECTED if rejected else ReviewStatus.PENDING, None, comment)
    return Snapshot(ReviewStatus.REJECTED if rejected else ReviewStatus.EDITED, edited, comment, edited_src)


def _joined_edit(a_text: str, a_edit: str | None, b_text: str, b_edit: str | None) -> str | None:
    """One side of a merged pair: the parts joined, each as edited (None when neither part was edited)."""
    if a_edit is None and b_edit is None:
        return None
    return join_texts((a_text if a_edit is None else a_edit, b_text if b_edit is None else b_edit))


def split_snapshot(pair_id: str, state: PairState) -> Snapshot:
    """The review state both parts of a split start in: pending with the comment; an edited pair is not split."""
    if state.edited_text is not None or state.edited_src is not None:
        raise StoreError(
            f"pair {pair_id} has an edit; a split would lose it. Undo the edit, split, then edit the parts"
        )
    return Snapshot(ReviewStatus.PENDING, None, state.comment)


def check_versions(expected: Mapping[str, int] | None, actual: Mapping[str, ReviewEvent | None]) -> None:
    """Raise ConflictError if any pair in ``expected`` is not at its expected version (None = no check)."""
    if expected is None:
        return
    for pair_id, want in expected.items():
        latest = actual.get(pair_id)
        if (0 if latest is None else latest.version) != want:
            raise conflict(pair_id, want, latest)


MAX_SECONDS = 24 * 3600.0


def check_seconds(seconds: float | None) -> float | None:
    """Validate the time spent on a pair (rounded to 0.1 s); StoreError if negative or not a number."""
    if seconds is None:
        return None
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        raise StoreError(f"seconds must be a number, got {seconds!r}") from None
    if not 0.0 <= value <= MAX_SECONDS:
        raise StoreError(f"seconds must be within 0-{MAX_SECONDS:g}, got {value:g}")
    return round(value, 1)


VERDICT_KINDS = frozenset({"dismiss", "confirm", "reopen", "severity", "add", "retract"})


def check_verdict(verdict: IssueVerdict) -> None:
    """Raise StoreError if a verdict is malformed."""
    if verdict.kind not in VERDICT_KINDS:
        raise StoreError(f"unknown verdict {verdict.kind!r}; known: {', '.join(sorted(VERDICT_KINDS))}")
    if not verdict.reviewer or not verdict.reviewer.strip():
        raise StoreError("a verdict needs a reviewer name")
    if not verdict.issue_key:
        raise StoreError("a verdict needs the key of its issue")
    if verdict.kind == "severity" and (verdict.severity is None or not 0 <= verdict.severity <= 3):
        raise StoreError("a severity verdict needs a severity 0-3")
    if verdict.kind == "add" and (verdict.issue is None or verdict.issue.pair_id != verdict.pair_id):
        raise StoreError("an added issue needs its issue, on the verdict's pair")
    if verdict.reason is not None and len(verdict.reason) > 2000:
        raise StoreError("a verdict reason holds at most 2,000 characters")
