"""Section answers remembered whole, so a fully cached run needs neither instructor nor openai.

The request cache (cache.py) replays each raw completion, but replaying them still means running
instructor's retry loop, and importing `openai` and `instructor` costs most of a second. A warm
report should cost less than that in total. So, once a section call has finished, its outcome (the
answer that passed validation, or the last one when re-asks ran out) is stored under a key built from
everything the call was given *and* from the source of the code that validates answers. A later run
with the same inputs validates the stored answer again and is done.

Outcomes that depended on a flaky provider (a truncated answer, an API error) are never stored.

Every response is also bounded here, before instructor, the cache or grounding see it: a 200 that is
no chat completion, or an answer far longer than asked for, is a BadResponse, retried like a 5xx.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .cache import request_key

# The modules whose code decides whether an answer passes: the draft models (drafts.py, built from
# the field declarations in models.py). Editing one changes which answer a fresh run would stop at, so
# it must change the key. Grounding and judging run after the answer is kept, so editing them must not
# throw cached answers away.
_PACKAGE = Path(__file__).resolve().parents[1]
VALIDATING_MODULES = ("drafts.py", "models.py")


@dataclass(frozen=True)
class Outcome:
    """How a section call ended: `ok` (content passed validation) or `exhausted` (re-asks ran out)."""

    status: str
    content: str | None
    calls: int
    attempts: int = 1


@cache
def validation_fingerprint() -> str:
    return fingerprint_of(_PACKAGE)


def fingerprint_of(package: Path) -> str:
    """A hash of the validating modules' source in `package`."""
    digest = hashlib.sha256()
    for name in VALIDATING_MODULES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


def outcome_key(namespace: dict[str, str], request: dict[str, Any], response_model: type[BaseModel]) -> str:
    """The request as the caller framed it, the answer's schema and the validating code's version."""
    framed = {**request, "schema": _schema(response_model)}
    return request_key({**namespace, "outcome": validation_fingerprint()}, framed)


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """Building a JSON schema takes milliseconds; a warm batch asks for the same five many times."""
    return model.model_json_schema()


def load_outcome(cache: Any, key: str) -> Outcome | None:
    if cache is None:
        return None
    stored = cache.get(key)
    return Outcome(**json.loads(stored)) if stored is not None else None


def store_outcome(cache: Any, key: str, outcome: Outcome) -> None:
    if cache is not None:
        cache.set(key, json.dumps(outcome.__dict__, ensure_ascii=False))


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
