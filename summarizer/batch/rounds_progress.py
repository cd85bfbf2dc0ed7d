"""Progress of a Batch API run on stderr, as plain lines: a run that waits hours is watched in a log
(nohup, a terminal reopened in the morning) more often than live, so each change is one line."""

from __future__ import annotations

import time

from rich.console import Console
from rich.markup import escape

from .jobs_state import Job
from .runner import Outcome

HEARTBEAT = 600.0  # seconds: a line at least this often while nothing changes, so a log shows it is alive


class RoundsProgress:
    """Implements rounds.RoundEvents."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._last = ""
        self._said = 0.0

    def __enter__(self) -> RoundsProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def start(self, total: int) -> None:
        self._say(f"batch API: {total} report(s)")

    def planned(self, round_: int, finished: int, waiting: int, failed: int) -> None:
        self._say(
            f"round {round_}: {finished} report(s) finished, {waiting} waiting for answers, {failed} failed"
        )

    def estimate(self, text: str) -> None:
        self._say(text)

    def jobs(self, jobs: list[Job], elapsed: float) -> None:
        """One line when anything changed (or every HEARTBEAT seconds): each job's state, lines done and
        failed, time since start."""
        total = sum(job.lines for job in jobs)
        done = sum(job.completed for job in jobs)
        failed = sum(job.failed for job in jobs)
        states = ", ".join(f"{job.batch_id} {job.status}" for job in jobs)
        minutes, seconds = divmod(int(elapsed), 60)
        line = f"jobs: {states}; lines {done}/{total} done, {failed} failed"
        if line != self._last or time.monotonic() - self._said > HEARTBEAT:
            self._last, self._said = line, time.monotonic()
            self._say(f"{line}; {minutes // 60}:{minutes % 60:02d}:{seconds:02d} elapsed")

    def finished(self, outcome: Outcome) -> None:
        if outcome.failure:
            f = outcome.failure
            self.console.print(f"[red]failed[/] {escape(f.file)}: {escape(f.reason)}", highlight=False)

    def _say(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)
