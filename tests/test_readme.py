"""README documents the CLI it shows: every --flag it mentions is an option of an `aligner` subcommand."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OTHER_TOOLS = {
    "--check": "ruff format --check",
    "--update": "scripts/cli_golden.py --update",
    "--paired-bs": "sacrebleu --paired-bs",
    "--server": "streamlit run app.py --server.address",
    "--head": "ray start --head",
    "--address": "ray start --address",
    "--scale": "evaluation/batch_bench.py --scale",
    "--cli-checks-only": "evaluation/throughput_bench.py --cli-checks-only",
    "--growth": "evaluation/throughput_bench.py --growth",
}


def _aligner_options() -> set[str]:
    from aligner.cli import build_parser

    parser = build_parser()
    options = set(parser._option_string_actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                options |= set(sub._option_string_actions)
    return options


def test_every_flag_in_the_readme_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    flags = set(re.findall(r"(?:^|[\s`\[(|])(--[a-z][a-z-]+)", readme))
    unknown = sorted(flags - _aligner_options() - set(OTHER_TOOLS))
    assert unknown == []
    assert all(flag in readme for flag in ("--presplit", "--parallel", "--bleu-tokenize", "--format"))
