"""decode_bytes(): sniff UTF-8/UTF-16/UTF-32 (BOM or NUL pattern), Windows-1256 and ISO-8859-6; NFC, LF newlines."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from aligner.ingest.base import InputError, line_number
from aligner.ingest.scripts import ARABIC_BLOCKS, ARABIC_LETTERS

log = logging.getLogger(__name__)

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy single-byte Arabic code pages tried, in this order, when the bytes are not UTF-8.
LEGACY_ARABIC = ("cp1256", "iso8859_6")
SNIFF_BYTES = 1 << 16
# BOM-less UTF-16 is recognised only when at least 1 in MIN_NUL_SHARE code units has a NUL byte on one side.
MIN_NUL_SHARE = 20
# Magic numbers of common non-text files, named in the error instead of "binary data".
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
    (b"PK\x03\x04", "a zip archive or Office document; extract the text first"),
    (b"BZh91AY&SY", "a bzip2-compressed file; decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file; decompress it first"),
    (b"%PDF-", "a PDF; export its text first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)
PLAUSIBILITY_SAMPLE = 1 << 19
# Share of non-ASCII characters that must be Arabic (or punctuation common in Arabic text) for a legacy decoding.
MIN_PLAUSIBLE = 0.97

_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
# Non-ASCII characters usual in Arabic text besides the Arabic blocks: NBSP « » ° × ÷, ZWNJ..RLM, dashes, quotes, …
_USUAL = "\u00a0\u00ab\u00bb\u00b0\u00d7\u00f7\u200c-\u200f\u2013\u2014\u2018-\u201e\u2026"
_PLAUSIBLE = re.compile(f"[{ARABIC_BLOCKS}{_USUAL}]+")
_ARABIC_LETTER = re.compile(f"[{ARABIC_LETTERS}]+")
# A letter of another script glued to an Arabic letter: the mark of a Latin-1 file misread as Arabic.
_MIXED_WORD = re.compile(f"[^\\W\\d_{ARABIC_BLOCKS}][{ARABIC_LETTERS}]|[{ARABIC_LETTERS}][^\\W\\d_{ARABIC_BLOCKS}]")


def refuse_known_binary(data: bytes, name: str) -> None:
    """Raise InputError naming the kind of file when ``data`` starts with a known binary magic number."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: binary data, not a text file: {what}")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of file ``name`` to NFC text with LF newlines, or raise InputError.

    UTF-8 (with or without BOM), UTF-16/32 with a BOM, BOM-less UTF-16 (told by the NUL byte pattern), and
    Arabic text in Windows-1256 or ISO-8859-6 are accepted. Invalid bytes, binary data and empty or
    whitespace-only input are rejected.
    """
    if not data.strip():
        raise InputError(f"{name}: empty input")
    refuse_known_binary(data, name)
    text = _decode(data, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise InputError(f"{name}:{line_number(text, text.index(chr(0)))}: binary data (NUL character)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = repair_mojibake(text, name)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(f"{name}: empty input (whitespace only)")
    return text


def sniff_encoding(data: bytes) -> str | None:
    """Return the encoding a BOM or a UTF-16 NUL-byte pattern shows, ``"binary"`` for other NULs, else None."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:SNIFF_BYTES]
    if b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    units = len(head) // 2
    # UTF-16 of real text has a NUL high byte in many code units (ASCII, spaces, newlines); a stray NUL is binary.
    if odd * MIN_NUL_SHARE >= units and even <= odd // 50:
        return "utf-16-le"
    if even * MIN_NUL_SHARE >= units and odd <= even // 50:
        return "utf-16-be"
    return "binary"


def _decode(data: bytes, name: str) -> str:
    encoding = sniff_encoding(data)
    if encoding == "binary":
        raise InputError(f"{name}: binary data (NUL bytes), not a text file")
    if encoding is not None:
        bom = next((b for b, e in BOMS if e == encoding and data.startswith(b)), b"")
        try:
            return data[len(bom) :].decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: invalid {encoding.upper()} at byte {err.start + len(bom)}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY_ARABIC:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = arabic_plausibility(text)
        if best is None or score > best[0]:
            best = (score, encoding, text)
    if best is not None and best[0] >= MIN_PLAUSIBLE:
        log.info("%s: not UTF-8, decoded as %s (plausibility %.3f)", name, best[1], best[0])
        return best[2]
    line = data.count(b"\n", 0, utf8_error.start) + 1
    byte = data[utf8_error.start]
    raise InputError(f"{name}:{line}: invalid UTF-8 (byte 0x{byte:02x}) and not Arabic in Windows-1256 or ISO-8859-6")


def arabic_plausibility(text: str) -> float:
    """Share of non-ASCII characters that are Arabic or usual in Arabic text; 0 without any Arabic letter.

    Large texts are judged on a sample from their start, middle and end.
    """
    if len(text) > 3 * PLAUSIBILITY_SAMPLE:
        mid = len(text) // 2
        text = text[:PLAUSIBILITY_SAMPLE] + text[mid : mid + PLAUSIBILITY_SAMPLE] + text[-PLAUSIBILITY_SAMPLE:]
    non_ascii = _ASCII_RUN.sub("", text)
    if not non_ascii or not _ARABIC_LETTER.search(non_ascii):
        return 0.0
    rest = _PLAUSIBLE.sub("", non_ascii)
    mixed = len(_MIXED_WORD.findall(text))
    return max(0.0, 1.0 - (len(rest) + 10 * mixed) / len(non_ascii))


# UTF-8 Arabic read as Latin-1/Windows-1252: a lead byte D8-DB shown as Ø Ù Ú Û, then a continuation byte 80-BF
# shown as a C1 control, a Windows-1252 symbol (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ) or A0-BF.
_MOJIBAKE = re.compile(
    "[\u00d8-\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
MIN_MOJIBAKE = 3


def repair_mojibake(text: str, name: str) -> str:
    """Undo Arabic UTF-8 that was decoded as Latin-1/Windows-1252 and saved again ("Ø§Ù„" for "ال"), with ftfy.

    Applied only when the text holds several such sequences, ftfy is installed, and ftfy's fix turns that
    garbage into Arabic letters (nearly no garbage left, more Arabic letters than before); otherwise unchanged.
    """
    found = len(_MOJIBAKE.findall(text))
    if found < MIN_MOJIBAKE:
        return text
    try:
        import ftfy
    except ImportError:  # pragma: no cover - optional
        log.warning("%s: looks like mis-decoded Arabic (mojibake); install ftfy to repair it", name)
        return text
    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False, remove_control_chars=False,
        normalization=None, explain=False, max_decode_length=1 << 22,
    )  # fmt: skip
    fixed = ftfy.fix_text(text, config)
    gained = _arabic_count(fixed) - _arabic_count(text)
    if len(_MOJIBAKE.findall(fixed)) * 10 > found or gained < found // 2:
        return text
    log.warning("%s: repaired mis-decoded Arabic (UTF-8 read as Windows-1252/Latin-1)", name)
    return fixed


def _arabic_count(text: str) -> int:
    return sum(len(m) for m in _ARABIC_LETTER.findall(text))
