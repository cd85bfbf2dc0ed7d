"""A fake LLM at the transport boundary: canned answers as real ChatCompletion objects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from openai.types.chat import ChatCompletion

SECTION_MARKERS = {
    "party_building": "【党建】",
    "teachers": "【教师队伍】",
    "infrastructure": "【办学条件",
    "student_aid": "【学生资助】",
    "sports": "【体育】",
}


def completion(content: str, prompt_tokens: int = 100, completion_tokens: int = 20) -> ChatCompletion:
    return ChatCompletion.model_validate(
        {
            "id": "fake",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def section_of(request: dict[str, Any]) -> str:
    user = request["messages"][1]["content"]
    return next(name for name, marker in SECTION_MARKERS.items() if marker in user)


class FakeTransport:
    """Answers each request with `answer(section, attempt)`; records every request it receives."""

    def __init__(self, answer: Callable[[str, int], dict]) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []

    @property
    def calls(self) -> int:
        return len(self.requests)

    def __call__(self, **request: Any) -> ChatCompletion:
        snapshot = json.loads(json.dumps(request, default=str))
        self.requests.append(snapshot)
        answer = to_ids(self.reply(snapshot), snapshot["messages"][1]["content"])
        return completion(json.dumps(answer, ensure_ascii=False))

    def reply(self, request: dict[str, Any]) -> dict:
        """The draft for `request`, already recorded: `answer(section, attempt)`."""
        section = section_of(request)
        attempt = sum(1 for r in self.requests if section_of(r) == section)
        return self.answer(section, attempt)


def empty_answer(section: str) -> dict:
    """An answer naming nothing, for sections a test does not care about (read as null for each field)."""
    from summarizer.models import FIELDS

    return dict.fromkeys(spec.name for spec in FIELDS[section])


ID = re.compile(r"\[(c\d+)\]")


def listed(user_text: str) -> list[tuple[str, dict[str, int]]]:
    """The prompt's listing: each line as the report states it (ids removed), with where each id's
    number ends in it (an id follows its number)."""
    lines = []
    for line in user_text.splitlines():
        plain, ids, at = [], {}, 0
        for match in ID.finditer(line):
            plain.append(line[at : match.start()])
            ids[match.group(1)] = sum(map(len, plain))
            at = match.end()
        plain.append(line[at:])
        if ids:
            lines.append(("".join(plain), ids))
    return lines


def plain_text(user_text: str) -> str:
    """The prompt's text without its ids: the report's words, as patterns read them."""
    return ID.sub("", user_text)


def numbers_in(quote: str, user_text: str) -> list[tuple[str, Any]]:
    """The listed numbers inside `quote`, each as (id, quantity), from the first listed line holding the
    quote: what a test's answer, written as a quote, points at."""
    from summarizer.quantities import find_quantities

    for plain, ids in listed(user_text):
        start = plain.find(quote)
        if start < 0:
            continue
        ends = {q.end: q for q in find_quantities(plain)}
        inside = [(id_, ends[at]) for id_, at in ids.items() if at in ends]
        return [(id_, q) for id_, q in inside if start <= q.start and q.end <= start + len(quote)]
    return []


def id_for(quote: str, number: float, user_text: str) -> str | None:
    """The id of the listed number `number` inside `quote`: how a test's answer, written as a quote and
    the number as stated, becomes the id a model names. None when no listed line holds both."""
    wanted = Decimal(repr(float(number)))
    return next((id_ for id_, q in numbers_in(quote, user_text) if wanted in (q.written, q.value)), None)


def to_ids(answer: dict, user_text: str) -> dict:
    """A test's answer as the model writes it: each {quote, number} figure as the id that states it
    (a figure no listed line holds becomes an id never listed, c0); a project {name, quote, status} as
    the first id of its quote. Ids and nulls pass through."""
    converted = {}
    for key, value in answer.items():
        if isinstance(value, dict) and "quote" in value and "number" in value:
            converted[key] = id_for(value["quote"], value["number"], user_text) or "c0"
        elif key == "projects" and isinstance(value, list):
            converted[key] = [_project_id(p, user_text) for p in value]
        else:
            converted[key] = value
    return converted


def _project_id(project: Any, user_text: str) -> Any:
    if not isinstance(project, dict) or "quote" not in project:
        return project
    numbers = numbers_in(project["quote"], user_text)
    return {"id": numbers[0][0] if numbers else "c0", "status": project.get("status", "unknown")}


# (section, field) → a regex whose match is the quote and whose group 1 is the number as written.
PATTERNS: dict[str, dict[str, str]] = {
    "teachers": {
        "special_post_teachers": r"(?:招聘|选招)特岗教师(\d+)[人名]",
        "free_normal_students": r"免费师范生(\d+)人",
    },
    "student_aid": {"total_amount_yuan": r"累计发放资助金([\d.]+)万元"},
}


def answer_for(section: str, user_text: str) -> dict:
    """A schema-valid draft stating only the figures the patterns find in the text."""
    answer = empty_answer(section)
    for name, pattern in PATTERNS.get(section, {}).items():
        match = re.search(pattern, user_text)
        if match:
            answer[name] = {"quote": match.group(0), "number": float(match.group(1))}
    return answer


def model_answer(section: str, user_text: str) -> dict:
    """What a model that reads the prompt answers: the ids of the figures `PATTERNS` find in its text."""
    return to_ids(answer_for(section, plain_text(user_text)), user_text)


class TextReadingTransport(FakeTransport):
    """The one fake that answers like a model: each section's draft holds the figures `PATTERNS` find in
    the text it was sent, quoted as written. Records every request (thread-safe: a list append)."""

    def __init__(self) -> None:
        super().__init__(answer=lambda section, attempt: empty_answer(section))

    def reply(self, request: dict[str, Any]) -> dict:
        return answer_for(section_of(request), plain_text(request["messages"][1]["content"]))

    def texts(self, section: str) -> list[str]:
        """The user prompts sent for `section`, in order."""
        return [r["messages"][1]["content"] for r in self.requests if section_of(r) == section]
