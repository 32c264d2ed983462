"""run_checks(workers=2): the text-only checks in a forked child give the same issues, in the same order."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.checks import CHECKS, Check, CheckContext, run_checks
from aligner.checks.lanes import PARALLEL_FROM, Lane, can_fork, split_lanes
from aligner.model import AlignedPair, Category, Issue

NTREX = Path(__file__).resolve().parents[2] / "evaluation" / "data" / "ntrex-en-ar"
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="two lanes fork, on Linux only")


def _pairs(n: int) -> list[AlignedPair]:
    """NTREX pairs, every 7th target swapped with its neighbour's and every 11th emptied (issues to find)."""
    en = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:n]
    ar = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()[:n]
    for i in range(0, n - 1, 7):
        ar[i], ar[i + 1] = ar[i + 1], ar[i]
    ar = ["" if i % 11 == 3 else t for i, t in enumerate(ar)]
    return [AlignedPair(f"p{i}", (i,), (i,) if t else (), s, t) for i, (s, t) in enumerate(zip(en, ar, strict=True))]


def _checks() -> list[Check]:
    return [CHECKS.get(name)() for name in CHECKS.names()]


def test_lanes_keep_the_encoder_checks_and_their_preconditions_here() -> None:
    here, child = split_lanes(_checks())
    assert {c.name for c in here} == {"untranslated", "omission", "weak_pair"}
    assert {c.name for c in child} == {"numbers", "duplication", "terminology", "punctuation"}


@linux_only
def test_two_lanes_give_the_serial_issues_in_order() -> None:
    pairs = _pairs(PARALLEL_FROM + 50)
    ctx = CheckContext(pairs=tuple(pairs))
    assert can_fork(len(pairs), _checks(), ctx)
    serial = run_checks(pairs, _checks(), ctx)
    assert serial and {i.check for i in serial} >= {"numbers", "omission"}
    assert run_checks(pairs, _checks(), ctx, workers=2) == serial


def test_small_documents_stay_in_one_process() -> None:
    pairs = _pairs(20)
    assert not can_fork(len(pairs), _checks(), CheckContext(pairs=tuple(pairs)))


class FailsInChild(Check):
    """Raises anywhere but in the process that created it (a child that dies)."""

    name = "fails_in_child"
    category = Category.OTHER

    def __init__(self) -> None:
        self.home = os.getpid()

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        if os.getpid() != self.home:
            raise RuntimeError("child")
        if pair.id == "p1":
            yield Issue(pair.id, self.name, self.category, self.severity, "found")


@linux_only
def test_a_failed_child_lane_runs_here_instead() -> None:
    pairs = _pairs(PARALLEL_FROM)
    checks = [CHECKS.get("omission")(), FailsInChild()]
    ctx = CheckContext(pairs=tuple(pairs))
    serial = run_checks(pairs, checks, ctx)
    assert [i.check for i in serial].count("fails_in_child") == 1
    assert run_checks(pairs, checks, ctx, workers=2) == serial


@linux_only
def test_a_lane_started_before_the_pairs_prepares_on_the_texts_and_gives_the_same_issues() -> None:
    pairs = _pairs(PARALLEL_FROM + 10)
    ctx = CheckContext(pairs=tuple(pairs))
    serial = run_checks(pairs, _checks(), ctx)
    texts = [(p.src_text, "en") for p in pairs] + [(p.tgt_text, "ar") for p in pairs]
    lane = Lane(_checks(), CheckContext(), texts)  # as the pipeline does, before alignment
    assert lane.finish(pairs, ctx) == serial


@linux_only
def test_a_cancelled_lane_leaves_no_child() -> None:
    lane = Lane(_checks(), CheckContext(), [("one", "en")])
    lane.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(lane.pid, 0)


def test_prepared_numbers_read_the_same_as_unprepared() -> None:
    pairs = _pairs(60)
    ctx = CheckContext(pairs=tuple(pairs))
    prepared = CHECKS.get("numbers")()
    prepared.read_ahead([(p.src_text, "en") for p in pairs] + [(p.tgt_text, "ar") for p in pairs])
    assert prepared._prepared
    assert run_checks(pairs, [prepared], ctx) == run_checks(pairs, [CHECKS.get("numbers")()], ctx)
