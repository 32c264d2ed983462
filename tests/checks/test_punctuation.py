from __future__ import annotations

import pytest

from tests.checks.helpers import run_one

CASES = [
    ("What is (he) willing to give?", "ماذا ينوي (أن يعطي مقابله؟", ["punctuation"], ["("]),
    ("He said it.", "وقال «إنه سيأتي", ["punctuation"], ["«"]),
    ("What will he give?", "ماذا سيعطي", ["punctuation"], ["ي"]),
    ("x", "هل ستكون حرة? نعم", ["punctuation"], ["?"]),
    ("x", "قال الرئيس, إن", ["punctuation"], [","]),
    ("x", "شاهد ايضاً: الصين تنطلق في قمة", ["punctuation"], ["شاهد ايضاً:"]),
    ("", "Loading...", ["punctuation"], ["Loading..."]),
    ("", "شارك الخبر:", ["punctuation"], ["شارك الخبر"]),
    ("x", "قال  الرئيس", ["punctuation"], ["  "]),
    # fine
    ("What is he willing to give in return?", "ماذا ينوي أن يعطي مقابله؟", [], []),
    ("It cost 1,000 dollars (about).", "كلف 1,000 دولار (تقريبا).", [], []),
    ('He said: "no (', 'قال: "لا (', [], []),
    ("", "أعلنت الوزارة عن إعلان جديد", [], []),
]


@pytest.mark.parametrize(("src", "tgt", "cats", "spans"), CASES)
def test_punctuation(src, tgt, cats, spans):
    got_cats, got_spans, _ = run_one("punctuation", src, tgt)
    assert got_cats == cats
    assert got_spans == spans
