"""The LLM cache on Redis, for several machines that share one set of answers.

diskcache is SQLite: safe for the threads and processes of one machine, unsafe on NFS or SMB, where
SQLite's file locking is unreliable. A team whose batch machines (or analysts) should never pay twice
for the same hosted-API answer points them all at one Redis instead: `--cache-dir redis://host:6379/0`.
Values are stored as JSON, so the cache holds no pickles that another machine would have to trust.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import SummarizerError

URL_SCHEMES = ("redis://", "rediss://", "unix://")
PREFIX = "summarizer:llm:"


def is_cache_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


class RedisCache:
    """The two calls the LLM layer makes on diskcache.Cache (get and set), backed by Redis."""

    def __init__(self, url: str) -> None:
        try:
            import redis
        except ImportError as err:
            raise SummarizerError(
                f"cache {url}: a Redis cache needs the redis client: pip install 'summarizer[redis]'"
            ) from err
        self._client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
        self._url = url
        try:
            self._client.ping()
        except redis.RedisError as err:
            raise SummarizerError(f"cache {url}: cannot reach Redis ({err})") from err

    def get(self, key: str) -> Any:
        raw = self._client.get(PREFIX + key)
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: Any) -> None:
        self._client.set(PREFIX + key, json.dumps(value, ensure_ascii=False))
