"""detect_document_lang(): the language of a whole document, any language lingua knows, for input warnings."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

log = logging.getLogger(__name__)
SAMPLE_CHARS = 3000  # a leading sample: enough for a document's language, cheap on huge inputs
MIN_CONFIDENCE = 0.5  # below it the detector is unsure
MIN_LETTERS = 40  # the fast detector guesses wrong on a few words ("Tom needs water." -> af)


@cache
def _detector() -> Any:
    """A lingua detector over all its languages (models load lazily, only for the scripts seen); None without lingua."""
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - lingua-language-detector is a core dependency
        log.info("lingua-language-detector is not installed; no language warnings")
        return None
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_document_lang(text: str, *, sample: int = SAMPLE_CHARS) -> str | None:
    """ISO 639-1 code of ``text``'s language (``"fr"``, ``"en"``, ``"ar"``…), from a leading sample, any language.

    None when unsure: too few letters, a low confidence, or no detector.
    """
    head = text[:sample]
    detector = _detector()
    if detector is None or sum(ch.isalpha() for ch in head) < MIN_LETTERS:
        return None
    values = detector.compute_language_confidence_values(head)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()


__all__ = ["detect_document_lang"]
