"""The two naive ways of doing our job on the same model, as the benchmark's point of comparison.

(a) "flat": one call with the whole report and one flat schema of every section's fields.
(b) "per_section": one call per section, each with the whole report.

Both use the same model, the same field list and the same grammar constraint as ours, and ask for each
figure the way a naive extractor does, as a copied quote and the number as written ({quote, number}),
with the whole report as the text. What differs is what ours adds: outline and routing (each call sees
only its section's evidence), the listing of numbers the model picks from by id, judging, and
deterministic unit conversion. Naive output takes the model's number as the
value — "1543.98万元" stays 1543.98 — because a naive pipeline has no conversion step; that is part of
what its accuracy measures.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, create_model

from summarizer.ask import prompts
from summarizer.ask.drafts import MAX_PROJECTS, lists_projects
from summarizer.models import FIELDS, FIGURE_SECTIONS, SECTION_TITLES, Usage

TEXT_MARKER = "\x00REPORT\x00"
VARIANTS = ("flat", "per_section")


@dataclass
class NaiveRun:
    """One naive way on one report: what it cost and what it said, as a Report-like dict."""

    variant: str
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    output: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


SYSTEM = (
    "你是教育统计数据抽取助手。只根据用户给出的报告原文填写 JSON。\n规则：\n"
    '1. 数字字段写成 {"quote": 原文片段, "number": 数字}。quote 从原文逐字复制，是包含该数字的最短片段'
    "（如“招聘特岗教师85人”）；number 与原文写法完全相同，"
    "不换算万、亿（“1543.98万元”填 1543.98，“三所”填 3）。\n"
    "2. quote 里必须含有 number 这个数字。原文没有明确给出的字段填 null，不要用标题或没有数字的句子充数。"
    "不要猜测，不要把别的事项的数字填进来，不要计算或相加。\n"
    "3. 只填本年度已经完成的数据，不填计划和目标。"
)
PROJECTS = (
    "- projects：具体建设项目，最多 4 个，每个写 name（项目名称）、"
    "quote（原文中描述该项目的一句话，逐字复制，包含投资、面积等数字）、"
    "status（completed 已竣工/已完成，under_construction 在建/开工，planned 计划，unknown 不明）"
)


class FigureDraft(BaseModel):
    """A figure as a naive extractor asks for it: the quote first, then the number as written."""

    quote: str = Field(description="Shortest exact text from the report that states the number.")
    number: float = Field(description="The number exactly as written in the quote, without 万/亿.")


class ProjectDraft(BaseModel):
    name: str
    quote: str = Field(description="The exact sentence of the report that describes the project.")
    status: str = "unknown"


def draft_model(section: str) -> type[BaseModel]:
    """Every field of the section as a nullable {quote, number}, and projects where the section has them."""
    fields: dict[str, Any] = {spec.name: (FigureDraft | None, ...) for spec in FIELDS[section]}
    if lists_projects(section):
        fields["projects"] = (list[ProjectDraft], Field(default_factory=list, max_length=MAX_PROJECTS))
    return create_model(f"Naive{section.title().replace('_', '')}Draft", **fields)


def answer_budget(section: str) -> int:
    """Completion tokens a full {quote, number} answer of the section needs."""
    return 40 + 50 * len(FIELDS[section]) + (70 * MAX_PROJECTS if lists_projects(section) else 0)


def messages(section: str, text: str) -> list[dict[str, str]]:
    """The naive request of one section: the whole report, then its fields."""
    user = f"原文：\n{text}\n\n{_tail(section)}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _tail(section: str) -> str:
    """What one section asks: its title and its field list, and projects where it has them."""
    title = SECTION_TITLES[section].split()[0]  # its Chinese name
    lines = [f"从上面的原文中抽取【{title}】数据：", prompts.field_list(section)]
    if lists_projects(section):
        lines.append(PROJECTS)
    return "\n".join(lines)


def flat_model() -> type[BaseModel]:
    """Every figure field of every section at one level (the names are unique across sections)."""
    fields = {spec.name: (FigureDraft | None, ...) for section in FIGURE_SECTIONS for spec in FIELDS[section]}
    return create_model("NaiveFlatDraft", **fields)


def flat_budget() -> int:
    """The same per-field answer budget ours gives each section, summed over all fields at once."""
    return 40 + 50 * sum(len(FIELDS[s]) for s in FIGURE_SECTIONS)


def flat_messages(text: str) -> list[dict[str, str]]:
    """The naive system prompt, the report once, then every section's field list."""
    tails = "\n\n".join(_tail(s) for s in FIGURE_SECTIONS)
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": f"原文：\n{text}\n\n{tails}"}]


def grammar_format(model: type[BaseModel]) -> dict[str, Any]:
    """llama.cpp's schema-to-grammar request form, exactly as ours sends it (see as_grammar_request)."""
    return {"type": "json_object", "schema": model.model_json_schema()}


def figure(draft: Any) -> dict[str, Any] | None:
    """A Report-like figure from a {quote, number} draft: the number as the model said it, no units,
    multiplied out when its quote writes it with 万 or 亿 (help the naive way gets for free)."""
    if not isinstance(draft, dict) or draft.get("number") is None:
        return None
    number, quote = draft["number"], str(draft.get("quote") or "")
    written = format(Decimal(str(number)).normalize(), "f")
    factor = next((f for word, f in (("亿", 10**8), ("万", 10**4)) if f"{written}{word}" in quote), 1)
    return {
        "value": float(Decimal(str(number)) * factor) if factor > 1 else number,
        "unit": None,
        "approximate": False,
        "quote": str(draft.get("quote") or ""),
        "span": [0, 0],
    }


def to_report_dict(answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Section answers → the dict shape the eval scorer reads (sections of figure objects)."""
    out: dict[str, Any] = {}
    for section in FIGURE_SECTIONS:
        answer = answers.get(section) or {}
        out[section] = {spec.name: figure(answer.get(spec.name)) for spec in FIELDS[section]}
        if lists_projects(section):
            projects = answer.get("projects") or []
            out[section]["projects"] = [
                {"name": p.get("name", ""), "quote": p.get("quote", "")}
                for p in projects
                if isinstance(p, dict)
            ]
    return out


def split_flat(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The flat answer regrouped by section, so both naive ways convert the same way."""
    return {s: {spec.name: answer.get(spec.name) for spec in FIELDS[s]} for s in FIGURE_SECTIONS}


def parse_answer(content: str | None) -> dict[str, Any]:
    """The model's JSON; raises ValueError when truncated or not an object."""
    data = json.loads(content or "")
    if not isinstance(data, dict):
        raise ValueError("answer is not a JSON object")
    return data


def _call(
    llama: Any, run: NaiveRun, messages: list[dict[str, str]], model: type[BaseModel], budget: int
) -> dict:
    """One grammar-constrained call with our sampling settings (temperature 0, seed 0); costs are added
    to `run`, and an unusable answer becomes an empty one plus an error note (naive has no re-ask)."""
    started = time.perf_counter()
    response = llama.create_chat_completion(
        messages=messages,
        response_format=grammar_format(model),
        temperature=0.0,
        seed=0,
        max_tokens=budget,
    )
    run.seconds += time.perf_counter() - started
    run.usage.llm_calls += 1
    usage = response.get("usage") or {}
    run.usage.prompt_tokens += int(usage.get("prompt_tokens", 0))
    run.usage.completion_tokens += int(usage.get("completion_tokens", 0))
    choice = response["choices"][0]
    try:
        return parse_answer(choice["message"].get("content"))
    except ValueError as err:
        run.errors.append(f"{model.__name__}: unusable answer ({choice.get('finish_reason')}): {err}")
        return {}


def run_flat(llama: Any, text: str) -> NaiveRun:
    """(a) one call: whole report, whole flat schema."""
    run = NaiveRun("flat")
    answer = _call(llama, run, flat_messages(text), flat_model(), flat_budget())
    run.output = to_report_dict(split_flat(answer))
    return run


def run_per_section(llama: Any, text: str) -> NaiveRun:
    """(b) one call per section, each with the whole report and that section's schema.

    llama.cpp reuses the KV cache of a shared prompt prefix, and each prompt starts with the same
    system prompt and report, so on this in-process model calls after the first are cheaper than
    their billed prompt tokens suggest; a hosted API bills them in full.
    """
    run = NaiveRun("per_section")
    answers = {
        section: _call(llama, run, messages(section, text), draft_model(section), answer_budget(section))
        for section in FIGURE_SECTIONS
    }
    run.output = to_report_dict(answers)
    return run


RUNNERS = {"flat": run_flat, "per_section": run_per_section}
