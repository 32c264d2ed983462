"""CHECKS registry: one module per check, one line per check in this table."""

from __future__ import annotations

from aligner.checks.base import Check, CheckContext, run_checks
from aligner.registry import Registry

CHECKS: Registry[Check] = Registry(
    "check",
    {
        "untranslated": "aligner.checks.untranslated:UntranslatedCheck",
        "numbers": "aligner.checks.numbers:NumbersCheck",
        "duplication": "aligner.checks.duplication:DuplicationCheck",
        "omission": "aligner.checks.omission:OmissionCheck",
        "weak_pair": "aligner.checks.weak_pair:WeakPairCheck",
        "terminology": "aligner.checks.terminology:TerminologyCheck",
        "punctuation": "aligner.checks.punctuation:PunctuationCheck",
    },
)

__all__ = ["CHECKS", "Check", "CheckContext", "run_checks"]
