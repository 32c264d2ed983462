"""Sentence segmentation: the SEGMENTERS registry ("rules" default, "lines" for pre-split input) and get_segmenter."""

from __future__ import annotations

from aligner.registry import Registry
from aligner.segment.base import Segmenter
from aligner.segment.lines import LineSegmenter
from aligner.segment.rules import RuleSegmenter

SEGMENTERS: Registry[Segmenter] = Registry(
    "segmenter",
    {
        "rules": RuleSegmenter,
        "lines": LineSegmenter,
    },
)


def get_segmenter(name: str = "rules") -> Segmenter:
    """Return a new segmenter registered as ``name`` (unknown names raise UnknownNameError listing the known ones)."""
    return SEGMENTERS.get(name)()


__all__ = ["SEGMENTERS", "LineSegmenter", "RuleSegmenter", "Segmenter", "get_segmenter"]
