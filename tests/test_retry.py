"""Transient-fault retries: which errors are retried and how long the server asked us to wait."""

from __future__ import annotations

from datetime import UTC, datetime

import openai
import pytest

try:  # the HTTP library openai is built on: httpx, renamed httpx2 in newer releases
    import httpx
except ImportError:
    import httpx2 as httpx

from summarizer.llm.retry import MAX_WAIT, is_transient, retry_after, with_retries

REQUEST = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")


def status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    response = httpx.Response(status, headers=headers or {}, request=REQUEST)
    return openai.APIStatusError(f"HTTP {status}", response=response, body=None)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0.5", 0.5),
        ("Mon, 23 Nov 2026 10:00:12 GMT", 12.0),  # an HTTP date, 12 s after `now`
        ("Mon, 23 Nov 2026 09:59:00 GMT", 0.0),  # already past: retry at once
        ("3600", MAX_WAIT),  # a dead endpoint may not park the night on one report
        ("soon", None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header, seconds):
    now = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
    assert retry_after(status_error(429, {"Retry-After": header}), now=now) == seconds


def test_no_header_means_backoff():
    assert retry_after(status_error(503)) is None


@pytest.mark.parametrize(
    ("status", "transient"), [(429, True), (500, True), (503, True), (400, False), (401, False)]
)
def test_only_transient_statuses_are_retried(status, transient):
    assert is_transient(status_error(status)) is transient


def test_attempts_are_capped_and_the_last_error_is_raised():
    calls = []

    def always_busy() -> None:
        calls.append(1)
        raise status_error(429, {"Retry-After": "0"})

    with pytest.raises(openai.APIStatusError, match="HTTP 429"):
        with_retries(always_busy, attempts=3)()
    assert len(calls) == 3
