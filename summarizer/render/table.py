"""Rich tables for the terminal: one per section, plus the warnings."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table

from ..models import FIGURE_SECTIONS, SECTION_TITLES, Report
from .units import cited_quote, figure_rows, readable, report_year_text, trust


def report_tables(report: Report) -> Group:
    meta = report.meta
    head = Table(title=meta.title or report.source.path, show_header=False)
    for label, value in (
        ("county", meta.county),
        ("bureau", meta.bureau),
        ("report year", report_year_text(meta)),
        ("plan year", meta.plan_year),
        ("published", meta.published_date),
    ):
        head.add_row(label, str(value) if value is not None else "—")
    tables: list = [head]
    rows = figure_rows(report)
    for section in FIGURE_SECTIONS:
        table = Table(title=SECTION_TITLES[section])
        for column in ("field", "value", "base units", "confidence", "quote"):
            table.add_column(column, overflow="fold")
        for sec, path, fig in rows:
            if sec == section:
                quote = " · ".join([cited_quote(fig), *fig.notes])
                table.add_row(path, readable(fig), f"{fig.value} {fig.unit}", trust(fig), quote)
        for item in getattr(report, section).items:
            table.add_row(
                f"part of {item.part_of}", readable(item), f"{item.value} {item.unit}", "part", item.quote
            )
        tables.append(table)
    if report.warnings:
        warn = Table(title="warnings")
        warn.add_column("where")
        warn.add_column("message", overflow="fold")
        for w in report.warnings:
            warn.add_row(f"{w.section}{'.' + w.field if w.field else ''}", w.message)
        tables.append(warn)
    return Group(*tables)


def to_table_text(report: Report, width: int = 120) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=False, color_system=None).print(report_tables(report))
    return buffer.getvalue()
