"""Run the eval: call an extractor over the corpus, score it, compare with a baseline, write reports.

The extractor arrives as a callable from the CLI, so this package never imports the extraction code (a
test enforces it): the labels and the eval's patterns stay independent witnesses. Bad input (corpus,
labels, baseline) raises an `EvalInputError` before any extraction, for the CLI to report in one line.
Nothing here prints: `eval_main` returns an `EvalResult`, which the CLI shows with `render`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from summarizer.models import Report

from .baseline import Diff, baseline_path, compare, load_baseline, save_baseline
from .corpus import DEFAULT_SET, corpus_hash, read_corpus, read_report
from .errors import EvalInputError
from .labels import ReportLabels, labels_hash, load_labels
from .report import JSON_NAME, MARKDOWN_NAME, render, write_json, write_markdown
from .results import EvalRun
from .scoring import ReportScore, score_report

__all__ = ["EvalInputError", "EvalOptions", "EvalResult", "eval_main", "render", "run_eval"]

Extract = Callable[[Path], Report | Mapping[str, Any]]
OnReport = Callable[[int, int, Path], None]  # (1-based index, total, report path), before extracting it
DEFAULT_OUT_DIR = Path("eval-results")


@dataclass(frozen=True)
class EvalOptions:
    """What `summarize eval` was asked to do."""

    corpus: Path | None = None  # a list file of report paths; None: the bundled corpus
    baseline: str | None = None  # compare with this baseline
    save_baseline: str | None = None  # record this run under this name
    baseline_dir: Path | None = None  # where baselines live; None: the bundled evals/baselines
    labels_dir: Path | None = None  # where label files live; None: the bundled evals/labels
    out: Path = DEFAULT_OUT_DIR  # folder for eval-report.json and eval-summary.md


def _score_one(
    extract: Extract, path: Path, labels: ReportLabels | None, clock: Callable[[], float], corpus_set: str
) -> ReportScore:
    """Extract and score one report; an extractor exception is recorded, not raised, so one bad report
    shows up as missed fields instead of hiding the rest of the run. A model that cannot be used at all
    (a dead endpoint, missing weights) ends the run: scoring every report as missed would be garbage."""
    text = read_report(path)
    start = clock()
    output: Report | Mapping[str, Any] | None = None
    error: str | None = None
    try:
        output = extract(path)
    except Exception as exc:
        if getattr(exc, "fatal", False):  # the extractor says it cannot work at all (ModelError)
            raise
        error = f"{type(exc).__name__}: {exc}"
    wall = clock() - start
    return score_report(
        output, text, name=path.name, labels=labels, wall_seconds=wall, error=error, corpus_set=corpus_set
    )


def _identity(scores: Sequence[ReportScore], attr: str) -> str:
    values = sorted({v for s in scores if (v := getattr(s, attr))})
    return ", ".join(values) if values else "unknown"


def run_eval(
    extract: Extract,
    corpus: Sequence[Path],
    *,
    labels: Mapping[str, ReportLabels] | None = None,
    sets: Mapping[str, str] | None = None,
    prompt_hashes: Mapping[str, str] | None = None,
    provider: str | None = None,
    model: str | None = None,
    name: str | None = None,
    runtime: str | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> EvalRun:
    """Score `extract` over `corpus`, each report in its set (`sets`: file name → set; default "corpus").
    Provider and model default to what the reports' run stats say."""
    labels, sets = labels or {}, sets or {}
    start = clock()
    scores = [
        _score_one(extract, Path(p), labels.get(Path(p).name), clock, sets.get(Path(p).name, DEFAULT_SET))
        for p in corpus
    ]
    return EvalRun(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        provider=provider or _identity(scores, "provider"),
        model=model or _identity(scores, "model"),
        corpus_hash=corpus_hash([Path(p) for p in corpus]),
        reports=scores,
        prompt_hashes=dict(prompt_hashes or {}),
        wall_seconds=clock() - start,
        name=name,
        runtime=runtime,
        labels_hash=labels_hash(labels) if labels else None,
    )


@dataclass(frozen=True)
class EvalResult:
    """What `summarize eval` produced: the run, its diff against a baseline, and the files written."""

    run: EvalRun
    diff: Diff | None  # None without --baseline
    written: tuple[Path, ...]  # eval-report.json and eval-summary.md
    saved: Path | None = None  # the baseline file, with --save-baseline

    @property
    def regressed(self) -> bool:
        return self.diff is not None and self.diff.regressed


def _announcing(extract: Extract, total: int, on_report: OnReport | None) -> Extract:
    """Say which report is being extracted: a cold run on a CPU model takes minutes per report."""
    if on_report is None:
        return extract
    seen = 0

    def wrapped(path: Path) -> Report | Mapping[str, Any]:
        nonlocal seen
        seen += 1
        on_report(seen, total, path)
        return extract(path)

    return wrapped


def eval_main(
    options: EvalOptions,
    extract: Extract,
    *,
    on_report: OnReport | None = None,
    prompt_hashes: Mapping[str, str] | None = None,
    runtime: str | None = None,
) -> EvalResult:
    """`summarize eval`: run, compare, write, save; nothing is printed. Bad input raises
    `EvalInputError` before any extraction; the caller shows the result and picks the exit code."""
    entries = read_corpus(options.corpus)
    corpus = [e.path for e in entries]
    labels = load_labels(corpus, options.labels_dir)
    baseline = load_baseline(options.baseline, options.baseline_dir) if options.baseline else None
    if options.save_baseline:
        baseline_path(options.save_baseline, options.baseline_dir)  # a bad name fails now, not after the run
    run = run_eval(
        _announcing(extract, len(corpus), on_report),
        corpus,
        labels=labels,
        sets={e.path.name: e.set for e in entries},
        prompt_hashes=prompt_hashes,
        runtime=runtime,
    )
    diff = compare(run, baseline, labels) if baseline is not None else None
    written = (
        write_json(options.out / JSON_NAME, run, diff),
        write_markdown(options.out / MARKDOWN_NAME, run, diff),
    )
    saved = save_baseline(run, options.save_baseline, options.baseline_dir) if options.save_baseline else None
    return EvalResult(run, diff, written, saved)
