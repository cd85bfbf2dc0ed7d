"""Benchmark: the five corpus reports through the synchronous API and through a Batch API.

Prints, for each way, the requests sent, prompt and completion tokens and the price at a hosted
preset's list price (`--preset`, default openai: the Batch API is half the synchronous price), the
rounds and jobs of the Batch API loop, and the loop's wall time against the loopback Batch API server
of the tests (tests/batch_api_server.py) on 127.0.0.1.

By default each line is answered by the tests' fake LLM, whose prompt tokens are our own estimate from
the text (batch/lines.py) and whose answers are 20 tokens: the requests and the prompt side are those
of the real pipeline, the completion side is not. `--forward URL` answers every line with a real
OpenAI-compatible server instead (e.g. `python -m llama_cpp.server` on the embedded model), for real
token counts; then the two runs take as long as the model does.

    python benchmarks/batch_api.py                         # fake answers, a few seconds
    python benchmarks/batch_api.py --forward http://127.0.0.1:8080/v1 --out /tmp/r.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from summarizer.batch import rounds  # noqa: E402
from summarizer.batch.command import batch  # noqa: E402
from summarizer.batch.jobs_state import Store  # noqa: E402
from summarizer.batch.rounds import ApiOptions  # noqa: E402
from summarizer.batch.runner import BatchConfig, BatchResult  # noqa: E402
from summarizer.llm.presets import PRESETS, resolve_provider  # noqa: E402
from summarizer.pipeline import Options  # noqa: E402
from tests.batch_api_server import ApiState, FakeBackend, forwarding_backend, start_api  # noqa: E402

CORPUS = ROOT / "evals" / "corpus"
DEFAULT_OUT = Path(__file__).resolve().parent / "results-batch-api.json"


@dataclass
class Way:
    """What one way of running the five reports sent and cost."""

    name: str
    requests: int
    prompt_tokens: int
    completion_tokens: int
    price: float
    currency: str
    seconds: float
    rounds: int = 0
    jobs: int = 0


def run_way(name: str, preset: str, backend_url: str | None, api: ApiOptions | None, work: Path) -> Way:
    """One batch over the corpus in-process, against a fresh loopback server and a cold cache."""
    state = ApiState(backend=forwarding_backend(backend_url) if backend_url else FakeBackend())
    server = start_api(state)
    provider = replace(resolve_provider(preset, base_url=server.base_url), timeout=1400.0)
    out = work / name
    config = BatchConfig(CORPUS, out, Options(provider, work / f"{name}-cache"), jobs=4, api=api)
    started = time.perf_counter()
    result: BatchResult = batch(config).result
    seconds = time.perf_counter() - started
    if result.count("failed"):
        raise SystemExit(f"{name}: {result.count('failed')} report(s) failed; see {out / 'failures.jsonl'}")
    usage, price = result.usage, provider.price
    requests = len(state.received) if api else state.chat_calls
    cost = price.cost(usage.prompt_tokens, usage.completion_tokens, batch=api is not None) if price else 0.0
    currency = price.currency if price else ""
    way = Way(name, requests, usage.prompt_tokens, usage.completion_tokens, cost, currency, seconds)
    if api:
        jobs = Store(out).load().jobs
        way.rounds, way.jobs = max(job.round for job in jobs), len(jobs)
    server.shutdown()
    return way


def table(ways: list[Way]) -> Table:
    grid = Table(title="five corpus reports: synchronous API against Batch API")
    for column in ("way", "requests", "prompt tok", "compl tok", "price", "rounds", "jobs", "wall s"):
        grid.add_column(column, justify="left" if column == "way" else "right")
    for w in ways:
        grid.add_row(w.name, str(w.requests), f"{w.prompt_tokens:,}", f"{w.completion_tokens:,}",
                     f"{w.price:.5f} {w.currency}", str(w.rounds or "-"), str(w.jobs or "-"),
                     f"{w.seconds:.2f}")  # fmt: skip
    return grid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="openai", choices=[n for n, p in PRESETS.items() if p.price])
    parser.add_argument("--forward", metavar="URL", help="answer lines with this OpenAI-compatible server")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the JSON results go")
    args = parser.parse_args()
    preset = PRESETS[args.preset]
    os.environ.setdefault(preset.key_env or "", "sk-benchmark-loopback")  # the loopback server ignores it
    rounds.POLL_FIRST = 0.05  # the loopback jobs end within a second: the waits measure the loop, not sleep
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # it logs each deferred call as an error
    console = Console(stderr=True, width=120)
    with tempfile.TemporaryDirectory() as tmp:
        ways = [
            run_way("synchronous", args.preset, args.forward, None, Path(tmp)),
            run_way("batch API", args.preset, args.forward, ApiOptions(submit=True), Path(tmp)),
        ]
    console.print(table(ways))
    sync, api = ways
    saved = 1 - api.price / sync.price if sync.price else 0.0
    console.print(f"same requests: {sync.requests == api.requests}; the Batch API costs {saved:.0%} less")
    record = {"preset": args.preset, "backend": args.forward or "fake", "ways": [asdict(w) for w in ways]}
    args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    console.print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
