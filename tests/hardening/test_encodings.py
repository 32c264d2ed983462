"""Catalogue: encodings, mojibake, invalid bytes and binary files, through decode_bytes and the CLI."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from aligner.ingest import InputError, read_bitext
from aligner.ingest.encoding import decode_bytes, repair_mojibake
from tests.hardening.helpers import AR, AR2, EN, EN2, SEED_PAGE, assert_one_line_error, check_cli

PAGE = SEED_PAGE.read_text(encoding="utf-8")
ROWS = [(EN, AR), (EN2, AR2)]
TSV = "".join(f"{a}\t{b}\n" for a, b in ROWS)


def _sloppy_cp1252(text: str) -> bytes:
    import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252"

    return text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")


# name, file name, bytes maker: each must read exactly like the UTF-8 original.
GOOD: list[tuple[str, str, Callable[[str], bytes]]] = [
    ("utf8", "p.txt", lambda t: t.encode("utf-8")),
    ("utf8-bom", "p.txt", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("utf16le-bom", "p.txt", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    ("utf16be-bom", "p.txt", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    ("utf16le-nobom", "p.txt", lambda t: t.encode("utf-16-le")),
    ("utf16be-nobom", "p.txt", lambda t: t.encode("utf-16-be")),
    ("utf32le-bom", "p.txt", lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le")),
    ("crlf", "p.txt", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ("mojibake-latin1", "p.txt", lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8")),
    ("mojibake-cp1252", "p.txt", _sloppy_cp1252),
]


@pytest.fixture(scope="module")
def reference_pairs() -> str:
    code, out, err = check_cli(SEED_PAGE, command="pairs")
    assert code == 0, err
    return out


@pytest.mark.parametrize(("case", "filename", "make"), GOOD, ids=[g[0] for g in GOOD])
def test_page_in_any_supported_encoding_reads_like_utf8(tmp_path, reference_pairs, case, filename, make) -> None:
    path = tmp_path / filename
    path.write_bytes(make(PAGE))
    code, out, err = check_cli(path, command="pairs")
    assert code == 0, err
    assert out == reference_pairs


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6"])
def test_legacy_arabic_code_pages(tmp_path: Path, codec: str) -> None:
    utf8 = read_bitext(TSV.encode(), "p.tsv")
    legacy = read_bitext(TSV.encode(codec), "p.tsv")
    assert legacy.tgt.text == utf8.tgt.text and legacy.src.text == utf8.src.text
    path = tmp_path / "p.tsv"
    path.write_bytes(TSV.encode(codec))
    reference = tmp_path / "ref.tsv"
    reference.write_bytes(TSV.encode())
    assert check_cli(path, command="align") == check_cli(reference, command="align")


@pytest.mark.parametrize(
    "text",
    [
        "Øl og Ærø i Århus, København.",  # Danish: Ø followed by ordinary letters, not mojibake
        "Ø‚ once is noise, not a pattern.",
        "Prices: 5 € – «quoted» — naïve café.",
        f"{EN} {AR} Øresund",
    ],
)
def test_mojibake_repair_leaves_genuine_latin_text_alone(text: str) -> None:
    assert repair_mojibake(text, "x.txt") == text
    assert decode_bytes(text.encode(), "x.txt") == text


def test_mojibake_repair_turns_garbage_into_arabic() -> None:
    garbled = AR.encode().decode("latin-1")
    assert repair_mojibake(f"{EN}\n{garbled}\n{EN2}", "x.txt") == f"{EN}\n{AR}\n{EN2}"


def _zip(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("page.txt", text)
    return buf.getvalue()


# name, file name, bytes, expected words in the one-line error
BAD: list[tuple[str, str, bytes, str]] = [
    ("invalid-utf8", "p.txt", b"ok line\n\xe9t\xe9 fran\xe7ais, \xff bytes", "p.txt:2: invalid UTF-8"),
    ("latin1-french", "p.txt", "café crème brûlée très bien".encode("latin-1"), "invalid UTF-8"),
    ("invalid-utf16", "p.txt", codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8", "invalid UTF-16"),
    ("png", "p.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG image"),
    ("jpeg", "p.tsv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "JPEG"),
    ("pdf", "p.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("zip-named-zip", "p.zip", _zip(PAGE), "zip archive"),
    ("zip-named-txt", "p.txt", _zip(PAGE), "zip archive"),
    ("gzip-named-gz", "p.txt.gz", gzip.compress(PAGE.encode()), "gzip"),
    ("gzip-named-tsv", "p.tsv", gzip.compress(TSV.encode()), "gzip"),
    ("random-binary", "p.txt", bytes(range(256)) * 8, "binary"),
    ("nul-in-utf8", "p.txt", f"{EN}\n\x00{AR}\n".encode(), "binary"),
    ("nul-in-utf8-tsv", "p.tsv", f"{EN}\t{AR}\x00\n".encode(), "binary"),
    ("empty", "p.txt", b"", "empty"),
    ("empty-tsv", "p.tsv", b"", "empty"),
    ("whitespace", "p.txt", b" \n\t\r\n  \n", "empty"),
    ("bom-only", "p.txt", codecs.BOM_UTF8, "empty"),
    ("utf16-whitespace", "p.txt", "  \n\t ".encode("utf-16"), "empty"),
    ("english-only-page", "p.txt", (EN + "\n" + EN2 + "\n").encode(), "one language only"),
    ("arabic-only-page", "p.txt", (AR + "\n" + AR2 + "\n").encode(), "one language only"),
]


@pytest.mark.parametrize(("case", "filename", "data", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_bytes_give_one_line_error(tmp_path: Path, case: str, filename: str, data: bytes, expected: str) -> None:
    path = tmp_path / filename
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_bitext(data, filename)
    assert "\n" not in str(info.value) and filename in str(info.value)
    assert_one_line_error(*check_cli(path), contains=expected)


def test_two_documents_swapped_are_swapped_back_with_a_warning(tmp_path: Path, caplog) -> None:
    en, ar = tmp_path / "en.txt", tmp_path / "ar.txt"
    en.write_text(f"{EN}\n{EN2}\n", encoding="utf-8")
    ar.write_text(f"{AR}\n{AR2}\n", encoding="utf-8")
    right = check_cli(en, ar, "--presplit", command="align")
    with caplog.at_level("WARNING"):
        swapped = check_cli(ar, en, "--presplit", command="align")
    assert swapped[0] == 0 and right[0] == 0
    assert swapped[1] == right[1]
    assert any("swapping" in r.getMessage() for r in caplog.records)


def test_one_language_in_two_documents_is_safe(tmp_path: Path, caplog) -> None:
    """Two English files: a warning and a result (nothing pairs well), never a crash."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(f"{EN}\n{EN2}\n", encoding="utf-8")
    b.write_text(f"{EN2}\n{EN}\n", encoding="utf-8")
    with caplog.at_level("WARNING"):
        code, _, err = check_cli(a, b, command="align")
    assert code == 0, err
    assert any("looks like en, not ar" in r.getMessage() for r in caplog.records)
