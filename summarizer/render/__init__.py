"""Output formats: JSON (the schema), Markdown, rich tables and a self-contained HTML page."""

from __future__ import annotations

from ..models import Report

FORMATS = ("json", "markdown", "table", "html")


def render(report: Report, fmt: str) -> str:
    """The report in `fmt`, as text ready for stdout or a file."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "markdown":
        from .markdown import to_markdown

        return to_markdown(report)
    if fmt == "table":
        from .table import to_table_text

        return to_table_text(report)
    if fmt == "html":
        from .html import to_html

        return to_html(report)
    raise ValueError(f"unknown format {fmt!r}")
