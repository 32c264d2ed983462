"""Fixtures for batch tests: a tiny input directory, a counting encoder."""

from __future__ import annotations

from pathlib import Path

import pytest

SRC = [
    "The minister said on Monday that 40 schools would reopen.",
    "Parents welcomed the decision.",
    "Teachers asked for more time to prepare.",
    "The plan costs 12 million dollars.",
]
TGT = [
    "قال الوزير يوم الاثنين إن 40 مدرسة ستعيد فتح أبوابها.",
    "رحب أولياء الأمور بالقرار.",
    "طلب المعلمون مزيدا من الوقت للاستعداد.",
    "تبلغ تكلفة الخطة 12 مليون دولار.",
]


class CountingEncoder:
    """Hashing encoder that counts the texts it is asked to embed."""

    def __init__(self) -> None:
        from aligner.embed.hashing import HashingEncoder

        self.inner = HashingEncoder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.texts = 0

    def encode(self, texts):
        self.texts += len(texts)
        return self.inner.encode(texts)

    def signature(self) -> str:
        return self.inner.signature()


@pytest.fixture
def counting_encoder() -> CountingEncoder:
    return CountingEncoder()


def write_pairs(root: Path, n: int) -> list[tuple[Path, Path]]:
    """Write ``n`` small document pairs <doc k>.en.txt / .ar.txt (rotated so the documents differ)."""
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        r = k % len(SRC)
        src, tgt = root / f"doc{k:02d}.en.txt", root / f"doc{k:02d}.ar.txt"
        src.write_text("\n".join(SRC[r:] + SRC[:r]) + "\n", encoding="utf-8")
        tgt.write_text("\n".join(TGT[r:] + TGT[:r]) + "\n", encoding="utf-8")
        out.append((src, tgt))
    return out


@pytest.fixture
def pair_dir(tmp_path: Path) -> Path:
    """Six document pairs."""
    write_pairs(tmp_path / "in", 6)
    return tmp_path / "in"
