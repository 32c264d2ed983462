"""MQM arithmetic against worked examples (table-driven), pass/fail boundary, row states and verdicts."""

from __future__ import annotations

import dataclasses

import pytest

from aligner.config import ConfigError, config_from_mapping
from aligner.model import AlignedPair, AlignmentResult, Category, Document, Severity
from aligner.report import MqmSettings, RunInput, Verdicts, build_report, issue_key, settings_from_mapping
from aligner.report.formats import render_report
from aligner.report.mqm import absolute_penalty_total, overall_quality
from tests.report.conftest import make_issue

MINOR, MAJOR, CRITICAL, NEUTRAL = Severity.MINOR, Severity.MAJOR, Severity.CRITICAL, Severity.INFO
TERMS = Category.TERMINOLOGY

# (issues as (severity, category), EWC, settings overrides, APT, PWPT, NPT, OQS, passed)
CASES = [
    ([], 100, {}, 0.0, 0.0, 0.0, 100.0, True),
    ([(MINOR, None)], 100, {}, 1.0, 0.01, 10.0, 99.0, True),
    ([(MAJOR, None)], 100, {}, 5.0, 0.05, 50.0, 95.0, True),  # exactly the default cut score 95: passes
    ([(MAJOR, None), (MINOR, None)], 100, {}, 6.0, 0.06, 60.0, 94.0, False),  # one point under: fails
    ([(NEUTRAL, None), (NEUTRAL, None)], 50, {}, 0.0, 0.0, 0.0, 100.0, True),
    ([(CRITICAL, None)], 1000, {}, 25.0, 0.025, 25.0, 97.5, True),
    # worked example: 2 minor + 1 major terminology (weight 0.5) + 1 critical over 200 source words
    (
        [(MINOR, None), (MINOR, None), (MAJOR, TERMS), (CRITICAL, None)],
        200,
        {"type_weights": {"terminology": 0.5}},
        29.5,
        0.1475,
        147.5,
        85.25,
        False,
    ),
    ([(MAJOR, None)], 100, {"cut_score": 96}, 5.0, 0.05, 50.0, 95.0, False),
    ([(MAJOR, None)], 100, {"severity_multipliers": {"major": 10}}, 10.0, 0.1, 100.0, 90.0, False),
    ([(MINOR, None)] * 30, 20, {}, 30.0, 1.5, 1500.0, -50.0, False),  # raw model: not clamped at 0
    ([(MINOR, None)], 200, {"reference_word_count": 100}, 1.0, 0.005, 0.5, 99.5, True),
]


@pytest.mark.parametrize(("spec", "ewc", "overrides", "apt", "pwpt", "npt", "oqs", "passed"), CASES)
def test_mqm_arithmetic(spec, ewc, overrides, apt, pwpt, npt, oqs, passed) -> None:
    settings = settings_from_mapping(overrides)
    issues = [make_issue("p", sev, cat or Category.NUMBER) for sev, cat in spec]
    got_apt = absolute_penalty_total(issues, settings)
    got_pwpt, got_npt, got_oqs, got_passed = overall_quality(got_apt, ewc, settings)
    assert got_apt == pytest.approx(apt)
    assert (got_pwpt, got_npt, got_oqs) == pytest.approx((pwpt, npt, oqs))
    assert got_passed is passed


def test_nothing_to_score_has_no_oqs() -> None:
    assert overall_quality(0.0, 0, MqmSettings()) == (0.0, 0.0, None, None)


def test_run_scorecard_leaves_out_rows_without_source_target_or_rejected(run) -> None:
    report = build_report([run])
    card = report.total
    assert card.pairs == 6 and card.scored == 3
    assert dict(card.excluded) == {"rejected": 1, "no_source": 1, "no_target": 1}
    assert card.ewc == 10 + 10 + 4  # source words of p0, p1, p2 only
    assert card.apt == pytest.approx(1 + 5 + 25)
    assert card.oqs == pytest.approx(100 * (1 - 31 / 24)) and card.passed is False
    assert card.issues == 3 and card.not_scored_issues == 2  # p3's and p5's issues are listed, not scored
    assert [p.pair_id for p in report.left_out("no_source")] == ["p3"]
    assert [p.pair_id for p in report.left_out("no_target")] == ["p4"]
    assert [p.pair_id for p in report.left_out("rejected")] == ["p5"]
    assert {p.pair_id: p.score for p in report.pairs if p.score is not None}["p0"] == 100.0
    assert [p.pair_id for p in report.worst_pairs(5)] == ["p2", "p1"]
    assert card.by_category["untranslated"].points == 25 and card.by_category["number"].by_severity == {"major": 1}
    assert list(card.by_check) == ["untranslated", "numbers", "duplication"]  # most points first
    assert dict(card.statuses) == {"pending": 3, "accepted": 1, "rejected": 1, "edited": 1}


def test_edited_target_is_scored_and_review_metrics_are_labelled(run) -> None:
    report = build_report([run])
    p0 = next(p for p in report.pairs if p.pair_id == "p0")
    assert p0.tgt == "نص عربي معدل" and p0.status == "edited" and p0.comment == "fixed =SUM(A1)"
    names = [name for name, _score, _sig in report.reference]
    assert names == ["bleu", "chrf", "chrf++", "ter"]


def test_verdicts_dismissed_drop_out_added_count(run) -> None:
    major = next(i for i in run.result.issues if i.pair_id == "p1" and i.severity is MAJOR)
    added = make_issue("p0", MINOR, TERMS, "reviewer")
    verdicts = Verdicts(dismissed=frozenset({issue_key(major)}), added=(added,), comments={issue_key(added): "term"})
    report = build_report([dataclasses.replace(run, verdicts=verdicts)])
    assert report.total.apt == pytest.approx(1 + 25 + 1)
    assert (report.total.dismissed, report.total.added, report.total.issues) == (1, 1, 3)
    rows = {(r.pair_id, r.check): r for r in report.issues}
    assert rows[("p1", "numbers")].verdict == "dismissed" and rows[("p1", "numbers")].points == 0
    assert rows[("p0", "reviewer")].verdict == "added" and rows[("p0", "reviewer")].comment == "term"


def test_several_runs_and_a_total() -> None:
    from tests.report.conftest import make_run

    report = build_report([make_run("A"), make_run("B")], with_review_metrics=False)
    assert [c.name for c in report.runs] == ["A", "B"] and report.total.name == "(all runs)"
    assert report.total.ewc == 48 and report.total.apt == pytest.approx(62)
    assert report.reference == ()
    from aligner.report.tables import per_run_table

    table = per_run_table(report, "check")
    assert table is not None and {r[0] for r in table.rows} == {"A", "B"} and ("A", "numbers", "1", "5") in table.rows
    html = render_report(report, "html").decode()
    assert "Issues by run and category" in html


def test_seed_like_page_is_not_100_when_arabic_only() -> None:
    pairs = tuple(AlignedPair(f"b{i}", (), (i,), "", "فقرة عربية") for i in range(60))
    pairs += (AlignedPair("h", (0,), (60,), "Five words in this headline", "عنوان"),)
    issues = (make_issue("h", MAJOR),)
    result = AlignmentResult(Document("e", "en", "x"), Document("a", "ar", "x"), (), (), pairs, issues)
    card = build_report([RunInput("seed", result)]).total
    assert card.scored == 1 and card.excluded["no_source"] == 60
    assert card.oqs == pytest.approx(0.0) and card.passed is False


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"cut": 90}, "unknown report setting"),
        ({"cut_score": 101}, "cut_score"),
        ({"severity_multipliers": {"blocker": 100}}, "unknown severity"),
        ({"type_weights": {"style": 2}}, "unknown category"),
        ({"type_weights": {"number": -1}}, "finite number"),
        ({"reference_word_count": 0}, "reference_word_count"),
    ],
)
def test_bad_settings_are_config_errors(table, message) -> None:
    with pytest.raises(ConfigError, match=message):
        settings_from_mapping(table)


def test_settings_come_from_the_project_config() -> None:
    config = config_from_mapping({"report": {"cut_score": 90, "type_weights": {"punctuation": 0.5}}})
    settings = settings_from_mapping(config.report)
    assert settings.cut_score == 90 and settings.weight("punctuation") == 0.5 and settings.weight("number") == 1.0
    assert settings.as_dict()["severity_multipliers"] == {"neutral": 0, "minor": 1, "major": 5, "critical": 25}
