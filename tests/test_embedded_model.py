"""The real embedded model: the grammar constrains its output, and a seed report end to end.

These run the 1.5B GGUF on the CPU (minutes, not seconds); they need `summarize model install`.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from tests.conftest import missing

if importlib.util.find_spec("llama_cpp") is None:
    missing("llama-cpp-python is not installed: pip install -e '.[embedded]'")

import numpy as np  # llama-cpp-python brings it
from pydantic import BaseModel

from summarizer.llm.client import REASK_TEMPERATURE, as_grammar_request
from summarizer.llm.embedded import embedded_create, load_llama, prefix_reuse, weights_path
from tests.corpus import SEED_000, question, read_seed

pytestmark = pytest.mark.model


class FigureDraft(BaseModel):
    """A free-text answer shape, which a prompt asking for prose tries hardest to break."""

    quote: str
    number: float


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


def teachers_request(section: str, temperature: float) -> tuple[list[dict[str, str]], dict]:
    """The real teachers question about `section`: its messages, and the request with its id schema."""
    asked = question("teachers", section)
    return asked.messages, section_request(asked.messages, asked.model, temperature)


def section_request(messages: list[dict[str, str]], model: type[BaseModel], temperature: float) -> dict:
    schema = model.model_json_schema()
    return {
        "messages": messages,
        "response_format": {"type": "json_object", "schema": schema},
        "temperature": temperature,
        "max_tokens": 200,
        "seed": 0,
    }


def answer_and_last_logits(llama, completion) -> tuple[str, bytes]:
    """The answer, and the logits of the model's last step: they depend on every value in the KV
    cache, so any difference in how the prompt was computed shows here, bit for bit."""
    logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),))
    return completion.choices[0].message.content, logits.tobytes()


def test_a_reask_that_reuses_the_kv_cache_answers_exactly_as_from_an_empty_one(create):
    """Whole-block reuse must not change a single bit: the same answer, the same last logits."""
    section = "\n".join(read_seed(p) for p in ("000", "001", "002"))  # one chunk: ~2 blocks of listing
    messages, first_request = teachers_request(section, 0.0)
    model = question("teachers", section).model
    first = create(**first_request).choices[0].message.content
    reask = [
        *messages,
        {"role": "assistant", "content": first},
        {"role": "user", "content": "teachers.special_post_teachers: name the id of the number stated."},
    ]
    llama = load_llama(weights_path(None), 4096)
    reuse = prefix_reuse(llama)

    warm = answer_and_last_logits(llama, create(**section_request(reask, model, REASK_TEMPERATURE)))
    assert reuse.kept >= 130 + 512  # the re-ask skipped the head and a whole block of the section
    llama.reset()  # as if another user had run the model meanwhile: nothing is kept
    cold = answer_and_last_logits(llama, create(**section_request(reask, model, REASK_TEMPERATURE)))
    assert reuse.kept == 0
    assert warm[0] == cold[0]
    assert warm[1] == cold[1]


def test_a_section_call_after_another_reuses_the_system_prompt_and_answers_as_from_an_empty_cache(create):
    """Every section call starts with the same system message; the call after another keeps it in
    the KV cache (it is read as a piece of its own on every call, warm or cold), bit for bit."""
    text = SEED_000.read_text(encoding="utf-8")
    teachers = text[text.index("(二)狠抓队伍建设") : text.index("充实了教师队伍。") + len("充实了教师队伍。")]
    aid = text[text.index("累计发放资助金") - 200 : text.index("累计发放资助金") + 100]
    aid_question = question("student_aid", aid)
    aid_request = section_request(aid_question.messages, aid_question.model, 0.0)
    llama = load_llama(weights_path(None), 4096)
    reuse = prefix_reuse(llama)
    llama.reset()
    create(**teachers_request(teachers, 0.0)[1])
    warm = answer_and_last_logits(llama, create(**aid_request))
    assert 130 < reuse.kept < 512  # the system message, not a whole block
    llama.reset()
    cold = answer_and_last_logits(llama, create(**aid_request))
    assert reuse.kept == 0
    assert warm[0] == cold[0]
    assert warm[1] == cold[1]
    named = aid_question.listing.get(json.loads(warm[0])["total_amount_yuan"])
    assert named.quantity.text == "1543.98万元"


@pytest.mark.parametrize("which", ["teachers section", "prose forced into JSON"])
def test_the_greedy_grammar_shortcut_answers_token_for_token_as_the_stock_sampler(create, which):
    """Checking the grammar on the top tokens first must pick exactly what checking all 152k picks.

    The prose request makes the model want tokens the grammar forbids, so the fallbacks (top 64,
    whole vocabulary) are exercised, not only the easy path.
    """
    if which == "teachers section":
        text = SEED_000.read_text(encoding="utf-8")
        section = text[
            text.index("(二)狠抓队伍建设") : text.index("充实了教师队伍。") + len("充实了教师队伍。")
        ]
        request = teachers_request(section, 0.0)[1]
    else:
        request = as_grammar_request(PROSE_REQUEST)
    llama = load_llama(weights_path(None), 4096)
    answers = {}
    try:
        for shortcut in (True, False):
            llama.greedy_shortcut = shortcut
            llama.reset()
            answers[shortcut] = answer_and_last_logits(llama, create(**request))
            if shortcut:
                picked = dict(llama._sampler.picked)
    finally:
        del llama.greedy_shortcut
    assert answers[True] == answers[False]
    json.loads(answers[True][0])
    assert picked["top"] > 10
    if which == "prose forced into JSON":
        assert picked["top_k"] + picked["vocabulary"] > 0


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
    # The grammar lets the model name only ids its fields may take: nothing to set aside or re-ask.
    assert [w["code"] for w in report["warnings"] if w["code"] == "unknown_id"] == []
    assert report["run"]["reasks"] == 0


def test_seed_000_second_run_is_served_from_the_cache(seed_000_runs):
    first, second = seed_000_runs
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert again["run"]["llm_calls"] == 0
    assert again["run"]["cache_hits"] == json.loads(first.stdout)["run"]["llm_calls"]
    assert again["teachers"] == json.loads(first.stdout)["teachers"]
