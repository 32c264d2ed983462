from __future__ import annotations

import pytest

from aligner.model import AlignedPair, Category, Issue, Severity
from aligner.score import ScoreConfig, reference_scores, score_corpus, score_document, score_pairs
from aligner.score.mqm import MqmWeights, mqm_score, penalty_points
from aligner.score.similarity import USE_M3, SimilarityCalibration

TWENTY = " ".join(["كلمة"] * 20)


def _issue(pid: str, sev: Severity) -> Issue:
    return Issue(pid, "x", Category.OTHER, sev, "m")


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        ((), 100.0),
        ((Severity.MINOR,), 95.0),
        ((Severity.MAJOR,), 75.0),
        ((Severity.CRITICAL,), 0.0),
        ((Severity.INFO,), 100.0),
        ((Severity.MAJOR, Severity.MINOR), 70.0),
    ],
)
def test_mqm_per_pair(severities, expected):
    pair = AlignedPair("p", (0,), (0,), "src", TWENTY)
    scores = score_pairs([pair], [_issue("p", s) for s in severities], config=ScoreConfig(similarity_weight=0))
    assert scores["p"].value == expected


def test_mqm_helpers():
    assert penalty_points([_issue("p", Severity.MAJOR)], MqmWeights()) == 5
    assert mqm_score(5, 100) == 95
    assert mqm_score(5, 1) == 75  # min_words protects short segments


def test_similarity_component_lowers_score():
    good = AlignedPair("g", (0,), (0,), "a", TWENTY, similarity=0.9)
    bad = AlignedPair("b", (1,), (1,), "a", TWENTY, similarity=0.1)
    s = score_pairs([good, bad], [], calibration=USE_M3)
    assert s["g"].value == 100 and s["b"].value == 90
    assert s["b"].components["similarity"] == 0


def test_similarity_needs_the_encoders_calibration():
    """A cosine means nothing without its encoder's measured range: no calibration, no similarity share."""
    bad = AlignedPair("b", (1,), (1,), "a", TWENTY, similarity=0.1)
    s = score_pairs([bad], [])
    assert s["b"].value == 100 and "similarity" not in s["b"].components
    assert "+sim" not in ScoreConfig().signature()
    assert "cal=use-m3" in ScoreConfig().signature(USE_M3)


def test_calibration_maps_to_range():
    cal = SimilarityCalibration(0.2, 0.6, "e", "test")
    assert cal.score(0.1) == 0 and cal.score(0.4) == pytest.approx(50) and cal.score(0.9) == 100
    assert USE_M3.low < USE_M3.high


def test_document_and_corpus():
    pairs = [AlignedPair("a", (0,), (0,), "one two", "واحد اثنان"), AlignedPair("b", (1,), (1,), "x", "")]
    scores = score_pairs(pairs, [_issue("a", Severity.CRITICAL)])
    doc = score_document(pairs, scores)
    assert 0 <= doc.value < 100
    assert score_corpus([(pairs, scores), (pairs, scores)]).value == doc.value


def test_signature():
    assert ScoreConfig().signature().startswith("mqm.v1(minor=1,major=5,critical=25")


def test_reference_scores():
    out = reference_scores(["قال الرئيس إن الحرب انتهت"], ["قال الرئيس إن الحرب انتهت"])
    assert set(out) == {"bleu", "chrf", "chrf++", "ter"}
    assert out["bleu"]["score"] == pytest.approx(100) and "tok:13a" in out["bleu"]["signature"]  # sacrebleu's default
    assert "tok:intl" in reference_scores(["a"], ["a"], bleu_tokenize="intl")["bleu"]["signature"]
    assert "nw:2" in out["chrf++"]["signature"] and out["ter"]["score"] == 0
    with pytest.raises(ValueError):
        reference_scores(["a"], [])
    with pytest.raises(ValueError, match="unknown BLEU tokenizer"):
        reference_scores(["a"], ["a"], bleu_tokenize="moses")
