"""CPU time of the pipeline on a warm report: everything but the model, per report, in-process.

What a cached batch pays per report besides file I/O: reading, normalising, outlining, routing, finding
and judging candidates, grounding and rendering. CPU time (time.process_time), not wall time, so a
busy machine moves the figure less; still, compare two versions back to back on one machine
(`PYTHONPATH=<other checkout> python benchmarks/warm_cpu.py …`).

The first round fills the cache when it is cold (with the embedded model, minutes); the measured
rounds make no LLM call, or the script says so and stops. Prints figures; asserts nothing.
Run: python benchmarks/warm_cpu.py --cache-dir DIR [--rounds 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file

CORPUS = Path(__file__).resolve().parents[1] / "evals" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, required=True, help="the LLM cache (filled if cold)")
    parser.add_argument("--rounds", type=int, default=20, help="passes over the corpus to time")
    args = parser.parse_args(argv)

    provider = resolve_provider("embedded")
    options = Options(provider=provider, cache_dir=args.cache_dir)
    llm = LLM(provider, args.cache_dir)
    paths = sorted(CORPUS.glob("*.txt"))
    for path in paths:  # warm-up: fills the cache, imports everything, builds the converters
        summarize_file(path, options, llm)
    calls = llm.usage.llm_calls
    started = time.process_time()
    for _ in range(args.rounds):
        for path in paths:
            summarize_file(path, options, llm)
    seconds = time.process_time() - started
    if llm.usage.llm_calls != calls:
        print("the cache was not warm after the first round: the model ran", file=sys.stderr)
        return 1
    runs = args.rounds * len(paths)
    print(f"{runs} warm reports ({len(paths)} corpus reports × {args.rounds}): "
          f"{1000 * seconds / runs:.1f} ms CPU per report")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
