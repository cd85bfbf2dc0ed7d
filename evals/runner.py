"""Run the eval: call an extractor over the corpus, score it, compare with a baseline, write reports.

The extractor arrives as a callable from the CLI, so this package never imports the extraction code (a
test enforces it): the eval's ground truth stays an independent witness. `eval_main` holds all the
command's logic so the CLI wiring is one line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from summarizer.models import Report

from .baseline import BaselineError, Diff, compare, load_baseline, save_baseline
from .corpus import CorpusError, corpus_hash, load_corpus, read_report
from .groundtruth import ground_truth
from .report import JSON_NAME, MARKDOWN_NAME, render_diff, render_run, write_json, write_markdown
from .results import EvalRun
from .scoring import ReportScore, score_report

Extract = Callable[[Path], Report | Mapping[str, Any]]
DEFAULT_OUT_DIR = Path("eval-results")
EXIT_OK, EXIT_REGRESSED, EXIT_USAGE = 0, 1, 2


def _score_one(extract: Extract, path: Path, clock: Callable[[], float]) -> ReportScore:
    """Extract and score one report; an extractor exception is recorded, not raised, so one bad report
    shows up as missing fields instead of hiding the rest of the run."""
    text = read_report(path)
    truth = ground_truth(text)
    start = clock()
    output: Report | Mapping[str, Any] | None = None
    error: str | None = None
    try:
        output = extract(path)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
    wall = clock() - start
    return score_report(output, text, name=path.name, truth=truth, wall_seconds=wall, error=error)


def _identity(scores: Sequence[ReportScore], attr: str) -> str:
    values = sorted({v for s in scores if (v := getattr(s, attr))})
    return ", ".join(values) if values else "unknown"


def run_eval(
    extract: Extract,
    corpus: Sequence[Path],
    *,
    prompt_hashes: Mapping[str, str] | None = None,
    provider: str | None = None,
    model: str | None = None,
    name: str | None = None,
    runtime: str | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> EvalRun:
    """Score `extract` over `corpus`. Provider and model default to what the reports' run stats say."""
    start = clock()
    scores = [_score_one(extract, Path(p), clock) for p in corpus]
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
    )


def _arg(args: Any, name: str) -> Any:
    """argparse.Namespace or any object; a missing attribute means the option was not given."""
    return getattr(args, name, None)


def _announcing(extract: Extract, total: int, console: Console) -> Extract:
    """Say which report is being extracted: a cold run on a CPU model takes minutes per report."""
    seen = 0

    def wrapped(path: Path) -> Report | Mapping[str, Any]:
        nonlocal seen
        seen += 1
        console.print(f"[dim]eval[/] {seen}/{total} {path.name}", highlight=False)
        return extract(path)

    return wrapped


def eval_main(
    args: Any,
    extract: Extract,
    console: Console,
    *,
    prompt_hashes: Mapping[str, str] | None = None,
    runtime: str | None = None,
) -> int:
    """`summarize eval`: run, show, compare, write, save. Returns the process exit code.

    Reads from `args`: corpus (list file; default: the bundled corpus), baseline (NAME to compare with),
    save_baseline (NAME to save as), out (directory for eval-report.json and eval-summary.md; default
    ./eval-results), baseline_dir (where NAME.json live; default: the package's evals/baselines).
    Exit 1 when the baseline comparison shows a regression, 2 on a corpus or baseline error, 0 otherwise.
    """
    baseline_dir = _arg(args, "baseline_dir")
    try:
        corpus = load_corpus(_arg(args, "corpus"))
        baseline = load_baseline(_arg(args, "baseline"), baseline_dir) if _arg(args, "baseline") else None
    except (CorpusError, BaselineError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        return EXIT_USAGE
    run = run_eval(
        _announcing(extract, len(corpus), console), corpus, prompt_hashes=prompt_hashes, runtime=runtime
    )
    render_run(console, run)
    diff: Diff | None = None
    if baseline is not None:
        diff = compare(run, baseline)
        render_diff(console, diff)
    out_dir = Path(_arg(args, "out") or DEFAULT_OUT_DIR)
    write_json(out_dir / JSON_NAME, run, diff)
    write_markdown(out_dir / MARKDOWN_NAME, run, diff)
    console.print(f"Wrote {out_dir / JSON_NAME} and {out_dir / MARKDOWN_NAME}")
    if _arg(args, "save_baseline"):
        try:
            path = save_baseline(run, _arg(args, "save_baseline"), baseline_dir)
        except BaselineError as exc:
            console.print(f"[red]error:[/red] {exc}")
            return EXIT_USAGE
        console.print(f"Saved baseline {path}")
    return EXIT_REGRESSED if diff is not None and diff.regressed else EXIT_OK
