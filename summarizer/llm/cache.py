"""The one LLM cache: how each section call ended, keyed on everything that changes its answer.

The key is a hash of the provider, the model's identity (a content hash for local weights), the
messages (so the prompt template and the section text), the answer's JSON schema and the sampling
parameters. The value is the call's outcome: the answer that passed validation (or the last one,
when re-asks ran out) and how many calls it took. A later run validates the stored answer again
with today's code, so a stricter check turns a stale answer into a miss instead of serving it, and
no list of source files has to be hashed into the key. A warm report therefore needs neither
instructor nor openai, whose imports cost most of a second.

Outcomes that depended on a flaky provider (a truncated or garbled answer, an API error) are never
stored.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class StoredCall:
    """How a section call ended: `ok` (content passed validation) or `exhausted` (re-asks ran out)."""

    status: str
    content: str | None
    calls: int
    attempts: int = 1


def answer_key(namespace: dict[str, str], request: dict[str, Any], response_model: type[BaseModel]) -> str:
    """The request as the caller framed it (messages, sampling, re-asks) and the answer's schema."""
    payload = json.dumps(
        {"ns": namespace, "request": request, "schema": _schema(response_model)},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """Building a JSON schema takes milliseconds; a warm batch asks for the same five many times."""
    return model.model_json_schema()


def load_call(cache: Any, key: str) -> StoredCall | None:
    """The stored outcome, or None; a row of another shape (an older version's) is a miss."""
    stored = None if cache is None else cache.get(key)
    try:
        return StoredCall(**stored) if isinstance(stored, dict) else None
    except TypeError:
        return None


def store_call(cache: Any, key: str, outcome: StoredCall) -> None:
    if cache is not None:
        cache.set(key, asdict(outcome))


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
