"""A self-contained HTML review page: every figure beside the sentence it came from.

An analyst does not trust a number until they have seen its source, so the page shows the section
cards next to the original text with every quote highlighted; clicking a figure scrolls to its quote.
The page is one file with inline CSS/JS and no network access, so it can be mailed or archived as is.
Everything taken from the report is escaped, and a Content-Security-Policy admits only our own script
(by hash), so a report containing markup can never run code in the reader's browser.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from itertools import pairwise

from ..models import FIELDS, FIGURE_SECTIONS, SECTION_TITLES, Figure, Project, Report, figure_rows
from .units import readable, report_year_text

# Each section figure's label is declared with it (models.py); a project's figures are named here.
FIELD_LABELS = {
    **{spec.name: spec.label for section in FIGURE_SECTIONS for spec in FIELDS[section]},
    "investment_yuan": "投资 Investment",
    "floor_area_m2": "面积 Floor area",
    "new_places": "学位 Places",
}

STATUS_LABELS = {
    "completed": "已完成 completed",
    "under_construction": "在建 under construction",
    "planned": "计划 planned",
    "unknown": "",
}


@dataclass(frozen=True)
class Anchor:
    """A stretch of the original text that one item on the page (figure, highlight…) points at."""

    ref: str
    section: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


# ---------------------------------------------------------------- assets and page shell


@cache
def asset(name: str) -> str:
    """The text of one bundled CSS/JS file; read once, since a batch renders many pages."""
    return (files("summarizer.render") / "html_assets" / name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page(title: str, body: str, css: list[str], js: list[str], lang: str = "zh-Hans") -> str:
    """A complete HTML document whose CSP forbids the network and any script but ours.

    Why a hash-based CSP on top of escaping: escaping is what keeps `<script>` in a report inert;
    the policy is a second wall should a future change forget to escape something.
    """
    style = "\n".join(asset(name) for name in css)
    script = "\n".join(asset(name) for name in js)
    policy = (
        "default-src 'none'; img-src data:; "
        f"style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"{body}\n<script>{script}</script>\n</body>\n</html>\n"
    )


def base_units(figure: Figure) -> str:
    """The stored value as the JSON has it (15,439,800 yuan), shown on hover beside 1543.98万元."""
    value = figure.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,} {figure.unit}"


def field_label(path: str) -> str:
    """A bilingual label for a field path; project figures keep their index (projects[0].…)."""
    name = path.rsplit(".", 1)[-1]
    return FIELD_LABELS.get(name, name.replace("_", " "))


def report_title(report: Report) -> str:
    meta = report.meta
    return meta.title or meta.bureau or meta.county or report.source.path


def warnings_box(items: list[str]) -> str:
    """The warnings, always visible: an empty box says so rather than disappearing."""
    if not items:
        return '<section class="warnings none"><h2>⚠ Warnings</h2><p>No warnings.</p></section>'
    lis = "".join(f"<li>{item}</li>" for item in items)
    return (
        f'<section class="warnings" id="warnings"><h2>⚠ Warnings ({len(items)})</h2><ul>{lis}</ul></section>'
    )


# ---------------------------------------------------------------- anchors into the original text


def locate(text: str, span: tuple[int, int], quote: str) -> tuple[int, int] | None:
    """Where a quote sits in the original: its span if usable, else the quote found verbatim.

    Spans come from grounding, but a Report re-rendered against an edited file may not line up;
    searching for the quote is the honest fallback, and None means the page says so.
    """
    start, end = span
    if 0 <= start < end <= len(text):
        return start, end
    found = text.find(quote) if quote else -1
    return (found, found + len(quote)) if found >= 0 else None


@dataclass
class Collector:
    """Hands out item ids and records where each item's quote is, or that it could not be found."""

    text: str | None
    anchors: list[Anchor]
    unlocated: list[str]
    count: int = 0

    def add(self, section: str, where: str, span: tuple[int, int], quote: str) -> str | None:
        """The ref for a new item, or None when its quote has no place in the original."""
        if self.text is None:
            return None
        position = locate(self.text, span, quote)
        if position is None:
            self.unlocated.append(
                f"{escape(where)}: quote not found in the original text — <q>{escape(quote)}</q>"
            )
            return None
        self.count += 1
        ref = f"q{self.count}"
        self.anchors.append(Anchor(ref, section, *position))
        return ref


def segments(length: int, anchors: list[Anchor]) -> list[tuple[int, int, list[Anchor]]]:
    """Cut the text at every anchor boundary, so overlapping quotes become flat, non-nested marks.

    Each piece lists the anchors covering it; a quote is then the run of pieces carrying its ref,
    and no two <mark> elements ever straddle each other.
    """
    bounds = sorted({0, length, *(a.start for a in anchors), *(a.end for a in anchors)})
    return [(lo, hi, [a for a in anchors if a.start <= lo and hi <= a.end]) for lo, hi in pairwise(bounds)]


def original_html(text: str, anchors: list[Anchor]) -> str:
    """The original text, escaped, with one <mark> per piece, coloured by its innermost quote's section."""
    parts: list[str] = []
    for lo, hi, covering in segments(len(text), anchors):
        piece = escape(text[lo:hi])
        if not covering:
            parts.append(piece)
            continue
        inner = min(covering, key=lambda a: (a.length, a.start))
        classes = f"q s-{inner.section}" + (" multi" if len(covering) > 1 else "")
        ids = " ".join(a.ref for a in covering)
        parts.append(f'<mark class="{classes}" data-ids="{ids}" data-inner="{inner.ref}">{piece}</mark>')
    return "".join(parts)


# ---------------------------------------------------------------- cards


def _item_attrs(ref: str | None) -> str:
    if ref is None:
        return ' class="item unlocated" title="quote not located in the original text"'
    return f' class="item" data-ref="{ref}"'


def figure_item(path: str, figure: Figure, ref: str | None) -> str:
    """One figure as a button: readable value (base units on hover), hedge and review badges, its
    quote, and the notes on how it was found."""
    badge = (
        '<span class="badge" title="the report hedges this number (余/约/多…)">≈ 约</span>'
        if figure.approximate
        else ""
    )
    if figure.needs_review:
        badge += (
            f'<span class="badge review" title="confidence {figure.confidence:.2f}: the section states '
            'other figures this field could be">⚑ 请核对 check</span>'
        )
    notes = "".join(f'<span class="note">{escape(note)}</span>' for note in figure.notes)
    attrs = _item_attrs(ref).replace(
        'class="item', 'class="item flagged' if figure.needs_review else 'class="item'
    )
    return (
        f'<li><button type="button"{attrs}>'
        f'<span class="label">{escape(field_label(path))}{badge}</span>'
        f'<span class="value" title="{escape(base_units(figure))}">{escape(readable(figure))}</span>'
        f'<span class="quote">{where(figure)}{escape(figure.quote)}</span>{notes}</button></li>'
    )


def where(figure: Figure) -> str:
    """The page (or paragraph, or cell) of the original document the quote is on, before the quote."""
    if not figure.location:
        return ""
    return f'<span class="where" title="in the original document">{escape(figure.location)}</span> '


def text_item(text: str, ref: str | None, extra: str = "") -> str:
    return (
        f'<li><button type="button"{_item_attrs(ref)}>'
        f'<span class="text">{extra}{escape(text)}</span></button></li>'
    )


def section_card(report: Report, section: str, rows: list[tuple[str, Figure]], c: Collector) -> str:
    """A section's figures, projects and highlights, each clickable through to its quote."""
    model = getattr(report, section)
    body: list[str] = []
    plain = [(path, fig) for path, fig in rows if not path.startswith("projects[")]
    plain.sort(key=lambda row: not row[1].needs_review)  # what a reviewer must check comes first
    body += [
        figure_item(path, fig, c.add(section, f"{section}.{path}", fig.span, fig.quote))
        for path, fig in plain
    ]
    body = [f"<ul>{''.join(body)}</ul>"] if body else ['<p class="empty">No figures stated.</p>']
    for i, project in enumerate(getattr(model, "projects", [])):
        body.append(project_block(section, i, project, rows, c))
    if model.items:
        parts = [
            text_item(
                f"{field_label(item.part_of)}: {readable(item)} — {item.quote}",
                c.add(section, f"{section}.items[{i}]", item.span, item.quote),
            )
            for i, item in enumerate(model.items)
        ]
        body.append(f"<h3>分项 Stated parts of totals (never summed)</h3><ul>{''.join(parts)}</ul>")
    if model.highlights:
        items = [
            text_item(h.text, c.add(section, f"{section}.highlights[{i}]", h.span, h.quote))
            for i, h in enumerate(model.highlights)
        ]
        body.append(f"<h3>要点 Highlights</h3><ul>{''.join(items)}</ul>")
    title = escape(SECTION_TITLES[section])
    return f'<section class="card s-{section}" id="card-{section}"><h2>{title}</h2>{"".join(body)}</section>'


def project_block(
    section: str, i: int, project: Project, rows: list[tuple[str, Figure]], c: Collector
) -> str:
    """A project: its name (linked to its own quote) and then its figures."""
    status = STATUS_LABELS.get(project.status, "")
    status_badge = f'<span class="badge">{escape(status)}</span>' if status else ""
    ref = c.add(section, f"{section}.projects[{i}]", project.span, project.quote)
    head = text_item(project.name, ref, extra=f"{status_badge} ")
    prefix = f"projects[{i}]."
    figures = [
        figure_item(path, fig, c.add(section, f"{section}.{path}", fig.span, fig.quote))
        for path, fig in rows
        if path.startswith(prefix)
    ]
    return f"<h3>项目 Project {i + 1}</h3><ul>{head}{''.join(figures)}</ul>"


def plans_card(report: Report, c: Collector) -> str:
    plans = report.plans
    title = SECTION_TITLES["plans"] + (f" {plans.year}" if plans.year else "")
    items = [
        text_item(
            item.detail or item.title,
            c.add("plans", f"plans.items[{i}]", item.span, item.quote),
            extra=f"<strong>{escape(item.title)}</strong> " if item.detail else "",
        )
        for i, item in enumerate(plans.items)
    ]
    body = f"<ul>{''.join(items)}</ul>" if items else '<p class="empty">None stated.</p>'
    return f'<section class="card s-plans" id="card-plans"><h2>{escape(title)}</h2>{body}</section>'


# ---------------------------------------------------------------- page parts


def header_html(report: Report) -> str:
    meta, source = report.meta, report.source
    pairs = [
        ("县区 County", meta.county),
        ("单位 Bureau", meta.bureau),
        ("年度 Year", report_year_text(meta)),
        ("计划 Plans for", meta.plan_year),
        ("发布 Published", meta.published_date),
        ("文字 Script", meta.source_script),
        (
            "文件 Source",
            f"{source.path} ({source.encoding}, {source.chars} chars, sha256 {source.sha256[:12]})",
        ),
    ]
    if report.run is not None:
        run = report.run
        pairs.append(("模型 Model", f"{run.provider}/{run.model}, {run.llm_calls} calls, {run.seconds:.1f}s"))
    items = "".join(
        f"<div><dt>{escape(k)}</dt><dd>{escape(str(v))}</dd></div>" for k, v in pairs if v not in (None, "")
    )
    return (
        f'<header class="page"><h1>{escape(report_title(report))}</h1><dl class="meta">{items}</dl></header>'
    )


def warning_items(report: Report, c: Collector, text_problem: str | None) -> list[str]:
    """Everything a reader must weigh: grounding drops, hedged numbers, quotes the page cannot show."""
    items: list[str] = []
    if text_problem:
        items.append(escape(text_problem))
    for w in report.warnings:
        where = w.section + (f".{w.field}" if w.field else "")
        quote = f" — <q>{escape(w.quote)}</q>" if w.quote else ""
        items.append(f"<code>{escape(where)}</code>: {escape(w.message)}{quote}")
    approx = [f"{sec}.{path}" for sec, path, fig in figure_rows(report) if fig.approximate]
    if approx:
        names = ", ".join(f"<code>{escape(name)}</code>" for name in approx)
        items.append(f"{len(approx)} approximate value(s) — the report hedges them (余/约/多…): {names}")
    items += c.unlocated
    return items


def legend_html() -> str:
    spans = "".join(f'<span class="s-{s}">{escape(SECTION_TITLES[s])}</span>' for s in SECTION_TITLES)
    return f'<div class="legend">{spans}</div>'


def source_pane(report: Report, text: str | None, anchors: list[Anchor]) -> str:
    lang = "zh-Hant" if report.meta.source_script == "traditional" else "zh-Hans"
    if text is None:
        body = '<p class="missing-original">The original text is not available.</p>'
    else:
        # The newline after <pre> is eaten by every HTML parser; without it a text that starts
        # with a newline would lose it, and the text shown would no longer match the spans.
        body = f'<pre id="original" lang="{lang}">\n{original_html(text, anchors)}</pre>'
    head = f"<h2>原文 Original text</h2>{legend_html()}"
    return f'<section class="source" aria-label="original text">{head}{body}</section>'


def load_original(report: Report) -> tuple[str | None, str | None]:
    """The original text decoded exactly as the pipeline did, so spans line up; or why it is missing."""
    from ..errors import SummarizerError
    from ..reading import read_report

    try:
        return read_report(report.source.path).text, None
    except (OSError, SummarizerError) as exc:
        return None, f"original text could not be read from {report.source.path}: {exc}"


def to_html(report: Report, original_text: str | None = None) -> str:
    """The review page for one report; reads the original from `source.path` when not given."""
    problem = None
    if original_text is None:
        original_text, problem = load_original(report)
    c = Collector(original_text, [], [])
    rows = figure_rows(report)
    cards = [
        section_card(report, section, [(p, f) for s, p, f in rows if s == section], c)
        for section in FIGURE_SECTIONS
    ]
    cards.append(plans_card(report, c))
    body = (
        header_html(report)
        + warnings_box(warning_items(report, c, problem))
        + f'<main class="layout"><div class="cards">{"".join(cards)}</div>'
        + source_pane(report, original_text, c.anchors)
        + "</main>"
    )
    lang = "zh-Hant" if report.meta.source_script == "traditional" else "zh-Hans"
    return page(report_title(report), body, ["common.css", "report.css"], ["report.js"], lang=lang)
