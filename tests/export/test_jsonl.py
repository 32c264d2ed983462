"""JSONL exporter: contract round trip via json, one object per line, sidecar provenance."""

from __future__ import annotations

import json
from pathlib import Path

from aligner.export import KEEP_ALL, export, sidecar_path
from tests.export.contract import HOSTILE, ExporterContract, ReadBack, make_meta, make_rows


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]


class TestJsonlContract(ExporterContract):
    fmt = "jsonl"
    out_name = "corpus.jsonl"

    def read_back(self, out: Path) -> ReadBack:
        records = _records(out)
        pairs = [(r["translation"]["en"], r["translation"]["ar"]) for r in records]
        side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
        return ReadBack(
            pairs, side["src_lang"], side["tgt_lang"], side["signature"]["signature"], [r["status"] for r in records]
        )

    def test_record_shape(self, tmp_path: Path) -> None:
        rows = make_rows([("One", "واحد")])
        out = self._export(tmp_path, rows)
        (record,) = _records(out)
        assert set(record) == {"id", "translation", "score", "status", "issues", "similarity", "doc_id", "note"}
        assert record["issues"] == ["number", "omission"] and record["translation"] == {"en": "One", "ar": "واحد"}

    def test_one_line_per_pair_and_utf8(self, tmp_path: Path) -> None:
        out = tmp_path / "h.jsonl"
        export(iter(make_rows(list(HOSTILE))), "jsonl", out, meta=make_meta(), filters=KEEP_ALL)
        raw = out.read_bytes()
        assert raw.count(b"\n") == len(HOSTILE)
        assert "تحكم".encode() in raw  # Arabic written as UTF-8, not \\u escapes

    def test_nan_score_is_null(self, tmp_path: Path) -> None:
        from dataclasses import replace

        row = replace(make_rows([("a", "ب")])[0], score=float("nan"))
        out = tmp_path / "n.jsonl"
        export([row], "jsonl", out, meta=make_meta(), filters=KEEP_ALL)
        assert _records(out)[0]["score"] is None
