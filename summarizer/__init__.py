"""summarizer: structured, grounded data from Chinese county education bureau work reports.

    from summarizer import Summarizer
    report = Summarizer().summarize("report.txt")

The names below are imported on first use, so `import summarizer` (and the CLI's start) stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Report", "Summarizer", "summarize"]


def __getattr__(name: str) -> Any:
    if name in ("Summarizer", "summarize"):
        from . import library

        return getattr(library, name)
    if name == "Report":
        from .models import Report

        return Report
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
