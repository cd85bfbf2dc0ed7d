"""One exception root, so the CLI has a single error boundary."""

from __future__ import annotations

from pathlib import Path


class SummarizerError(Exception):
    """An expected failure that the CLI reports as one line, without a traceback."""


class InputError(SummarizerError):
    """A problem with an input file: names the file and says what is wrong."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelError(SummarizerError):
    """The model (weights, provider, configuration) cannot be used; the message says how to fix it."""


class ExtractionError(SummarizerError):
    """The LLM could not produce a usable answer after all retries."""
