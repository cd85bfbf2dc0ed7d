"""One usage type: the cache counts it, a report's `run` records it, batch and the eval sum it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from summarizer_evals.baseline import SCORE_KEYS, load_baseline
from summarizer_evals.scoring import Cost, cost_of

from summarizer.models import RunStats, Usage

BASELINES = Path(__file__).resolve().parents[1] / "evals" / "baselines"

USED = Usage(llm_calls=2, cache_hits=1, prompt_tokens=100, completion_tokens=20, reasks=1)


def test_usage_adds_and_subtracts_counter_by_counter() -> None:
    twice = USED + USED
    assert twice == Usage(llm_calls=4, cache_hits=2, prompt_tokens=200, completion_tokens=40, reasks=2)
    assert twice.since(USED) == USED
    assert sum([USED, USED, USED], Usage()).llm_calls == 6


def test_run_stats_are_usage_under_the_same_json_names() -> None:
    run = RunStats(provider="vllm", model="m", seconds=1.5, **USED.model_dump())
    assert run.counters() == USED
    assert json.loads(run.model_dump_json()) == {
        "llm_calls": 2,
        "cache_hits": 1,
        "prompt_tokens": 100,
        "completion_tokens": 20,
        "reasks": 1,
        "provider": "vllm",
        "model": "m",
        "seconds": 1.5,
    }


def test_the_eval_cost_is_a_report_run_plus_the_wall_clock() -> None:
    run = RunStats(provider="vllm", model="m", seconds=1.5, **USED.model_dump())
    cost = cost_of({"run": run.model_dump()}, wall_seconds=2.0)
    assert cost == Cost(**USED.model_dump(), model_seconds=1.5, wall_seconds=2.0)
    assert cost + cost == Cost(**(USED + USED).model_dump(), model_seconds=3.0, wall_seconds=4.0)
    assert cost_of({}) == Cost()


def test_the_committed_baseline_still_loads_with_its_cost() -> None:
    """Its counters are read into the one usage type, whatever run it records (read here as plain JSON)."""
    raw = json.loads((BASELINES / "embedded.json").read_text(encoding="utf-8"))["cost"]
    cost = load_baseline("embedded").cost()
    assert cost.counters() == Usage(**{name: raw[name] for name in Usage.model_fields})
    assert cost.llm_calls > 0 and cost.prompt_tokens > 0
    assert cost.model_seconds == pytest.approx(raw["model_seconds"])
    assert load_baseline("embedded").scores()["reasks"] == 0 and set(Usage.model_fields) <= set(SCORE_KEYS)
