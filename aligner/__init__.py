"""English-Arabic alignment workbench library: ingest, segment, embed, align, check, score, export.

The public façade re-exports the main entry points lazily, so ``import aligner`` stays cheap and loads no model.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Config": "aligner.config",
    "load_config": "aligner.config",
    "process": "aligner.pipeline",
    "recheck_pair": "aligner.pipeline",
    "read_bitext": "aligner.ingest",
    "read_document": "aligner.ingest",
    "open_inputs": "aligner.ingest",
    "READERS": "aligner.ingest",
    "SEGMENTERS": "aligner.segment",
    "ENCODERS": "aligner.embed",
    "load_encoder": "aligner.embed",
    "CHECKS": "aligner.checks",
    "run_checks": "aligner.checks",
    "score_pairs": "aligner.score",
    "EXPORTERS": "aligner.export",
    "export": "aligner.export",
    "open_store": "aligner.store",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
