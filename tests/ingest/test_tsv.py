from __future__ import annotations

import pytest

from aligner.ingest import InputError
from aligner.ingest.tsv import CsvReader, TsvReader
from aligner.model import Layout
from tests.ingest.contract import ReaderContract, unit_texts

TSV = "en\tar\nThe minister arrived.\tوصل الوزير.\n  Talks began.  \tبدأت المحادثات.\n\t\nNo target.\t\n".encode()
CSV = (
    'id,source,target\n1,"He said ""no"".","قال ""لا""."\n2,"Two, with comma","اثنان، مع فاصلة"\n'
    '3,"multi\nline",سطر\n4,plain,عادي\n'
).encode()


class TestTsvContract(ReaderContract):
    reader_cls = TsvReader
    sample = TSV
    sample_name = "pairs.tsv"
    layout = Layout.PARALLEL


class TestCsvContract(ReaderContract):
    reader_cls = CsvReader
    sample = CSV
    sample_name = "pairs.csv"
    layout = Layout.PARALLEL

    @staticmethod
    def raw_to_text(raw: str) -> str:
        return raw.replace('""', '"').strip()


def test_tsv_rows_with_header_and_empty_cells():
    bitext = TsvReader().read(TSV, "pairs.tsv")
    src, tgt = unit_texts(bitext)
    assert src == ["The minister arrived.", "Talks began.", "", "No target."]
    assert tgt == ["وصل الوزير.", "بدأت المحادثات.", "", ""]
    assert bitext.src.text == "The minister arrived.\nTalks began.\n\nNo target."
    assert {u.role for u in bitext.src.units} == {"line"}


def test_csv_quotes_commas_and_line_breaks():
    src, tgt = unit_texts(CsvReader().read(CSV, "pairs.csv"))
    assert src == ['He said "no".', "Two, with comma", "multi line", "plain"]
    assert tgt == ['قال "لا".', "اثنان، مع فاصلة", "سطر", "عادي"]


@pytest.mark.parametrize(
    ("header", "expected_src"),
    [
        ("ar\ten", "Hello"),
        ("source\ttarget", "مرحبا"),
        ("id\ttgt\tsrc", "Hello"),
        ("English\tArabic", "مرحبا"),
    ],
)
def test_header_names_choose_columns(header, expected_src):
    if header.startswith("id"):
        data = f"{header}\n7\tمرحبا\tHello\n"
    elif header.startswith("ar"):
        data = f"{header}\nمرحبا\tHello\n"
    else:
        data = f"{header}\nمرحبا\tHello\n"
    src, _ = unit_texts(TsvReader().read(data.encode(), "h.tsv"))
    assert src == [expected_src]


def test_headerless_columns_swapped_by_script():
    data = "مرحبا بكم\tWelcome all\nشكرا لكم\tThank you all\n".encode()
    src, tgt = unit_texts(TsvReader().read(data, "swapped.tsv"))
    assert src == ["Welcome all", "Thank you all"] and tgt[0] == "مرحبا بكم"


def test_headerless_first_two_columns():
    src, tgt = unit_texts(TsvReader().read("a b\tج د\tx\nc d\tه و\ty\n".encode(), "n.tsv"))
    assert src == ["a b", "c d"] and tgt == ["ج د", "ه و"]


@pytest.mark.parametrize(
    ("reader", "data", "message"),
    [
        (TsvReader, "a\tب\nc\td\te\n", ":2: 3 columns, expected 2"),
        (TsvReader, "only one column\nsecond\n", ":1: one column"),
        (TsvReader, "en\tar\n", "header only"),
        (CsvReader, 'a,b\n"unterminated,x\n', ":2: unterminated"),
        (CsvReader, 'a,b\n"x"y,z\n', ":2: text after a closing quote"),
        (CsvReader, 'a,b\nc,d\n"multi\nline",e\nf\n', ":5: 1 columns"),
    ],
)
def test_bad_rows_name_the_line(reader, data, message):
    with pytest.raises(InputError, match=message) as info:
        reader().read(data.encode(), "bad.x")
    assert str(info.value).startswith("bad.x:")


def test_blank_lines_are_skipped_but_lines_are_counted():
    with pytest.raises(InputError, match=":4:"):
        TsvReader().read(b"a\tb\n\n\nc\td\te\n", "bad.tsv")
