"""`aligner export`: argparse wiring (add_export_parser) and cmd_export(args, stdout) -> int."""

from __future__ import annotations

import argparse
from typing import IO, Any


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``export`` subcommand on an argparse subparsers object and return its parser."""
    from aligner.cli import _finite, _line_inputs

    p = subparsers.add_parser("export", help=cmd_export.__doc__)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="input file(s); or use --store/--run")
    p.add_argument("--format", dest="export_format", required=True, help="an EXPORTERS name")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--store", help="project store (SQLite path or database URL)")
    p.add_argument("--run", help="run id in the store")
    p.add_argument("--status", choices=["all", "accepted", "not-rejected"], default="not-rejected")
    p.add_argument("--keep-empty", action="store_true", help="keep 1-0 / 0-1 pairs (one side empty)")
    p.add_argument("--min-score", type=_finite(0.0, 100.0))
    p.add_argument("--exclude", help="comma-separated issue categories to drop")
    p.add_argument("--dedupe", choices=["none", "exact", "near"], default="none")
    p.add_argument("--min-ratio", type=_finite(0.0))
    p.add_argument("--max-ratio", type=_finite(0.0))
    p.add_argument("--spreadsheet-safe", action=argparse.BooleanOptionalAction, default=None,
                   help="csv/tsv: prefix ' to formula-like cells and after ';' (default: csv on, tsv off)")  # fmt: skip
    for flag in ("--fmt", "--encoder", "--config", "--checks", "--glossary", "--threshold"):
        p.add_argument(flag, type=_finite(-1.0, 1.0) if flag == "--threshold" else str)
    _line_inputs(p)
    p.add_argument("--src-lang", dest="src_lang", default=None)
    p.add_argument("--tgt-lang", dest="tgt_lang", default=None)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_export)
    return p


def cmd_export(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Export aligned pairs (from an input, or from a stored run) to TMX/XLIFF/TSV/JSONL/Parquet/Moses/HF."""
    from aligner.cli import EXIT_OK, CliError, _open_chunked, _run
    from aligner.export import EXPORTERS, FilterSpec, export
    from aligner.records import dumps

    EXPORTERS.get(args.export_format)  # unknown format: one-line error before any work
    filters = FilterSpec(
        status=args.status.replace("-", "_"),
        min_score=args.min_score,
        exclude_categories=frozenset(c.strip() for c in (args.exclude or "").split(",") if c.strip()),
        drop_empty=not args.keep_empty,
        min_ratio=args.min_ratio,
        max_ratio=args.max_ratio,
        dedupe=args.dedupe,
    )
    reviews: dict[str, tuple[str, str | None, str | None, str]] = {}
    if args.store:
        from aligner.store import open_store

        if not args.run or args.inputs:
            raise CliError("--store needs --run RUN_ID and no INPUT")
        store = open_store(args.store)
        result = store.load_run(args.run)
        from aligner.review.notes import export_reviews

        reviews = export_reviews(result, store.pair_states(args.run), store.verdicts(args.run))
    elif not args.inputs:
        raise CliError("give an INPUT file, or --store PATH --run RUN_ID")
    elif filters.status == "accepted":
        raise CliError("--status accepted needs reviews: export a reviewed run with --store PATH --run RUN_ID")
    exporter: Any = args.export_format
    if args.spreadsheet_safe is not None:
        if args.export_format not in {"csv", "tsv"}:
            raise CliError("--spreadsheet-safe applies to --format csv or tsv only")
        exporter = EXPORTERS.get(args.export_format)(spreadsheet_safe=args.spreadsheet_safe)  # type: ignore[call-arg]
    if not args.store:  # a parallel file is checked and scored a block at a time, then written
        from aligner.export.chunked import export_chunked

        chunked = _open_chunked(args)
        if chunked is not None:
            stdout.write(dumps(export_chunked(chunked, exporter, args.output, filters=filters).as_dict()) + "\n")
            return EXIT_OK
        result = _run(args)
    stats = export(result, exporter, args.output, filters=filters, reviews=reviews)
    stdout.write(dumps(stats.as_dict()) + "\n")
    return EXIT_OK
