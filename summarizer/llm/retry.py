"""Retries for transient provider faults: timeouts, 429 and 5xx, honouring Retry-After, and 200
responses that are no usable completion (a proxy's HTML page, an oversized answer: answers.py).

Bad answers are not retried here: instructor re-asks a malformed one with the error message, and
extraction.py re-asks for figures that fail grounding. A cap on attempts and on each wait means a
dead endpoint fails the report, not the whole night.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import openai
from tenacity import RetryCallState, retry, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from .bounds import BadResponse

T = TypeVar("T")

MAX_ATTEMPTS = 5
MAX_WAIT = 60.0


def is_transient(err: BaseException) -> bool:
    """Timeouts, dropped connections, 408, 429, 5xx, and a 200 that is no usable completion."""
    if isinstance(
        err, BadResponse | openai.APITimeoutError | openai.APIConnectionError | openai.RateLimitError
    ):
        return True
    return isinstance(err, openai.APIStatusError) and (
        err.status_code >= 500 or err.status_code in (408, 429)
    )


def retry_after(err: BaseException | None, now: datetime | None = None) -> float | None:
    """Seconds the server asked us to wait, if it said so: `Retry-After` is seconds or an HTTP date."""
    response = getattr(err, "response", None)
    headers = getattr(response, "headers", None) or {}
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_WAIT)


_backoff = wait_exponential_jitter(initial=1, max=MAX_WAIT)


def _wait(state: RetryCallState) -> float:
    err = state.outcome.exception() if state.outcome else None
    asked = retry_after(err)
    return asked if asked is not None else _backoff(state)


def with_retries(fn: Callable[..., T], attempts: int = MAX_ATTEMPTS) -> Callable[..., T]:
    """Wrap a provider call so transient faults are retried with backoff."""
    return retry(
        retry=retry_if_exception(is_transient),
        wait=_wait,
        stop=stop_after_attempt(attempts),
        reraise=True,
    )(fn)
