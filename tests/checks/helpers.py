"""Helpers for table-driven check tests: run one check on a hand-built pair and read back categories and spans."""

from __future__ import annotations

from aligner.checks import CHECKS, CheckContext, run_checks
from aligner.model import AlignedPair, Side


def run_one(name: str, src: str, tgt: str, *, role: str = "", encoder=None, glossary=None, **params):
    pair = AlignedPair("p0", (0,) if src else (), (0,) if tgt else (), src, tgt, role=role)
    ctx = CheckContext(pairs=(pair,), encoder=encoder, glossary=glossary or {})
    issues = run_checks([pair], [CHECKS.get(name)(**params)], ctx)
    cats = sorted({i.category.value for i in issues})
    spans = [(pair.src_text if i.side is Side.SOURCE else pair.tgt_text)[i.span.start : i.span.end] for i in issues]
    return cats, spans, issues
