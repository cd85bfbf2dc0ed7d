"""Run many reports: skip the finished, run the rest (in parallel for remote providers), and
turn each report's failure into a line of failures.jsonl instead of the end of the night."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import ValidationError

from ..atomic import write_text_atomic
from ..errors import ExtractionError, InputError, MissingTool, ModelError, SummarizerError, redact
from ..library import Summarizer
from ..llm.bounds import Deferred
from ..llm.client import LLM
from ..models import Report, Usage
from ..pipeline import Options
from .claim import claim_output
from .inputs import InputItem, Shard, collect
from .manifest import Entry, Manifest, config_fingerprint, fsync_dir
from .outputs import Failure, output_name, report_json, summary_row, write_summaries
from .pool import run_parallel

if TYPE_CHECKING:
    from .rounds import ApiOptions

EMBEDDED_JOBS_NOTE = (
    "--jobs {jobs} ignored for the embedded model: one model instance already uses every CPU core, "
    "so reports run one after another (parallel copies would only fight over the same cores and RAM). "
    "To run reports in parallel, serve a model (llama.cpp server, vLLM, a hosted API) and pass "
    "--provider/--base-url."
)
KEPT_NOTE = (
    "{count} stale report(s) finished under other code, rules, prompts or settings were kept "
    "(--keep-stale): marked in the stale column of summary.csv"
)
STALE_NOTE = (
    "{count} report(s) finished by an earlier run are stale (the code, rules, prompts or settings have "
    "changed since) and were redone"
)


@dataclass(frozen=True)
class BatchConfig:
    source: Path
    out: Path
    options: Options
    jobs: int = 1
    shard: Shard | None = None
    llm_factory: Callable[[], LLM] | None = None  # tests inject a fake transport here
    keep_stale: bool = False  # keep reports finished under other code or settings, marked, instead of redoing
    api: ApiOptions | None = None  # section calls through a Batch API or files, in rounds (rounds.py)


@dataclass
class Outcome:
    """One report's fate in this run: done, cached (no LLM call needed), skipped (finished
    earlier, per the manifest) or failed; in a Batch API round also deferred (waiting for answers)."""

    item: InputItem
    status: str
    output: str | None = None
    row: dict | None = None
    failure: Failure | None = None


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    total: int
    interrupted: bool
    usage: Usage
    seconds: float
    notes: list[str] = field(default_factory=list)
    stopped: str | None = None  # why a Batch API run stopped before the end (export, dry run), if it did

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> list[Failure]:
        return [o.failure for o in self.outcomes if o.failure is not None]


class Events(Protocol):
    """What a progress display hears from the runner."""

    def start(self, total: int) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...


class _Quiet:
    def start(self, total: int) -> None:
        pass

    def finished(self, outcome: Outcome) -> None:
        pass


class _LLMs:
    """One LLM handle per thread: per-report usage stays exact (the pipeline measures a report as
    the difference of its handle's counters), and the totals are the sum over handles."""

    def __init__(self, factory: Callable[[], LLM]) -> None:
        self._factory = factory
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[LLM] = []

    def get(self) -> LLM:
        llm = getattr(self._local, "llm", None)
        if llm is None:
            llm = self._local.llm = self._factory()
            with self._lock:
                self._all.append(llm)
        return llm

    def usage(self) -> Usage:
        return sum((llm.usage for llm in self._all), Usage())


class _Worker:
    """Runs one report and records it; never raises for a report's own problems."""

    def __init__(self, config: BatchConfig, manifest: Manifest, llms: _LLMs) -> None:
        self.config = config
        self.manifest = manifest
        self.llms = llms

    def is_stale(self, item: InputItem) -> bool:
        """Finished earlier, but under other code, prompts or settings: redone."""
        return item.sha256 is not None and self.manifest.stale(
            item.sha256, output_name(item.path, item.sha256)
        )

    def skip_if_finished(self, item: InputItem) -> Outcome | None:
        if item.sha256 is None:
            return None
        name = output_name(item.path, item.sha256)
        kept = self.config.keep_stale and self.is_stale(item)
        if not (kept or self.manifest.finished(item.sha256, name)):
            return None
        try:
            report = Report.model_validate_json((self.config.out / name).read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError):
            return None  # an output edited or damaged by hand: redo it
        row = summary_row(str(item.path), name, report)
        if kept:
            row["stale"] = "yes"
        return Outcome(item, "skipped", name, row)

    def process(self, item: InputItem) -> Outcome:
        try:
            report = Summarizer(options=self.config.options, llm=self.llms.get()).summarize(item.path)
        except Deferred:  # some section's answer comes from a Batch API job (rounds.py)
            return Outcome(item, "deferred")
        except MissingTool as err:  # the machine lacks a Debian package: setup, not this file
            return _failed(item, "config", err.problem)
        except InputError as err:
            return _failed(item, "input", err.problem)
        except ExtractionError as err:
            return _failed(item, "extraction", str(err))
        except ModelError as err:
            return _failed(item, "config", str(err))
        except SummarizerError as err:
            return _failed(item, "error", str(err))
        except Exception as err:  # a bug on one odd report must not end the night
            return _failed(item, "internal", f"internal error: {type(err).__name__}: {err}")
        return self._save(item, report)

    def _save(self, item: InputItem, report: Report) -> Outcome:
        sha = item.sha256 or report.source.sha256
        name = output_name(item.path, sha)
        write_text_atomic(self.config.out / name, report_json(report))
        fsync_dir(self.config.out)
        self.manifest.record(Entry(str(item.path), sha, name, self.manifest.fingerprint))
        run = report.run
        cached = run is not None and run.llm_calls == 0 and run.cache_hits > 0
        return Outcome(item, "cached" if cached else "done", name, summary_row(str(item.path), name, report))


def _failed(item: InputItem, kind: str, reason: str) -> Outcome:
    return Outcome(item, "failed", failure=Failure(str(item.path), kind, redact(" ".join(reason.split()))))


def _preflight(options: Options, llms: _LLMs) -> str:
    """Fail the whole batch at once, not report by report, when the setup itself is wrong:
    a missing API key or missing weights. Returns the configuration fingerprint."""
    llm = llms.get()
    llm.ensure_ready()
    return config_fingerprint(options, llm.identity)


def run_batch(config: BatchConfig, events: Events | None = None) -> BatchResult:
    """Run every input not finished yet; write summaries unless interrupted."""
    config.out.mkdir(parents=True, exist_ok=True)
    with claim_output(config.out, config.shard):
        return _run(config, events or _Quiet())


def _run(config: BatchConfig, events: Events) -> BatchResult:
    started = time.perf_counter()
    options = config.options
    llms = _LLMs(config.llm_factory or (lambda: LLM(options.provider, options.cache_dir)))
    items = collect(config.source, config.shard, exclude=config.out)
    worker = _Worker(config, Manifest(config.out, _preflight(options, llms)), llms)
    jobs = 1 if options.provider.embedded else config.jobs
    notes = (
        [EMBEDDED_JOBS_NOTE.format(jobs=config.jobs)] if options.provider.embedded and config.jobs > 1 else []
    )
    events.start(len(items))
    outcomes: dict[InputItem, Outcome] = {}
    todo = _take_finished(items, worker, outcomes, events)
    stale = sum(1 for item in todo if worker.is_stale(item))
    if stale:
        notes.append(STALE_NOTE.format(count=stale))
    kept = sum(1 for o in outcomes.values() if o.row and o.row.get("stale"))
    if kept:
        notes.append(KEPT_NOTE.format(count=kept))
    if todo:  # a batch with nothing left to do needs no endpoint
        llms.get().check_endpoint()
    results = map(worker.process, todo) if jobs == 1 else run_parallel(todo, worker.process, jobs)
    interrupted = _consume(results, outcomes, events)
    ordered = [outcomes[i] for i in items if i in outcomes]
    if not interrupted:
        suffix = f"shard-{config.shard.index}-of-{config.shard.count}" if config.shard else ""
        rows = [o.row for o in ordered if o.row is not None]
        write_summaries(config.out, rows, [o.failure for o in ordered if o.failure], suffix)
    return BatchResult(ordered, len(items), interrupted, llms.usage(), time.perf_counter() - started, notes)


def _take_finished(
    items: list[InputItem], worker: _Worker, outcomes: dict[InputItem, Outcome], events: Events
) -> list[InputItem]:
    todo = []
    for item in items:
        outcome = worker.skip_if_finished(item)
        if outcome is None:
            todo.append(item)
        else:
            outcomes[item] = outcome
            events.finished(outcome)
    return todo


def _consume(results: Iterable[Outcome], outcomes: dict[InputItem, Outcome], events: Events) -> bool:
    """Collect results; True when Ctrl-C cut the run short (finished reports are already saved)."""
    try:
        for outcome in results:
            outcomes[outcome.item] = outcome
            events.finished(outcome)
    except KeyboardInterrupt:
        close = getattr(results, "close", None)
        if close:
            close()
        return True
    return False
