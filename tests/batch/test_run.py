from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aligner.batch import BatchInputError, BatchStateError, discover, read_table, run_batch
from aligner.batch.shards import shard_path
from aligner.config import Config
from tests.batch.conftest import write_pairs

CONFIG = Config(encoder="hashing")


def content(out: Path) -> dict[str, list[str]]:
    """Every table's rows as sorted JSON strings (engine- and order-independent)."""
    return {
        kind: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in read_table(out, kind).to_pylist())
        for kind in ("pairs", "issues", "docs")
    }


def test_directory_input_writes_shards_and_summary(pair_dir, tmp_path, counting_encoder):
    out = tmp_path / "out"
    summary = run_batch(pair_dir, out, shard_size=4, config=CONFIG, encoder=counting_encoder)
    assert (summary.n_docs, summary.n_shards, summary.shards_run, summary.n_errors) == (6, 2, 2, 0)
    names = sorted(p.name for p in out.glob("*.parquet"))
    assert names == [f"{k}-{i:05d}.parquet" for k in ("docs", "issues", "pairs") for i in range(2)]
    assert not list(out.glob(".*.tmp"))
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["n_docs"] == 6 and data["n_pairs"] == summary.n_pairs == read_table(out, "pairs").num_rows
    assert data["signature"].startswith("seg:rules") and "enc:hashing" in data["signature"]
    assert data["versions"]["pyarrow"] == pa.__version__
    assert data["throughput"]["docs_per_s"] > 0 and data["errors"] == []
    assert sorted(read_table(out, "docs").column("doc_id").to_pylist()) == [f"doc{k:02d}" for k in range(6)]


@pytest.mark.parametrize("kind", ["tsv", "jsonl"])
def test_manifest_input(tmp_path, kind):
    pairs = write_pairs(tmp_path / "files", 3)
    manifest = tmp_path / f"m.{kind}"
    if kind == "tsv":
        lines = ["src\ttgt\tid"] + [f"files/{s.name}\tfiles/{t.name}\tid{k}" for k, (s, t) in enumerate(pairs)]
    else:
        lines = [json.dumps({"src": str(s), "tgt": str(t), "id": f"id{k}"}) for k, (s, t) in enumerate(pairs)]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [t.doc_id for t in discover(manifest)] == ["id0", "id1", "id2"]
    summary = run_batch(manifest, tmp_path / "out", config=CONFIG)
    assert summary.n_docs == 3 and summary.n_errors == 0 and summary.n_pairs > 0


def test_parquet_input_matches_directory(pair_dir, tmp_path):
    rows = [
        {"id": f"doc{k:02d}", "src": (pair_dir / f"doc{k:02d}.en.txt").read_text(encoding="utf-8"),
         "tgt": (pair_dir / f"doc{k:02d}.ar.txt").read_text(encoding="utf-8")}
        for k in range(6)
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "pairs.parquet")
    a = run_batch(tmp_path / "pairs.parquet", tmp_path / "a", shard_size=3, config=CONFIG)
    b = run_batch(pair_dir, tmp_path / "b", shard_size=3, config=CONFIG)
    assert a.n_pairs == b.n_pairs and a.n_errors == 0
    assert content(tmp_path / "a")["pairs"] == content(tmp_path / "b")["pairs"]


def test_one_and_two_workers_give_identical_outputs(pair_dir, tmp_path):
    one = run_batch(pair_dir, tmp_path / "w1", workers=1, shard_size=2, config=CONFIG)
    two = run_batch(pair_dir, tmp_path / "w2", workers=2, shard_size=2, config=CONFIG)
    assert one.n_docs == two.n_docs == 6 and two.shards_run == 3
    assert content(tmp_path / "w1") == content(tmp_path / "w2")


def test_resume_redoes_only_missing_shard(pair_dir, tmp_path, counting_encoder):
    out = tmp_path / "out"
    first = run_batch(pair_dir, out, shard_size=2, config=CONFIG, encoder=counting_encoder)
    before, full = counting_encoder.texts, content(out)
    shard_path(out, "pairs", 1).unlink()
    counting_encoder.texts = 0
    again = run_batch(pair_dir, out, shard_size=2, config=CONFIG, encoder=counting_encoder)
    assert (again.shards_run, again.shards_skipped, again.docs_run) == (1, 2, 2)
    assert 0 < counting_encoder.texts < before
    assert content(out) == full and again.n_pairs == first.n_pairs
    counting_encoder.texts = 0
    done = run_batch(pair_dir, out, shard_size=2, config=CONFIG, encoder=counting_encoder)
    assert done.shards_run == 0 and counting_encoder.texts == 0 and done.n_docs == 6


def test_changed_plan_is_refused(pair_dir, tmp_path):
    run_batch(pair_dir, tmp_path / "out", shard_size=2, config=CONFIG)
    with pytest.raises(BatchStateError, match="different batch"):
        run_batch(pair_dir, tmp_path / "out", shard_size=3, config=CONFIG)


def test_corrupt_document_is_counted_and_run_goes_on(pair_dir, tmp_path):
    (pair_dir / "zz-bad.tsv").write_bytes(b"\xff\xfe\x00garbage")
    (pair_dir / "zz-mono.txt").write_text("English only.\n", encoding="utf-8")
    summary = run_batch(pair_dir, tmp_path / "out", shard_size=3, config=CONFIG)
    assert summary.n_docs == 8 and summary.n_errors == 2
    assert [d for d, _ in summary.errors] == ["zz-bad.tsv", "zz-mono.txt"]
    assert all(reason and "\n" not in reason for _, reason in summary.errors)
    data = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert data["n_errors"] == 2 and data["errors"][0]["doc_id"] == "zz-bad.tsv"


def test_missing_file_in_manifest_is_a_document_error(tmp_path):
    pairs = write_pairs(tmp_path / "files", 1)
    (tmp_path / "m.tsv").write_text(f"{pairs[0][0]}\t{pairs[0][1]}\tok\nnope.en.txt\tnope.ar.txt\tgone\n")
    summary = run_batch(tmp_path / "m.tsv", tmp_path / "out", config=CONFIG)
    assert summary.n_docs == 2 and [d for d, _ in summary.errors] == ["gone"]


def test_persistent_cache_second_run_makes_no_encoder_calls(pair_dir, tmp_path, counting_encoder):
    cache = tmp_path / "cache"
    run_batch(pair_dir, tmp_path / "a", config=CONFIG, cache_dir=cache, encoder=counting_encoder)
    assert counting_encoder.texts > 0 and list(cache.glob("*.sqlite"))
    counting_encoder.texts = 0
    run_batch(pair_dir, tmp_path / "b", config=CONFIG, cache_dir=cache, encoder=counting_encoder)
    assert counting_encoder.texts == 0
    assert content(tmp_path / "a") == content(tmp_path / "b")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d, "no documents"),
        (lambda d: (d / "x.en.txt").write_text("a\n") and d, "no matching .ar.txt"),
        (lambda d: (d / "m.csv").write_text("a\n") and d / "m.csv", "give a directory"),
    ],
)
def test_bad_batch_inputs(tmp_path, setup, message):
    root = tmp_path / "in"
    root.mkdir()
    with pytest.raises(BatchInputError, match=message):
        discover(setup(root))


def test_progress_is_reported(pair_dir, tmp_path):
    seen: list[tuple[int, int, int]] = []
    summary = run_batch(
        pair_dir, tmp_path / "out", shard_size=4, config=CONFIG, progress=lambda d, t, p: seen.append((d, t, p))
    )
    assert seen[0] == (0, 6, 0) and seen[-1] == (6, 6, summary.n_pairs)


@pytest.mark.slow
def test_one_and_two_workers_identical_with_the_default_encoder(tmp_path):
    """Every worker runs BLAS on one thread: threaded sgemm rounds differently, outputs must not depend on it."""
    sample = Path(__file__).resolve().parents[2] / "corpora" / "ntrex-sample" / "pairs.tsv"
    rows = [line.split("\t") for line in sample.read_text(encoding="utf-8").splitlines()[1:]]
    docs = [{"id": f"d{k}", "src": "\n".join(r[0] for r in rows[k::2]), "tgt": "\n".join(r[1] for r in rows[k::2])}
            for k in range(2)]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "in.parquet")
    config = Config(encoder="default")
    for w in (1, 2):
        run_batch(tmp_path / "in.parquet", tmp_path / f"w{w}", workers=w, shard_size=1, config=config)
    assert content(tmp_path / "w1") == content(tmp_path / "w2")
