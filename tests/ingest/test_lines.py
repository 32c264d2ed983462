from __future__ import annotations

from pathlib import Path

import pytest

from aligner.ingest import InputError
from aligner.ingest.lines import read_lines, split_lines


@pytest.mark.parametrize(
    ("text", "lines"),
    [("", []), ("a", ["a"]), ("a\n", ["a"]), ("a\nb", ["a", "b"]), ("a\n\n", ["a", ""]), ("\n", [""])],
)
def test_split_lines_final_newline_ends_the_last_line(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


def test_read_lines_crlf_bom_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "ref.txt"
    path.write_bytes("\ufeffأ\r\nب\r\n".encode())
    assert read_lines(path) == ["أ", "ب"]
    with pytest.raises(InputError, match="cannot read"):
        read_lines(tmp_path / "missing.txt")
