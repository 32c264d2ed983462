from __future__ import annotations

import pytest

from aligner.align import evaluate, score_alignments

GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        # identical: everything right
        (GOLD, dict(precision_strict=1, recall_strict=1, precision_lax=1, recall_lax=1)),
        # 1-2 split into 1-1 + 0-1: precision 3/5 strict (0-0, 2-, 3-3); the (1)-(1) bead is a lax hit,
        # the ()-(2) insertion never is -> lax 4/5. Recall over gold non-deletions {0-0, 1-12, 3-3}: strict 2/3,
        # lax 3/3 (gold 1-12 overlaps system 1-1).
        (
            [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,))],
            dict(precision_strict=3 / 5, recall_strict=2 / 3, precision_lax=4 / 5, recall_lax=1),
        ),
        # deletion aligned instead: system 2-3 wrong, 3 deleted.
        (
            [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), ())],
            dict(precision_strict=2 / 4, recall_strict=2 / 3, precision_lax=2 / 4, recall_lax=2 / 3),
        ),
    ],
)
def test_hand_computed(test, expected):
    got = evaluate(GOLD, test).as_dict()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key
    p, r = expected["precision_strict"], expected["recall_strict"]
    assert got["f1_strict"] == pytest.approx(2 * p * r / (p + r))


def test_counts_are_summed_over_documents():
    doc_a = ([((0,), (0,))], [((0,), (0,))])
    doc_b = ([((0,), (0,)), ((1,), (1,)), ((2,), (2,))], [((0, 1), (0, 1)), ((2,), (2,))])
    res = score_alignments([doc_a[0], doc_b[0]], [doc_a[1], doc_b[1]])
    assert res.precision_strict == pytest.approx(2 / 3)  # micro: (1 + 1) / (1 + 2), not mean(1, 1/2)
    assert res.recall_strict == pytest.approx(2 / 4)
    assert res.recall_lax == pytest.approx(1.0)


def test_empty_beads_and_duplicates_ignored():
    res = evaluate([((0,), (0,)), ((), ())], [((0,), (0,)), ((0,), (0,)), ((), ())])
    assert res.f1_strict == 1.0


def test_mismatched_document_counts():
    with pytest.raises(ValueError, match="documents"):
        score_alignments([[]], [])
