"""Seed page: hand-built pairs from corpora/pages/seed_000.txt (independent of the page reader)."""

from __future__ import annotations

import pytest

from aligner.checks import CHECKS, CheckContext, run_checks
from aligner.model import AlignedPair, Side

MINE = ["untranslated", "duplication", "omission", "terminology", "punctuation"]


def _pairs(text: str) -> list[AlignedPair]:
    lines = text.splitlines()

    def line(prefix: str) -> str:
        return next(x for x in lines if x.startswith(prefix))

    return [
        AlignedPair("title", (), (0,), "", line("ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض"), role="title"),
        AlignedPair("h0", (0,), (1,), line("Putin may need arms"), line("قد يحتاج بوتين"), role="headline"),
        AlignedPair("b1", (), (2,), "", line("وقد تلقت روسيا أكثر من 10 آلاف"), role="body"),
        AlignedPair("b2", (), (3,), "", line("وتتناقض الانقسامات العميقة"), role="body"),
        AlignedPair("b3", (), (4,), "", line("ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض؟"), role="body"),
        AlignedPair("r1", (1,), (5,), line("Shanghai slammed"), line("شنغهاي تتعرض"), role="related_headline"),
        AlignedPair("r2", (2,), (6,), line("Summer of devastating"), line("صيف الفيضانات"), role="related_headline"),
        AlignedPair("s2", (), (7,), "", line("مع ارتفاع درجات الحرارة"), role="summary"),
        AlignedPair("r3", (3,), (8,), line("World Anti-Doping"), line("وكالة العالم لمكافحة"), role="related_headline"),
        AlignedPair("s3", (), (9,), "", line("انتقدت هيئة الرقابة"), role="summary"),
    ]


@pytest.fixture(scope="module")
def seed(seed_page_path):
    pairs = _pairs(seed_page_path.read_text(encoding="utf-8"))
    checks = [CHECKS.get(n)() for n in MINE]
    issues = run_checks(pairs, checks, CheckContext(pairs=tuple(pairs)))
    by_id = {p.id: p for p in pairs}

    def text(i):
        p = by_id[i.pair_id]
        return (p.src_text if i.side is Side.SOURCE else p.tgt_text)[i.span.start : i.span.end]

    return [(i.pair_id, i.check, i.category.value, text(i)) for i in issues]


def test_three_duplications(seed):
    dup = sorted((p, t) for p, c, _, t in seed if c == "duplication")
    assert dup == [("b1", "على الأقل"), ("b2", "بين روسيا والصين والولايات المتحدة"), ("s3", "محظور")]


def test_wada_inconsistency(seed):
    term = sorted((p, t) for p, c, _, t in seed if c == "terminology")
    assert term == [("r3", "وكالة العالم لمكافحة المنشطات"), ("s3", "الوكالة العالمية لمكافحة المنشطات")]


@pytest.mark.parametrize("pair_id", ["r1", "s2", "h0", "title", "b3"])
def test_clean_items_not_flagged(seed, pair_id):
    # "seven decades" -> "سبعين عاماً", "يومًا بعد يوم", the question headline, the title echoed as a sub-heading
    assert [x for x in seed if x[0] == pair_id] == []


@pytest.mark.slow
def test_seed_with_real_encoder(seed_page_path, default_encoder):
    from dataclasses import replace

    pairs = _pairs(seed_page_path.read_text(encoding="utf-8"))
    sims = {}
    for p in pairs:
        if p.src_text:
            a, b = default_encoder.encode([p.src_text, p.tgt_text])
            sims[p.id] = float(a @ b)
    pairs = [replace(p, similarity=sims.get(p.id)) for p in pairs]
    ctx = CheckContext(pairs=tuple(pairs), encoder=default_encoder)
    issues = run_checks(pairs, [CHECKS.get(n)() for n in MINE], ctx)
    assert sorted((i.pair_id, i.check) for i in issues) == [
        ("b1", "duplication"),
        ("b2", "duplication"),
        ("r3", "terminology"),
        ("s3", "duplication"),
        ("s3", "terminology"),
    ]
