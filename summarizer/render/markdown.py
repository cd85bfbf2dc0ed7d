"""A readable Markdown summary: the same figures as the JSON, with their quotes."""

from __future__ import annotations

from html import escape

from ..models import FIGURE_SECTIONS, SECTION_TITLES, Report, figure_rows
from .units import cited_quote, readable, report_year_text, trust


def _cell(text: str) -> str:
    """Report text made inert: HTML in a title or quote (<script>, <img onerror>) would be live in any
    Markdown renderer, and a | would split a table cell."""
    return escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    meta = report.meta
    lines = [f"# {_cell(meta.title or meta.bureau or report.source.path)}", ""]
    lines += [
        f"- 县区 County: {_cell(meta.county or '—')}",
        f"- 单位 Bureau: {_cell(meta.bureau or '—')}",
        f"- 年度 Report year: {report_year_text(meta) or '—'}; plans for {meta.plan_year or '—'}",
        f"- 发布 Published: {meta.published_date or '—'}; script: {meta.source_script}",
        "",
    ]
    rows = figure_rows(report)
    for section in FIGURE_SECTIONS:
        lines += [f"## {SECTION_TITLES[section]}", ""]
        figures = [(path, fig) for sec, path, fig in rows if sec == section]
        if figures:
            lines += ["| field | value | base units | confidence | quote |", "|---|---|---|---|---|"]
            lines += [
                f"| {path} | {readable(fig)} | {fig.value} {fig.unit} | {trust(fig)} | "
                f"{_cell(' · '.join([cited_quote(fig), *fig.notes]))} |"
                for path, fig in figures
            ]
        else:
            lines.append("_No figures stated._")
        items = getattr(report, section).items
        if items:
            lines += [
                "",
                "Stated parts of totals (never summed):",
                "",
                "| part of | value | quote |",
                "|---|---|---|",
            ]
            lines += [f"| {i.part_of} | {readable(i)} | {_cell(i.quote)} |" for i in items]
        for highlight in getattr(report, section).highlights:
            lines.append(f"- {_cell(highlight.text)}")
        lines.append("")
    lines += _plans(report) + _warnings(report)
    return "\n".join(lines).rstrip() + "\n"


def _plans(report: Report) -> list[str]:
    lines = [f"## {SECTION_TITLES['plans']} {report.plans.year or ''}".rstrip(), ""]
    lines += [f"{i}. **{_cell(item.title)}**" for i, item in enumerate(report.plans.items, 1)] or ["_None._"]
    return [*lines, ""]


def _warnings(report: Report) -> list[str]:
    if not report.warnings:
        return []
    lines = ["## Warnings", ""]
    lines += [f"- {w.where}: {_cell(w.message)}" for w in report.warnings]
    return [*lines, ""]
