"""Catalogue: every check does near-linear work per pair, and a monster pair is noted, not checked.

Each registered check is timed on one pair of n and 4n characters of periodic text (``a@`` × n, ``1.2.3.4.``
repeated, a one-word Arabic loop) and of random words and characters: 4× the input must cost at most 6× the time.
``a@`` × 25,000 took 35 s in the duplication check's match extension (quadratic), and 40 KB of ``1.2.3.4.``
3.5 s in figure matching.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable

import pytest

from aligner.checks import CHECKS, CheckContext, run_checks
from aligner.checks.base import MAX_SEGMENT_CHARS
from aligner.embed import load_encoder
from aligner.model import AlignedPair, Severity
from tests.hardening.helpers import AR, EN

WORDS = ["officials", "said", "talks", "3", "5.2", "million", "في", "العاصمة", "مسؤولين", "٢٠", "مليون", "said."]
INPUTS: dict[str, Callable[[int], str]] = {
    "a@": lambda n: "a@ " * (n // 3),
    "a@ no spaces": lambda n: "a@" * (n // 2),
    "1.2.3.4.": lambda n: "1.2.3.4." * (n // 8),
    "arabic loop": lambda n: "في العاصمة " * (n // 11),
    "random words": lambda n: " ".join(random.Random(n).choices(WORDS, k=n // 7)),
    "random chars": lambda n: "".join(random.Random(n).choices("ab .,1٢ؤ\u200b\u0301-", k=n)),
    "spaces": lambda n: " " * n,
}
SMALL = 20_000  # characters; 4 x SMALL stays under MAX_SEGMENT_CHARS, so the checks really run
MAX_RATIO = 6.0  # 4x the input may cost at most 6x the time (quadratic would be 16x)
FLOOR_S = 0.5  # below this the large run is fast whatever the ratio (timer noise on a loaded machine)


def _once(check_name: str, text: str) -> float:
    """One run of one check on one pair whose both sides are ``text`` (GC off, as timeit does)."""
    check = CHECKS.get(check_name)()
    pair = AlignedPair("p", (0,), (0,), text, text)
    ctx = CheckContext(pairs=(pair,), encoder=load_encoder("hashing"))
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        run_checks([pair], [check], ctx)
        return time.perf_counter() - start
    finally:
        gc.enable()


def _timings(check_name: str, small: str, large: str, repeat: int = 4) -> tuple[float, float]:
    """Best times of the small and the large input, measured alternately (a load spike hits both alike)."""
    best_small = best_large = float("inf")
    for _ in range(repeat):
        best_small = min(best_small, _once(check_name, small))
        best_large = min(best_large, _once(check_name, large))
    return best_small, best_large


@pytest.mark.parametrize("input_name", sorted(INPUTS))
@pytest.mark.parametrize("check_name", sorted(CHECKS.names()))
def test_check_time_grows_near_linearly(check_name: str, input_name: str) -> None:
    assert 4 * SMALL < MAX_SEGMENT_CHARS
    make = INPUTS[input_name]
    _once(check_name, make(500))  # warm caches and compiled patterns
    small, large = _timings(check_name, make(SMALL), make(4 * SMALL))
    assert large < FLOOR_S or large <= MAX_RATIO * small, (check_name, input_name, small, large)


def test_monster_pair_is_noted_not_checked() -> None:
    monster = AlignedPair("big", (0,), (0,), "a@ " * 40_000, AR)
    normal = AlignedPair("ok", (1,), (1,), EN, "في في " + AR)
    ctx = CheckContext(pairs=(monster, normal), max_segment_chars=100_000)
    start = time.perf_counter()
    issues = run_checks([monster, normal], [CHECKS.get(n)() for n in CHECKS.names()], ctx)
    assert time.perf_counter() - start < 30
    notes = [i for i in issues if i.pair_id == "big"]
    assert {i.check for i in notes} == set(CHECKS.names())
    assert all(i.severity is Severity.INFO and "max_segment_chars" in i.message for i in notes)
    assert any(i.pair_id == "ok" and i.check == "duplication" for i in issues)  # other pairs still checked


def test_max_segment_chars_is_a_config_key(tmp_path) -> None:
    from tests.hardening.helpers import check_cli

    data = tmp_path / "one.tsv"
    data.write_text(f"{EN} {'word ' * 400}\t{AR}\n", encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text("max_segment_chars = 1000\n", encoding="utf-8")
    code, out, err = check_cli(data, "--config", config)
    assert code == 0, err
    assert "max_segment_chars" in out
