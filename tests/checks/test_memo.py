"""The re-check memo: keyed by text, never stale; an incremental variant index answers like a fresh one."""

from __future__ import annotations

import random

from aligner.checks import CheckContext, run_checks
from aligner.checks.memo import Memo, memoised
from aligner.checks.variants import variant_renderings
from aligner.config import Config
from aligner.model import AlignedPair
from aligner.pipeline import build_checks
from tests.review.conftest import AR, EN

VARIANT_A = "أدلت الوكالة العالمية لمكافحة المنشطات ببيان"
VARIANT_B = "وكالة العالم لمكافحة المنشطات تدافع عن قرارها"
REPEAT = "قال المسؤولون إن المحادثات ستستمر الأسبوع المقبل في جنيف."


def test_memo_computes_once_per_key_and_starts_again_when_full() -> None:
    calls: list[str] = []
    memo = Memo(max_entries=2)
    for key in ["a", "a", "b", "a"]:
        assert memo.get(key, lambda k=key: calls.append(k) or k.upper()) == key.upper()
    assert calls == ["a", "b"]
    memo.get("c", lambda: "C")  # over the limit: the memo empties, then keeps "c"
    assert len(memo) == 1
    assert memoised(None, "a", lambda: 1) == 1


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = [*AR, VARIANT_A, VARIANT_B, REPEAT, ""]
    return [rng.choice(pool) for _ in range(n)]


def test_incremental_variants_equal_a_fresh_scan_after_every_edit() -> None:
    memo = Memo()
    texts = _texts(40, 1)
    rng = random.Random(2)
    pool = [*AR, VARIANT_A, VARIANT_B, REPEAT, "", VARIANT_A + " " + VARIANT_B]
    for step in range(30):
        assert variant_renderings(texts, memo=memo) == variant_renderings(texts)
        if step == 20:
            texts = texts[:-3]  # a merge: fewer texts, the index starts again
        else:
            texts[rng.randrange(len(texts))] = rng.choice(pool)
    assert variant_renderings(texts, memo=memo) == variant_renderings(texts)


def test_document_checks_with_a_memo_find_what_they_find_without() -> None:
    checks = [c for c in build_checks(Config(encoder="hashing")) if c.document_level]
    memo = Memo()
    rng = random.Random(3)
    src, tgt = [*EN, *EN, "The agency spoke."], [*AR, REPEAT, VARIANT_B, REPEAT, *AR[:1], VARIANT_A]
    for _ in range(12):
        pairs = [AlignedPair(f"p{k}", (k,), (k,), s, t) for k, (s, t) in enumerate(zip(src, tgt, strict=True))]
        fresh = run_checks(pairs, checks, CheckContext(pairs=tuple(pairs)))
        assert run_checks(pairs, checks, CheckContext(pairs=tuple(pairs), memo=memo)) == fresh
        tgt[rng.randrange(len(tgt))] = rng.choice([*AR, REPEAT, VARIANT_A, VARIANT_B])


def test_a_variant_index_primed_slice_by_slice_answers_like_a_fresh_scan() -> None:
    from aligner.checks.variants import prime_variants

    texts = _texts(60, 4)
    memo = Memo()
    for start in range(0, len(texts), 7):
        prime_variants(len(texts), start, texts[start : start + 7], memo=memo)
    edited = [*texts[:5], VARIANT_B, *texts[6:]]  # an edit after the warm: only that text is read again
    assert variant_renderings(edited, memo=memo) == variant_renderings(edited)


def test_warmed_document_checks_find_what_they_find_without() -> None:
    checks = build_checks(Config(encoder="hashing"))
    src, tgt = [*EN, *EN, "The agency spoke."], [*AR, REPEAT, VARIANT_B, REPEAT, *AR[:1], VARIANT_A]
    pairs = [AlignedPair(f"p{k}", (k,), (k,), s, t) for k, (s, t) in enumerate(zip(src, tgt, strict=True))]
    memo = Memo()
    ctx = CheckContext(pairs=tuple(pairs), memo=memo)
    for check in checks:
        for start in range(0, len(pairs), 3):
            check.warm(pairs, slice(start, start + 3), ctx)
    assert len(memo) > len(pairs)  # per-text work is kept
    wide = [c for c in checks if c.document_level]
    assert run_checks(pairs, wide, ctx) == run_checks(pairs, wide, CheckContext(pairs=tuple(pairs)))


def test_a_variant_index_primed_in_any_order_with_edits_between_answers_like_a_fresh_scan() -> None:
    """Slices read ahead only add occurrences (their pairs are walked, old hits stand); edits re-walk in full."""
    from aligner.checks.variants import prime_variants

    rng = random.Random(5)
    pool = [*AR, VARIANT_A, VARIANT_B, REPEAT, "", VARIANT_A + " " + VARIANT_B]
    for trial in range(6):
        texts = _texts(50, 10 + trial)
        memo = Memo()
        starts = list(range(0, len(texts), 1 + trial))
        rng.shuffle(starts)
        for start in starts:
            prime_variants(len(texts), start, texts[start : start + 1 + trial], memo=memo)
            if rng.random() < 0.3:  # an edit while the warm-up is under way
                texts[rng.randrange(len(texts))] = rng.choice(pool)
                assert variant_renderings(texts, memo=memo) == variant_renderings(texts)
        assert variant_renderings(texts, memo=memo) == variant_renderings(texts)
