"""Figures in English and Arabic text: extract (values with spans), compare (figure differences between sides).

Modules: ``extract`` (Quantity, extract_numbers), ``scan`` (the tokenising scanner), ``arabic`` (Arabic number
words), ``lexicon`` (number, scale and unit words), ``compare`` (matching figures across a pair), ``cues`` and
``figure_words`` (months, weekdays, currencies, units, qualifiers, ordinals, fractions and times of day around
figures, compared as substitutions). Benchmark error injection lives outside the product, in
evaluation/numerals_mutate.py.
"""

from __future__ import annotations

from aligner.checks.numerals.compare import FigureDiff, compare_figures, format_value
from aligner.checks.numerals.extract import Quantity, extract_numbers

__all__ = ["FigureDiff", "Quantity", "compare_figures", "extract_numbers", "format_value"]
