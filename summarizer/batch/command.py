"""`summarize batch` and `summarize config show` behind the thin CLI: settings in, exit code out."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from rich.console import Console

from ..errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, InputError
from ..settings import options_from, resolve_from_args, show_lines
from .inputs import parse_shard

if TYPE_CHECKING:
    from .runner import BatchResult


def batch_main(args: argparse.Namespace, err: Console) -> int:
    from .progress import BatchProgress, final_table
    from .runner import BatchConfig, run_batch

    settings = resolve_from_args(args)
    if args.out.exists() and not args.out.is_dir():
        raise InputError(args.out, "is a file; --out takes a folder for the results")
    config = BatchConfig(
        source=args.source,
        out=args.out,
        options=options_from(settings, no_cache=args.no_cache, force=args.force),
        jobs=settings["jobs"],
        shard=parse_shard(args.shard) if args.shard else None,
    )
    with BatchProgress(err) as progress:
        result = run_batch(config, progress)
    for note in result.notes:
        err.print(f"note: {note}", markup=False, highlight=False)
    err.print(final_table(result))
    if getattr(args, "html", False) and not result.interrupted:
        from .pages import write_pages

        outputs = [o.output for o in result.outcomes if o.output]
        err.print(f"review pages: {write_pages(args.out, outputs)}", markup=False, highlight=False)
    return _verdict(result, args, err)


def _verdict(result: BatchResult, args: argparse.Namespace, err: Console) -> int:
    finished = sum(result.count(s) for s in ("done", "cached", "skipped"))
    if result.interrupted:
        err.print(
            f"interrupted: {finished} finished report(s) are kept in {args.out}; "
            "in-flight ones were abandoned. "
            "Run the same command again to resume: finished reports are skipped.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return EXIT_INTERRUPTED
    failed = result.count("failed")
    if failed:
        name = "failures.jsonl" if not args.shard else "failures.shard-*.jsonl"
        err.print(f"{failed} of {result.total} report(s) failed; see {args.out / name}", markup=False)
        return EXIT_ERROR  # the count is printed and failures.jsonl lists them
    err.print(f"all {result.total} report(s) summarised into {args.out}", markup=False)
    return EXIT_OK


def config_main(args: argparse.Namespace, err: Console) -> int:
    for line in show_lines(resolve_from_args(args)):
        sys.stdout.write(line + "\n")
    return EXIT_OK
