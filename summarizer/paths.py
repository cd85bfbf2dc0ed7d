"""One user directory for the cache and the assembled model, overridable for tests and shared setups."""

from __future__ import annotations

import os
from pathlib import Path


def user_dir() -> Path:
    """`SUMMARIZER_HOME` if set, else the platform's user cache directory for summarizer."""
    override = os.environ.get("SUMMARIZER_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("summarizer"))


def default_cache_dir() -> Path:
    return user_dir() / "llm-cache"
