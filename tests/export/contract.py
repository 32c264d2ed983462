"""ExporterContract: every export format writes, reads back (through its own reader) and must give the same pairs.

A format's test module subclasses the contract, names the registry key and says how to read the output back and
which documented transformation (if any) its text undergoes (e.g. Moses collapses line breaks).
"""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from aligner.export import EXPORTERS, KEEP_ALL, ExportMeta, ExportRow, FilterSpec, export, sidecar_path
from aligner.export.base import write_sidecar
from aligner.model import Signature

ROOT = Path(__file__).resolve().parents[2]
NTREX = ROOT / "evaluation" / "data" / "ntrex-en-ar"

SIGNATURE = Signature(
    version="0.1.0",
    segmenter="rules.v1",
    encoder="hashing.v1",
    aligner="dp.v1(max=4,del=0.20)",
    checks=("numbers.v1", "omission.v1"),
    score="mqm.v1",
)

HOSTILE: tuple[tuple[str, str], ...] = (
    ("<script>alert('x')</script>", "<script>alert('س')</script>"),
    ("end of CDATA ]]> and & ampersand", "نهاية ]]> و & علامة"),
    ("control \x00 \x07 \x1b chars", "تحكم \x01 \x1f حروف"),
    ("bidi override \u202e reversed", "تجاوز \u202e\u200f اتجاه \u2066x\u2069"),
    ("emoji 👍🏽 family 👨‍👩‍👧", "رمز 👍🏽 تعبيري 🇸🇦"),
    ("line one\nline two", "السطر الأول\nالسطر الثاني"),
    ("tab\tseparated", "مفصول\tبعلامة"),
    ("crlf\r\nline", "سطر\r\nجديد"),
    ("  padded both sides  ", "  مسافات  "),
    ("=1+1", "+966 55 123 4567"),
    ("-5 degrees", "@handle"),
    ("\"quoted\", 'single'", '«مقتبس» "مزدوج"'),
    ("Arabic-Indic digits", "١٢٣٤٥٦٧٨٩٠ ٫ ٬ ۴"),
    ("tashkeel", "مُحَمَّدٌ رَسُولُ"),
    ("line sep\u2028para sep\u2029NEL\x85end", "فاصل\u2028سطر"),
)


def ntrex_pairs(n: int = 40) -> list[tuple[str, str]]:
    src = (NTREX / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:n]
    tgt = (NTREX / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()[:n]
    return list(zip(src, tgt, strict=True))


STATUSES = ("pending", "accepted", "edited", "rejected")


def make_rows(pairs: list[tuple[str, str]], *, prefix: str = "p") -> list[ExportRow]:
    return [
        ExportRow(
            id=f"{prefix}{i}",
            src=src,
            tgt=tgt,
            src_lang="en",
            tgt_lang="ar",
            score=None if i % 5 == 4 else round(50 + i * 1.25, 2),
            status=STATUSES[i % 4],
            categories=("number", "omission") if i % 3 == 0 else (),
            doc_id=f"doc{i // 10}",
            similarity=None if i % 7 == 6 else 0.5 + i / 1000,
            note="checked" if i % 2 else "",
        )
        for i, (src, tgt) in enumerate(pairs)
    ]


def make_meta() -> ExportMeta:
    return ExportMeta(signature=SIGNATURE, src_lang="en", tgt_lang="ar", counts={"pairs": 99}, name="test-run")


@dataclass(frozen=True)
class ReadBack:
    """What a format gives back: pairs in order, the languages and the Signature found in the output."""

    pairs: list[tuple[str, str]]
    src_lang: str
    tgt_lang: str
    signature: str
    statuses: list[str] | None = None  # when the format carries review status


class ExporterContract:
    """Shared tests; subclasses set ``fmt``, ``out_name`` and implement ``read_back``."""

    fmt: ClassVar[str]
    out_name: ClassVar[str]
    nfc: ClassVar[bool] = False  # the reader NFC-normalises text
    stream_ok: ClassVar[bool] = True  # the exporter can write to a binary stream

    def read_back(self, out: Path) -> ReadBack:
        raise NotImplementedError

    def expected(self, text: str) -> str:
        """The documented transformation this format applies to a text (identity by default)."""
        return text

    # -- helpers -----------------------------------------------------------------------------------------------
    def _export(self, tmp_path: Path, rows: list[ExportRow], **kwargs: object) -> Path:
        out = tmp_path / self.out_name
        export(iter(rows), self.fmt, out, meta=make_meta(), filters=kwargs.pop("filters", KEEP_ALL), **kwargs)
        return out

    def _want(self, rows: list[ExportRow]) -> list[tuple[str, str]]:
        norm = (lambda s: unicodedata.normalize("NFC", s)) if self.nfc else (lambda s: s)
        return [(norm(self.expected(r.src)), norm(self.expected(r.tgt))) for r in rows]

    # -- the contract ------------------------------------------------------------------------------------------
    def test_registry_metadata(self) -> None:
        cls = EXPORTERS.get(self.fmt)
        assert cls.name == self.fmt
        assert isinstance(cls.extension, str) and isinstance(cls.mimetype, str) and "/" in cls.mimetype
        assert cls.__doc__ and cls.__doc__.strip()

    def test_round_trip_ntrex(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs())
        back = self.read_back(self._export(tmp_path, rows))
        assert back.pairs == self._want(rows)
        assert (back.src_lang, back.tgt_lang) == ("en", "ar")

    def test_arabic_bytes_identical(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(12))
        back = self.read_back(self._export(tmp_path, rows))
        for (_, tgt), row in zip(back.pairs, rows, strict=True):
            assert tgt.encode("utf-8") == unicodedata.normalize("NFC", row.tgt).encode("utf-8")

    def test_hostile_text(self, tmp_path: Path) -> None:
        rows = make_rows(list(HOSTILE), prefix="h")
        back = self.read_back(self._export(tmp_path, rows))
        assert back.pairs == self._want(rows)

    def test_signature_present(self, tmp_path: Path) -> None:
        out = self._export(tmp_path, make_rows(ntrex_pairs(3)))
        assert self.read_back(out).signature == SIGNATURE.format()
        side = json.loads(sidecar_path(out).read_text(encoding="utf-8"))
        assert side["signature"]["signature"] == SIGNATURE.format()
        assert side["counts"] == {"pairs": 99}
        assert side["export"]["rows_written"] == 3

    def test_statuses_survive(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(8))
        back = self.read_back(self._export(tmp_path, rows))
        if back.statuses is not None:
            assert back.statuses == [r.status for r in rows]

    def test_empty_export(self, tmp_path: Path) -> None:
        back = self.read_back(self._export(tmp_path, []))
        assert back.pairs == []

    def test_filters_applied(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(8))
        out = tmp_path / self.out_name
        stats = export(iter(rows), self.fmt, out, meta=make_meta(), filters=FilterSpec(status="accepted"))
        kept = [r for r in rows if r.status in ("accepted", "edited")]
        assert stats.rows_read == 8 and stats.rows_written == len(kept) and stats.dropped == {"status": 4}
        assert self.read_back(out).pairs == self._want(kept)

    def test_lazy_generator_consumed_once(self, tmp_path: Path) -> None:
        seen: list[int] = []

        def gen():  # a one-shot generator: the exporter must not need len() or a second pass
            for i, row in enumerate(make_rows(ntrex_pairs(5))):
                seen.append(i)
                yield row

        stats = export(gen(), self.fmt, tmp_path / self.out_name, meta=make_meta(), filters=KEEP_ALL)
        assert seen == [0, 1, 2, 3, 4] and stats.rows_written == 5

    def test_stream_output(self, tmp_path: Path) -> None:
        rows = make_rows(ntrex_pairs(4))
        buf = io.BytesIO()
        if not self.stream_ok:
            with pytest.raises(ValueError, match="path"):
                export(iter(rows), self.fmt, buf, meta=make_meta(), filters=KEEP_ALL)
            return
        stats = export(iter(rows), self.fmt, buf, meta=make_meta(), filters=KEEP_ALL)
        assert stats.rows_written == 4 and stats.outputs == ()
        path = tmp_path / self.out_name
        path.write_bytes(buf.getvalue())
        write_sidecar(path, make_meta(), stats)
        assert self.read_back(path).pairs == self._want(rows)
