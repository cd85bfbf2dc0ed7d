"""The terminal view: the report's figures on one screen, a reader's words for anything to know.

One table for all sections (a title row each), since five tables with five headers filled half a
screen with borders. Figures dropped by grounding are not listed here: the CLI counts them on stderr
and lists them with -v; the JSON keeps each with its reason code, and the review page shows them.
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..models import FIGURE_SECTIONS, SECTION_TITLES, Figure, Item, Report, figure_rows
from .units import cited_quote, readable, report_year_text, trust


def report_tables(report: Report) -> Group:
    parts: list = [_head(report), _figures(report)]
    notices = [w for w in report.warnings if not w.dropped_figure]
    if notices:
        parts += [Text(f"⚠ {w.where}: {w.message}") for w in notices]
    return Group(*parts)


def _head(report: Report) -> Text:
    """The title, then the meta on one line."""
    meta = report.meta
    facts = (
        ("county", meta.county),
        ("bureau", meta.bureau),
        ("report year", report_year_text(meta)),
        ("plan year", meta.plan_year),
        ("published", meta.published_date),
    )
    line = " · ".join(f"{label} {value if value is not None else '—'}" for label, value in facts)
    return Text(f"{meta.title or report.source.path}\n{line}", style="bold")


def _figures(report: Report) -> Table:
    table = Table(show_edge=True)
    for column in ("field", "value", "sure", "quote"):
        table.add_column(column, overflow="fold")
    rows = figure_rows(report)
    for section in FIGURE_SECTIONS:
        table.add_row(Text(SECTION_TITLES[section], style="bold"), "", "", "")
        for sec, path, fig in rows:
            if sec == section:
                table.add_row(path, readable(fig), trust(fig), " · ".join([cited_quote(fig), *fig.notes]))
        for item in getattr(report, section).items:
            if not _shown(item, rows):
                table.add_row(f"part of {item.part_of}", readable(item), "part", item.quote)
    return table


def _shown(item: Item, rows: list[tuple[str, str, Figure]]) -> bool:
    """A part that a row already shows, its number in that row's clause: a project's money, or the figure
    of a narrower field (招聘特岗教师85人 is a part of all recruitment by what it is). Listing it again as
    a part would only take a line of the screen; the JSON keeps every item."""
    return any(
        fig.value == item.value and fig.span[0] <= item.span[0] and item.span[1] <= fig.span[1]
        for _, _, fig in rows
    )


def to_table_text(report: Report, width: int = 120) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=False, color_system=None).print(report_tables(report))
    return buffer.getvalue()
