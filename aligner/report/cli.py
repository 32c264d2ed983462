"""`aligner report`: argparse wiring (add_report_parser) and cmd_report(args, stdout) -> int with a pass/fail gate."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import IO, Any

EXIT_BELOW_CUT = 3  # --fail-under: the quality gate failed (0 pass, 1 internal error, 2 bad input)


def add_report_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``report`` subcommand on an argparse subparsers object and return its parser."""
    from aligner.cli import _finite
    from aligner.report.formats import REPORT_FORMATS

    p = subparsers.add_parser("report", help=cmd_report.__doc__)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="input file(s) to align and check; or --store/--run")
    p.add_argument("--store", help="project store (SQLite path or database URL)")
    p.add_argument("--run", help="run id(s) in the store, comma-separated (one scorecard each, plus a total)")
    p.add_argument("--format", dest="report_format", choices=REPORT_FORMATS.names(), default="html")
    p.add_argument("-o", "--output", help="output file (default: stdout, html and json only); written atomically")
    p.add_argument("--fail-under", dest="fail_under", type=_finite(0.0), metavar="OQS",
                   help=f"exit {EXIT_BELOW_CUT} when the overall quality score is below OQS (cut score)")  # fmt: skip
    p.add_argument("--compare", metavar="RUN_ID", help="a second stored run to compare with (two vendors, MT vs PE)")
    p.add_argument("--ref", help="reference Arabic, one line per pair with a source, in run order (for --compare)")
    p.add_argument("--worst", type=int, default=20, help="worst pairs listed (default 20)")
    p.add_argument("--title", help="report title")
    p.add_argument("--config", help="TOML config file (its [report] table sets the scoring model)")
    for flag in ("--fmt", "--encoder", "--checks", "--glossary"):
        p.add_argument(flag)
    p.add_argument("--threshold", type=_finite(-1.0, 1.0))
    p.add_argument("--presplit", action="store_true")
    p.add_argument("--src-lang", dest="src_lang", default=None)
    p.add_argument("--tgt-lang", dest="tgt_lang", default=None)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_report)
    return p


def _project_report(store: Any, project_id: str) -> dict[str, Any]:
    for project in store.list_projects():
        if project.id == project_id:
            return dict(dict(project.config or {}).get("report") or {})
    return {}


def _store_runs(args: argparse.Namespace) -> tuple[list[Any], dict[str, Any]]:
    from aligner.cli import CliError
    from aligner.store import open_store

    if not args.run or args.inputs:
        raise CliError("--store needs --run RUN_ID and no INPUT")
    store = open_store(args.store)
    runs, table, projects = [], {}, {}
    for run_id in [r.strip() for r in args.run.split(",") if r.strip()]:
        info = store.get_run(run_id)
        if not table:  # the run's own config, else its project's
            table = dict(dict(info.config or {}).get("report") or {}) or _project_report(store, info.project_id)
        runs.append(_store_run(store, run_id, info.name or run_id))
        projects.setdefault(info.project_id, None)
    from aligner.review.precision import project_precision

    precision = tuple(p for project_id in projects for p in project_precision(store, project_id))
    if args.compare:
        info = store.get_run(args.compare)
        other = _store_run(store, args.compare, info.name or args.compare)
        return runs, {"report": table, "other": other, "precision": precision}
    return runs, {"report": table, "precision": precision}


def cmd_report(args: argparse.Namespace, stdout: IO[str]) -> int:
    """MQM quality report (html, pdf, xlsx or json) with a pass/fail verdict; --fail-under gates on it."""
    from aligner.atomic import write_bytes
    from aligner.cli import CliError, _config, _open_chunked, _run
    from aligner.config import load_config
    from aligner.records import atomic_output
    from aligner.report import RunInput, build_report, settings_from_mapping
    from aligner.report.formats import REPORT_FORMATS, render_report, report_pieces

    fmt = REPORT_FORMATS.get(args.report_format)
    if args.output in (None, "-") and fmt.extension not in ("html", "json"):
        raise CliError(f"--format {args.report_format} needs -o FILE")
    if args.worst < 0:
        raise CliError("--worst must be 0 or more")
    chunked, name = None, ""  # a parallel file checked a block at a time, and its name
    if args.store:
        runs, extra = _store_runs(args)
        table = extra["report"]
    elif args.inputs:
        if args.compare:
            raise CliError("--compare needs --store")
        from aligner.report.chunked import STREAMED_FORMATS

        name = " + ".join(Path(p).name for p in args.inputs)
        chunked = _open_chunked(args) if args.report_format in STREAMED_FORMATS else None
        runs = [] if chunked is not None else [RunInput(name, _run(args))]
        extra, table = {}, {}
    else:
        raise CliError("give an INPUT file, or --store PATH --run RUN_ID")
    if args.config:
        table = dict(load_config(args.config).report)
    elif not args.store:
        table = dict(_config(args).report)
    settings = settings_from_mapping(table)
    if args.fail_under is not None:
        if args.fail_under > settings.max_score:
            raise CliError(f"--fail-under must be at most the maximum score {settings.max_score:g}")
        settings = settings.replace(cut_score=args.fail_under)
    title = args.title or f"Quality report: {', '.join(r.name for r in runs) or name}"
    if chunked is None:
        report = build_report(runs, settings, title=title)
    else:
        from aligner.report.chunked import chunked_report

        texts = STREAMED_FORMATS[args.report_format]
        report = chunked_report(chunked, name, settings, title=title, worst_n=args.worst, texts=texts)
    if extra.get("precision"):
        report = dataclasses.replace(report, precision=extra["precision"])
    if "other" in extra:
        from aligner.report.compare import attach_comparison, read_references

        refs = read_references(args.ref) if args.ref else None
        report = attach_comparison(report, runs[0], extra["other"], settings, references=refs)
    pieces = report_pieces(report, args.report_format, worst_n=args.worst)  # JSON: written an issue at a time
    data = render_report(report, args.report_format, worst_n=args.worst) if pieces is None else b""
    card = report.total
    summary = {
        "oqs": None if card.oqs is None else round(card.oqs, 2),
        "cut_score": settings.cut_score,
        "passed": card.passed,
        "ewc": card.ewc,
        "apt": round(card.apt, 4),
        "scored_pairs": card.scored,
        "left_out": dict(card.excluded),
        "format": args.report_format,
        "output": args.output,
    }
    if pieces is not None:
        with atomic_output(args.output, stdout=stdout) as out:
            out.writelines(pieces)
    elif args.output in (None, "-"):
        stdout.write(data.decode("utf-8"))
    else:
        write_bytes(args.output, data)
    if args.output not in (None, "-"):
        stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    if args.fail_under is not None and not card.passed:
        oqs = "not scored" if card.oqs is None else f"OQS {card.oqs:.2f} < {args.fail_under:g}"
        sys.stderr.write(f"aligner: quality gate failed: {oqs}\n")
        return EXIT_BELOW_CUT
    return 0


def _store_run(store: Any, run_id: str, name: str) -> Any:
    """A stored run as reviewed (a RunInput): its result, review states and the reviewers' issue verdicts."""
    from aligner.report import RunInput
    from aligner.report.verdicts import report_verdicts

    result, states = store.load_run(run_id), store.pair_states(run_id)
    return RunInput(name, result, states, report_verdicts(result, states, store.verdicts(run_id)), run_id=run_id)
