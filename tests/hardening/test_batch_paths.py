"""Catalogue: ``aligner batch`` manifests and output folders (path traversal, planted symlinks).

Manifests accepted absolute and ``..`` paths, so a manifest handed over by someone else could make the batch read
any file the user can. Paths outside the manifest's folder (symlinks resolved) are now refused unless
``--allow-outside``; a directory input refuses symlinks leading out of it. Outputs are written through unpredictably
named temp files that replace, never follow, a symlink planted at a shard or summary path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch.conftest import write_pairs
from tests.hardening.helpers import run_cli

PRECIOUS = b"precious\n"


def _batch(capsys: pytest.CaptureFixture[str], source: Path, out: Path, *extra: str) -> tuple[int, str]:
    code, _, err = run_cli(["batch", source, "-o", out, "--encoder", "hashing", "-q", *extra])
    return code, err + capsys.readouterr().err  # batch reports some errors on sys.stderr


def _layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(manifest folder, a pair inside it, a pair outside it)."""
    inside, outside = tmp_path / "project", tmp_path / "elsewhere"
    src_in, src_out = write_pairs(inside, 1)[0][0], write_pairs(outside, 1)[0][0]
    return inside, src_in, src_out


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink"])
def test_manifest_paths_outside_its_folder_are_refused(tmp_path: Path, capsys, kind: str) -> None:
    inside, src_in, src_out = _layout(tmp_path)
    tgt_out = src_out.with_name(src_out.name.replace(".en.", ".ar."))
    if kind == "dotdot":
        row = f"../elsewhere/{src_out.name}\t../elsewhere/{tgt_out.name}"
    elif kind == "absolute":
        row = f"{src_out}\t{tgt_out}"
    else:
        (inside / "link.en.txt").symlink_to(src_out)
        row = f"link.en.txt\t{src_in.with_name(src_in.name.replace('.en.', '.ar.')).name}"
    manifest = inside / "manifest.tsv"
    manifest.write_text(f"src\ttgt\n{row}\n", encoding="utf-8")
    code, err = _batch(capsys, manifest, tmp_path / "out")
    assert code == 2, err
    assert err.startswith("aligner: error: ") and err.count("\n") == 1
    assert "manifest.tsv:2:" in err and "outside the manifest's folder" in err and "--allow-outside" in err
    assert not (tmp_path / "out" / "summary.json").exists()
    code, err = _batch(capsys, manifest, tmp_path / "out", "--allow-outside")
    assert code == 0, err


def test_jsonl_manifest_and_inside_paths_still_work(tmp_path: Path, capsys) -> None:
    inside, src_in, _ = _layout(tmp_path)
    tgt_in = src_in.with_name(src_in.name.replace(".en.", ".ar."))
    manifest = inside / "m.jsonl"
    manifest.write_text(json.dumps({"src": str(src_in), "tgt": f"./{tgt_in.name}"}) + "\n", encoding="utf-8")
    assert _batch(capsys, manifest, tmp_path / "out")[0] == 0
    manifest.write_text(json.dumps({"src": "../elsewhere/doc00.en.txt"}) + "\n", encoding="utf-8")
    code, err = _batch(capsys, manifest, tmp_path / "out2")
    assert code == 2 and "m.jsonl:1:" in err


def test_directory_input_refuses_a_symlink_leading_out(tmp_path: Path, capsys) -> None:
    inside, _, src_out = _layout(tmp_path)
    (inside / "stolen.tsv").symlink_to(src_out)
    code, err = _batch(capsys, inside, tmp_path / "out")
    assert code == 2 and "stolen.tsv" in err and "--allow-outside" in err


@pytest.mark.parametrize("name", ["summary.json", "pairs-00000.parquet"])
def test_planted_symlinks_in_the_output_folder_are_replaced(tmp_path: Path, capsys, name: str) -> None:
    inside, _, _ = _layout(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(PRECIOUS)
    (out / name).symlink_to(victim)
    code, err = _batch(capsys, inside, out)
    assert code == 0, err
    assert victim.read_bytes() == PRECIOUS
    assert not (out / name).is_symlink() and (out / name).stat().st_size > 0
    assert not list(out.glob(".*.tmp"))


def test_a_planted_plan_is_refused_not_read_or_followed(tmp_path: Path, capsys) -> None:
    inside, _, _ = _layout(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(PRECIOUS)
    (out / "plan.json").symlink_to(victim)
    code, err = _batch(capsys, inside, out)
    assert code == 2 and "plan.json is a symlink" in err and err.count("\n") == 1
    assert victim.read_bytes() == PRECIOUS


def test_rerun_into_the_same_output_folder_resumes(tmp_path: Path, capsys) -> None:
    inside, _, _ = _layout(tmp_path)
    out = tmp_path / "out"
    assert _batch(capsys, inside, out)[0] == 0
    code, err = _batch(capsys, inside, out)  # used to fail: "out: is a directory; give a file name"
    assert code == 0, err
