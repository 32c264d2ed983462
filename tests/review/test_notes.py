"""Export notes: a pair's comment and the verdicts in force on its shown text, in one line."""

from __future__ import annotations

from aligner.export import rows_from_result
from aligner.model import AlignedPair, AlignmentResult, Category, Document, Issue, ReviewStatus, Severity, Side, Span
from aligner.review.notes import review_map, review_notes
from aligner.review.verdicts import added_issue, issue_key, verdict
from aligner.store.base import PairState


def _result() -> AlignmentResult:
    pairs = tuple(AlignedPair(f"p{i}", (i,), (i,), f"en {i}", f"ar نص {i}") for i in range(3))
    issues = (
        Issue("p0", "numbers", Category.NUMBER, Severity.MAJOR, "number 0 missing"),
        Issue("p1", "terminology", Category.TERMINOLOGY, Severity.MINOR, "term"),
    )
    doc = Document("d", "en", "x")
    return AlignmentResult(doc, doc, (), (), pairs, issues, {})


def test_notes_carry_comments_dismissals_confirmations_regrades_and_added_issues() -> None:
    result = _result()
    p0, p1, p2 = result.pairs
    k0 = issue_key(result.issues[0], p0.src_text, p0.tgt_text)
    k1 = issue_key(result.issues[1], p1.src_text, p1.tgt_text)
    mine = added_issue("p2", Side.TARGET, Span(3, 5), Category.OTHER, Severity.MINOR, "", p2.tgt_text)
    verdicts = [
        verdict("r", "p0", k0, "dismiss", "Ann", reason="it is there"),
        verdict("r", "p1", k1, "confirm", "Bo"),
        verdict("r", "p1", k1, "severity", "Bo", severity=Severity.CRITICAL),
        verdict("r", "p2", issue_key(mine, p2.src_text, p2.tgt_text), "add", "Ann", issue=mine),
    ]
    states = {"p1": PairState("p1", ReviewStatus.ACCEPTED, comment="check the term", version=1)}
    notes = review_notes(result, states, verdicts)
    assert notes == {
        "p0": "dismissed by Ann (it is there): numbers number (major): number 0 missing",
        "p1": "comment: check the term | confirmed by Bo: terminology terminology (critical): term, "
        "re-graded from minor",
        "p2": "added by Ann: other (minor): Marked by a reviewer: other [نص]",
    }
    rows = {r.id: r for r in rows_from_result(result, reviews=review_map(states, notes))}
    assert rows["p1"].note == notes["p1"] and rows["p1"].status == "accepted"
    assert (rows["p0"].status, rows["p0"].note) == ("pending", notes["p0"])  # a note without a review state
    assert rows["p2"].note == notes["p2"]
    edited = {"p0": PairState("p0", ReviewStatus.EDITED, edited_text="نص جديد", version=1)}
    assert "p0" not in review_notes(result, edited, verdicts[:1])  # a verdict on the old text does not carry over
