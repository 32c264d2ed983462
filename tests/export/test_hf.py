"""Hugging Face datasets exporter: contract round trip via load_from_disk (skipped if datasets is missing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export.contract import ExporterContract, ReadBack, make_rows, ntrex_pairs

datasets = pytest.importorskip("datasets")


class TestHfContract(ExporterContract):
    fmt = "hf"
    out_name = "corpus_hf"
    stream_ok = False

    def read_back(self, out: Path) -> ReadBack:
        ds = datasets.load_from_disk(str(out))
        feature = ds.features["translation"]
        assert isinstance(feature, datasets.Translation)
        pairs = [(r["translation"]["en"], r["translation"]["ar"]) for r in ds]
        meta = json.loads(ds.info.description)
        return ReadBack(pairs, meta["src_lang"], meta["tgt_lang"], meta["signature"]["signature"], ds["status"])

    def test_empty_export(self, tmp_path: Path) -> None:
        from aligner.export import ExportError

        with pytest.raises(ExportError, match="no rows to export"):
            self._export(tmp_path, [])

    def test_columns(self, tmp_path: Path) -> None:
        out = self._export(tmp_path, make_rows(ntrex_pairs(3)))
        ds = datasets.load_from_disk(str(out))
        assert set(ds.column_names) == {
            "id",
            "translation",
            "score",
            "similarity",
            "status",
            "issues",
            "doc_id",
            "note",
        }
        assert sorted(ds.features["translation"].languages) == ["ar", "en"]


def test_missing_datasets_gives_clear_error(monkeypatch, tmp_path: Path) -> None:
    import sys

    from aligner.export import ExportError, export
    from tests.export.contract import make_meta

    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(ExportError, match="pip install datasets"):
        export(iter(make_rows(ntrex_pairs(1))), "hf", tmp_path / "x", meta=make_meta())
