"""What one report costs, against the naive way and the machine's limit (issue 5).

Run on a quiet machine — every model timing is wall-clock on shared cores:

    python benchmarks/run.py                        # everything, the five seeds
    python benchmarks/run.py --reports 000,001      # some seeds
    python benchmarks/run.py --skip-naive --skip-remote
    python benchmarks/run.py --smoke                # one seed, naive "flat" only, small rate probes

Prints a table per part and a target table (measured value, bound, PASS/MISS), and writes every number
to --out as JSON. benchmarks/README.md says what each figure means.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

import naive  # benchmarks/ is a folder of scripts, not a package
import stub_server
from summarizer_evals.scoring import Tally

from summarizer.models import Usage

# -- targets (issue 5) ---------------------------------------------------------------------------------

PROMPT_TOKEN_FACTOR = 1.25  # prompt tokens sent ≤ 1.25 × report tokens + 400 per call
PROMPT_TOKENS_PER_CALL = 400
LIMIT_FACTOR = 1.3  # cold wall ≤ 1.3 × physical limit
PER_SECTION_FACTOR = 0.3  # cold wall ≤ 0.3 × the naive per-section way's (issue 29)
COMPLETION_TOKENS_FIVE_SEEDS = 1200  # completion tokens of the five seeds, cold (issue 29)
WARM_SINGLE_SECONDS = 1.0
CACHED_BATCH_RATE = 50.0  # reports per second
REMOTE_EFFICIENCY = 0.80  # of ideal, at --jobs 16
REMOTE_TARGET_JOBS = 16

DEFAULT_OUT = Path(__file__).resolve().parent / "results.json"
SUMMARIZE = Path(sys.executable).with_name("summarize")


# -- pure arithmetic (tested in tests/test_benchmark_parts.py) -----------------------------------------


def physical_limit(report_tokens: int, output_tokens: int, pp_rate: float, gen_rate: float) -> float:
    """Seconds the model itself needs: read the report once, write the answer once.

    Nothing can be faster on this hardware without a different model: each report token must be
    processed at least once, and each answer token generated.
    """
    return report_tokens / pp_rate + output_tokens / gen_rate


PRICE_PRESET = "openai"  # the hosted preset whose list price the cost of 1,000 reports is shown at


def per_thousand_reports(rows: list[dict[str, Any]], price: Any, batch: bool = False) -> float:
    """The list price of 1,000 reports like `rows` (each with prompt_tokens and completion_tokens): their
    mean tokens per report, priced by `price` (presets.Price), times 1,000."""
    if not rows:
        return 0.0
    prompt = sum(r["prompt_tokens"] for r in rows) / len(rows)
    completion = sum(r["completion_tokens"] for r in rows) / len(rows)
    return 1000 * price.cost(round(prompt), round(completion), batch)


def prompt_token_bound(report_tokens: int, calls: int) -> float:
    """The most prompt tokens ours may send: the report about once, plus a fixed overhead per call
    (system prompt, template, chat markup); more means text is sent twice."""
    return PROMPT_TOKEN_FACTOR * report_tokens + PROMPT_TOKENS_PER_CALL * calls


def ideal_throughput(jobs: int, delay: float) -> float:
    """Requests per second with `jobs` requests always in flight, each taking `delay` seconds."""
    return jobs / delay


def efficiency(achieved: float, ideal: float) -> float | None:
    return achieved / ideal if ideal > 0 else None


def rate(count: float, seconds: float) -> float | None:
    return count / seconds if seconds > 0 else None


def verdict(measured: float | None, bound: float, higher_is_better: bool = False) -> str:
    """PASS/MISS against a bound; SKIP when the part was not measured."""
    if measured is None:
        return "SKIP"
    ok = measured >= bound if higher_is_better else measured <= bound
    return "PASS" if ok else "MISS"


@dataclass(frozen=True)
class ImportEntry:
    module: str
    self_us: int
    cumulative_us: int
    depth: int


IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)")


def parse_importtime(stderr: str) -> list[ImportEntry]:
    """Entries of `python -X importtime` output; depth 0 is what the command imported directly."""
    entries = []
    for line in stderr.splitlines():
        m = IMPORT_LINE.match(line)
        if m:
            entries.append(ImportEntry(m[4], int(m[1]), int(m[2]), (len(m[3]) - 1) // 2))
    return entries


def top_imports(entries: list[ImportEntry], n: int = 10, max_depth: int = 1) -> list[ImportEntry]:
    """The costliest packages by cumulative time, down to `max_depth` (0: direct imports only)."""
    shallow = [e for e in entries if e.depth <= max_depth]
    return sorted(shallow, key=lambda e: e.cumulative_us, reverse=True)[:n]


def by_package(entries: list[ImportEntry], n: int = 10) -> list[tuple[str, int]]:
    """Self time summed per top-level package (openai, instructor, pydantic…): nesting hides who pays,
    since a heavy package shows up under whichever of our modules happened to import it first."""
    totals: dict[str, int] = {}
    for e in entries:
        root = e.module.split(".")[0]
        totals[root] = totals.get(root, 0) + e.self_us
    return sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:n]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# -- results -------------------------------------------------------------------------------------------


@dataclass
class Rates:
    """The model's own speed on this machine, measured with llama.cpp directly in this run."""

    load_seconds: float
    prompt_tokens: int
    prompt_seconds: float
    generated_tokens: int
    generation_seconds: float

    @property
    def pp_rate(self) -> float:
        return self.prompt_tokens / self.prompt_seconds

    @property
    def gen_rate(self) -> float:
        return self.generated_tokens / self.generation_seconds


@dataclass
class Cost:
    """One variant on one report."""

    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    figures: Tally = field(default_factory=Tally)  # against the hand labels, value-level (see with_scores)
    notes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.figures.precision

    @property
    def recall(self) -> float | None:
        return self.figures.recall


@dataclass
class ReportResult:
    name: str
    chars: int
    report_tokens: int
    cold: Cost
    warm: Cost
    limit_seconds: float
    prompt_bound: float
    naive: dict[str, Cost] = field(default_factory=dict)


@dataclass
class Results:
    machine: dict[str, Any]
    rates: dict[str, float] | None = None
    reports: list[ReportResult] = field(default_factory=list)
    warm_single: dict[str, Any] | None = None
    cached_batch: dict[str, Any] | None = None
    remote: list[dict[str, Any]] = field(default_factory=list)
    remote_note: str | None = None
    imports: dict[str, Any] | None = None
    targets: list[dict[str, Any]] = field(default_factory=list)


# -- scoring -------------------------------------------------------------------------------------------


def with_scores(cost: Cost, output: Any, text: str, labels: Any) -> Cost:
    """Right, emitted and stated figures over the five LLM sections, against the hand labels: the
    naive ways have no meta step, so every variant is compared on the same 20 fields. A right value
    counts as right whatever its unit and hedge flag, since the naive ways have no units."""
    from summarizer_evals.scoring import score_report

    tally = score_report(output, text, labels=labels).tally()
    cost.figures = replace(tally, right=tally.right + tally.wrong_unit, wrong_unit=0)
    return cost


# -- model parts ---------------------------------------------------------------------------------------


def load_model() -> tuple[Any, Path, int, float]:
    """The same llama instance the pipeline uses (load_llama is cached per process), loaded before
    any timing so that no variant pays for it."""
    from summarizer.llm.embedded import load_llama, weights_path
    from summarizer.llm.presets import resolve_provider

    provider = resolve_provider("embedded")
    path = weights_path(provider.model_path)
    started = time.perf_counter()
    llama = load_llama(path, provider.n_ctx)
    return llama, path, provider.n_ctx, time.perf_counter() - started


def time_prompt_eval(llama: Any, tokens: list[int], repeats: int) -> float:
    """Best-of-`repeats` seconds to process `tokens` from an empty KV cache and sample one token.

    reset() empties llama.cpp's prefix cache, which would otherwise make every repeat free.
    """
    best = float("inf")
    for _ in range(repeats):
        llama.reset()
        started = time.perf_counter()
        llama.create_completion(prompt=tokens, max_tokens=1, temperature=0.0)
        best = min(best, time.perf_counter() - started)
    return best


def time_generation(llama: Any, prompt: list[int], n: int, repeats: int) -> float:
    """Best-of-`repeats` seconds for n-1 decode steps, timed from the first generated token so that
    the prompt's own processing is left out. EOS is ignored: only the per-token cost matters."""
    best = float("inf")
    for _ in range(repeats):
        llama.reset()
        first = 0.0
        for i, _token in enumerate(llama.generate(prompt, temp=0.0), start=1):
            if i == 1:
                first = time.perf_counter()
            if i == n:
                break
        best = min(best, time.perf_counter() - first)
    return best


def measure_rates(llama: Any, text: str, prompt_tokens: int, gen_tokens: int, repeats: int) -> Rates:
    """Prompt-processing and generation rates of this model on this machine, right now."""
    tokens = llama.tokenize(text.encode("utf-8"), add_bos=False)
    while len(tokens) < prompt_tokens:  # a short seed is repeated to reach the probe length
        tokens = tokens + tokens
    tokens = tokens[:prompt_tokens]
    pp_seconds = time_prompt_eval(llama, tokens, repeats)
    gen_seconds = time_generation(llama, tokens[:32], gen_tokens, repeats)
    llama.reset()
    return Rates(0.0, len(tokens), pp_seconds, gen_tokens - 1, gen_seconds)


def grammar_rates(llama: Any, model_path: Path, n_ctx: int, text: str) -> dict[str, float]:
    """Generation under a section's JSON grammar, with the greedy shortcut and with llama-cpp-python's
    stock sampler (which checks the grammar over the whole vocabulary at every token).

    The request is a teachers call on the first 1,500 characters of `text`. Each rate is completion
    tokens over (full answer time - time to read the prompt and emit one token), from an empty cache.
    """
    from summarizer.llm.client import as_grammar_request
    from summarizer.llm.embedded import embedded_create

    create = embedded_create(model_path, n_ctx)
    schema = naive.draft_model("teachers").model_json_schema()  # a long answer: quotes and numbers
    request = as_grammar_request(
        {
            "messages": naive.messages("teachers", text[:1500]),
            "response_format": {"type": "json_object", "schema": schema},
            "temperature": 0.0,
            "max_tokens": 400,
            "seed": 0,
        }
    )
    found: dict[str, float] = {}
    for name, shortcut in (("grammar_gen_rate", True), ("grammar_gen_rate_stock", False)):
        llama.greedy_shortcut = shortcut
        llama.reset()
        started = time.perf_counter()
        create(**{**request, "max_tokens": 1})
        prompt_only = time.perf_counter() - started
        llama.reset()
        started = time.perf_counter()
        tokens = create(**request).usage.completion_tokens
        found[name] = (tokens - 1) / (time.perf_counter() - started - prompt_only)
    del llama.greedy_shortcut
    llama.reset()
    return found


def run_ours(path: Path, cache_dir: Path) -> tuple[Any, Cost]:
    """Our pipeline in this process, on the shared model; cold when `cache_dir` is empty."""
    from summarizer.llm.client import LLM
    from summarizer.llm.presets import resolve_provider
    from summarizer.pipeline import Options, summarize_file

    options = Options(provider=resolve_provider("embedded"), cache_dir=cache_dir)
    llm = LLM(options.provider, cache_dir)
    started = time.perf_counter()
    report = summarize_file(path, options, llm)
    seconds = time.perf_counter() - started
    run = report.run
    cost = Cost(
        usage=run.counters(),
        seconds=seconds,
        notes=[w.message for w in report.warnings if "split" in w.message or "token limit" in w.message],
    )
    return report, cost


def run_naive(llama: Any, variant: str, text: str, labels: Any) -> Cost:
    llama.reset()
    result = naive.RUNNERS[variant](llama, text)
    cost = Cost(result.usage, result.seconds, notes=result.errors)
    return with_scores(cost, result.output, text, labels)


def bench_report(
    llama: Any, model_path: Path, n_ctx: int, path: Path, rates: Rates, variants: list[str], work: Path
) -> ReportResult:
    """Every model measurement of one report: ours cold and warm, then each naive way."""
    from summarizer_evals.corpus import read_report
    from summarizer_evals.labels import load_labels

    from summarizer.llm.embedded import count_tokens

    text = read_report(path)
    labels = load_labels([path]).get(path.name)
    tokens = count_tokens(model_path, n_ctx, text)
    cache = work / f"cache-{path.stem}"
    llama.reset()
    report, cold = run_ours(path, cache)
    with_scores(cold, report, text, labels)
    _, warm = run_ours(path, cache)
    result = ReportResult(
        name=path.name,
        chars=len(text),
        report_tokens=tokens,
        cold=cold,
        warm=warm,
        limit_seconds=physical_limit(tokens, cold.usage.completion_tokens, rates.pp_rate, rates.gen_rate),
        prompt_bound=prompt_token_bound(tokens, cold.usage.llm_calls),
    )
    for variant in variants:
        result.naive[variant] = run_naive(llama, variant, text, labels)
    return result


# -- process-level parts (no model: the cache answers) ---------------------------------------------------


def timed_run(argv: list[str], timeout: float) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall seconds from process start to exit: what a user waits for, interpreter start included."""
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    return time.perf_counter() - started, done


def warm_single(path: Path, cache: Path, repeats: int) -> dict[str, Any]:
    """`summarize REPORT --format json` on a report whose every LLM answer is cached."""
    argv = [
        str(SUMMARIZE),
        str(path),
        "--format",
        "json",
        "--provider",
        "embedded",
        "--cache-dir",
        str(cache),
    ]
    timings, calls = [], None
    for _ in range(repeats):
        seconds, done = timed_run(argv, timeout=120)
        if done.returncode != 0:
            return {"error": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}
        timings.append(seconds)
        calls = (json.loads(done.stdout).get("run") or {}).get("llm_calls")
    python_start, _ = timed_run([sys.executable, "-c", "pass"], timeout=60)
    return {
        "report": path.name,
        "seconds_median": median(timings),
        "seconds_min": min(timings),
        "runs": timings,
        "llm_calls": calls,
        "bare_python_seconds": python_start,
    }


def batch_available() -> str | None:
    """None when `summarize batch` can run; else why not (another worker may still be building it)."""
    try:
        from summarizer.batch.command import batch  # noqa: F401
    except ImportError as err:
        return f"`summarize batch` is not importable yet ({err}); part skipped"
    return None


def make_copies(source: Path, folder: Path, count: int) -> Path:
    """`count` byte-identical copies with distinct names, as a corpus of many similar files."""
    folder.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    for i in range(count):
        (folder / f"copy-{i:05d}.txt").write_bytes(data)
    return folder


def cached_batch(path: Path, cache: Path, copies: int, work: Path) -> dict[str, Any]:
    """Reports per second of `summarize batch` when every answer is cached: pure pipeline overhead."""
    folder = make_copies(path, work / "cached-batch-in", copies)
    out = work / "cached-batch-out"
    argv = [
        str(SUMMARIZE),
        "batch",
        str(folder),
        "--out",
        str(out),
        "--provider",
        "embedded",
        "--cache-dir",
        str(cache),
    ]
    seconds, done = timed_run(argv, timeout=3600)
    outputs = list(out.glob("copy-*.json"))
    written = len(outputs)
    calls = sum(
        (json.loads(p.read_text(encoding="utf-8")).get("run") or {}).get("llm_calls", 0) for p in outputs
    )
    result = {
        "copies": copies,
        "written": written,
        "seconds": seconds,
        "reports_per_second": rate(written, seconds),
        "llm_calls": calls,  # must be 0: otherwise the cache was not warm and the model ran
    }
    if done.returncode != 0:
        result["error"] = f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return result


def remote_batch(path: Path, server: stub_server.StubServer, jobs: int, work: Path) -> dict[str, Any]:
    """`summarize batch --jobs N` against the stub: 2×N reports (at least 2), so each worker runs two
    reports back to back and the measurement is not a single round of start-up."""
    count = max(2, 2 * jobs)
    folder = make_copies(path, work / f"remote-in-{jobs}", count)
    out = work / f"remote-out-{jobs}"
    argv = [
        str(SUMMARIZE),
        "batch",
        str(folder),
        "--out",
        str(out),
        "--provider",
        "vllm",
        "--base-url",
        server.base_url,
        "--no-cache",
        "--jobs",
        str(jobs),
    ]
    server.stats.reset()
    seconds, done = timed_run(argv, timeout=1800)
    stats = server.stats
    ideal = ideal_throughput(jobs, server.delay)
    achieved = rate(stats.requests, seconds)
    busy = (stats.last_at - stats.first_at) if stats.first_at and stats.last_at else 0.0
    result = {
        "jobs": jobs,
        "reports": count,
        "requests": stats.requests,
        "calls_per_report": stats.requests / count,
        "seconds": seconds,
        "requests_per_second": achieved,
        "ideal_requests_per_second": ideal,
        "efficiency": efficiency(achieved or 0.0, ideal),
        "server_side_efficiency": efficiency(rate(stats.requests, busy) or 0.0, ideal),
        "peak_inflight": stats.peak_inflight,
        "reports_per_second": rate(count, seconds),
    }
    if done.returncode != 0:
        result["error"] = f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return result


def import_profile(statement: str) -> dict[str, Any]:
    """`python -X importtime -c STATEMENT`: the packages that a cold process pays for."""
    seconds, done = timed_run([sys.executable, "-X", "importtime", "-c", statement], timeout=120)
    entries = parse_importtime(done.stderr)
    top = top_imports(entries, n=12, max_depth=1)
    return {
        "statement": statement,
        "process_seconds": seconds,
        "imported_seconds": sum(e.cumulative_us for e in entries if e.depth == 0) / 1e6,
        "top": [{"module": e.module, "cumulative_ms": e.cumulative_us / 1000, "depth": e.depth} for e in top],
        "packages": [{"package": name, "self_ms": us / 1000} for name, us in by_package(entries, 12)],
    }


# -- targets -------------------------------------------------------------------------------------------


def target(name: str, measured: float | None, bound: float, higher: bool = False, note: str = "") -> dict:
    return {
        "target": name,
        "measured": measured,
        "bound": bound,
        "higher_is_better": higher,
        "status": verdict(measured, bound, higher),
        "note": note,
    }


def _sum(reports: list[ReportResult], get: Any) -> float:
    return sum(get(r) for r in reports)


def model_targets(reports: list[ReportResult], variants: list[str]) -> list[dict]:
    """Targets measured on the model: token budget, physical limit, naive ways (totals over reports)."""
    if not reports:
        return [target("model parts", None, 0, note="not run")]
    worst = max(reports, key=lambda r: r.cold.usage.prompt_tokens / r.prompt_bound)
    cold = _sum(reports, lambda r: r.cold.seconds)
    limit = _sum(reports, lambda r: r.limit_seconds)
    ours = total_cost(reports, lambda r: r.cold)
    rows = [
        target(
            f"prompt tokens ÷ bound, worst report ({worst.name[:3]})",
            worst.cold.usage.prompt_tokens / worst.prompt_bound,
            1.0,
            note="bound = 1.25 × report tokens + 400 × calls",
        ),
        target("cold wall ÷ physical limit (all reports)", cold / limit if limit else None, LIMIT_FACTOR),
    ]
    if len(reports) == 5:
        completion = _sum(reports, lambda r: r.cold.usage.completion_tokens)
        rows.append(target("completion tokens, the five seeds", completion, COMPLETION_TOKENS_FIVE_SEEDS))
    for variant in variants:
        naive_s = _sum(reports, lambda r, v=variant: r.naive[v].seconds)
        other = total_cost(reports, lambda r, v=variant: r.naive[v])
        bound = PER_SECTION_FACTOR if variant == "per_section" else 1.0
        rows.append(
            target(
                f"cold wall ÷ naive {variant} wall",
                cold / naive_s if naive_s else None,
                bound,
                note="issue 29" if variant == "per_section" else "must be < 1 (faster)",
            )
        )
        for score in ("precision", "recall"):
            mine, theirs = getattr(ours, score), getattr(other, score)
            if mine is not None and theirs is not None:
                note = f"ours {mine:.1%} vs {theirs:.1%}"
                rows.append(target(f"{score} − naive {variant} {score}", mine - theirs, 0.0, True, note=note))
    return rows


def total_cost(reports: list[ReportResult], pick: Any) -> Cost:
    """The figure counts of one variant summed over reports (its precision and recall follow)."""
    return Cost(figures=sum((pick(r).figures for r in reports), Tally()))


def process_targets(results: Results) -> list[dict]:
    single = (results.warm_single or {}).get("seconds_median")
    batch = (results.cached_batch or {}).get("reports_per_second")
    remote = next((r for r in results.remote if r["jobs"] == REMOTE_TARGET_JOBS), None)
    return [
        target("warm single report, s (median, process included)", single, WARM_SINGLE_SECONDS),
        target("cached batch, reports/s", batch, CACHED_BATCH_RATE, True),
        target(
            f"remote batch --jobs {REMOTE_TARGET_JOBS}, share of ideal",
            remote and remote["efficiency"],
            REMOTE_EFFICIENCY,
            True,
            note=results.remote_note or "",
        ),
    ]


# -- output --------------------------------------------------------------------------------------------


def _f(value: float | None, spec: str = ".1f") -> str:
    return "—" if value is None else format(value, spec)


def _pr(cost: Cost) -> str:
    """Precision / recall against the hand labels, as a table cell."""
    return f"{_f(cost.precision, '.0%')} / {_f(cost.recall, '.0%')}"


def reports_table(results: Results, variants: list[str]) -> Table:
    table = Table(title="Per report, embedded model (cold = empty cache, warm = same cache again)")
    for col in (
        "report",
        "chars",
        "report tok",
        "calls",
        "prompt tok",
        "bound",
        "compl tok",
        "cold s",
        "limit s",
        "cold÷limit",
        "warm s",
        "P / R",
    ):
        table.add_column(col, justify="right")
    for v in variants:
        table.add_column(f"{v} s", justify="right")
        table.add_column(f"{v} prompt tok", justify="right")
        table.add_column(f"{v} P / R", justify="right")
    for r in results.reports:
        row = [
            r.name[:3],
            str(r.chars),
            str(r.report_tokens),
            str(r.cold.usage.llm_calls),
            str(r.cold.usage.prompt_tokens),
            _f(r.prompt_bound, ".0f"),
            str(r.cold.usage.completion_tokens),
            _f(r.cold.seconds),
            _f(r.limit_seconds),
            _f(r.cold.seconds / r.limit_seconds, ".2f"),
            _f(r.warm.seconds, ".3f"),
            _pr(r.cold),
        ]
        for v in variants:
            n = r.naive[v]
            row += [_f(n.seconds), str(n.usage.prompt_tokens), _pr(n)]
        table.add_row(*row)
    return table


def remote_table(results: Results) -> Table:
    table = Table(title="Remote-style batch against the stub server (no cache)")
    for col in (
        "jobs",
        "reports",
        "requests",
        "s",
        "req/s",
        "ideal req/s",
        "share of ideal",
        "server-side",
        "peak in flight",
    ):
        table.add_column(col, justify="right")
    for r in results.remote:
        table.add_row(
            str(r["jobs"]),
            str(r["reports"]),
            str(r["requests"]),
            _f(r["seconds"]),
            _f(r["requests_per_second"], ".2f"),
            _f(r["ideal_requests_per_second"], ".2f"),
            _f(r["efficiency"], ".0%"),
            _f(r["server_side_efficiency"], ".0%"),
            str(r["peak_inflight"]),
        )
    return table


def targets_table(results: Results) -> Table:
    table = Table(title="Targets (issue 5)")
    for col in ("target", "measured", "bound", "status", "note"):
        table.add_column(col)
    colours = {"PASS": "green", "MISS": "red", "SKIP": "yellow"}
    for t in results.targets:
        status = f"[{colours[t['status']]}]{t['status']}[/]"
        table.add_row(t["target"], _f(t["measured"], ".3f"), _f(t["bound"], ".2f"), status, t["note"])
    return table


def price_table(after: dict[str, Any], variants: list[str], before: dict[str, Any] | None) -> Table:
    """Tokens, seconds and the hosted list price of 1,000 reports: ours, the naive ways, and ours in an
    earlier results file (`--before`), on the same seeds. Both runs as saved (results.json's form)."""
    from summarizer.llm.presets import PRESETS

    price = PRESETS[PRICE_PRESET].price
    reports = after.get("reports", [])
    names = {r["name"] for r in reports}
    ways: list[tuple[str, list[dict[str, Any]]]] = []
    if before:
        ways.append(
            ("ours, before", [_usage_row(r["cold"]) for r in before.get("reports", []) if r["name"] in names])
        )
    ways.append(("ours", [_usage_row(r["cold"]) for r in reports]))
    for variant in variants:
        ways.append(
            (f"naive {variant}", [_usage_row(r["naive"][variant]) for r in reports if variant in r["naive"]])
        )
    table = Table(title=f"1,000 reports at {PRESETS[PRICE_PRESET].model}'s list price ({price.currency})")
    for column in ("way", "reports", "prompt tok", "compl tok", "seconds", "price", "Batch API price"):
        table.add_column(column, justify="left" if column == "way" else "right")
    for name, rows in ways:
        table.add_row(
            name,
            str(len(rows)),
            str(sum(r["prompt_tokens"] for r in rows)),
            str(sum(r["completion_tokens"] for r in rows)),
            _f(sum(r["seconds"] for r in rows)),
            f"{per_thousand_reports(rows, price):.2f}",
            f"{per_thousand_reports(rows, price, batch=True):.2f}",
        )
    return table


def _usage_row(cost: dict[str, Any]) -> dict[str, Any]:
    """A saved Cost as tokens and seconds."""
    usage = cost["usage"]
    return {
        "prompt_tokens": usage["prompt_tokens"],
        "completion_tokens": usage["completion_tokens"],
        "seconds": cost["seconds"],
    }


def print_results(
    console: Console, results: Results, variants: list[str], before: dict[str, Any] | None = None
) -> None:
    if results.rates:
        r = results.rates
        console.print(
            f"model rates: prompt {r['pp_rate']:.1f} tok/s, generation {r['gen_rate']:.2f} tok/s, "
            f"under the JSON grammar {r.get('grammar_gen_rate', 0):.2f} tok/s "
            f"(stock sampler {r.get('grammar_gen_rate_stock', 0):.2f}), load {r['load_seconds']:.1f} s"
        )
    if results.reports:
        console.print(reports_table(results, variants))
        saved = json.loads(json.dumps(asdict(results), default=_json_default))
        console.print(price_table(saved, variants, before))
    if results.warm_single:
        console.print(f"warm single report: {json.dumps(results.warm_single)}")
    if results.cached_batch:
        console.print(f"cached batch: {json.dumps(results.cached_batch)}")
    if results.remote:
        console.print(remote_table(results))
    if results.remote_note:
        console.print(f"[yellow]note[/]: {results.remote_note}")
    for profile in (results.imports or {}).values():
        tops = ", ".join(f"{t['package']} {t['self_ms']:.0f} ms" for t in profile["packages"][:8])
        console.print(
            f"import `{profile['statement']}`: {profile['imported_seconds']:.2f} s; by package: {tops}"
        )
    console.print(targets_table(results))


def _read(path: Path | None) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path else None


def _json_default(value: Any) -> Any:
    return value.model_dump() if isinstance(value, Usage) else str(value)


def write_results(results: Results, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(asdict(results), indent=2, ensure_ascii=False, default=_json_default) + "\n")


# -- driver --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark: what a report costs (issue 5).")
    parser.add_argument("--reports", help="seed prefixes, comma-separated (default: all five)")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the naive ways")
    parser.add_argument("--skip-remote", action="store_true", help="do not run the stub-server batch")
    parser.add_argument("--skip-model", action="store_true", help="only the parts that need no model")
    parser.add_argument("--naive", default=",".join(naive.VARIANTS), help="naive variants: flat,per_section")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--show", type=Path, help="print a saved results file's price table and targets, run nothing"
    )
    parser.add_argument(
        "--before", type=Path, help="an earlier results file: its tokens and price shown beside this run's"
    )
    parser.add_argument("--copies", type=int, default=1000, help="cached batch size")
    parser.add_argument("--remote-jobs", default="1,4,16,64")
    parser.add_argument("--stub-delay", type=float, default=2.0, help="seconds per stub answer")
    parser.add_argument("--warm-repeats", type=int, default=5)
    parser.add_argument("--rate-prompt-tokens", type=int, default=4096, help="prompt-processing probe length")
    parser.add_argument("--rate-gen-tokens", type=int, default=128, help="generation probe length")
    parser.add_argument("--rate-repeats", type=int, default=2)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="prove the code: first seed only, naive flat only, small rate probes",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.reports = (args.reports or "000").split(",")[0]
        args.naive, args.rate_prompt_tokens, args.rate_gen_tokens, args.rate_repeats = "flat", 512, 16, 1
    return args


def select_seeds(prefixes: str | None) -> list[Path]:
    from summarizer_evals.corpus import load_corpus

    seeds = load_corpus(only="corpus")  # the five seed reports: the benchmark compares them with earlier runs
    if not prefixes:
        return seeds
    wanted = [p.strip() for p in prefixes.split(",") if p.strip()]
    chosen = [s for s in seeds if any(s.name.startswith(p) for p in wanted)]
    if len(chosen) != len(wanted):
        raise SystemExit(f"--reports {prefixes}: seeds are {', '.join(s.name[:3] for s in seeds)}")
    return chosen


def machine_info() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_start": load,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def run_model_parts(
    results: Results, args: argparse.Namespace, seeds: list[Path], work: Path, err: Console
) -> None:
    from summarizer_evals.corpus import read_report

    variants = [] if args.skip_naive else [v for v in args.naive.split(",") if v]
    llama, model_path, n_ctx, load_seconds = load_model()
    err.print(f"model loaded in {load_seconds:.1f} s; measuring rates…")
    probe_text = max((read_report(s) for s in seeds), key=len)
    rates = measure_rates(llama, probe_text, args.rate_prompt_tokens, args.rate_gen_tokens, args.rate_repeats)
    rates.load_seconds = load_seconds
    results.rates = {**asdict(rates), "pp_rate": rates.pp_rate, "gen_rate": rates.gen_rate}
    results.rates.update(grammar_rates(llama, model_path, n_ctx, probe_text))
    err.print(
        f"rates: prompt {rates.pp_rate:.1f} tok/s, generation {rates.gen_rate:.2f} tok/s "
        f"(under the JSON grammar {results.rates['grammar_gen_rate']:.2f}, "
        f"stock sampler {results.rates['grammar_gen_rate_stock']:.2f})"
    )
    for seed in seeds:
        err.print(f"{seed.name}: ours cold, warm, then naive {variants or 'none'}…")
        results.reports.append(bench_report(llama, model_path, n_ctx, seed, rates, variants, work))
        write_results(results, args.out)  # a long run killed midway keeps what it measured
    results.targets += model_targets(results.reports, variants)


def run_process_parts(
    results: Results, args: argparse.Namespace, seeds: list[Path], work: Path, err: Console
) -> None:
    """Warm single report and cached batch read the cache the model parts filled for the first seed,
    so --skip-model skips them; the stub batch and import profile need no model."""
    cache = work / f"cache-{seeds[0].stem}"
    missing = batch_available()
    if args.skip_model:
        skipped = {"error": "needs the warm cache that the model parts fill (--skip-model given)"}
        results.warm_single, results.cached_batch = skipped, skipped
    else:
        err.print("warm single report (subprocess)…")
        results.warm_single = warm_single(seeds[0], cache, args.warm_repeats)
    if missing:
        results.cached_batch = {"error": missing}
        results.remote_note = missing
    elif not args.skip_model:
        err.print(f"cached batch of {args.copies} copies…")
        results.cached_batch = cached_batch(seeds[0], cache, args.copies, work)
    if not args.skip_remote and not missing:
        server = stub_server.start(delay=args.stub_delay, lifetime=3600)
        try:
            for jobs in (int(j) for j in args.remote_jobs.split(",")):
                err.print(f"remote batch --jobs {jobs} against the stub…")
                results.remote.append(remote_batch(seeds[0], server, jobs, work))
        finally:
            stub_server.stop(server)
    results.imports = {
        "cli": import_profile("import summarizer.cli"),
        "warm_path": import_profile("import summarizer.cli, summarizer.pipeline, summarizer.render"),
    }
    results.targets += process_targets(results)


def quiet_libraries() -> None:
    """instructor logs every failed attempt; the pipeline reports them as warnings, as the CLI does."""
    for name in ("instructor", "httpx", "openai"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def show_saved(console: Console, saved: dict[str, Any], before: dict[str, Any] | None) -> None:
    """A saved run's price table and targets, without running anything (`--show results.json`)."""
    variants = sorted({v for r in saved.get("reports", []) for v in r.get("naive", {})})
    console.print(price_table(saved, variants, before))
    for t in saved.get("targets", []):
        console.print(f"{t['status']:5} {t['target']}: {_f(t['measured'], '.3f')} (bound {t['bound']})")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    quiet_libraries()
    console, err = Console(), Console(stderr=True)
    if not console.is_terminal:  # piped to a file: wide enough that the tables keep their columns
        console = Console(width=180)
    if args.show:
        show_saved(console, _read(args.show), _read(args.before))
        return 0
    seeds = select_seeds(args.reports)
    results = Results(machine=machine_info())
    variants = [] if args.skip_naive or args.skip_model else [v for v in args.naive.split(",") if v]
    with tempfile.TemporaryDirectory(prefix="summarizer-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_model:
            run_model_parts(results, args, seeds, work, err)
        run_process_parts(results, args, seeds, work, err)
    write_results(results, args.out)
    print_results(console, results, variants, _read(args.before))
    console.print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
