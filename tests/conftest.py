"""Shared fixtures: the seed reports, and an LLM cache shared by the real-model tests."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed_path(prefix: str) -> Path:
    """The seed report whose name starts with `prefix` ("000" … "004")."""
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


@cache
def read_seed(prefix: str) -> str:
    """A seed report's text, read once per test session."""
    return seed_path(prefix).read_text(encoding="utf-8")


@pytest.fixture(name="seed_text")
def seed_text_fixture():
    """`seed_text("003")` → the text of seed 003."""
    return read_seed


def missing(what: str) -> None:
    """A test's real part is not installed: skip on a developer's machine, fail in CI (CI=true), where
    `.ci/run` installs every part, so that a green CI never means the end-to-end tests were skipped."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI installs it: see .ci/run)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """One cache for every test that runs the embedded model: the same request is never computed twice."""
    return tmp_path_factory.mktemp("model-cache")
