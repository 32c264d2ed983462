from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from aligner.batch.cli import add_batch_parser, cmd_batch
from aligner.cli import main
from tests.batch.conftest import write_pairs

ROOT = Path(__file__).resolve().parents[2]
DRIVER = "import sys; from aligner.cli import main; sys.exit(main(sys.argv[1:]))"


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


def test_cmd_batch_progress_on_stderr_and_quiet(pair_dir, tmp_path, capsys):
    args = parse(["batch", str(pair_dir), "-o", str(tmp_path / "o"), "--encoder", "hashing", "--cache-dir",
                  str(tmp_path / "cache"), "--shard-size", "2"])  # fmt: skip
    assert cmd_batch(args, io.StringIO()) == 0
    assert list((tmp_path / "cache").glob("*.sqlite"))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("batch: 0/6 docs (0%) · 0 pairs/s · ETA ?")
    assert lines[-1].startswith("batch: 6/6 docs (100%) · ") and lines[-1].endswith("pairs/s · done")
    args = parse(["batch", str(pair_dir), "-o", str(tmp_path / "q"), "--encoder", "hashing", "-q"])
    assert cmd_batch(args, io.StringIO()) == 0
    assert capsys.readouterr().err == ""


def test_progress_line_format_and_throttle():
    from aligner.batch.progress import ProgressLine, format_progress

    assert format_progress(250, 1000, 900, 30.0) == "batch: 250/1,000 docs (25%) · 30 pairs/s · ETA 0:01:30"
    stream = io.StringIO()
    line = ProgressLine(stream, interval=3600)
    for done in range(0, 11):
        line(done, 10, done * 3)
    assert [t.split(" · ")[0] for t in stream.getvalue().splitlines()] == ["batch: 0/10 docs (0%)",
                                                                          "batch: 10/10 docs (100%)"]  # fmt: skip


def test_batch_bad_input_is_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    stderr = io.StringIO()
    assert main(["batch", str(tmp_path / "empty"), "-o", str(tmp_path / "o"), "-q"], stderr=stderr) == 2
    assert "no documents found" in stderr.getvalue() and stderr.getvalue().count("\n") == 1


def test_batch_into_an_existing_output_directory_resumes(pair_dir, tmp_path):
    """README: a rerun skips the shards already written; an existing OUT_DIR is not 'a directory' error."""
    out = tmp_path / "out"
    argv = ["batch", str(pair_dir), "-o", str(out), "--encoder", "hashing", "--shard-size", "3", "-q"]
    assert main(argv, stdout=io.StringIO()) == 0
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(argv, stdout=stdout, stderr=stderr) == 0, stderr.getvalue()
    line = json.loads(stdout.getvalue())
    assert line["shards_run"] == 0 and line["shards_skipped"] == 2 and line["n_docs"] == 6


def test_killed_batch_run_resumes_on_rerun(tmp_path):
    """SIGKILL `aligner batch` once some shards are written; rerunning the same command finishes the rest."""
    write_pairs(tmp_path / "in", 300)
    argv = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--encoder", "hashing", "--shard-size", "1",
            "-q"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, *argv], env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(list((tmp_path / "out").glob("pairs-*.parquet"))) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed; give it more documents"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not (tmp_path / "out" / "summary.json").exists()
    # one worker writes shards in order, so a 4th shard begun means the first 3 are complete
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(argv, stdout=stdout, stderr=stderr) == 0, stderr.getvalue()
    line = json.loads(stdout.getvalue())
    assert line["shards_skipped"] >= 3 and line["shards_skipped"] + line["shards_run"] == 300
    assert line["n_docs"] == 300 and line["n_errors"] == 0
