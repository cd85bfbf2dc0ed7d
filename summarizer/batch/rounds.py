"""`summarize batch --batch-api`: the reports' section calls sent as Batch API jobs, in rounds.

Each round runs the ordinary pipeline over every unfinished report with a RecordingLLM
(llm/recording.py): calls already answered by a job are replayed, the others are recorded as
request lines. Reports whose calls are all answered are assembled and saved exactly as a
synchronous batch saves them (runner._Worker); the recorded lines (first asks, then the re-asks their
answers need) become the next round's jobs. A round that records nothing ends the run.

Every step that talks to the provider is bracketed by a state save (jobs_state.py), so the same
command, after a `kill -9` anywhere, picks up the same jobs and sends no line twice.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..atomic import write_text_atomic
from ..errors import InputError, ModelError
from ..llm.presets import BatchLimits
from ..llm.recording import RecordingLLM, RecordingTransport
from ..models import Report
from .api import BatchClient, JobStatus
from .claim import claim_output
from .inputs import InputItem, collect
from .jobs_state import CREATING, EXPORTED, PLANNED, SUBMITTED, SUPERSEDED, UPLOADED, Job, Store, settle
from .lines import Estimate, dumps, read_results, split_lines
from .manifest import Manifest
from .outputs import summary_row, write_summaries
from .runner import (
    STALE_NOTE,
    BatchConfig,
    BatchResult,
    Outcome,
    _LLMs,
    _preflight,
    _Quiet,
    _take_finished,
    _Worker,
)

DIE_AT = "SUMMARIZER_BATCH_DIE_AT"  # tests: `kill -9` this process at step NAME, or its N-th time NAME:N
POLL_FIRST = 1.0  # seconds before the first status check; then 1.5 times longer each time
POLL_MAX = 60.0
# A guard against a loop that never settles (a bug): each round answers its lines or counts a retry
# against them, so a real run needs at most chunks × (re-asks + 1) × MAX_LINE_ATTEMPTS rounds.
MAX_ROUNDS = 100


@dataclass(frozen=True)
class ApiOptions:
    """How the rounds' request lines reach a model: submitted to the provider's Batch API, or written
    to a file for an engine the user runs (`vllm run-batch`), whose results are imported back."""

    submit: bool = False
    export: Path | None = None
    imports: Path | None = None
    dry_run: bool = False
    max_lines: int | None = None
    max_bytes: int | None = None

    def limits(self, preset: BatchLimits) -> BatchLimits:
        return BatchLimits(self.max_lines or preset.max_lines, self.max_bytes or preset.max_bytes)


class RoundEvents(Protocol):
    """What the stderr progress hears while the rounds run and wait."""

    def start(self, total: int) -> None: ...

    def planned(self, round_: int, finished: int, waiting: int, failed: int) -> None: ...

    def estimate(self, text: str) -> None: ...

    def jobs(self, jobs: list[Job], elapsed: float) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...


class _QuietRounds(_Quiet):
    def planned(self, round_: int, finished: int, waiting: int, failed: int) -> None:
        pass

    def estimate(self, text: str) -> None:
        pass

    def jobs(self, jobs: list[Job], elapsed: float) -> None:
        pass


_passed: Counter[str] = Counter()


def checkpoint(step: str) -> None:
    """Die here, as a `kill -9` would, when the tests ask for it (DIE_AT names the step)."""
    wanted = os.environ.get(DIE_AT)
    if not wanted:
        return
    _passed[step] += 1
    name, _, nth = wanted.partition(":")
    if name == step and _passed[step] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def run_rounds(config: BatchConfig, events: RoundEvents | None = None) -> BatchResult:
    if config.options.provider.embedded:
        raise ModelError(
            "the embedded model answers in-process and has no Batch API: pass --provider "
            "(openai, qwen, vllm, …) and, for a server of your own, --base-url"
        )
    config.out.mkdir(parents=True, exist_ok=True)
    with claim_output(config.out, config.shard):
        return _Rounds(config, events or _QuietRounds()).run()


class _RoundWorker(_Worker):
    """The synchronous batch's worker; a dry run saves nothing."""

    dry_run = False

    def _save(self, item: InputItem, report: Report) -> Outcome:
        if not self.dry_run:
            return super()._save(item, report)
        return Outcome(item, "done", None, summary_row(str(item.path), "", report))


class _Rounds:
    def __init__(self, config: BatchConfig, events: RoundEvents) -> None:
        assert config.api is not None
        self.config, self.events, self.api = config, events, config.api
        self.provider = config.options.provider
        self.store = Store(config.out, config.shard)
        self.state = self.store.load()
        self.recorder = RecordingTransport()
        llm = RecordingLLM(self.provider, config.options.cache_dir, recorder=self.recorder)
        self.llms = _LLMs(lambda: llm)
        manifest = Manifest(config.out, _preflight(config.options, self.llms))
        self.worker = _RoundWorker(config, manifest, self.llms)
        self.worker.dry_run = self.api.dry_run
        self.final: dict[InputItem, Outcome] = {}
        self.notes: list[str] = []
        self.started = time.perf_counter()
        self._client: BatchClient | None = None

    @property
    def client(self) -> BatchClient:
        if self._client is None:
            self._client = BatchClient(self.provider)
        return self._client

    def run(self) -> BatchResult:
        items = collect(self.config.source, self.config.shard, exclude=self.config.out)
        self.events.start(len(items))
        todo = _take_finished(items, self.worker, self.final, _Quiet())
        stale = sum(1 for item in todo if self.worker.is_stale(item))
        if stale:
            self.notes.append(STALE_NOTE.format(count=stale))
        if self.api.imports:
            self._import(self.api.imports)
        try:
            return self._loop(items)
        except KeyboardInterrupt:
            waiting = len(self.state.open_jobs())
            return self._result(
                items,
                interrupted=True,
                stopped=f"interrupted: {waiting} Batch API job(s) go on at the provider, and finished "
                f"reports are kept in {self.config.out}. Run the same command again to pick the jobs up.",
            )

    def _loop(self, items: list[InputItem]) -> BatchResult:
        for _ in range(MAX_ROUNDS):
            if self.state.open_jobs():
                if self.api.dry_run:
                    return self._result(items, stopped=self._under_way())
                self._follow()
                continue
            lines = self._plan(items)
            if not lines:
                return self._finish(items)
            estimate = Estimate.of(lines).describe(self.provider.price)
            self.events.estimate(f"round {self.state.round + 1} will send {estimate}")
            if self.api.dry_run:
                return self._result(
                    items, stopped=f"dry run: round {self.state.round + 1} would send {estimate}"
                )
            if self.api.export:
                return self._export(items, lines, self.api.export)
            if not self.api.submit:
                return self._result(
                    items,
                    stopped=f"{len(lines)} more request(s) are needed: pass --export-requests FILE to "
                    "write them, or --batch-api to submit them",
                )
            self._plan_jobs(lines)
        raise ModelError(
            f"the Batch API run did not settle in {MAX_ROUNDS} rounds; its state is in {self.store.dir}"
        )

    def _under_way(self) -> str:
        jobs = self.state.open_jobs()
        lines = sum(job.lines for job in jobs)
        return (
            f"dry run: {len(jobs)} job(s) of round {self.state.round} ({lines} request(s)) are under way; "
            "run without --dry-run to follow them"
        )

    # planning: the pipeline over every unfinished report

    def _plan(self, items: list[InputItem]) -> list[dict[str, Any]]:
        results = self.store.results()
        self.recorder.answered = results.answers
        self.recorder.failed = self.state.failed_lines()
        waiting = 0
        for item in (i for i in items if i not in self.final):
            outcome = self.worker.process(item)
            if outcome.status == "deferred":
                waiting += 1
            else:
                self.final[item] = outcome
        failed = sum(1 for o in self.final.values() if o.status == "failed")
        self.events.planned(self.state.round + 1, len(self.final) - failed, waiting, failed)
        return self.recorder.take()

    def _plan_jobs(self, lines: list[dict[str, Any]]) -> None:
        self.state.round += 1
        parts = split_lines(lines, self.api.limits(self.provider.batch_limits))
        for index, part in enumerate(parts, 1):
            job = Job(f"r{self.state.round}-p{index}", self.state.round, len(part))
            self.store.write_requests(job, part)
            self.state.jobs.append(job)
        self.store.save(self.state)
        checkpoint("planned")

    # submitting and waiting

    def _follow(self) -> None:
        jobs = self.state.open_jobs()
        for job in jobs:
            self._submit(job)
        self._wait(jobs)

    def _submit(self, job: Job) -> None:
        if job.stage == PLANNED:
            data = self.store.requests_file(job).read_bytes()
            file_id = self.client.upload(f"{self.state.tag(job)}.jsonl", data)
            checkpoint("uploaded")
            job.file_id, job.stage = file_id, UPLOADED
            self.store.save(self.state)
        if job.stage == CREATING:  # cut off while creating: the job may exist
            job.batch_id = self.client.find(self.state.tag(job))
            if job.batch_id is None:
                job.stage = UPLOADED
            else:
                job.stage = SUBMITTED
                self.store.save(self.state)
        if job.stage == UPLOADED:
            job.stage = CREATING
            self.store.save(self.state)
            batch_id = self.client.create(job.file_id or "", self.state.tag(job))
            checkpoint("submitted")
            job.batch_id, job.stage = batch_id, SUBMITTED
            self.store.save(self.state)

    def _wait(self, jobs: list[Job]) -> None:
        delay = POLL_FIRST
        pending = list(jobs)
        while pending:
            for job in list(pending):
                status = self.client.retrieve(job.batch_id or "")
                job.status, job.completed, job.failed = status.status, status.completed, status.failed
                if status.terminal:
                    self._ingest(job, status)
                    pending.remove(job)
            self.events.jobs(jobs, time.perf_counter() - self.started)
            checkpoint("waiting")
            if pending:
                time.sleep(delay)
                delay = min(delay * 1.5, POLL_MAX)

    def _ingest(self, job: Job, status: JobStatus) -> None:
        texts = {
            f"{job.part}.{kind}.jsonl": self.client.content(file_id)
            for kind, file_id in (("out", status.output_file_id), ("err", status.error_file_id))
            if file_id
        }
        checkpoint("downloaded")
        for name, text in texts.items():
            self.store.write_results(name, text)
        unreadable = sum(read_results(text).unreadable for text in texts.values())
        if unreadable:
            self.notes.append(
                f"job {job.batch_id}: {unreadable} result line(s) were cut short; those lines are retried"
            )
        missing = f"no result line: the job ended {status.status}"
        settle(self.state, self.store, job, self.store.results(), missing)
        self.store.save(self.state)
        checkpoint("ingested")

    # files for an engine the user runs

    def _export(self, items: list[InputItem], lines: list[dict[str, Any]], path: Path) -> BatchResult:
        for job in self.state.exported():  # an export never imported is replaced, not counted as failed
            job.stage = SUPERSEDED
        self.state.round += 1
        job = Job(f"r{self.state.round}-export", self.state.round, len(lines), stage=EXPORTED)
        self.store.write_requests(job, lines)
        self.state.jobs.append(job)
        self.store.save(self.state)
        _write_export(path, "".join(map(dumps, lines)))
        return self._result(
            items,
            stopped=f"wrote {len(lines)} request line(s) of round {self.state.round} to {path}; run them "
            "(e.g. vllm run-batch -i FILE -o RESULTS), then run this command again with "
            "--import-results RESULTS",
        )

    def _import(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(path, f"cannot read the results file ({err})") from err
        results = read_results(text)
        if not results.answers and not results.errors:
            raise InputError(
                path,
                "holds no result lines; give the JSONL file vllm run-batch or a Batch API wrote "
                '(one {"custom_id", "response"} a line)',
            )
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        self.store.write_results(f"imported-{digest}.jsonl", text)
        if results.unreadable:
            self.notes.append(
                f"{path}: {results.unreadable} line(s) were cut short or unreadable; those are asked again"
            )
        everything = self.store.results()
        for job in self.state.exported():
            settle(self.state, self.store, job, everything, f"no result line in {path.name}")
        self.store.save(self.state)

    # the end

    def _finish(self, items: list[InputItem]) -> BatchResult:
        ordered = [self.final[i] for i in items if i in self.final]
        if not self.api.dry_run:
            suffix = (
                f"shard-{self.config.shard.index}-of-{self.config.shard.count}" if self.config.shard else ""
            )
            rows = [o.row for o in ordered if o.row is not None]
            write_summaries(self.config.out, rows, [o.failure for o in ordered if o.failure], suffix)
        for outcome in ordered:
            self.events.finished(outcome)
        if self.api.dry_run:
            return self._result(items, stopped="dry run: every report is answered already; nothing to send")
        if self.api.export:  # an empty file tells a shell loop that the rounds are over
            _write_export(self.api.export, "")
        return self._result(items)

    def _result(
        self, items: list[InputItem], interrupted: bool = False, stopped: str | None = None
    ) -> BatchResult:
        ordered = [self.final[i] for i in items if i in self.final]
        seconds = time.perf_counter() - self.started
        return BatchResult(ordered, len(items), interrupted, self.llms.usage(), seconds, self.notes, stopped)


def _write_export(path: Path, text: str) -> None:
    if path.is_dir():
        raise InputError(path, "is a folder; --export-requests takes a file name")
    try:
        write_text_atomic(path, text)
    except OSError as err:
        raise InputError(path, f"cannot write: {err.strerror or err}") from err
