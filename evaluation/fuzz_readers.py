"""Fuzz every registered reader and decode_bytes with Hypothesis; print and save a JSON summary of what was tried.

Usage: python evaluation/fuzz_readers.py [--examples N] [--out evaluation/results/hardening_fuzz.json]
An exception other than InputError (or a multi-line InputError message) is a finding; each is listed with its
reader, exception type, message and the (truncated) input that raised it.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner import __version__
from aligner.ingest import READERS, InputError, read_bitext
from aligner.ingest.encoding import decode_bytes

PIECES = [
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>', "<tmx>", "</tmx>", '<tmx version="1.4">',
    '<header srclang="en"/>', "<body>", "</body>", "<tu>", "</tu>", '<tuv xml:lang="en">', '<tuv xml:lang="ar">',
    "</tuv>", "<seg>", "</seg>", '<xliff version="1.2">', '<xliff version="2.0" srcLang="en" trgLang="ar">',
    "</xliff>", "<file>", "</file>", '<trans-unit id="1">', "</trans-unit>", "<source>", "</source>", "<target>",
    "</target>", "<unit>", "</unit>", "<segment>", "</segment>", '<cp hex="D800"/>', '<cp hex="-1"/>',
    "<!DOCTYPE tmx>", '<!ENTITY a "b">', "&a;", "&amp;", "<![CDATA[", "]]>", "<html>", "<p>", "</p>", "<script>",
    "\t", ",", '"', '""', "\n", "\r\n", "{", "}", "[", "]", ":", '"en"', '"ar"', '"src"', '"tgt"', '"translation"',
    "\\ud800", "\\u0000", "null", "1e999", "en\tar", "The talks begin.", "تبدأ المحادثات.", "Ø§Ù„", "\ufeff",
    "\u202e", "\x00", "\x85", "\u2028", " ", "3", "١٢",
]  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
ENCODED = st.tuples(TEXT, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1256", "utf-32"])).map(
    lambda pair: pair[0].encode(pair[1], "surrogatepass") if "utf" in pair[1] else pair[0].encode(pair[1], "replace")
)
DATA = st.one_of(st.binary(max_size=2000), ENCODED, TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))


def fuzz_target(name: str, call: Any, examples: int) -> dict[str, Any]:
    """Run ``call(data)`` over ``examples`` generated inputs; return counts, findings and time."""
    tried, rejected, findings = [0], [0], []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(DATA)
    def run(data: bytes) -> None:
        tried[0] += 1
        try:
            call(data)
        except InputError as err:
            rejected[0] += 1
            if "\n" in str(err):
                findings.append(
                    {"type": "InputError (multi-line)", "message": str(err)[:200], "input": repr(data[:200])}
                )
        except Exception as err:  # every other exception is a finding
            findings.append({"type": type(err).__name__, "message": str(err)[:200], "input": repr(data[:200]),
                             "where": traceback.format_exc().strip().splitlines()[-3][:200]})  # fmt: skip

    started = time.perf_counter()
    run()
    accepted = tried[0] - rejected[0] - len(findings)
    return {
        "target": name,
        "inputs": tried[0],
        "input_errors": rejected[0],
        "accepted": accepted,
        "finding_count": len(findings),
        "findings": findings[:20],
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000, help="inputs per target (default 3000)")
    parser.add_argument("--out", default="evaluation/results/hardening_fuzz.json")
    args = parser.parse_args(argv)
    targets: list[tuple[str, Any]] = [("decode_bytes", lambda d: decode_bytes(d, "fuzz.txt"))]
    targets.append(("read_bitext(sniffed)", lambda d: read_bitext(d, "fuzz.dat")))
    for fmt in sorted(READERS.names()):
        targets.append((f"read_bitext(fmt={fmt})", lambda d, fmt=fmt: read_bitext(d, f"fuzz.{fmt}", fmt=fmt)))
    results = [fuzz_target(name, call, args.examples) for name, call in targets]
    summary = {
        "tool": "hypothesis",
        "aligner_version": __version__,
        "python": platform.python_version(),
        "examples_per_target": args.examples,
        "targets": len(results),
        "inputs_tried": sum(r["inputs"] for r in results),
        "findings": sum(r["finding_count"] for r in results),
        "seconds": round(sum(r["seconds"] for r in results), 1),
        "per_target": results,
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 1 if summary["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
