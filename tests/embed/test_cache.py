from __future__ import annotations

import numpy as np

from aligner.embed.cache import CachedEncoder


class CountingEncoder:
    name = "counting"
    dim = 4

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        out = np.array([[len(t), t.count("a"), 1.0, 0.0] for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def signature(self) -> str:
        return "counting.v1"


def test_memo_encodes_each_text_once():
    inner = CountingEncoder()
    enc = CachedEncoder(inner)
    first = enc.encode(["a", "bb", "a"])
    second = enc.encode(["bb", "ccc"])
    assert inner.calls == [["a", "bb"], ["ccc"]]
    np.testing.assert_array_equal(first[1], second[0])
    assert enc.signature() == "counting.v1" and enc.dim == 4 and enc.name == "counting"
    assert enc.encode([]).shape == (0, 4)


def test_disk_store_survives_new_instance(tmp_path):
    inner = CountingEncoder()
    enc = CachedEncoder(inner, directory=tmp_path)
    vecs = enc.encode(["alpha", "beta"])
    enc.close()
    inner2 = CountingEncoder()
    again = CachedEncoder(inner2, directory=tmp_path).encode(["beta", "alpha", "gamma"])
    assert inner2.calls == [["gamma"]]
    np.testing.assert_allclose(again[:2], vecs[::-1])
    assert list(tmp_path.glob("*.sqlite"))


def test_matches_wrapped_encoder(fake_encoder):
    texts = ["Hello world.", "مرحبا بالعالم."]
    np.testing.assert_allclose(CachedEncoder(fake_encoder).encode(texts), fake_encoder.encode(texts))
