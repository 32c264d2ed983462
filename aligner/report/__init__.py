"""Editor's quality report: MQM scorecard with pass/fail, run comparison, HTML/PDF/XLSX/JSON renderings."""

from __future__ import annotations

from aligner.report.model import IssueRow, PairRow, QualityReport, RunInput, Scorecard, Tally, Verdicts, issue_key
from aligner.report.mqm import build_report, overall_quality
from aligner.report.settings import MqmSettings, settings_from_mapping

__all__ = [
    "IssueRow",
    "MqmSettings",
    "PairRow",
    "QualityReport",
    "RunInput",
    "Scorecard",
    "Tally",
    "Verdicts",
    "build_report",
    "issue_key",
    "overall_quality",
    "settings_from_mapping",
]
