"""Streaming inputs: blocks planned from metadata only, read by workers; every corpus format gives the same output."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aligner.batch import inputs, run_batch
from aligner.batch.inputs import plan_input, read_block
from aligner.config import Config
from tests.batch.conftest import SRC, TGT
from tests.batch.test_run import content

CONFIG = Config(encoder="hashing")


def corpus_rows(n: int = 7) -> list[dict[str, str]]:
    """``n`` one-line documents (TSV cells hold no newlines), rotated so that they differ."""
    return [
        {"id": f"c{k:02d}", "src": " ".join(SRC[k % 4 :] + SRC[: k % 4]), "tgt": " ".join(TGT[k % 4 :] + TGT[: k % 4])}
        for k in range(n)
    ]


def write_corpus(tmp_path: Path, rows: list[dict[str, str]]) -> dict[str, Path]:
    paths = {fmt: tmp_path / f"corpus.{fmt}" for fmt in ("parquet", "jsonl", "tsv")}
    pq.write_table(pa.Table.from_pylist(rows), paths["parquet"], row_group_size=3)  # 3 row groups: 3 + 3 + 1
    paths["jsonl"].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n\n" for r in rows), encoding="utf-8")
    tsv = ["id\tsrc\ttgt"] + [f"{r['id']}\t{r['src']}\t{r['tgt']}" for r in rows]
    paths["tsv"].write_text("\n".join(tsv) + "\n", encoding="utf-8")
    return paths


def test_plan_reads_no_text_and_cuts_blocks(tmp_path, monkeypatch):
    paths = write_corpus(tmp_path, corpus_rows())

    def boom(*args, **kwargs):
        raise AssertionError("the plan read corpus rows")

    monkeypatch.setattr(inputs, "_parquet_rows", boom)
    monkeypatch.setattr(inputs, "_corpus_line", boom)
    plans = {fmt: plan_input(path, 2) for fmt, path in paths.items()}
    # Parquet blocks stay inside row groups (3, 3, 1 rows); text blocks are line ranges of 2 records
    assert [(b.group, b.start, b.stop) for b in plans["parquet"].blocks] == [(0, 0, 2), (0, 2, 3), (1, 0, 2),
                                                                              (1, 2, 3), (2, 0, 1)]  # fmt: skip
    assert [b.n_rows for b in plans["jsonl"].blocks] == [2, 2, 2, 1] == [b.n_rows for b in plans["tsv"].blocks]
    assert {p.n_rows for p in plans.values()} == {7}
    assert all(not b.tasks for p in plans.values() for b in p.blocks)  # no text in the plan


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "tsv"])
def test_blocks_read_back_every_record_in_order(tmp_path, fmt):
    rows = corpus_rows()
    path = write_corpus(tmp_path, rows)[fmt]
    tasks = [t for b in plan_input(path, 2).blocks for t in read_block(b)]
    assert [(t.doc_id, t.src_text, t.tgt_text) for t in tasks] == [(r["id"], r["src"], r["tgt"]) for r in rows]


def test_every_corpus_format_gives_the_same_output(tmp_path):
    paths = write_corpus(tmp_path, corpus_rows())
    outs = {}
    for fmt, path in paths.items():
        summary = run_batch(path, tmp_path / f"out-{fmt}", shard_size=2, config=CONFIG)
        assert (summary.n_docs, summary.n_errors, summary.n_shards) == (7, 0, 5 if fmt == "parquet" else 4)
        outs[fmt] = content(tmp_path / f"out-{fmt}")
    assert outs["parquet"] == outs["jsonl"] == outs["tsv"] and outs["parquet"]["pairs"]


def test_uri_input_and_output(tmp_path):
    path = write_corpus(tmp_path, corpus_rows())["parquet"]
    a = run_batch(f"file://{path}", f"file://{tmp_path / 'uri-out'}", shard_size=2, config=CONFIG)
    b = run_batch(path, tmp_path / "plain-out", shard_size=2, config=CONFIG)
    assert a.n_pairs == b.n_pairs > 0 and (tmp_path / "uri-out" / "summary.json").exists()
    assert content(tmp_path / "uri-out") == content(tmp_path / "plain-out")
    again = run_batch(f"file://{path}", f"file://{tmp_path / 'uri-out'}", shard_size=2, config=CONFIG)
    assert (again.shards_run, again.shards_skipped) == (0, 5)


def test_malformed_corpus_record_is_an_error_row(tmp_path):
    rows = corpus_rows(3)
    path = tmp_path / "c.jsonl"
    lines = [json.dumps(rows[0]), "{not json", json.dumps({"id": "x"}), json.dumps(rows[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run_batch(path, tmp_path / "out", shard_size=2, config=CONFIG)
    assert summary.n_docs == 4 and [d for d, _ in summary.errors] == ["c.jsonl:2", "c.jsonl:3"]
    assert "not JSON" in summary.errors[0][1]


def test_jsonl_manifest_is_not_mistaken_for_a_corpus(tmp_path):
    from tests.batch.conftest import write_pairs

    pairs = write_pairs(tmp_path / "files", 2)
    lines = [json.dumps({"id": f"m{k}", "src": f"files/{s.name}", "tgt": f"files/{t.name}"})
             for k, (s, t) in enumerate(pairs)]  # fmt: skip
    (tmp_path / "m.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = plan_input(tmp_path / "m.jsonl", 16)
    assert plan.blocks[0].fmt == "manifest-jsonl" and plan.n_rows == 2
    assert [t.src_path for t in read_block(plan.blocks[0])] == [str(tmp_path / "files" / s.name) for s, _ in pairs]


def test_blocks_travel_as_json(tmp_path, pair_dir):
    """What a Ray Data row carries gives back the same block, for every input kind."""
    from aligner.batch.inputs import Block

    paths = [*write_corpus(tmp_path, corpus_rows()).values(), pair_dir]
    blocks = [b for path in paths for b in plan_input(path, 2).blocks]
    assert {b.fmt for b in blocks} == {"parquet", "jsonl", "tsv", "tasks"}
    assert all(Block.from_json(b.as_json()) == b for b in blocks)
