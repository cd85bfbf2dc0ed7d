"""Shared fixtures: an LLM cache shared by the real-model tests, so each seed is extracted once per run."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """One cache for every test that runs the embedded model: the same request is never computed twice."""
    return tmp_path_factory.mktemp("model-cache")
