"""What a provider's answer must be, and the ways a section call can end without one.

Every response is bounded here, before instructor, the cache or grounding see it: a 200 that is no
chat completion, or an answer far longer than asked for, is a BadResponse, retried like a 5xx.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


class ReasksExhausted(Exception):
    """Every attempt failed validation; `content` is the last answer, for a lenient reading."""

    def __init__(self, content: str | None, attempts: int) -> None:
        super().__init__(f"no valid answer after {attempts} attempts")
        self.content = content
        self.attempts = attempts


class TruncatedAnswer(Exception):
    """The answer hit its token limit before the JSON closed."""


class ProviderFailed(Exception):
    """The provider still failed after the transient-fault retries."""


class Deferred(Exception):
    """No answer yet: the request was recorded for a Batch API job, and the section waits for the next
    round (llm/recording.py). Never a failure, so nothing may store or report it as one."""


class BadResponse(Exception):
    """The provider answered, but with something no model meant: a 200 whose body is not a chat
    completion, or an answer far beyond what was asked for. A provider fault, retried like a 5xx."""


# No field the model fills needs more: a quote is the report's own sentence (the longest in the
# corpus is 420 characters). A provider once sent a 2-million-character quote, and each warning
# about it copied it twice: a 72 MB result file.
MAX_STRING_CHARS = 1000
# A whole answer longer than this many characters per token asked for cannot be the model keeping to
# its budget (a Chinese token is one or two characters; a run of whitespace, a few more).
CHARS_PER_TOKEN = 16
DEFAULT_MAX_TOKENS = 4096


def bounded(create: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a transport so a malformed or oversized response raises BadResponse, below the retries
    and the cache: it is retried, and never stored."""

    def call(**request: Any) -> Any:
        try:
            response = create(**request)
        except json.JSONDecodeError as err:  # openai parsing a 200 body labelled JSON that is not
            raise BadResponse(f"the provider's response is not JSON ({err})") from err
        check_response(response, request.get("max_tokens"))
        return response

    return call


def check_response(response: Any, max_tokens: int | None) -> None:
    """Raise BadResponse unless `response` is a chat completion whose answer keeps to its bounds."""
    try:
        content = response.choices[0].message.content or ""
    except (AttributeError, IndexError, TypeError):
        raise BadResponse(f"the provider's response is not a chat completion: {_start(response)}") from None
    limit = CHARS_PER_TOKEN * (max_tokens or DEFAULT_MAX_TOKENS)
    if len(content) > limit:
        raise BadResponse(
            f"the answer has {len(content)} characters, more than {max_tokens} tokens can hold ({limit})"
        )
    longest = _longest_string(content)
    if longest > MAX_STRING_CHARS:
        raise BadResponse(
            f"the answer has a {longest}-character string; no field takes more than {MAX_STRING_CHARS}"
        )


def _longest_string(content: str) -> int:
    """The longest string anywhere in a JSON answer; 0 when it is not JSON (instructor re-asks those)."""
    try:
        return _longest(json.loads(content))
    except (ValueError, RecursionError):
        return 0


def _longest(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return max(map(_longest, value), default=0)
    return 0


def _start(response: Any) -> str:
    return repr(" ".join(str(response).split())[:80])
