"""`summarize batch` as one library call: a config in, a result out, errors raised.

The CLI prints the result and picks the exit code; nothing here prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .runner import BatchConfig, BatchResult, Events, run_batch

FINISHED = ("done", "cached", "skipped")


@dataclass(frozen=True)
class BatchRun:
    """What a batch did, where its results are, and the review pages' index if any were written."""

    result: BatchResult
    out: Path
    sharded: bool
    pages: Path | None = None

    @property
    def failed(self) -> int:
        return self.result.count("failed")

    def conclusion(self) -> str:
        """The last line a user reads: how the batch ended and where to look next."""
        result = self.result
        if result.stopped:
            return result.stopped
        if result.interrupted:
            finished = sum(result.count(s) for s in FINISHED)
            return (
                f"interrupted: {finished} finished report(s) are kept in {self.out}; "
                "in-flight ones were abandoned. "
                "Run the same command again to resume: finished reports are skipped."
            )
        if self.failed:
            name = "failures.shard-*.jsonl" if self.sharded else "failures.jsonl"
            return f"{self.failed} of {result.total} report(s) failed; see {self.out / name}"
        return f"all {result.total} report(s) summarised into {self.out}"


def batch(config: BatchConfig, events: Events | None = None, html: bool = False) -> BatchRun:
    """Run the batch, then write the review pages if asked; an --out that is a file is refused first."""
    if config.out.exists() and not config.out.is_dir():
        raise InputError(config.out, "is a file; --out takes a folder for the results")
    if config.api is not None:
        from .rounds import run_rounds

        result = run_rounds(config, events)  # type: ignore[arg-type]
    else:
        result = run_batch(config, events)
    pages = None
    if html and not result.interrupted and not result.stopped:
        from .pages import write_pages

        pages = write_pages(config.out, [o.output for o in result.outcomes if o.output])
    return BatchRun(result, config.out, config.shard is not None, pages)
