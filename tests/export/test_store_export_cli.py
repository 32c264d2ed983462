"""`aligner export --store` carries each pair's review note (comment and issue verdicts), as the app's export does."""

from __future__ import annotations

import io
import json
from pathlib import Path

from aligner.cli import main
from aligner.config import Config
from aligner.embed import load_encoder
from aligner.ingest import read_bitext
from aligner.model import ReviewStatus
from aligner.pipeline import process
from aligner.store import open_store

TSV = "The minister spoke on Monday.\tتحدث الوزير يوم الاثنين.\nPrices rose in May.\tارتفعت الأسعار في مايو.\n"


def test_store_export_carries_the_comment(tmp_path: Path) -> None:
    src = tmp_path / "p.tsv"
    src.write_text(TSV, encoding="utf-8")
    config = Config(encoder="hashing")
    result = process(read_bitext(src.read_bytes(), src.name), encoder=load_encoder("hashing"), config=config)
    store_path = tmp_path / "s.db"
    store = open_store(str(store_path))
    run_id = store.save_run(store.create_project("P", config=config.as_dict()), result, name="r")
    pair_id = result.pairs[0].id
    store.record_review(run_id, pair_id, status=ReviewStatus.ACCEPTED, reviewer="S", expected_version=0, comment="ok")
    out = tmp_path / "e.jsonl"
    code = main(
        ["export", "--store", str(store_path), "--run", run_id, "--format", "jsonl", "-o", str(out)],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert code == 0 and rows[pair_id]["note"] == "comment: ok"
