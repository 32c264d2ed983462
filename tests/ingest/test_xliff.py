"""XliffReader: reader contract for 1.2 and 2.0, inline markup, states, and refusal of unsafe or malformed XLIFF."""

from __future__ import annotations

import pytest

from aligner.ingest import InputError, xmlsafe
from aligner.ingest.xliff import XliffReader, parse_xliff
from aligner.model import Layout
from tests.ingest.contract import ReaderContract, unit_texts

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="story.html" source-language="en-GB" target-language="ar-EG" datatype="html">
    <header><note from="aligner:signature">seg:rules.v1|v:0.1.0</note></header>
    <body>
      <trans-unit id="t1" approved="yes">
        <source>The minister arrived.</source>
        <target state="signed-off">وصل الوزير.</target>
        <note from="aligner:score">91.5</note>
      </trans-unit>
      <group id="g1">
        <trans-unit id="t2" xml:space="preserve">
          <source>He said <g id="1">no</g><x id="2"/> to the <bpt id="3">&lt;i&gt;</bpt>plan<ept
            id="3">&lt;/i&gt;</ept>.</source>
          <target state="translated">قال <g id="1">لا</g><x id="2"/> <mrk mtype="x-term">للخطة</mrk>.</target>
        </trans-unit>
      </group>
      <trans-unit id="t3"><source>Untranslated.</source></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ar">
  <file id="f1">
    <unit id="u1">
      <segment state="final"><source>The minister arrived.</source><target>وصل الوزير.</target></segment>
    </unit>
    <group id="g">
      <unit id="u2">
        <originalData><data id="d1">&lt;b&gt;</data></originalData>
        <segment><source>He said <pc id="1">no</pc>.</source><target>قال <pc id="1">لا</pc>.</target></segment>
        <ignorable><source> </source><target> </target></ignorable>
        <segment state="reviewed"><source>Bell<cp hex="0007"/>.<ph id="2" dataRef="d1"/></source>
          <target>جرس<cp hex="0007"/>.</target></segment>
      </unit>
    </group>
  </file>
</xliff>
"""


class TestXliff12ReaderContract(ReaderContract):
    reader_cls = XliffReader
    sample = XLIFF12.encode("utf-8")
    sample_name = "story.xlf"
    layout = Layout.PARALLEL
    origin_required = False


class TestXliff20ReaderContract(ReaderContract):
    reader_cls = XliffReader
    sample = XLIFF20.encode("utf-8")
    sample_name = "story.xliff"
    layout = Layout.PARALLEL
    origin_required = False


def read(data: str | bytes, name: str = "story.xlf", **kw: str):
    return XliffReader(**kw).read(data.encode("utf-8") if isinstance(data, str) else data, name)


def test_xliff12_units() -> None:
    bitext = read(XLIFF12)
    assert unit_texts(bitext) == (
        ["The minister arrived.", "He said no to the plan.", "Untranslated."],
        ["وصل الوزير.", "قال لا للخطة.", ""],
    )
    assert (bitext.src.lang, bitext.tgt.lang) == ("en", "ar")
    meta = bitext.src.meta
    assert meta["version"] == "1.2" and meta["signature"] == "seg:rules.v1|v:0.1.0"
    assert meta["unit_ids"] == ("t1", "t2", "t3")
    assert meta["unit_states"] == ("signed-off", "translated", "")
    assert meta["unit_meta"][0] == {"score": "91.5"}


def test_xliff20_units() -> None:
    bitext = read(XLIFF20)
    assert unit_texts(bitext) == (
        [
            "The minister arrived.",
            "He said no. Bell\x07.",
        ],
        ["وصل الوزير.", "قال لا. جرس\x07."],
    )
    assert bitext.src.meta["version"] == "2.0"
    assert bitext.src.meta["unit_states"] == ("final", "initial reviewed")


def test_reversed_file_is_swapped() -> None:
    data = XLIFF20.replace('srcLang="en" trgLang="ar"', 'srcLang="ar" trgLang="en"')
    data = data.replace(
        "<source>The minister arrived.</source><target>وصل الوزير.</target>",
        "<source>وصل الوزير.</source><target>The minister arrived.</target>",
    )
    bitext = read(data)
    assert unit_texts(bitext)[0][0] == "The minister arrived." and bitext.src.meta["swapped"] is True


def test_xliff11_without_namespace_version() -> None:
    data = XLIFF12.replace('version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"', 'version="1.1"')
    assert parse_xliff(data.encode(), "x.xlf").version == "1.x"
    assert unit_texts(read(data))[0][0] == "The minister arrived."


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        ('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<body>\n</file></xliff>', r"^bad\.xlf:5: malformed"),
        ("<xliff><file>&nbsp;</file></xliff>", r"^bad\.xlf:1: malformed"),
        ('<xliff xmlns="urn:example:other"/>', r"^bad\.xlf:1: unknown XLIFF namespace"),
        ("<tmx/>", r"^bad\.xlf:1: not XLIFF"),
        ('<xliff version="1.2"><file><body/></file></xliff>', r"^bad\.xlf: XLIFF declares no source language"),
        ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff>ضع</xliff>'.encode("cp1256"), r"^bad\.xlf:2: malformed"),
        (b'<?xml version="1.0" encoding="nope-8"?><xliff/>', r"^bad\.xlf:1: "),
    ],
    ids=["unclosed", "html-entity", "foreign-namespace", "not-xliff", "no-language", "bad-bytes", "bad-encoding"],
)
def test_malformed(data: str | bytes, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern) as info:
        read(data, "bad.xlf")
    assert "\n" not in str(info.value)


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en"><body>
<trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-32"])
def test_entities_refused_in_any_encoding(encoding: str) -> None:
    data = LAUGHS if encoding == "utf-8" else LAUGHS.replace('<?xml version="1.0"?>', "")
    with pytest.raises(InputError, match=r"^evil\.xlf:1: refused: the DOCTYPE declares entities"):
        read(data.encode(encoding), "evil.xlf")


def test_entities_refused_after_parse_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "_declares_entities", lambda data: False)  # the second line of defence
    with pytest.raises(InputError, match=r"refused: the DOCTYPE declares entities \(a, b\)"):
        read(LAUGHS, "evil.xlf")


def test_external_entity_never_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY s SYSTEM "file://{secret}">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en"><body>
<trans-unit id="1"><source>&s;</source></trans-unit></body></file></xliff>"""
    monkeypatch.setattr(xmlsafe, "_declares_entities", lambda data: False)
    with pytest.raises(InputError) as info:
        read(data, "evil.xlf")
    assert "TOP-SECRET" not in str(info.value)
