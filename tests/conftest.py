"""Shared fixtures: the real-part check, and an LLM cache shared by the real-model tests."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

# What the end-to-end tests need beyond pip, and where it comes from.
SYSTEM_PARTS = {
    "chromium": lambda: Path("/usr/bin/chromium").exists(),
    "fonts-noto-cjk": lambda: Path("/usr/share/fonts/opentype/noto").is_dir(),
    "redis-server": lambda: shutil.which("redis-server") is not None,
    "tesseract-ocr": lambda: shutil.which("tesseract") is not None,
    "antiword": lambda: shutil.which("antiword") is not None,
    "tesseract-ocr-chi-sim": lambda: any(
        Path("/usr/share/tesseract-ocr").glob("*/tessdata/chi_sim.traineddata")
    ),
    "tesseract-ocr-chi-tra": lambda: any(
        Path("/usr/share/tesseract-ocr").glob("*/tessdata/chi_tra.traineddata")
    ),
}


def pytest_terminal_summary(terminalreporter) -> None:
    """One line under the results that names every missing part and the command that installs it,
    instead of leaving a reader to infer it from a column of skips or failures."""
    absent = [name for name, present in SYSTEM_PARTS.items() if not present()]
    if absent:
        terminalreporter.write_line(
            f"missing Debian packages: {' '.join(absent)} (sudo apt-get install {' '.join(absent)})"
        )
    if importlib.util.find_spec("llama_cpp") is None:
        terminalreporter.write_line("missing llama-cpp-python: pip install -e '.[embedded]'")


def missing(what: str) -> None:
    """A test's real part is not installed: skip on a developer's machine, fail in CI (CI=true), where
    `.ci/run` installs every part, so that a green CI never means the end-to-end tests were skipped.
    Also callable at a module's top, to skip or fail all of its tests in one line."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI installs it: see .ci/run)", pytrace=False)
    pytest.skip(what, allow_module_level=True)


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep every test out of the user's own LLM cache and config: a test that forgot `--cache-dir`
    must neither be served a developer's cached answers nor write into them. The default cache folder
    moves, not the settings (tests of their precedence set them); the assembled model stays visible."""
    cache = tmp_path_factory.mktemp("llm-cache")
    monkeypatch.setattr("summarizer.paths.default_cache_dir", lambda: cache)
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(tmp_path_factory.mktemp("config") / "absent.toml"))
    for name in (
        "PROVIDER",
        "MODEL",
        "BASE_URL",
        "MODEL_PATH",
        "CACHE_DIR",
        "JOBS",
        "TIMEOUT",
        "MAX_RETRIES",
    ):
        monkeypatch.delenv(f"SUMMARIZER_{name}", raising=False)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """One cache for every test that runs the embedded model: the same request is never computed twice."""
    return tmp_path_factory.mktemp("model-cache")
