"""Batch API request and result lines: split into jobs within a provider's limits, estimated before
they are sent, and read back leniently (a results file may be cut short, a line may carry an error).

One JSONL shape serves OpenAI's Batch API, DashScope's, LiteLLM's proxy and `vllm run-batch`:
requests `{"custom_id", "method", "url", "body"}`, results `{"custom_id", "response": {"status_code",
"body"}, "error"}`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..llm.presets import BatchLimits, Price

# Tokens per character, for an estimate before anything is sent: a Chinese character is about 0.7
# tokens in Qwen's and OpenAI's tokenizers, other text about a quarter of a token a character.
CJK_TOKENS = 0.7
OTHER_TOKENS = 0.25
MESSAGE_OVERHEAD = 4  # the role and separators of one chat message
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def dumps(line: dict[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"


def split_lines(lines: list[dict[str, Any]], limits: BatchLimits) -> list[list[dict[str, Any]]]:
    """Consecutive groups of lines, each within the job's line count and file size."""
    parts: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    size = 0
    for line in lines:
        length = len(dumps(line).encode("utf-8"))
        if current and (len(current) >= limits.max_lines or size + length > limits.max_bytes):
            parts.append(current)
            current, size = [], 0
        current.append(line)
        size += length
    if current:
        parts.append(current)
    return parts


def prompt_tokens(body: dict[str, Any]) -> int:
    """About how many prompt tokens a request costs, from its messages' characters."""
    total = 0
    for message in body.get("messages", ()):
        text = str(message.get("content") or "")
        cjk = len(_CJK.findall(text))
        total += MESSAGE_OVERHEAD + round(cjk * CJK_TOKENS + (len(text) - cjk) * OTHER_TOKENS)
    return total


@dataclass(frozen=True)
class Estimate:
    """What a round will send: requests, about how many prompt tokens, and at most how many answer
    tokens (each request's max_tokens); a price where the preset lists one."""

    requests: int
    prompt_tokens: int
    max_completion_tokens: int

    @classmethod
    def of(cls, lines: Iterable[dict[str, Any]]) -> Estimate:
        bodies = [line["body"] for line in lines]
        return cls(
            len(bodies),
            sum(prompt_tokens(b) for b in bodies),
            sum(int(b.get("max_tokens") or 0) for b in bodies),
        )

    def describe(self, price: Price | None) -> str:
        text = (
            f"{self.requests} request(s), about {self.prompt_tokens:,} prompt token(s) and at most "
            f"{self.max_completion_tokens:,} completion token(s)"
        )
        if price is not None:
            cost = price.cost(self.prompt_tokens, self.max_completion_tokens, batch=True)
            text += f"; at most about {cost:.4f} {price.currency} at the Batch API's list price"
        return text


@dataclass
class Results:
    """What came back for a job's lines: answers (custom_id → completion body) and errors."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    unreadable: int = 0  # lines that were not JSON: a results file cut short

    def add(self, other: Results) -> None:
        self.answers.update(other.answers)
        for key, reason in other.errors.items():
            self.errors.setdefault(key, reason)
        self.unreadable += other.unreadable


def read_results(text: str) -> Results:
    """Parse result lines; a line cut short or of another shape is counted, never fatal."""
    results = Results()
    for raw in text.splitlines():
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            key = line["custom_id"]
            if "response" not in line and "error" not in line:
                raise KeyError("response")  # a request line, not a result
        except (ValueError, KeyError, TypeError):
            results.unreadable += 1
            continue
        answer, reason = _answer(line)
        if answer is not None:
            results.answers[key] = answer
        else:
            results.errors[key] = reason
    return results


def _answer(line: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The completion body of a successful line, or None and why not."""
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response, dict) else None
    status = response.get("status_code") if isinstance(response, dict) else None
    if status == 200 and isinstance(body, dict) and body.get("choices"):
        return body, ""
    error = line.get("error") or (body.get("error") if isinstance(body, dict) else None)
    if isinstance(error, dict):
        error = error.get("message") or error.get("code") or json.dumps(error, ensure_ascii=False)
    where = f"status {status}: " if status else ""
    return None, " ".join(f"{where}{error or 'no answer in the result line'}".split())[:300]
