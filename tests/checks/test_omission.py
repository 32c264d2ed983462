from __future__ import annotations

import numpy as np
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
    src = "The president dissolves parliament, and calls early elections."
    spaced = "الرئيس يحل البرلمان، ويدعو إلى انتخابات مبكرة."
    feats = {name: _features(src, tgt) for name, tgt in (("spaced", spaced), ("glued", spaced.replace(" ", "")))}
    assert feats["spaced"][0] == feats["glued"][0]
    assert feats["spaced"][4] == feats["glued"][4]


def _features(src: str, tgt: str) -> np.ndarray:
    """Second-stage features under the hashing encoder (the best clause index is checked to be in range)."""
    from aligner.checks.omission import _clauses, _texts, clause_features
    from aligner.embed.hashing import HashingEncoder

    pair = AlignedPair("p", (0,), (0,), src, tgt)
    cs = _clauses(src, "en")
    texts = _texts(pair, cs)
    feats, best, _ = clause_features(pair, cs, dict(zip(texts, HashingEncoder().encode(texts), strict=True)))
    assert 0 <= best < len(cs)
    return feats


def test_length_shortfall_weighs_long_sources_more():
    """The same length ratio is stronger evidence for a long source than for a headline (noise grows with sqrt)."""
    from aligner.checks.omission import MEDIAN_CHAR_RATIO, MODEL_CLAUSES

    short = _features("Xi meets Lavrov", "شي يلتقي")
    long = _features("Xi meets Lavrov " * 16, "شي يلتقي " * 16)
    assert len(short) == len(long) == len(MODEL_CLAUSES[0]) == 5
    assert short[0] == pytest.approx(long[0], abs=0.05)  # about the same ratio...
    assert long[4] < short[4] < 0  # ...but a larger shortfall in standard units
    on_median = _features("a" * 100, "ب" * round(100 * MEDIAN_CHAR_RATIO))
    assert on_median[4] == pytest.approx(0.0, abs=0.05)


def test_similarity_models_follow_the_encoders_calibration_not_its_name() -> None:
    """The fitted models apply to an encoder that declares their calibration, whatever its signature says."""
    from aligner.checks.base import CheckContext
    from aligner.checks.omission import OmissionCheck
    from aligner.embed.calibration import USE_M3
    from aligner.embed.hashing import HashingEncoder
    from aligner.model import AlignedPair

    class NamedLikeUseM3(HashingEncoder):
        def signature(self) -> str:
            return "use-m3.v9(fake)"

    class Calibrated(HashingEncoder):
        calibration = USE_M3

    pairs = [AlignedPair("p0", (0,), (0,), "The president dissolved parliament.", "حل الرئيس البرلمان.")]
    check = OmissionCheck()
    assert check._similarities(pairs, CheckContext(encoder=NamedLikeUseM3())) == [None]
    (sim,) = check._similarities(pairs, CheckContext(encoder=Calibrated()))
    assert sim is not None and -1.0 <= sim <= 1.0


def test_known_vectors_are_reused_not_encoded(fake_encoder):
    tgt = "قال مسؤولون إن الرئيس يحل البرلمان."
    pair = AlignedPair("p0", (0,), (0,), SRC, tgt, similarity=0.3)
    asked: list[str] = []

    class Counting:
        name, dim, calibration = fake_encoder.name, fake_encoder.dim, None

        def encode(self, texts):
            asked.extend(texts)
            return fake_encoder.encode(texts)

        def signature(self):
            return fake_encoder.signature()

    known = dict(zip([SRC, tgt], fake_encoder.encode([SRC, tgt]), strict=True))
    plain = run_checks([pair], [OmissionCheck()], CheckContext(pairs=(pair,), encoder=fake_encoder))
    reused = run_checks([pair], [OmissionCheck()], CheckContext(pairs=(pair,), encoder=Counting(), vectors=known))
    assert reused == plain and plain
    assert asked and SRC not in asked and tgt not in asked
