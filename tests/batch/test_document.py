from __future__ import annotations

import pytest

from aligner.batch import DocInput, align_document
from aligner.config import Config
from tests.batch.conftest import SRC, TGT

CONFIG = Config(encoder="hashing")


def test_align_document_two_files(fake_encoder):
    out = align_document(
        DocInput("a.en.txt", "\n".join(SRC)), DocInput("a.ar.txt", "\n".join(TGT).encode()),
        config=CONFIG, encoder=fake_encoder, doc_id="a",
    )  # fmt: skip
    assert out.error is None
    assert out.summary["doc_id"] == "a" and out.summary["n_pairs"] == len(out.pairs) > 0
    assert out.summary["n_issues"] == len(out.issues)
    assert out.summary["signature"].startswith("seg:")
    assert {r["doc_id"] for r in out.pairs} == {"a"}
    assert set(out.pairs[0]) == {"doc_id", "pair_id", "src_text", "tgt_text", "src_ids", "tgt_ids", "similarity",
                                 "score", "role"}  # fmt: skip


def test_align_document_bilingual_page(fake_encoder, seed_page_path):
    out = align_document(DocInput("seed.txt", seed_page_path.read_bytes()), None, config=CONFIG, encoder=fake_encoder)
    assert out.error is None and out.summary["n_pairs"] > 0 and out.doc_id == "seed.txt"


@pytest.mark.parametrize(
    ("name", "data"),
    [("bad.tsv", b"\xff\xfe\x00garbage"), ("mono.txt", b"only English here.\n")],
)
def test_bad_document_is_an_error_row(fake_encoder, name, data):
    out = align_document(DocInput(name, data), None, config=CONFIG, encoder=fake_encoder)
    assert out.error and "\n" not in out.error
    assert out.pairs == () and out.summary["n_pairs"] == 0
