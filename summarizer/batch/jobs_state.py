"""What a Batch API run has sent and got back, kept in the output folder so that any restart picks up
the same jobs.

`OUT/.batch-api/` holds `state.json` (the round, each job's stage and ids, the lines that came back
without an answer), `requests/` (each job's lines, written before they are uploaded) and `results/`
(each job's downloaded results). Every file is written atomically, and the state is written before
and after every step that talks to the provider, so a `kill -9` anywhere leaves a state from which
the same command resumes without sending a line twice: a job whose creation was cut off is found
again by the tag in its metadata (rounds.py).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..errors import InputError
from ..llm.recording import Failed
from .inputs import Shard
from .lines import Results, dumps, read_results
from .manifest import fsync_dir

STATE_DIR = ".batch-api"
# A line that comes back without an answer (an error, or missing from a failed, expired, cancelled or
# cut-short job) is sent again, up to this many times in all; then its report goes to failures.jsonl.
MAX_LINE_ATTEMPTS = 3

# A job's stages, in order. `exported` jobs were written for an engine the user runs (vllm run-batch).
PLANNED, UPLOADED, CREATING, SUBMITTED, DONE, EXPORTED, SUPERSEDED = (
    "planned",
    "uploaded",
    "creating",
    "submitted",
    "done",
    "exported",
    "superseded",  # an export that was never imported, replaced by a later one
)
CLOSED = frozenset({DONE, EXPORTED, SUPERSEDED})


@dataclass
class Job:
    """One file of request lines and, once submitted, its Batch API job."""

    part: str  # r<round>-p<k>: names its files and tags its job
    round: int
    lines: int
    stage: str = PLANNED
    file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None  # the provider's: validating, in_progress, completed, failed, …
    completed: int = 0
    failed: int = 0


@dataclass
class State:
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    round: int = 0
    jobs: list[Job] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)  # custom_id → sends that got no answer
    reasons: dict[str, str] = field(default_factory=dict)  # custom_id → why the last one got none

    def open_jobs(self) -> list[Job]:
        return [job for job in self.jobs if job.stage not in CLOSED]

    def exported(self) -> list[Job]:
        return [job for job in self.jobs if job.stage == EXPORTED]

    def tag(self, job: Job) -> str:
        """Names the job at the provider, so a job created just before a crash is found again."""
        return f"summarizer-{self.run_id}-{job.part}"

    def failed_lines(self) -> dict[str, Failed]:
        return {
            key: Failed(n, self.reasons.get(key, "no answer"))
            for key, n in self.attempts.items()
            if n >= MAX_LINE_ATTEMPTS
        }


class Store:
    """The state folder of one output folder (or one shard of it)."""

    def __init__(self, out: Path, shard: Shard | None = None) -> None:
        self.dir = out / STATE_DIR
        if shard is not None:
            self.dir = self.dir / f"shard-{shard.index}-of-{shard.count}"
        self.state_file = self.dir / "state.json"

    def load(self) -> State:
        if not self.state_file.is_file():
            return State()
        try:
            raw = json.loads(self.state_file.read_text(encoding="utf-8"))
            jobs = [Job(**job) for job in raw.pop("jobs")]
            return State(**raw, jobs=jobs)
        except (OSError, ValueError, TypeError, KeyError) as err:
            raise InputError(
                self.state_file,
                f"the Batch API state is unreadable ({err}); its jobs cannot be picked up. Move the "
                "folder aside to start afresh (finished reports are kept in the output folder)",
            ) from err

    def save(self, state: State) -> None:
        write_text_atomic(self.state_file, json.dumps(asdict(state), ensure_ascii=False, indent=1))
        fsync_dir(self.dir)

    def requests_file(self, job: Job) -> Path:
        return self.dir / "requests" / f"{job.part}.jsonl"

    def write_requests(self, job: Job, lines: list[dict[str, Any]]) -> None:
        write_text_atomic(self.requests_file(job), "".join(map(dumps, lines)))
        fsync_dir(self.requests_file(job).parent)

    def request_ids(self, job: Job) -> list[str]:
        text = self.requests_file(job).read_text(encoding="utf-8")
        return [json.loads(line)["custom_id"] for line in text.splitlines() if line.strip()]

    def results_dir(self) -> Path:
        return self.dir / "results"

    def write_results(self, name: str, text: str) -> None:
        write_text_atomic(self.results_dir() / name, text)
        fsync_dir(self.results_dir())

    def results(self) -> Results:
        """Every answer and error downloaded or imported so far."""
        results = Results()
        folder = self.results_dir()
        for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else ():
            results.add(read_results(path.read_text(encoding="utf-8", errors="replace")))
        return results


def settle(state: State, store: Store, job: Job, results: Results, missing: str) -> None:
    """Count every line of `job` that got no answer (its error, or `missing`), and close the job."""
    for key in store.request_ids(job):
        if key in results.answers:
            state.attempts.pop(key, None)
            state.reasons.pop(key, None)
            continue
        state.attempts[key] = state.attempts.get(key, 0) + 1
        state.reasons[key] = results.errors.get(key, missing)
    job.stage = DONE
