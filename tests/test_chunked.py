"""The chunked check (aligner/chunked.py) gives the whole-file pipeline's issues, on every streamed format."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape

import pytest

import aligner.chunked as chunked
from aligner.checks import Check, CheckContext
from aligner.checks.base import run_checks
from aligner.config import Config
from aligner.embed import load_encoder
from aligner.ingest import open_inputs
from aligner.ingest.stream import open_parallel
from aligner.model import AlignedPair, Category, Issue
from aligner.pipeline import build_checks, process
from aligner.records import dumps, issue_record, result_issue_records

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Config(encoder="hashing")
EXTRA = [  # rows that make the document-level checks fire across blocks
    ("World Anti-Doping Agency defends", "وكالة العالم لمكافحة المنشطات تدافع عن قرارها"),
    ("The World Anti-Doping Agency said", "قالت الوكالة العالمية لمكافحة المنشطات (WADA) اليوم"),
    ("World Anti-Doping Agency defends", "منظمة مكافحة المنشطات الدولية تدافع"),
    (
        "He said the talks will continue next week in Geneva.",
        "قال إن المحادثات ستستمر الأسبوع المقبل في جنيف مع الوفود.",
    ),
    ("Another sentence entirely.", "قال إن المحادثات ستستمر الأسبوع المقبل في جنيف مع الوفود."),
    ("The price rose 25 percent in 2020.", "ارتفع السعر بنسبة 35 في المئة في عام 2021."),
    ("This is not translated at all", "This is not translated at all"),
    ("", "نص بلا مصدر"),
    ("Text without target", ""),
    ("the word", "الكلمة الكلمة الكلمة هنا"),
]


def mixed_rows() -> list[tuple[str, str]]:
    """Pairs of the repository's seed page and NTREX sample, rows that trip every check, one over-long row."""
    result = process(open_inputs([ROOT / "corpora/pages/seed_000.txt"]), encoder=load_encoder("hashing"))
    rows = [(p.src_text, p.tgt_text) for p in result.pairs]
    with (ROOT / "corpora/ntrex-sample/pairs.tsv").open(encoding="utf-8") as fh:
        rows += [tuple(line.rstrip("\n").split("\t")[:2]) for line in fh]  # type: ignore[misc]
    rows = [*rows, *EXTRA] * 2
    rows.insert(3, ("long " * 21_000, "طويل " * 21_000))  # over max_segment_chars: only noted
    return [(" ".join(s.split()), " ".join(t.split())) for s, t in rows]


def write_rows(path: Path, rows: Sequence[tuple[str, str]]) -> Path:
    """Write ``rows`` in the format of ``path``'s extension (tsv, csv, jsonl, tmx)."""
    fmt = path.suffix[1:]
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "tsv":
            fh.writelines(f"{s}\t{t}\n" for s, t in rows)
        elif fmt == "csv":
            writer = csv.writer(fh)
            writer.writerow(["en", "ar"])
            writer.writerows(rows)
        elif fmt == "jsonl":
            fh.writelines(json.dumps({"en": s, "ar": t}, ensure_ascii=False) + "\n" for s, t in rows)
        else:
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n')
            for s, t in rows:
                fh.write(f'<tu><tuv xml:lang="en"><seg>{escape(s)}</seg></tuv>')
                fh.write(f'<tuv xml:lang="ar"><seg>{escape(t)}</seg></tuv></tu>\n')
            fh.write("</body></tmx>\n")
    return path


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str]]:
    return mixed_rows()


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunked, "BLOCK", 7)  # many blocks, so findings cross block boundaries
    monkeypatch.setattr(chunked, "CONTEXT", 1)


def _whole(path: Path | list[Path], checks: Sequence[Check] | None = None) -> list[str]:
    paths = path if isinstance(path, list) else [path]
    bitext = open_inputs(paths, parallel=len(paths) == 2)
    result = process(bitext, encoder=load_encoder("hashing"), config=CONFIG)
    if checks is not None:
        issues = run_checks(result.pairs, checks, CheckContext(pairs=result.pairs))
        return [dumps(issue_record(p, i)) for p in result.pairs for i in issues if i.pair_id == p.id]
    return [dumps(r) for r in result_issue_records(result)]


def _chunked(path: Path | list[Path], checks: Sequence[Check] | None = None) -> list[str]:
    paths = path if isinstance(path, list) else [path]
    source = open_parallel(paths, parallel=len(paths) == 2)
    assert source is not None
    run = chunked.ChunkedCheck(source, encoder=load_encoder("hashing"), config=CONFIG, checks=checks)
    assert chunked.streamable(run.checks)
    return [dumps(issue_record(p, i)) for p, issues in run.checked() for i in issues]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "jsonl", "tmx"])
def test_chunked_issues_are_the_whole_file_issues(
    tmp_path: Path, rows: list[tuple[str, str]], small_blocks: None, fmt: str
) -> None:
    path = write_rows(tmp_path / f"mixed.{fmt}", rows)
    whole = _whole(path)
    assert {"terminology", "duplication", "numbers", "untranslated", "omission"} <= {
        json.loads(r)["check"] for r in whole
    }
    assert any("elsewhere in the document" in r for r in whole)  # acronym rendering found in an earlier block
    assert _chunked(path) == whole


class NextDiffers(Check):
    """Flags a pair whose target's length differs from its checked neighbours' (a check that looks both ways)."""

    name: ClassVar[str] = "next_differs"
    category: ClassVar[Category] = Category.OTHER
    skip_if: ClassVar[frozenset[str]] = frozenset({"untranslated"})
    neighbours: ClassVar[int] = 2

    def run(self, pair: AlignedPair, ctx: CheckContext) -> Iterator[Issue]:
        yield from self.run_document([pair], ctx)

    def run_document(self, pairs: Sequence[AlignedPair], ctx: CheckContext) -> Iterator[Issue]:
        for k, pair in enumerate(pairs):
            near = [q.id for q in pairs[max(0, k - 2) : k + 3] if q is not pair]
            yield Issue(pair.id, self.name, self.category, self.severity, f"neighbours {near}")


def test_a_check_with_neighbours_sees_them_across_blocks(tmp_path: Path, small_blocks: None) -> None:
    rows = [("Hello there friend", "مرحبا يا صديقي")] * 6 + [("Untranslated words here", "Untranslated words here")] * 9
    path = write_rows(tmp_path / "n.tsv", rows * 3)
    checks = [*build_checks(CONFIG), NextDiffers()]
    assert _chunked(path, checks) == _whole(path, checks)


def test_cli_check_streams_parallel_files(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    from aligner.cli import main

    path = write_rows(tmp_path / "mixed.jsonl", rows)
    out = tmp_path / "issues.jsonl"
    assert main(["check", str(path), "-q", "--encoder", "hashing", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == _whole(path)


@pytest.mark.parametrize("swapped", [False, True])
def test_two_parallel_line_files_are_checked_in_blocks(
    tmp_path: Path, rows: list[tuple[str, str]], small_blocks: None, swapped: bool
) -> None:
    en, ar = tmp_path / "a.en", tmp_path / "a.ar"
    en.write_text("".join(f"{s}\n" for s, _ in rows), encoding="utf-8")
    ar.write_text("".join(f"{t}\n" for _, t in rows), encoding="utf-8")
    paths = [ar, en] if swapped else [en, ar]  # given the wrong way round: swapped back, as the whole-file reader does
    assert _chunked(paths) == _whole(paths)


def test_parallel_line_files_of_unequal_length_are_refused_before_any_check(tmp_path: Path) -> None:
    from aligner.ingest.base import InputError

    en, ar = tmp_path / "a.en", tmp_path / "a.ar"
    en.write_text("One.\nTwo.\n", encoding="utf-8")
    ar.write_text("واحد.\n", encoding="utf-8")
    with pytest.raises(InputError) as whole:
        open_inputs([en, ar], parallel=True)
    with pytest.raises(InputError) as parts:
        open_parallel([en, ar], parallel=True)
    assert str(parts.value) == str(whole.value)


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_xliff_is_checked_in_blocks(tmp_path: Path, rows: list[tuple[str, str]], small_blocks: None, fmt: str) -> None:
    from aligner.export import KEEP_ALL, export

    tsv = write_rows(tmp_path / "mixed.tsv", rows)
    path = tmp_path / "mixed.xlf"
    export(process(open_inputs([tsv]), encoder=load_encoder("hashing")), fmt, path, filters=KEEP_ALL)
    assert _chunked(path) == _whole(path)


def test_xliff_translated_the_other_way_is_swapped_as_the_reader_does(tmp_path: Path, small_blocks: None) -> None:
    units = "".join(
        f'<trans-unit id="{k}"><source>قال إن المحادثات ستستمر {k}</source><target>He said talks go on {k}</target>'
        "</trans-unit>"
        for k in range(12)
    )
    path = tmp_path / "ar-en.xlf"
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file source-language="ar" target-language="en" original="x" datatype="plaintext"><body>'
        f"<group>{units}</group>{units}</body></file></xliff>",
        encoding="utf-8",
    )
    source = open_parallel([path])
    assert source is not None and source.swapped
    assert _chunked(path) == _whole(path)
