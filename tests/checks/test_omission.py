from __future__ import annotations

import pytest

from aligner.checks import CheckContext, run_checks
from aligner.checks.omission import OmissionCheck, omission_probability
from aligner.model import AlignedPair
from tests.checks.helpers import run_one

SRC = "The president dissolves parliament and calls early elections, officials said on Monday."
CASES = [
    # length-ratio evidence only (no encoder): whole source flagged when the target is far too short
    (SRC, "قال مسؤولون إن الرئيس يحل البرلمان.", ["omission"], [SRC]),
    (SRC, "يحل الرئيس البرلمان ويدعو إلى انتخابات مبكرة، حسبما قال مسؤولون يوم الاثنين.", [], []),
    ("Some text here.", "", ["omission"], ["Some text here."]),
    ("", "نص عربي إضافي", ["addition"], ["نص عربي إضافي"]),
    ("Short one.", "قصير.", [], []),
]


@pytest.mark.parametrize(("src", "tgt", "cats", "spans"), CASES)
def test_omission(src, tgt, cats, spans):
    got_cats, got_spans, _ = run_one("omission", src, tgt)
    assert got_cats == cats
    assert got_spans == spans


@pytest.mark.parametrize("role", ["body", "summary", "description"])
def test_single_language_page_items_not_flagged(role):
    assert run_one("omission", "", "ملخص عربي طويل للمقال", role=role)[0] == []
    assert run_one("omission", "An English body paragraph.", "", role=role)[0] == []


def test_unpaired_headline_flagged_only_when_other_side_has_items():
    pairs = [
        AlignedPair("a", (0,), (), "See moment Putin is greeted by Kim", "", role="caption"),
        AlignedPair("b", (), (0,), "", "ملخص", role="summary"),
    ]
    assert run_checks(pairs, [OmissionCheck()], CheckContext(pairs=tuple(pairs))) == ()
    pairs.append(AlignedPair("c", (1,), (1,), "Putin may need arms", "قد يحتاج بوتين إلى أسلحة", role="headline"))
    issues = run_checks(pairs, [OmissionCheck()], CheckContext(pairs=tuple(pairs)))
    assert [(i.pair_id, i.category.value, i.severity.name) for i in issues] == [("a", "omission", "MINOR")]


def test_probability_monotone():
    assert omission_probability(0.4, 0.5) > omission_probability(0.9, 0.5) > omission_probability(0.9, 0.9)


def test_clause_located_with_encoder(fake_encoder):
    # the hashing encoder is not semantic: only check that the span is one of the source clauses
    _, spans, issues = run_one("omission", SRC, "قال مسؤولون إن الرئيس يحل البرلمان.", encoder=fake_encoder)
    assert issues and spans[0] in SRC


@pytest.mark.slow
def test_real_encoder_points_at_missing_clause(default_encoder):
    src = "The president dissolves parliament and calls early elections."
    cats, spans, _ = run_one("omission", src, "الرئيس يحل البرلمان.", encoder=default_encoder)
    assert cats == ["omission"]
    assert spans == ["and calls early elections"]
    full = "يحل الرئيس البرلمان ويدعو إلى انتخابات مبكرة."
    assert run_one("omission", src, full, encoder=default_encoder)[0] == []


def test_clause_features_length_ratio_ignores_whitespace():
    """A translation whose words lost their spaces (seen in NTREX references) is not short."""
    from aligner.checks.omission import _clauses, _texts, clause_features
    from aligner.embed.hashing import HashingEncoder

    src = "The president dissolves parliament, and calls early elections."
    spaced = "الرئيس يحل البرلمان، ويدعو إلى انتخابات مبكرة."
    glued = spaced.replace(" ", "")
    feats = {}
    for name, tgt in (("spaced", spaced), ("glued", glued)):
        pair = AlignedPair("p", (0,), (0,), src, tgt)
        cs = _clauses(src, "en")
        texts = _texts(pair, cs)
        vecs = dict(zip(texts, HashingEncoder().encode(texts), strict=True))
        feats[name], best, _ = clause_features(pair, cs, vecs)
        assert 0 <= best < len(cs) == 2
    assert feats["spaced"][0] == feats["glued"][0]
