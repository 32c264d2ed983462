from __future__ import annotations

import argparse
import io
import json

from aligner.batch.cli import add_batch_parser, cmd_batch


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="aligner")
    add_batch_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cmd_batch_writes_shards_and_prints_counts(pair_dir, tmp_path):
    out = tmp_path / "out"
    args = parse(["batch", str(pair_dir), "-o", str(out), "--encoder", "hashing", "--shard-size", "3", "-q"])
    assert args.func is cmd_batch and args.engine == "local" and args.workers == 1
    stdout = io.StringIO()
    assert cmd_batch(args, stdout) == 0
    line = json.loads(stdout.getvalue())
    assert line["n_docs"] == 6 and line["shards_run"] == 2 and line["n_errors"] == 0
    assert (out / "summary.json").exists() and (out / "pairs-00001.parquet").exists()


def test_cmd_batch_progress_bar_on_stderr(pair_dir, tmp_path, capsys):
    args = parse(["batch", str(pair_dir), "-o", str(tmp_path / "o"), "--encoder", "hashing", "--cache-dir",
                  str(tmp_path / "cache")])  # fmt: skip
    assert cmd_batch(args, io.StringIO()) == 0
    assert list((tmp_path / "cache").glob("*.sqlite"))


def test_cmd_batch_bad_input_is_exit_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    args = parse(["batch", str(tmp_path / "empty"), "-o", str(tmp_path / "o"), "-q"])
    assert cmd_batch(args, io.StringIO()) == 2
    assert "no documents found" in capsys.readouterr().err
