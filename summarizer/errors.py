"""One exception root, so the CLI has a single error boundary."""

from __future__ import annotations

import os
import re
from pathlib import Path

# Where keys live: only environment variables are read for them, so these are what could leak.
_SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)", re.IGNORECASE)
_BEARER = re.compile(r"(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_-]{8,}")

# Every exit code the CLI sets, in one place (argparse's own usage errors exit 2).
EXIT_OK = 0
EXIT_ERROR = 1  # an expected error, or a batch in which some reports failed, or an eval that regressed
EXIT_INTERNAL = 70  # a bug: the one line says how to see the traceback
EXIT_INTERRUPTED = 130


class SummarizerError(Exception):
    """An expected failure that the CLI reports as one line, without a traceback."""


class InputError(SummarizerError):
    """A problem with an input file: names the file and says what is wrong."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class MissingTool(InputError):
    """A Debian tool a file format needs is not installed: the message names the package."""

    def __init__(self, path: str | Path, purpose: str, package: str) -> None:
        self.package = package
        super().__init__(path, f"{purpose} needs {package}: sudo apt-get install {package}")


class ModelError(SummarizerError):
    """The model (weights, provider, configuration) cannot be used; the message says how to fix it."""

    fatal = True  # a run over many reports stops here: every report would fail alike (the eval reads it)


class ExtractionError(SummarizerError):
    """The LLM could not produce a usable answer after all retries."""


def redact(text: str) -> str:
    """`text` with anything that looks like a secret replaced by ***: the value of every environment
    variable named like a key, `Bearer …`, and sk-… keys. A provider or proxy may echo the
    Authorization header into an error, and errors go to stderr and failures.jsonl."""
    for name, value in os.environ.items():
        if len(value) >= 8 and _SECRET_NAME.search(name) and value in text:
            text = text.replace(value, "***")
    text = _BEARER.sub(lambda m: f"{m.group(1)} ***", text)
    return _KEY_LIKE.sub("sk-***", text)
