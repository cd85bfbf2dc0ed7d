"""A rich progress bar on stderr (done / cached / failed / remaining, ETA) and the final cost table.

stderr, so stdout stays free for pipelines; failures are also logged as lines, so a non-terminal
log (nohup, CI) still says which report failed and why while the batch goes on.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from .runner import BatchResult, Outcome


class BatchProgress:
    """Implements the runner's Events; use as a context manager around `run_batch`."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.counts = {"done": 0, "cached": 0, "skipped": 0, "failed": 0}
        self.total = 0
        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task("batch", total=None, counts="")

    def __enter__(self) -> BatchProgress:
        return self  # the bar appears at start(): an error in the setup before it stays one line

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def start(self, total: int) -> None:
        self._progress.start()
        self.total = total
        self._progress.update(self._task, total=total, counts=self._text())

    def finished(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.failure:
            f = outcome.failure
            self.console.print(f"[red]failed[/] {escape(f.file)}: {escape(f.reason)}", highlight=False)
        self._progress.update(self._task, advance=1, counts=self._text())

    def _text(self) -> str:
        c = self.counts
        remaining = self.total - sum(c.values())
        cached = c["cached"] + c["skipped"]
        return f"done {c['done']} · cached {cached} · failed {c['failed']} · remaining {remaining}"


def final_table(result: BatchResult) -> Table:
    """What the run cost and how it went, summed over every report."""
    u = result.usage
    table = Table(title="batch summary", show_header=False)
    table.add_column("what")
    table.add_column("how many", justify="right")
    rows = [
        ("reports", result.total),
        ("done", result.count("done")),
        ("answered from the LLM cache", result.count("cached")),
        ("skipped (finished earlier)", result.count("skipped")),
        ("failed", result.count("failed")),
        ("LLM calls", u.llm_calls),
        ("cache hits", u.cache_hits),
        ("re-asks", u.reasks),
        ("prompt tokens", u.prompt_tokens),
        ("completion tokens", u.completion_tokens),
        ("time", f"{result.seconds:.1f} s"),
    ]
    for what, value in rows:
        table.add_row(what, str(value))
    return table
