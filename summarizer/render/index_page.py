"""The cross-county index: one sortable row per county-year, and bar charts to compare counties.

Analysts would rather compare counties on a chart than in JSON. The page is self-contained like the
report pages (inline CSS/JS/SVG, no network) and links to each report's own page for the sources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..models import FIELDS, FIGURE_SECTIONS, Figure, Report
from .html import base_units, page
from .units import readable


@dataclass(frozen=True)
class Value:
    """One cell's figure, plus a note when it is not the field the column is named after."""

    figure: Figure
    note: str = ""

    @property
    def text(self) -> str:
        return readable(self.figure) + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class Metric:
    """A column of the table (and maybe a chart): where to find the figure in a Report."""

    key: str
    section: str
    title: str
    pick: Callable[[Report], Value | None]


def _field(section: str, name: str) -> Callable[[Report], Value | None]:
    def pick(report: Report) -> Value | None:
        figure = getattr(getattr(report, section), name)
        return Value(figure) if figure is not None else None

    return pick


def teachers_recruited(report: Report) -> Value | None:
    """Recruited teachers: the total when stated, else 特岗 — reports rarely give both, so say which."""
    teachers = report.teachers
    if teachers.recruited_total is not None:
        return Value(teachers.recruited_total, "总数 total")
    if teachers.special_post_teachers is not None:
        return Value(teachers.special_post_teachers, "特岗")
    return None


def infrastructure_investment(report: Report) -> Value | None:
    """The stated total, else the sum of the projects' investments (marked Σ, as it may be partial)."""
    infra = report.infrastructure
    if infra.total_investment_yuan is not None:
        return Value(infra.total_investment_yuan)
    parts = [p.investment_yuan for p in infra.projects if p.investment_yuan is not None]
    if not parts:
        return None
    total = Figure(
        value=sum(p.value for p in parts),
        unit="yuan",
        approximate=any(p.approximate for p in parts),
        quote="",
        span=(0, 0),
    )
    return Value(total, f"Σ {len(parts)} project{'s' if len(parts) > 1 else ''}")


def field_metric(key: str, name: str) -> Metric:
    """A column showing the figure field `name` as it is, titled with the field's own label."""
    section, spec = next(
        (section, spec) for section in FIGURE_SECTIONS for spec in FIELDS[section] if spec.name == name
    )
    return Metric(key, section, spec.label, _field(section, name))


METRICS: tuple[Metric, ...] = (
    field_metric("party", "new_party_members"),
    Metric("teachers", "teachers", "招聘教师 Teachers recruited", teachers_recruited),
    Metric("infra", "infrastructure", "办学条件投资 Infrastructure investment", infrastructure_investment),
    field_metric("places", "new_school_places"),
    field_metric("aid", "total_amount_yuan"),
    field_metric("aided", "beneficiaries_person_times"),
    field_metric("sports", "participants_person_times"),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}
CHARTS = (
    ("aid", "学生资助金额 Student aid amount per county"),
    ("teachers", "招聘教师 Teachers recruited per county (total where stated, else 特岗 special-post)"),
    ("infra", "办学条件投资 Infrastructure investment per county (Σ = sum of listed projects)"),
)


def county_name(report: Report) -> str:
    """What to call a row: the county, else the bureau, else the file name."""
    meta = report.meta
    return meta.county or meta.bureau or Path(report.source.path).stem


def safe_href(link: str) -> str:
    """Links are relative paths from batch; anything with a scheme (javascript:…) is neutralised."""
    head = link.split("/", 1)[0]
    return f"./{link}" if ":" in head else link


# ---------------------------------------------------------------- table


def _th(label: str, kind: str, index: int) -> str:
    return (
        f'<th scope="col" data-type="{kind}" aria-sort="none">'
        f'<button type="button" data-col="{index}">{escape(label)}<span class="arrow"></span></button></th>'
    )


def _num_cell(value: Value | None) -> str:
    if value is None:
        return '<td class="num missing" data-sort="">—</td>'
    title = base_units(value.figure)
    sort_key = repr(value.figure.value)
    return f'<td class="num" data-sort="{sort_key}" title="{escape(title)}">{escape(value.text)}</td>'


def table_row(report: Report, link: str) -> str:
    year = report.meta.report_year
    year_key, year_text = ("", "—") if year is None else (str(year), str(year))
    cells = [
        f'<th scope="row" data-sort="{escape(county_name(report))}">'
        f'<a href="{escape(safe_href(link))}">{escape(county_name(report))}</a></th>',
        f'<td class="num" data-sort="{year_key}">{year_text}</td>',
    ]
    cells += [_num_cell(metric.pick(report)) for metric in METRICS]
    count = len(report.warnings)
    cells.append(f'<td class="num" data-sort="{count}">{count}</td>')
    return f"<tr>{''.join(cells)}</tr>"


def table_html(rows: list[tuple[Report, str]]) -> str:
    heads = [_th("县区 County", "text", 0), _th("年度 Year", "num", 1)]
    heads += [_th(m.title, "num", i) for i, m in enumerate(METRICS, 2)]
    heads.append(_th("⚠ Warnings", "num", len(METRICS) + 2))
    body = "".join(table_row(report, link) for report, link in rows)
    return (
        '<div class="table-wrap"><table id="reports">'
        f"<thead><tr>{''.join(heads)}</tr></thead><tbody>{body}</tbody></table></div>"
    )


# ---------------------------------------------------------------- charts

BAR_HEIGHT = 26
LABEL_WIDTH = 150
CHART_WIDTH = 600
VALUE_WIDTH = 170


def bar_chart(key: str, title: str, entries: list[tuple[str, Value | None]]) -> str:
    """A horizontal bar chart as inline SVG; counties without the figure keep their row, marked —."""
    scale_max = max((float(v.figure.value) for _, v in entries if v is not None), default=0.0) or 1.0
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = BAR_HEIGHT * len(entries) + 10
    rows: list[str] = []
    for i, (label, value) in enumerate(entries):
        y = 5 + i * BAR_HEIGHT
        mid = y + BAR_HEIGHT / 2
        rows.append(
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{mid:.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
        if value is None:
            rows.append(
                f'<text class="none" x="{LABEL_WIDTH + 4}" y="{mid:.1f}" '
                'dominant-baseline="middle">— not stated</text>'
            )
            continue
        width = max(1.0, span * float(value.figure.value) / scale_max)
        rows.append(
            f'<rect class="bar bar-{key}" x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" '
            f'height="{BAR_HEIGHT - 6}" rx="3"><title>{escape(label)}: {escape(value.text)}</title></rect>'
        )
        rows.append(
            f'<text class="value" x="{LABEL_WIDTH + width + 6:.1f}" y="{mid:.1f}" '
            f'dominant-baseline="middle">{escape(value.text)}</text>'
        )
    return (
        f'<figure class="chart" id="chart-{key}"><figcaption>{escape(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}">'
        f"{''.join(rows)}</svg></figure>"
    )


def row_label(report: Report) -> str:
    year = report.meta.report_year
    return county_name(report) + (f" {year}" if year is not None else "")


def charts_html(reports: list[Report]) -> str:
    charts = [
        bar_chart(key, title, [(row_label(r), METRIC_BY_KEY[key].pick(r)) for r in reports])
        for key, title in CHARTS
    ]
    return f'<section class="charts">{"".join(charts)}</section>'


def to_index_html(rows: list[tuple[Report, str]]) -> str:
    """The index page for a batch: `rows` pairs each Report with the relative link to its page."""
    reports = [report for report, _ in rows]
    years = sorted({r.meta.report_year for r in reports if r.meta.report_year is not None})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    title = f"教育工作报告汇总 Education work reports {span}".rstrip()
    body = (
        f'<header class="page"><h1>{escape(title)}</h1><p class="meta">{len(rows)} report(s); '
        "click a column header to sort, a county to open its report with every figure's source.</p></header>"
        f'<main class="index">{table_html(rows)}{charts_html(reports)}</main>'
    )
    return page(title, body, ["common.css", "index.css"], ["index.js"])
