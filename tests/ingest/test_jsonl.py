from __future__ import annotations

import json

import pytest

from aligner.ingest import InputError
from aligner.ingest.jsonl import JsonlReader
from aligner.model import Layout
from tests.ingest.contract import ReaderContract, unit_texts

RECORDS = [
    {"en": "The minister arrived.", "ar": "وصل الوزير."},
    {"src": 'He said "no".', "tgt": 'قال "لا".'},
    {"translation": {"ar": "سطر\nثان", "en": "Line\ttwo"}},
    {"source": "  padded  ", "target": "", "score": 0.5},
    {"id": 5, "en": "escaped é", "ar": "مرحبا"},
]
LINES = [json.dumps(r, ensure_ascii=False) for r in RECORDS[:4]] + [json.dumps(RECORDS[4])]
SAMPLE = ("\n".join(LINES[:2]) + "\n\n" + "\n".join(LINES[2:]) + "\n").encode()


class TestJsonlContract(ReaderContract):
    reader_cls = JsonlReader
    sample = SAMPLE
    sample_name = "pairs.jsonl"
    layout = Layout.PARALLEL

    @staticmethod
    def raw_to_text(raw: str) -> str:
        return json.loads(f'"{raw}"').strip()


def test_key_shapes_and_cleaning():
    src, tgt = unit_texts(JsonlReader().read(SAMPLE, "pairs.jsonl"))
    assert src == ["The minister arrived.", 'He said "no".', "Line\ttwo", "padded", "escaped é"]
    assert tgt == ["وصل الوزير.", 'قال "لا".', "سطر ثان", "", "مرحبا"]


def test_origins_found_for_every_shape():
    bitext = JsonlReader().read(SAMPLE, "pairs.jsonl")
    assert all(u.origin is not None for u in bitext.src.units + bitext.tgt.units)


def test_identical_values_get_their_own_origin():
    data = b'{"en": "OK", "ar": "OK"}\n'
    bitext = JsonlReader().read(data, "same.jsonl")
    assert bitext.src.units[0].origin != bitext.tgt.units[0].origin


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"en": "a", "ar": "b"}\n{"en": "a", "ar": \n', ":2: invalid JSON"),
        ('{"en": "a", "ar": "b"}\n\n{"fr": "x"}\n', ":3: expected an object"),
        ("[1, 2]\n", ":1: expected an object"),
        ('{"en": 1, "ar": "b"}\n', ":1: 'en' is int"),
    ],
)
def test_bad_lines_name_the_line(data, message):
    with pytest.raises(InputError, match=message):
        JsonlReader().read(data.encode(), "bad.jsonl")


def test_null_is_an_empty_unit():
    src, tgt = unit_texts(JsonlReader().read(b'{"en": "a", "ar": null}\n', "n.jsonl"))
    assert src == ["a"] and tgt == [""]
