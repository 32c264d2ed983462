"""`aligner batch`: argparse wiring (add_batch_parser) and the handler cmd_batch(args, stdout) -> int."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any


def add_batch_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``batch`` subcommand on an argparse subparsers object and return its parser."""
    p = subparsers.add_parser("batch", help=cmd_batch.__doc__)
    p.add_argument("input", metavar="IN_DIR_OR_MANIFEST",
                   help="a directory (<name>.en.txt/<name>.ar.txt pairs or bilingual files), "
                        "a manifest .tsv/.jsonl of paths (src, tgt[, id]), or a corpus of texts (id, src, tgt) "
                        "as .parquet, .jsonl or .tsv with an id/src/tgt header; corpora may be URIs "
                        "(s3://, file://)")  # fmt: skip
    p.add_argument("-o", "--output", dest="out_dir", required=True, metavar="OUT_DIR",
                   help="output directory or URI (file://, s3://) for the Parquet shards; "
                        "an existing one is resumed")  # fmt: skip
    p.add_argument("--engine", choices=["local", "ray"], default="local", help="local process pool or Ray Data")
    p.add_argument("--workers", type=int, default=1, help="worker processes / Ray actors (default 1)")
    p.add_argument("--shard-size", dest="shard_size", type=int, default=16, help="documents per shard (default 16)")
    p.add_argument("--encoder", help="default | hashing | sentence-transformers:<name or path>")
    p.add_argument("--cache-dir", dest="cache_dir", help="persistent embedding cache directory (reused across runs)")
    p.add_argument("--config", help="TOML config file")
    p.add_argument("--checks", help="comma-separated check names (default: all)")
    p.add_argument("--glossary", help="TSV glossary: source term<TAB>rendering|rendering")
    p.add_argument("--src-lang", dest="src_lang", default=None)
    p.add_argument("--tgt-lang", dest="tgt_lang", default=None)
    p.add_argument("--allow-outside", action="store_true",
                   help="let a manifest name files outside its folder (absolute or .. paths, symlinks)")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress line (documents done/total, pairs/s, ETA) on stderr")  # fmt: skip
    p.set_defaults(func=cmd_batch)
    return p


def cmd_batch(args: argparse.Namespace, stdout: IO[str]) -> int:
    """Align a directory, manifest or Parquet of documents into Parquet shards + summary.json (resumable)."""
    from aligner.batch.progress import ProgressLine
    from aligner.batch.run import run_batch
    from aligner.config import Config, load_config

    config = load_config(args.config) if args.config else Config()
    changes: dict[str, Any] = {k: getattr(args, k) for k in ("encoder", "src_lang", "tgt_lang", "glossary")}
    changes = {k: v for k, v in changes.items() if v is not None}
    if args.checks:
        changes["checks"] = tuple(c.strip() for c in args.checks.split(",") if c.strip())
    if changes:
        config = config.replace(**changes)
    progress = None if args.quiet else ProgressLine(sys.stderr)
    try:  # bad input, a mismatched OUT_DIR or a missing Ray are UserErrors: aligner.cli.main reports them
        summary = run_batch(
            args.input, args.out_dir, engine=args.engine, workers=args.workers, shard_size=args.shard_size,
            config=config, cache_dir=args.cache_dir, progress=progress, allow_outside=args.allow_outside,
        )  # fmt: skip
    finally:
        if progress is not None:
            progress.close()
    data = summary.as_dict()
    brief = {k: data[k] for k in ("n_docs", "n_pairs", "n_issues", "n_errors", "shards_run", "shards_skipped")}
    stdout.write(json.dumps({**brief, "throughput": data["throughput"], "output": args.out_dir}) + "\n")
    for doc_id, reason in summary.errors[:20]:
        sys.stderr.write(f"aligner: document {doc_id}: {reason}\n")
    return 0
