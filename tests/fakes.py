"""A fake LLM at the transport boundary: canned answers as real ChatCompletion objects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
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
        return completion(json.dumps(self.reply(snapshot), ensure_ascii=False))

    def reply(self, request: dict[str, Any]) -> dict:
        """The draft for `request`, already recorded: `answer(section, attempt)`."""
        section = section_of(request)
        attempt = sum(1 for r in self.requests if section_of(r) == section)
        return self.answer(section, attempt)


def empty_answer(section: str) -> dict:
    """A schema-valid answer stating nothing, for sections a test does not care about."""
    from summarizer.ask.drafts import empty_draft

    return empty_draft(section)


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


class TextReadingTransport(FakeTransport):
    """The one fake that answers like a model: each section's draft holds the figures `PATTERNS` find in
    the text it was sent, quoted as written. Records every request (thread-safe: a list append)."""

    def __init__(self) -> None:
        super().__init__(answer=lambda section, attempt: empty_answer(section))

    def reply(self, request: dict[str, Any]) -> dict:
        return answer_for(section_of(request), request["messages"][1]["content"])

    def texts(self, section: str) -> list[str]:
        """The user prompts sent for `section`, in order."""
        return [r["messages"][1]["content"] for r in self.requests if section_of(r) == section]
