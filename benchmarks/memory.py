"""Peak memory of `summarize` on one report, by input size, against the stub endpoint (issue 15, point 10).

Each size runs in a child process (`python -m summarizer FILE --provider vllm …`, no cache) and its
peak resident set size is read from the kernel when it exits (os.wait4). The stub answers every
section at once with the smallest valid JSON, so the figures are the pipeline's own: reading,
normalising, outlining, routing, prompts and rendering, not a model's.

Inputs are one corpus report repeated up to each size (the largest just under the 2 MB input limit).
Prints a table; asserts nothing. Run: python benchmarks/memory.py [--sizes 0.1,0.5,1,2] [--report 000]

--stages adds, per size, what each text stage allocates at its peak (tracemalloc, in-process, no LLM):
where the memory above the import baseline goes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import stub_server  # noqa: E402

MiB = 2**20
LIMIT = 2 * MiB  # summarizer.reading.MAX_INPUT_BYTES


def build_input(seed: Path, size: int, dest: Path) -> Path:
    """The seed report repeated to about `size` bytes of UTF-8, whole paragraphs, under the limit."""
    text = seed.read_text(encoding="utf-8")
    copies = max(1, size // len(text.encode("utf-8")))
    body = "\n".join([text] * copies)
    while len(body.encode("utf-8")) >= LIMIT:
        body = body[: body.rindex("\n", 0, len(body) - 1)]
    dest.write_text(body, encoding="utf-8")
    return dest


def measure(report: Path, base_url: str, home: Path) -> tuple[float, float, int]:
    """(peak RSS in MiB, seconds, exit code) of one `summarize` run on `report`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_")}
    env.update(SUMMARIZER_HOME=str(home), SUMMARIZER_CONFIG=str(home / "absent.toml"))
    command = [sys.executable, "-m", "summarizer", str(report), "--provider", "vllm", "--base-url", base_url,
               "--model", "stub", "--no-cache", "-o", str(report.with_suffix(".json"))]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - started, child.returncode


def stage_peaks(report: Path) -> list[tuple[str, float, float]]:
    """(stage, peak MiB, kept MiB) for the text stages before any LLM call, each traced alone."""
    from summarizer.gate import assess
    from summarizer.meta import extract_meta
    from summarizer.normalize import normalize
    from summarizer.outline import split_outline
    from summarizer.reading import read_report
    from summarizer.routing import route

    held: dict[str, object] = {}
    stages: list[tuple[str, Callable[[], object]]] = [
        ("read", lambda: read_report(report)),
        ("normalize", lambda: normalize(held["read"].text)),  # type: ignore[attr-defined]
        ("meta", lambda: extract_meta(held["normalize"].text, held["normalize"].header, "simplified")),  # type: ignore[attr-defined]
        ("gate", lambda: assess(held["normalize"].text)),  # type: ignore[attr-defined]
        ("outline", lambda: split_outline(held["normalize"].text)),  # type: ignore[attr-defined]
        ("route", lambda: route(held["outline"], held["normalize"].text)),  # type: ignore[attr-defined]
    ]
    rows = []
    tracemalloc.start()
    for name, stage in stages:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        held[name] = stage()
        now, peak = tracemalloc.get_traced_memory()
        rows.append((name, (peak - before) / MiB, (now - before) / MiB))
    tracemalloc.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.05,0.5,1,2", help="input sizes in MB (2 means just under 2 MB)")
    parser.add_argument("--report", default="000", help="prefix of the evals/corpus report to repeat")
    parser.add_argument("--stages", action="store_true", help="also trace each text stage (tracemalloc)")
    args = parser.parse_args()
    seed = next((ROOT / "evals" / "corpus").glob(f"{args.report}*.txt"))
    server = stub_server.start(delay=0.0, lifetime=3600)
    print(f"{'input':>10} {'peak RSS':>10} {'RSS/input':>10} {'seconds':>8}  exit")
    try:
        with tempfile.TemporaryDirectory(prefix="summarizer-memory-") as tmp:
            reports = []
            for mb in (float(s) for s in args.sizes.split(",")):
                report = build_input(seed, int(mb * MiB), Path(tmp) / f"report-{mb}.txt")
                rss, seconds, code = measure(report, server.base_url, Path(tmp))
                size = report.stat().st_size / MiB
                reports.append((report, size))
                print(f"{size:>8.2f}MB {rss:>8.0f}MB {rss / size:>10.0f} {seconds:>8.1f}  {code}")
            # Traced last: a child forked after this process has grown counts that growth in its RSS.
            for report, size in reports if args.stages else []:
                print(f"{size:>8.2f}MB stages")
                for name, peak, kept in stage_peaks(report):
                    share = f"({peak / size:4.0f}x)"
                    print(f"{'':>12}{name:<10} peak {peak:6.1f} MB {share}  kept {kept:5.1f} MB")
    finally:
        stub_server.stop(server)
    print(f"stub requests: {server.stats.requests}")


if __name__ == "__main__":
    main()
