"""The real embedded model: the grammar constrains its output, and a seed report end to end.

These run the 1.5B GGUF on the CPU (minutes, not seconds); they need `summarize model install`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.llm.client import as_grammar_request
from summarizer.llm.embedded import embedded_create, weights_path
from summarizer.sections import FigureDraft

pytestmark = pytest.mark.model

SEED_000 = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_3212bd501dfd8a03.txt"
PROSE_REQUEST = {
    "messages": [{"role": "user", "content": "用一句话介绍一下兴隆县的教育。不要使用JSON，只写一句中文。"}],
    "response_format": {
        "type": "json_schema",
        "json_schema": {"name": "FigureDraft", "schema": FigureDraft.model_json_schema()},
    },
    "temperature": 0.0,
    "max_tokens": 120,
    "seed": 0,
}


@pytest.fixture(scope="module")
def create():
    return embedded_create(weights_path(None), 4096)


def test_grammar_forces_the_schema_even_when_the_prompt_asks_for_prose(create):
    content = create(**as_grammar_request(PROSE_REQUEST)).choices[0].message.content
    parsed = json.loads(content)
    assert list(parsed) == ["quote", "number"]
    FigureDraft.model_validate(parsed)


def test_without_the_rewrite_the_model_is_unconstrained(create):
    content = create(**PROSE_REQUEST).choices[0].message.content
    with pytest.raises(ValueError):
        FigureDraft.model_validate_json(content)


@pytest.fixture(scope="module")
def seed_000_runs(model_cache):
    cache = model_cache
    command = [
        sys.executable,
        "-m",
        "summarizer",
        str(SEED_000),
        "--format",
        "json",
        "--cache-dir",
        str(cache),
    ]
    first = subprocess.run(command, capture_output=True, text=True, timeout=1500)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return first, second


def test_seed_000_end_to_end_figures(seed_000_runs):
    first, _ = seed_000_runs
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["meta"]["county"] == "兴隆县"
    assert report["meta"]["report_year"] == 2023
    assert report["teachers"]["special_post_teachers"]["value"] == 85
    assert report["student_aid"]["total_amount_yuan"]["value"] == 15439800
    assert report["student_aid"]["total_amount_yuan"]["unit"] == "yuan"
    original = SEED_000.read_text(encoding="utf-8")
    start, end = report["student_aid"]["total_amount_yuan"]["span"]
    assert "1543.98万元" in original[start:end]
    assert report["run"]["llm_calls"] >= 4


def test_seed_000_second_run_is_served_from_the_cache(seed_000_runs):
    first, second = seed_000_runs
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert again["run"]["llm_calls"] == 0
    assert again["run"]["cache_hits"] == json.loads(first.stdout)["run"]["llm_calls"]
    assert again["teachers"] == json.loads(first.stdout)["teachers"]
