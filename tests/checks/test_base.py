"""run_checks(): order, skip_if preconditions and the per-pair issue cap."""

from __future__ import annotations

from collections.abc import Iterator

from aligner.checks.base import MAX_ISSUES_PER_PAIR, Check, CheckContext, run_checks
from aligner.model import AlignedPair, Category, Issue, Severity, Side, Span


class EveryWord(Check):
    """Flags every word (a stand-in for a check on a pathological segment)."""

    name = "every_word"
    category = Category.OTHER

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        start = 0
        for word in pair.tgt_text.split():
            start = pair.tgt_text.index(word, start)
            span = Span(start, start + len(word))
            yield Issue(pair.id, self.name, self.category, self.severity, "w", Side.TARGET, span)
            start += len(word)


class AfterEveryWord(EveryWord):
    """Runs only where EveryWord found nothing."""

    name = "after"
    skip_if = frozenset({"every_word"})


def _pair(pid: str, tgt: str) -> AlignedPair:
    return AlignedPair(pid, (0,), (0,), "x", tgt)


def test_issues_per_pair_are_capped_with_a_count() -> None:
    pairs = [_pair("p0", " ".join(["كلمة"] * 100)), _pair("p1", "كلمة كلمة")]
    issues = run_checks(pairs, [EveryWord()], CheckContext())
    p0 = [i for i in issues if i.pair_id == "p0"]
    assert len(p0) == MAX_ISSUES_PER_PAIR + 1
    summary = p0[-1]
    assert summary.severity is Severity.INFO and summary.evidence["omitted"] == 100 - MAX_ISSUES_PER_PAIR
    assert len([i for i in issues if i.pair_id == "p1"]) == 2


def test_skip_if_skips_pairs_already_flagged() -> None:
    pairs = [_pair("p0", "word"), _pair("p1", "")]
    issues = run_checks(pairs, [EveryWord(), AfterEveryWord()], CheckContext())
    assert {(i.check, i.pair_id) for i in issues} == {("every_word", "p0")}
