"""CLI: exit codes, JSON Lines shapes, atomic outputs, one-line errors."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from aligner.align import parse_beads
from aligner.cli import main

ISSUE_KEYS = {"pair_id", "src", "tgt", "check", "category", "severity", "side", "start", "end", "text", "message"}
CATEGORIES = {"duplication", "number", "omission", "addition", "untranslated", "wrong_language", "terminology",
              "punctuation", "alignment"}  # fmt: skip


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_version_and_help() -> None:
    assert run(["--version"])[0] == 0
    assert run(["pairs", "--help"])[0] == 0


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    code, out, err = run(["pairs", str(tmp_path / "nope.txt"), "-q", "--encoder", "hashing"])
    assert code == 2
    assert err.startswith("aligner: error:") and err.count("\n") == 1
    assert out == ""


def test_empty_file_is_a_one_line_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run(["check", str(empty), "-q", "--encoder", "hashing"])
    assert code == 2 and err.count("\n") == 1


def test_unknown_encoder_is_a_one_line_error(seed_page_path: Path) -> None:
    code, _, err = run(["pairs", str(seed_page_path), "-q", "--encoder", "laser"])
    assert code == 2 and "known: default" in err


def test_align_two_documents_beads_format(tmp_path: Path) -> None:
    src = tmp_path / "en.txt"
    tgt = tmp_path / "ar.txt"
    src.write_text("The talks begin on Monday.\nThey will last 3 days.\n", encoding="utf-8")
    tgt.write_text("تبدأ المحادثات يوم الاثنين.\nوستستمر 3 أيام.\n", encoding="utf-8")
    code, out, err = run(["align", str(src), str(tgt), "--presplit", "--format", "beads", "-q"])
    assert code == 0, err
    assert out.splitlines() == ["[0]:[0]", "[1]:[1]"]


def test_align_presplit_files_of_different_lengths(tmp_path: Path) -> None:
    """--presplit: one sentence a line on each side, counts free (Vecalign/Bertalign input); the DP aligns them."""
    src, tgt = tmp_path / "en.txt", tmp_path / "ar.txt"
    src.write_text("The talks begin on Monday.\nThey will last 3 days.\nThe capital is calm.\n", encoding="utf-8")
    tgt.write_text("تبدأ المحادثات يوم الاثنين.\nوستستمر 3 أيام والعاصمة هادئة.\n", encoding="utf-8")
    code, out, err = run(["align", str(src), str(tgt), "--presplit", "--format", "beads", "-q"])
    assert code == 0, err
    assert out.splitlines() == ["[0]:[0]", "[1, 2]:[1]"]
    assert parse_beads(out) == [((0,), (0,)), ((1, 2), (1,))]


def test_align_parallel_zips_lines_and_refuses_unequal_counts(tmp_path: Path) -> None:
    src, tgt = tmp_path / "en.txt", tmp_path / "ar.txt"
    src.write_text("The talks begin on Monday.\nThey will last 3 days.\n", encoding="utf-8")
    tgt.write_text("وستستمر 3 أيام.\nتبدأ المحادثات يوم الاثنين.\n", encoding="utf-8")
    code, out, err = run(["align", str(src), str(tgt), "--parallel", "--format", "beads", "-q", "--encoder", "hashing"])
    assert code == 0, err
    assert out.splitlines() == ["[0]:[0]", "[1]:[1]"]  # zipped, whatever the content
    tgt.write_text("تبدأ المحادثات يوم الاثنين.\n", encoding="utf-8")
    code, _, err = run(["align", str(src), str(tgt), "--parallel", "-q", "--encoder", "hashing"])
    assert code == 2 and err.count("\n") == 1 and "2 lines but" in err
    code, _, err = run(["align", str(src), str(tgt), "--parallel", "--presplit", "-q", "--encoder", "hashing"])
    assert code == 2 and err.count("\n") == 1


SCORE_EN = "The talks begin on Monday.\nThey will last 3 days.\n"
SCORE_AR = "تبدأ المحادثات يوم الاثنين.\nوستستمر المحادثات 3 أيام.\n"
SCORE_REF = "تبدأ المحادثات الاثنين.\nوتستمر 3 أيام.\n"  # ends with a newline, as line files do


def _score_files(tmp_path: Path, ref: str = SCORE_REF) -> list[str]:
    (tmp_path / "en.txt").write_text(SCORE_EN, encoding="utf-8")
    (tmp_path / "ar.txt").write_text(SCORE_AR, encoding="utf-8")
    (tmp_path / "ref.txt").write_text(ref, encoding="utf-8")
    args = [str(tmp_path / "en.txt"), str(tmp_path / "ar.txt"), "--parallel", "--ref", str(tmp_path / "ref.txt")]
    return ["score", *args, "--format", "json", "-q", "--encoder", "hashing"]


def test_score_ref_ending_with_a_newline_agrees_with_sacrebleu(tmp_path: Path) -> None:
    import sacrebleu

    code, out, err = run(_score_files(tmp_path))
    assert code == 0, err
    reference = json.loads(out)["reference"]
    hyps, refs = SCORE_AR.splitlines(), SCORE_REF.splitlines()
    assert reference["bleu"]["score"] == pytest.approx(sacrebleu.corpus_bleu(hyps, [refs]).score, abs=1e-4)
    assert "tok:13a" in reference["bleu"]["signature"]
    assert reference["chrf"]["score"] == pytest.approx(sacrebleu.corpus_chrf(hyps, [refs]).score, abs=1e-4)
    code, out, err = run([*_score_files(tmp_path), "--bleu-tokenize", "intl"])
    assert code == 0, err
    assert "tok:intl" in json.loads(out)["reference"]["bleu"]["signature"]


@pytest.mark.parametrize("ref", ["only one line\n", "one\ntwo\nthree\n"])
def test_score_ref_with_the_wrong_line_count_is_a_one_line_error(tmp_path: Path, ref: str) -> None:
    code, _, err = run(_score_files(tmp_path, ref))
    assert code == 2 and err.count("\n") == 1 and "--ref has" in err, err


def test_check_tsv_writes_issue_lines_atomically(tmp_path: Path) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text(
        "en\tar\nMore than 20 swimmers tested positive.\t"
        "ثبت أن أكثر من 20 سباحًا كانت نتيجة اختبارهم إيجابية لعقار محظور محظور.\n",
        encoding="utf-8",
    )
    out_path = tmp_path / "issues.jsonl"
    code, _, err = run(["check", str(data), "-o", str(out_path), "-q", "--encoder", "hashing"])
    assert code == 0, err
    records = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert records, "the doubled word must be flagged"
    for record in records:
        assert set(record) == ISSUE_KEYS
        assert record["category"] in CATEGORIES
    dup = [r for r in records if r["category"] == "duplication"]
    assert dup and dup[0]["text"].strip() in {"محظور", "محظور محظور"}
    assert not list(tmp_path.glob(".issues.jsonl.*"))  # no temp file left behind


def test_failed_run_keeps_the_existing_output(tmp_path: Path) -> None:
    out_path = tmp_path / "issues.jsonl"
    out_path.write_text("precious\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"en": "a", "ar": "ب"}\n{oops\n', encoding="utf-8")
    code, _, err = run(["check", str(bad), "-o", str(out_path), "-q", "--encoder", "hashing"])
    assert code == 2 and ":2" in err
    assert out_path.read_text(encoding="utf-8") == "precious\n"


def test_score_table_and_json(tmp_path: Path) -> None:
    data = tmp_path / "pairs.jsonl"
    data.write_text('{"en": "Ten people died.", "ar": "توفي عشرة أشخاص."}\n', encoding="utf-8")
    code, out, err = run(["score", str(data), "-q", "--encoder", "hashing", "--format", "json"])
    assert code == 0, err
    summary = json.loads(out)
    assert 0 <= summary["pairs"][0]["score"] <= 100
    assert summary["signature"].startswith("seg:")


@pytest.mark.slow
def test_pairs_on_the_seed_page_with_the_real_encoder(seed_page_path: Path) -> None:
    code, out, err = run(["pairs", str(seed_page_path), "-q"])
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    english = [r for r in records if r["src"]]
    assert len(english) == 6
    paired = {r["src"]: r["tgt"] for r in english if r["tgt"]}
    assert len(paired) == 5
    assert paired["Putin may need arms from North Korea’s Kim, but what is he willing to give in return?"] == (
        "قد يحتاج بوتين إلى أسلحة من كيم في كوريا الشمالية، ولكن ماذا ينوي أن يعطي مقابله؟"
    )
    assert paired["Shanghai slammed by what China says is the city’s strongest storm in seven decades"].startswith(
        "شنغهاي تتعرض لأقوى عاصفة"
    )
    caption = [r for r in english if r["src"].startswith("See moment Putin")]
    assert caption and caption[0]["tgt"] is None
    chrome = ("Loading", "شاهد ايضاً", "شارك الخبر", "Facebook", "التصنيف")
    for r in records:
        for text in (r["src"] or "", r["tgt"] or ""):
            assert not any(c in text for c in chrome), text


def test_eval_scores_beads(tmp_path: Path) -> None:
    gold = tmp_path / "gold.beads"
    system = tmp_path / "sys.beads"
    gold.write_text("[0]:[0]\n[1]:[1, 2]\n", encoding="utf-8")
    system.write_text("[0]:[0]\n[1]:[1]\n[]:[2]\n", encoding="utf-8")
    code, out, err = run(["eval", str(system), str(gold)])
    assert code == 0, err
    scores = json.loads(out)
    assert scores["precision_strict"] == 1 / 3 and scores["recall_strict"] == 0.5 and scores["recall_lax"] == 1.0


def _two_files(tmp_path: Path) -> list[str]:
    (tmp_path / "en.txt").write_text("The talks begin on Monday.\n", encoding="utf-8")
    (tmp_path / "ar.txt").write_text("تبدأ المحادثات يوم الاثنين.\n", encoding="utf-8")
    return [str(tmp_path / "en.txt"), str(tmp_path / "ar.txt"), "-q"]


@pytest.mark.parametrize(
    ("beads", "message"),
    [("[0]:[0]\n[x]:[1]\n", "system.beads:2: expected a bead"), ("[0, 1]:[0\n", "system.beads:1: expected a bead"),
     (b"\xff\xfe\x00\xd8", "system.beads"), ("", "system.beads: empty input")],
)  # fmt: skip
def test_eval_malformed_beads_is_a_one_line_error(tmp_path: Path, beads: str | bytes, message: str) -> None:
    system, gold = tmp_path / "system.beads", tmp_path / "gold.beads"
    system.write_bytes(beads if isinstance(beads, bytes) else beads.encode())
    gold.write_text("[0]:[0]\n", encoding="utf-8")
    code, _, err = run(["eval", str(system), str(gold)])
    assert code == 2 and err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize(
    ("spec", "message"),
    [("sentence-transformers:{tmp}/no-such-model", "not on disk"), ("sentence-transformers:{tmp}", "not on disk"),
     ("sentence-transformers:{tmp}/en.txt", "not on disk"), ("sentence-transformers", "needs a model"),
     ("sentence-transformers:", "needs a model"), ("hashing:256", "takes no argument"), ("laser", "unknown encoder")],
)  # fmt: skip
def test_unavailable_encoder_is_a_one_line_error(tmp_path: Path, spec: str, message: str) -> None:
    pytest.importorskip("sentence_transformers")
    args = _two_files(tmp_path)
    code, _, err = run(["align", *args, "--encoder", spec.format(tmp=tmp_path)])
    assert code == 2 and err.count("\n") == 1 and message in err, err


def test_nested_config_typo_is_a_one_line_error_before_any_work(tmp_path: Path) -> None:
    config = tmp_path / "run.toml"
    config.write_text("[align]\nmargn = 0.5\n", encoding="utf-8")
    code, _, err = run(["align", *_two_files(tmp_path), "--encoder", "hashing", "--config", str(config)])
    assert code == 2 and err.count("\n") == 1 and "[align]: unknown key(s): margn" in err, err


def test_export_accepted_without_a_store_says_why(tmp_path: Path) -> None:
    data = tmp_path / "pairs.tsv"
    data.write_text("en\tar\nThe talks begin.\tتبدأ المحادثات.\n", encoding="utf-8")
    out = tmp_path / "out.tmx"
    code, _, err = run(["export", str(data), "--format", "tmx", "-o", str(out), "--status", "accepted", "-q"])
    assert code == 2 and err.count("\n") == 1 and "--store" in err, err
    assert not out.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


DOUBLED = (
    "en\tar\nMore than 20 swimmers tested positive.\tثبت أن أكثر من 20 سباحًا كانت نتيجتهم إيجابية لعقار محظور محظور.\n"
)


def _check(tmp_path: Path, *extra: str, stdout: io.StringIO) -> tuple[int, str]:
    data = tmp_path / "pairs.tsv"
    data.write_text(DOUBLED, encoding="utf-8")
    stderr = io.StringIO()
    code = main(["check", str(data), "-q", "--encoder", "hashing", *extra], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue() + stderr.getvalue()


def test_check_on_a_terminal_prints_a_table_and_a_summary(tmp_path: Path) -> None:
    code, out = _check(tmp_path, stdout=_Terminal())
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["pair", "category", "severity", "side"]
    row = next(line for line in lines if "duplication" in line)
    assert "[محظور]" in row and "Word repeated" in row and row.startswith("p0")
    assert re.fullmatch(r"\d+ issues? in 1 of 1 pairs: .*duplication.*; .*minor.*", lines[-1]), lines[-1]
    assert not any(line.startswith("{") for line in lines)


def test_check_piped_or_asked_prints_json_lines(tmp_path: Path) -> None:
    for stdout, extra in ((io.StringIO(), ()), (_Terminal(), ("--format", "jsonl"))):
        code, out = _check(tmp_path, *extra, stdout=stdout)
        assert code == 0, out
        records = [json.loads(line) for line in out.splitlines()]
        assert records and all(set(r) == ISSUE_KEYS for r in records)
    code, out = _check(tmp_path, "--format", "table", stdout=io.StringIO())
    assert code == 0 and re.fullmatch(r"\d+ issues? in 1 of 1 pairs: .*", out.splitlines()[-1])  # --format table


def test_check_table_neutralises_terminal_controls() -> None:
    from aligner.check_report import in_context

    record = {"side": "tgt", "tgt": "a\x1b[31m red \u202e x", "start": 2, "end": 5, "src": ""}
    shown = in_context(record)
    assert "\x1b" not in shown and "\u202e" not in shown and "[" in shown


@pytest.mark.slow
def test_untranslated_related_headline_is_paired_with_its_slot(seed_page_path: Path, tmp_path: Path) -> None:
    english = "Shanghai slammed by what China says is the city’s strongest storm in seven decades"
    page = seed_page_path.read_text(encoding="utf-8")
    page = page.replace("شنغهاي تتعرض لأقوى عاصفة تضرب المدينة منذ سبعين عاماً وفقاً لما أعلنته الصين", english, 1)
    path = tmp_path / "untranslated.page.txt"
    path.write_text(page, encoding="utf-8")
    code, out, err = run(["pairs", str(path), "-q"])
    assert code == 0, err
    record = next(r for r in map(json.loads, out.splitlines()) if r["src"] == english)
    assert record["tgt"] == english  # the Arabic headline slot, not the Arabic summary
    assert [i["category"] for i in record["issues"]] == ["untranslated"]


def test_bad_input_is_reported_without_waiting_for_the_model(tmp_path: Path, monkeypatch) -> None:
    """The encoder loads while the inputs are read; a missing file fails at once, not after the model has loaded."""
    import threading
    import time

    import aligner.embed

    release = threading.Event()

    def slow_load(name: str):  # a model that takes "forever" to load
        release.wait(60)
        raise RuntimeError("not reached in this test")

    monkeypatch.setattr(aligner.embed, "load_encoder", slow_load)
    src = tmp_path / "en.txt"
    src.write_text("One sentence.\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    try:
        code = main(["align", str(src), str(tmp_path / "missing.txt"), "-q"], stdout=out, stderr=err)
    finally:
        release.set()
    assert code == 2 and "missing.txt" in err.getvalue() and len(err.getvalue().strip().splitlines()) == 1
    assert time.monotonic() - started < 30
