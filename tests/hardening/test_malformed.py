"""Catalogue: malformed TSV/CSV/JSONL, hostile XML (entities, external DTDs, XInclude), unclosed tags."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.ingest import InputError, read_bitext
from tests.hardening.helpers import AR, AR2, EN, EN2, assert_one_line_error, check_cli

TMX_BODY = (
    '<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" adminlang="en" '
    'o-tmf="x" creationtool="t" creationtoolversion="1"/><body>'
    '<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="ar"><seg>{ar}</seg></tuv></tu></body></tmx>'
)
XLIFF_BODY = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="f" source-language="en" '
    'target-language="ar" datatype="plaintext"><body><trans-unit id="1"><source>{en}</source>'
    "<target>{ar}</target></trans-unit></body></file></xliff>"
)
LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))


def _xml(body: str, doctype: str = "", *, en: str = EN, ar: str = AR) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n' + body.format(en=en, ar=ar)


# name, file name, text, expected words in the one-line error
REFUSED: list[tuple[str, str, str, str]] = [
    ("tsv-ragged-short", "p.tsv", f"{EN}\t{AR}\nonly one column here\n", "p.tsv:2:"),
    ("tsv-ragged-long", "p.tsv", f"{EN}\t{AR}\n{EN2}\t{AR2}\textra\n", "p.tsv:2:"),
    ("tsv-one-column", "p.tsv", f"{EN}\n{EN2}\n", "one column"),
    ("tsv-header-only", "p.tsv", "en\tar\n", "header only"),
    ("csv-unterminated-quote", "p.csv", f'en,ar\n"{EN},{AR}\n{EN2},{AR2}\n', "p.csv:2: unterminated"),
    ("jsonl-bad-line", "p.jsonl", f'{{"en": "{EN}", "ar": "{AR}"}}\n\n{{"en": "x", "ar": \n', "p.jsonl:3: invalid"),
    ("jsonl-wrong-keys", "p.jsonl", f'{{"english": "{EN}", "arabic": "{AR}"}}\n', "p.jsonl:1: expected an object"),
    ("jsonl-array", "p.jsonl", "[1, 2]\n", "p.jsonl:1:"),
    ("jsonl-number-value", "p.jsonl", '{"en": 5, "ar": "x"}\n', "p.jsonl:1: 'en' is int"),
    ("jsonl-list-value", "p.jsonl", '{"translation": {"en": "a", "ar": ["b"]}}\n', "p.jsonl:1: 'ar' is list"),
    ("jsonl-deep-nesting", "p.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "p.jsonl:1: JSON nested too deeply"),
    ("jsonl-blank-lines-only-records", "p.jsonl", "\n\n", "empty"),
    (
        "tmx-xxe-file",
        "p.tmx",
        _xml(TMX_BODY, '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>', en="&x;"),
        "entities are not allowed",
    ),
    (
        "tmx-xxe-http",
        "p.tmx",
        _xml(TMX_BODY, '<!DOCTYPE tmx [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>', en="&x;"),
        "entities are not allowed",
    ),
    (
        "tmx-parameter-entity",
        "p.tmx",
        _xml(TMX_BODY, '<!DOCTYPE tmx [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'),
        "entities",
    ),
    ("tmx-billion-laughs", "p.tmx", _xml(TMX_BODY, f"<!DOCTYPE tmx [{LAUGHS}]>", en="&lol9;"), "entities"),
    ("tmx-undefined-entity", "p.tmx", _xml(TMX_BODY, en="&nbsp;"), "p.tmx:3: malformed XML"),
    (
        "tmx-unclosed-tag",
        "p.tmx",
        '<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body><tu>\n',
        "p.tmx:5: malformed XML",
    ),
    ("tmx-mismatched-tag", "p.tmx", '<tmx version="1.4">\n<header/>\n<body></tu></body></tmx>', "p.tmx:3: malformed"),
    ("tmx-wrong-root", "p.tmx", "<html><body>hi</body></html>", "not TMX"),
    ("tmx-bad-declared-encoding", "p.tmx", '<?xml version="1.0" encoding="x-nope"?><tmx/>', "p.tmx:1:"),
    (
        "xliff-xxe-file",
        "p.xliff",
        _xml(XLIFF_BODY, '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>', en="&x;"),
        "entities",
    ),
    ("xliff-billion-laughs", "p.xliff", _xml(XLIFF_BODY, f"<!DOCTYPE xliff [{LAUGHS}]>", en="&lol9;"), "entities"),
    (
        "xliff-unclosed-tag",
        "p.xliff",
        '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<body>\n</file></xliff>',
        "p.xliff:5: malformed",
    ),
]


@pytest.mark.parametrize(("case", "filename", "text", "expected"), REFUSED, ids=[r[0] for r in REFUSED])
def test_malformed_input_is_a_one_line_error(tmp_path: Path, case: str, filename: str, text: str, expected: str):
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_bitext(text.encode(), filename)
    assert time.perf_counter() - started < 5, "refusal must be quick (no entity expansion)"
    assert "\n" not in str(info.value)
    assert_one_line_error(*check_cli(path), contains=expected)


def test_billion_laughs_in_utf16_is_refused() -> None:
    text = _xml(TMX_BODY, f"<!DOCTYPE tmx [{LAUGHS}]>", en="&lol9;").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    with pytest.raises(InputError, match="entities"):
        read_bitext(text.encode("utf-16"), "p.tmx")


# name, file name, text, (source texts, target texts) expected: accepted, with a safe reading.
ACCEPTED: list[tuple[str, str, str, tuple[list[str], list[str]]]] = [
    (
        "tsv-stray-quotes",
        "p.tsv",
        f'"{EN}\t{AR}\n{EN2} "so-called" x\t"{AR2}\n',
        ([f'"{EN}', f'{EN2} "so-called" x'], [AR, f'"{AR2}']),
    ),
    (
        "csv-embedded-newline",
        "p.csv",
        f'en,ar\n"{EN}\nline two","{AR}"\n{EN2},{AR2}\n',
        ([f"{EN} line two", EN2], [AR, AR2]),
    ),
    ("csv-crlf-and-doubled-quotes", "p.csv", f'en,ar\r\n"say ""hi""","{AR}"\r\n', (['say "hi"'], [AR])),
    ("jsonl-bom-and-blank-lines", "p.jsonl", f'\ufeff{{"en": "{EN}", "ar": "{AR}"}}\n\n\n', ([EN], [AR])),
    ("jsonl-lone-surrogate", "p.jsonl", f'{{"en": "a \\ud800 b", "ar": "{AR}"}}\n', (["a \ufffd b"], [AR])),
    ("tmx-doctype-without-entities", "p.tmx", _xml(TMX_BODY, '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'), ([EN], [AR])),
    ("tmx-cdata-and-escapes", "p.tmx", _xml(TMX_BODY, en="<![CDATA[a <b> & c]]> &lt;x&gt;"), (["a <b> & c <x>"], [AR])),
    (
        "tmx-xinclude-not-processed",
        "p.tmx",
        _xml(
            TMX_BODY.replace("<tmx ", '<tmx xmlns:xi="http://www.w3.org/2001/XInclude" '),
            en='<xi:include href="file:///etc/passwd" parse="text"/>a',
        ),
        (["a"], [AR]),
    ),
    ("xliff-doctype-without-entities", "p.xliff", _xml(XLIFF_BODY, '<!DOCTYPE xliff SYSTEM "x.dtd">'), ([EN], [AR])),
]


@pytest.mark.parametrize(("case", "filename", "text", "expected"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_odd_but_valid_input_reads_safely(tmp_path: Path, case: str, filename: str, text: str, expected) -> None:
    bitext = read_bitext(text.encode(), filename)
    src = [bitext.src.unit_text(i) for i in range(len(bitext.src.units))]
    tgt = [bitext.tgt.unit_text(i) for i in range(len(bitext.tgt.units))]
    assert (src, tgt) == expected
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    code, out, err = check_cli(path, command="align")
    assert code == 0, err
    assert "root:" not in out


@pytest.fixture()
def http_trap() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets (none is allowed)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b'<!ENTITY leak "LEAKED">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("body", [TMX_BODY, XLIFF_BODY], ids=["tmx", "xliff"])
@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE root SYSTEM "{url}/ext.dtd">',
        '<!DOCTYPE root PUBLIC "-//X//DTD X//EN" "{url}/pub.dtd">',
        '<!DOCTYPE root [<!ENTITY x SYSTEM "{url}/entity">]>',
        '<!DOCTYPE root [<!ENTITY % p SYSTEM "{url}/param.dtd"> %p;]>',
    ],
    ids=["system-dtd", "public-dtd", "external-entity", "parameter-entity"],
)
def test_nothing_is_fetched_from_the_network(tmp_path: Path, http_trap, body: str, doctype: str) -> None:
    url, hits = http_trap
    root = "tmx" if body is TMX_BODY else "xliff"
    text = _xml(body, doctype.replace("root", root).format(url=url))
    name = f"p.{root}"
    try:
        bitext = read_bitext(text.encode(), name)
    except InputError as err:
        assert "\n" not in str(err)
    else:
        assert "LEAKED" not in bitext.src.text + bitext.tgt.text
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = check_cli(path, command="align")
    assert code in (0, 2), err
    assert "LEAKED" not in out
    assert hits == []


@pytest.mark.parametrize("root", ["tmx", "xliff"])
def test_local_dtd_is_not_read(tmp_path: Path, root: str) -> None:
    """A DOCTYPE naming a local file defining an entity: the file is not loaded, so the entity stays undefined."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "LEAKED">', encoding="utf-8")
    body = TMX_BODY if root == "tmx" else XLIFF_BODY
    text = _xml(body, f'<!DOCTYPE {root} SYSTEM "{dtd.as_uri()}">', en="&leak;")
    try:
        bitext = read_bitext(text.encode(), f"p.{root}")
    except InputError as err:
        assert "leak" in str(err) and "\n" not in str(err)
    else:  # pragma: no cover - only if a future parser keeps unknown entities as text
        assert "LEAKED" not in bitext.src.text


def test_empty_tmx_is_a_safe_empty_result(tmp_path: Path) -> None:
    path = tmp_path / "p.tmx"
    path.write_text('<tmx version="1.4"><header srclang="en"/><body></body></tmx>', encoding="utf-8")
    code, out, err = check_cli(path, command="align")
    assert (code, out) == (0, "") or (code == 2 and err.count("\n") == 1), err
