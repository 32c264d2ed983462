"""English-Arabic alignment workbench library: ingest, segment, embed, align, check, score, export."""

from __future__ import annotations

__version__ = "0.1.0"
