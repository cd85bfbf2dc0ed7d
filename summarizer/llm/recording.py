"""An LLM whose calls are answered later, by a Batch API: a miss is written down, not sent.

The pipeline runs exactly as in a synchronous run. Every request instructor sends (the first ask
and each re-ask, in its exact body) reaches `RecordingTransport`: if a Batch API has already
answered that body, the answer is returned as if the provider had just sent it; otherwise the body
is recorded as a request line and `Deferred` is raised, which the pipeline lets pass (the section
waits for the next round). Because the answers go through the same instructor loop, validation,
re-asks and cache, a report's JSON is the same whichever way its calls went, and the answer cache
is warm for a later synchronous run.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .bounds import BadResponse, Deferred, bounded
from .client import LLM

CHAT_URL = "/v1/chat/completions"


@dataclass(frozen=True)
class Failed:
    """A request line that came back without an answer as often as we retry it."""

    attempts: int
    reason: str


def request_body(request: dict[str, Any]) -> dict[str, Any]:
    """The request as JSON, the form a Batch API line carries (instructor may pass non-JSON values)."""
    return json.loads(json.dumps(request, ensure_ascii=False, default=str))


def request_id(body: dict[str, Any]) -> str:
    """A line's custom_id: the hash of its exact body, so the same request is one line however many
    reports ask it, and an answer finds its request again after any restart."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "req-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def request_line(body: dict[str, Any]) -> dict[str, Any]:
    return {"custom_id": request_id(body), "method": "POST", "url": CHAT_URL, "body": body}


@dataclass
class RecordingTransport:
    """Answers from `answered` (custom_id → completion body); records every other request.

    `failed` holds lines whose retries ran out: asking one again is a provider failure, which the
    pipeline turns into the report's line in failures.jsonl.
    """

    answered: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, Failed] = field(default_factory=dict)
    recorded: dict[str, dict[str, Any]] = field(default_factory=dict)  # custom_id → request line
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, **request: Any) -> Any:
        from openai.types.chat import ChatCompletion

        body = request_body(request)
        key = request_id(body)
        if key in self.answered:
            try:
                return ChatCompletion.model_validate(self.answered[key])
            except ValidationError as err:  # a provider fault, failed like any other (never re-asked)
                raise BadResponse(
                    f"the Batch API's answer is not a chat completion ({err.error_count()} problem(s))"
                ) from err
        if key in self.failed:
            failure = self.failed[key]
            raise BadResponse(f"the Batch API request failed {failure.attempts} time(s): {failure.reason}")
        with self._lock:
            self.recorded.setdefault(key, request_line(body))
        raise Deferred(key)

    def take(self) -> list[dict[str, Any]]:
        """The lines recorded since the last take, in the order they were first asked."""
        with self._lock:
            lines, self.recorded = list(self.recorded.values()), {}
        return lines


@dataclass
class RecordingLLM(LLM):
    """The provider's LLM handle (same identity, so the same cache keys as a synchronous run) whose
    transport is a RecordingTransport instead of the network."""

    recorder: RecordingTransport = field(default_factory=RecordingTransport)

    def _transport(self) -> Callable[..., Any]:
        return bounded(self.recorder)

    def ensure_ready(self) -> None:
        """The cache must open; a key is needed only to submit, and the Batch API client asks for it."""
        _ = self.identity
        _ = self._cache

    def check_endpoint(self) -> None:
        """Nothing is sent to the chat endpoint: the Batch API client reports its own faults."""
