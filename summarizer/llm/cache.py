"""Every LLM call goes through a disk cache keyed on everything that changes the answer.

The key is a hash of the provider, the model's identity (a content hash for local weights) and the
full request: messages (so the prompt template and the section text), the response schema and the
sampling parameters. Keying on the request itself, not on our function's arguments, is what keeps
a changed prompt, schema or model from being served a stale answer.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import Usage

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion


def _reusable(response: ChatCompletion) -> bool:
    """Cache complete JSON answers only: a truncated or garbled reply from a flaky provider must not
    be served again forever. (A well-formed but wrong answer is cached: it is the model's answer.)"""
    try:
        choice = response.choices[0]
        json.loads(choice.message.content or "")
    except (IndexError, ValueError):
        return False
    return choice.finish_reason != "length"


def request_key(namespace: dict[str, str], request: dict[str, Any]) -> str:
    payload = json.dumps(
        {"ns": namespace, "request": request}, sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def open_cache(location: Path | str | None):
    """A diskcache.Cache for a folder, a RedisCache for a redis:// URL, or None when caching is off."""
    if location is None:
        return None
    from .shared_cache import RedisCache, is_cache_url

    if is_cache_url(location):
        return RedisCache(str(location))
    directory = Path(location)
    directory.mkdir(parents=True, exist_ok=True)
    return JsonDiskCache(directory)


class JsonDiskCache:
    """diskcache on a folder, holding JSON text only and never unpickling anything.

    diskcache pickles any value that is not text, and unpickles whatever a row says is a pickle: a
    value planted in a shared cache folder would run code for the next user. So values are stored as
    JSON text, and a pickled row, whoever wrote it, is a miss with one warning per process.
    """

    def __init__(self, directory: Path) -> None:
        import diskcache

        class TextOnlyDisk(diskcache.Disk):
            def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
                if mode == diskcache.core.MODE_PICKLE:
                    raise UnreadableEntry("a pickled entry")
                return super().fetch(mode, filename, value, read)

        self._cache = diskcache.Cache(str(directory), size_limit=4 * 2**30, disk=TextOnlyDisk)
        self._directory = directory
        self._warned = False

    def get(self, key: str) -> Any:
        try:
            raw = self._cache.get(key)
            return None if raw is None else json.loads(raw)
        except (UnreadableEntry, ValueError, TypeError) as exc:
            self._warn(exc)
            return None

    def set(self, key: str, value: Any) -> None:
        self._cache.set(key, json.dumps(value, ensure_ascii=False))

    def _warn(self, exc: Exception) -> None:
        if not self._warned:
            self._warned = True
            sys.stderr.write(
                f"summarize: warning: {self._directory}: ignoring an unreadable cache entry ({exc}); "
                "it is treated as a miss\n"
            )


class UnreadableEntry(Exception):
    """A cache row that is not JSON text: never decoded, only skipped."""


def cached(
    create: Callable[..., ChatCompletion],
    cache: Any,
    namespace: dict[str, str],
    usage: Usage,
    on_call: Callable[[bool], None] | None = None,
) -> Callable[..., ChatCompletion]:
    """Wrap `create` so identical requests are answered from `cache` and all usage is counted."""

    def create_cached(**request: Any) -> ChatCompletion:
        # Serialise now: instructor appends re-ask messages to the same list object later.
        snapshot = json.loads(json.dumps(request, default=str))
        key = request_key(namespace, snapshot)
        if cache is not None and (hit := cache.get(key)) is not None:
            from openai.types.chat import ChatCompletion

            usage.cache_hits += 1
            if on_call:
                on_call(True)
            return ChatCompletion.model_validate(hit)
        response = create(**request)
        usage.llm_calls += 1
        if response.usage:
            usage.prompt_tokens += response.usage.prompt_tokens
            usage.completion_tokens += response.usage.completion_tokens
        if on_call:
            on_call(False)
        if cache is not None and _reusable(response):
            cache.set(key, response.model_dump(mode="json"))
        return response

    return create_cached
