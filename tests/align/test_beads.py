from __future__ import annotations

import pytest

from aligner.align import BeadFormatError, format_beads, parse_beads

BEADS = [((0,), (0, 1)), ((1, 2), (2,)), ((), (3,)), ((3,), ())]


def test_format():
    assert format_beads(BEADS) == "[0]:[0, 1]\n[1, 2]:[2]\n[]:[3]\n[3]:[]\n"


def test_round_trip():
    assert parse_beads(format_beads(BEADS)) == BEADS


def test_parses_gold_file_variants():
    assert parse_beads("[0]:[0,1]\n\n [2, 3] : [] \n") == [((0,), (0, 1)), ((2, 3), ())]


@pytest.mark.parametrize("line", ["0:1", "[a]:[1]", "[0]-[1]"])
def test_rejects_bad_lines(line):
    with pytest.raises(BeadFormatError, match="line 1"):
        parse_beads(line)
