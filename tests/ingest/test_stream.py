"""aligner.ingest.stream: which inputs are read pair by pair, and that they read as the whole-file readers do."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.ingest import open_inputs
from aligner.ingest.base import MAX_UNIT_CHARS, InputError
from aligner.ingest.stream import open_parallel

ROOT = Path(__file__).resolve().parents[2]


def _texts(paths: list[Path], *, parallel: bool = False) -> list[tuple[str, str]]:
    bitext = open_inputs(paths, parallel=parallel)
    return [(bitext.src.unit_text(i), bitext.tgt.unit_text(i)) for i in range(len(bitext.src.units))]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.tsv", "source\ttarget\nHello.\tمرحبا.\n\nBye.\t\n"),
        ("a.csv", 'en,ar\n"Hello, ""you"".","مرحبا\nبك"\nBye.,وداعا\n'),
        ("a.jsonl", '{"en": " Hello. ", "ar": "مرحبا"}\n\n{"src": "Bye.", "tgt": null}\n'),
        ("a.data", "Hello.\tمرحبا.\nBye.\tوداعا.\n"),  # unknown extension: sniffed as TSV
    ],
)
def test_pairs_are_the_readers_units(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    source = open_parallel([path])
    assert source is not None
    assert list(source.pairs()) == _texts([path])
    assert list(source.pairs()) == list(source.pairs())  # read again on every call


def test_pages_html_and_two_plain_documents_are_not_streamed(tmp_path: Path) -> None:
    en, ar = ROOT / "corpora/ntrex-sample/bbc.381790.en.txt", ROOT / "corpora/ntrex-sample/bbc.381790.ar.txt"
    assert open_parallel([ROOT / "corpora/pages/seed_000.txt"]) is None
    assert open_parallel([en, ar]) is None  # documents to align, not --parallel lines
    (tmp_path / "a.html").write_text("<html><body><p>Hi</p></body></html>", encoding="utf-8")
    assert open_parallel([tmp_path / "a.html"]) is None
    assert open_parallel([tmp_path / "missing.tsv"]) is None  # left to the whole-file reader's message


def test_an_overlong_segment_is_the_readers_error(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text(f"Hello.\tمرحبا.\n{'x' * (MAX_UNIT_CHARS + 1)}\tوداعا\n", encoding="utf-8")
    with pytest.raises(InputError) as whole:
        open_inputs([path])
    source = open_parallel([path])
    assert source is not None
    with pytest.raises(InputError) as parts:
        list(source.pairs())
    assert str(parts.value) == str(whole.value)


def test_a_malformed_xliff_is_left_to_the_whole_file_reader(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    path.write_text('<xliff version="1.2"><file source-language="en"><body><trans-unit>', encoding="utf-8")
    assert open_parallel([path]) is None
