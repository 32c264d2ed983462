from __future__ import annotations

import pytest

from tests.checks.helpers import run_one

CASES = [
    (
        "Putin may need arms from Kim",
        "Putin may need arms from Kim",
        ["untranslated"],
        ["Putin may need arms from Kim"],
    ),
    (
        "Putin may need arms from North Korea",
        "قال إن Putin may need arms from North Korea هذا",
        ["untranslated"],
        ["Putin may need arms from North Korea"],
    ),
    (
        "x",
        "Le président a dit que la guerre est finie maintenant",
        ["wrong_language"],
        ["Le président a dit que la guerre est finie maintenant"],
    ),
    (
        "x",
        "این یک متن فارسی است که باید تشخیص داده شود و کاملا نوشته شده است",
        ["wrong_language"],
        ["این یک متن فارسی است که باید تشخیص داده شود و کاملا نوشته شده است"],
    ),
    # names, acronyms, URLs, brands: fine
    ("Chang'e-6 returns", "عودة مهمة القمر Chang'e-6 الصينية إلى الأرض", [], []),
    ("WADA and NATO", "أدلت الوكالة العالمية لمكافحة المنشطات (WADA) وحلف NATO", [], []),
    ("see www.example.com/news/a-b-c", "انظر www.example.com/news/a-b-c للمزيد", [], []),
    ("the iPhone maker", "الشركة المصنعة لهاتف iPhone", [], []),
    ("NATO", "NATO", [], []),
    ("Putin may need arms", "قد يحتاج بوتين إلى أسلحة", [], []),
    ("MI6", "ادعاء الصين بأن زوجين قاما بالتجسس لصالح MI6 البريطانية", [], []),
]


@pytest.mark.parametrize(("src", "tgt", "cats", "spans"), CASES)
def test_untranslated(src, tgt, cats, spans):
    got_cats, got_spans, _ = run_one("untranslated", src, tgt)
    assert got_cats == cats
    assert got_spans == spans
