"""Per-check precision as judged by reviewers: confirmed / (confirmed + dismissed), on the texts shown now."""

from __future__ import annotations

from aligner.model import AlignedPair, AlignmentResult, Category, Document, Issue, ReviewStatus, Severity, Side, Span
from aligner.review.precision import CheckPrecision, check_precision
from aligner.review.verdicts import added_issue, issue_key, verdict
from aligner.store.base import PairState


def test_precision_per_check_over_runs_least_precise_first() -> None:
    pairs = tuple(AlignedPair(f"p{i}", (i,), (i,), f"en {i}", f"ar نص {i}") for i in range(3))
    issues = (
        Issue("p0", "numbers", Category.NUMBER, Severity.MAJOR, "n0"),
        Issue("p1", "numbers", Category.NUMBER, Severity.MAJOR, "n1"),
        Issue("p1", "terminology", Category.TERMINOLOGY, Severity.MINOR, "t1"),
        Issue("p2", "terminology", Category.TERMINOLOGY, Severity.MINOR, "t2"),
    )
    doc = Document("d", "en", "x")
    result = AlignmentResult(doc, doc, (), (), pairs, issues, {})

    def key(i: int) -> str:
        pair = next(p for p in pairs if p.id == issues[i].pair_id)
        return issue_key(issues[i], pair.src_text, pair.tgt_text)

    mine = added_issue("p0", Side.TARGET, Span(3, 5), Category.OTHER, Severity.MINOR, "", pairs[0].tgt_text)
    verdicts = [
        verdict("r", "p0", key(0), "confirm", "a"),
        verdict("r", "p1", key(1), "dismiss", "a"),
        verdict("r", "p1", key(2), "dismiss", "a"),
        verdict("r", "p2", key(3), "dismiss", "a"),
        verdict("r", "p2", key(3), "reopen", "b"),  # reopened: not judged
        verdict("r", "p0", issue_key(mine, "en 0", "ar نص 0"), "add", "a", issue=mine),  # added: no check to judge
    ]
    expected = [CheckPrecision("terminology", 0, 1), CheckPrecision("numbers", 1, 1)]
    assert check_precision([(result, {}, verdicts)]) == expected
    assert check_precision([(result, {}, verdicts)] * 2)[1] == CheckPrecision("numbers", 2, 2)  # a project's runs
    assert check_precision([(result, {}, verdicts)])[1].precision == 0.5
    edited = {"p1": PairState("p1", ReviewStatus.EDITED, edited_text="نص جديد", version=1)}
    assert check_precision([(result, edited, verdicts)]) == [CheckPrecision("numbers", 1, 0)]  # old text's verdicts
    assert check_precision([(result, {}, [])]) == [] and CheckPrecision("x", 0, 0).precision is None
