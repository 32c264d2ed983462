from __future__ import annotations

import numpy as np
import pytest

from aligner.align import assign_items, pair_items


def covers_all(pairs, n, m):
    srcs = [s for s, _, _ in pairs if s is not None]
    tgts = [t for _, t, _ in pairs if t is not None]
    return sorted(srcs) == list(range(n)) and sorted(tgts) == list(range(m))


@pytest.mark.parametrize(
    ("sims", "threshold", "expected"),
    [
        # crossing order is recovered; the weak row stays unpaired, and so does the left-over column
        (
            [[0.1, 0.9, 0.2], [0.8, 0.1, 0.1], [0.2, 0.3, 0.25]],
            0.5,
            [(0, 1, 0.9), (1, 0, 0.8), (2, None, None), (None, 2, None)],
        ),
        # optimal assignment, not greedy: greedy would take (0,0)=0.9 and leave row 1 with 0.1
        ([[0.9, 0.8], [0.85, 0.1]], 0.5, [(0, 1, 0.8), (1, 0, 0.85)]),
        ([[0.3]], 0.5, [(0, None, None), (None, 0, None)]),
        (np.zeros((0, 2)), 0.5, [(None, 0, None), (None, 1, None)]),
    ],
)
def test_assign_items(sims, threshold, expected):
    got = assign_items(np.asarray(sims, dtype=float), threshold=threshold)
    assert [(s, t, None if v is None else round(v, 6)) for s, t, v in got] == expected
    assert covers_all(got, len(sims), np.asarray(sims).shape[1] if len(np.asarray(sims).shape) == 2 else 0)


def test_pair_items_with_fake_encoder(fake_encoder):
    src = ["Budget 2024: parliament votes", "Photo: the river at dawn", "Weather warning for Sunday"]
    tgt = ["Weather warning for Sunday!", "Budget 2024 - parliament votes", "completely different words"]
    got = pair_items(src, tgt, fake_encoder, threshold=0.5)
    pairs = {(s, t) for s, t, _ in got if s is not None and t is not None}
    assert pairs == {(0, 1), (2, 0)}
    assert (1, None, None) in got and (None, 2, None) in got
    assert covers_all(got, 3, 3)


def test_pair_items_empty(fake_encoder):
    assert pair_items([], ["x"], fake_encoder) == [(None, 0, None)]


@pytest.mark.slow
def test_seed_page_headlines_pair_and_caption_stays_unpaired(default_encoder, seed_page_path):
    lines = [ln.strip() for ln in seed_page_path.read_text(encoding="utf-8").splitlines()]

    def find(prefix: str) -> str:
        return next(ln for ln in lines if ln.startswith(prefix))

    en = [
        find(p)
        for p in (
            "Putin may need arms",
            "See moment Putin",
            "Shanghai slammed",
            "Summer of devastating",
            "World Anti-Doping",
            "Chinese leader Xi meets",
        )
    ]
    ar = [
        find(p)
        for p in (
            "ماذا تريد روسيا وكوريا الشمالية من بعضهما البعض",
            "زيارة بوتين لكوريا الشمالية",
            "قد يحتاج بوتين",
            "شنغهاي تتعرض",
            "صيف الفيضانات",
            "وكالة العالم لمكافحة",
            "لقاء الزعيم الصيني",
        )
    ]
    got = pair_items(en, ar, default_encoder)
    paired = {s: t for s, t, _ in got if s is not None and t is not None}
    assert paired == {0: 2, 2: 3, 3: 4, 4: 5, 5: 6}
    assert (1, None, None) in got
    assert covers_all(got, len(en), len(ar))
