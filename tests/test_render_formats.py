"""Markdown and the terminal table show exactly the figures the JSON holds: none lost, none invented.

Each text format is parsed back into (section, field, readable value, quote) rows and compared, as a
set, with the rows derived from the JSON output, so a renderer that drops or garbles a figure fails.
"""

from __future__ import annotations

import re

import pytest

from summarizer.models import SECTION_TITLES, Report, figure_rows
from summarizer.render import render
from summarizer.render.units import readable
from tests.test_html import CHENXI, XINGLONG, Grounder, chenxi_report, xinglong_report

Row = tuple[str, str, str, str]  # section, field path, readable value, quote
TITLE_TO_SECTION = {title: section for section, title in SECTION_TITLES.items()}


def long_quote_report() -> Report:
    """Seed 000 with one quote long enough that the 120-column table must fold it across lines."""
    report = xinglong_report()
    long_quote = (
        "投资102万元,改建老二中全民健身中心,先后申请采购和上级配套健身路径300件套、"
        "乒乓球台20余张,均已配送安装到位"
    )
    report.sports.facility_investment_yuan = Grounder(XINGLONG).fig(long_quote, 1_020_000, "yuan")
    return report


def expected_rows(report: Report) -> set[Row]:
    """What every format must show: the figures of the JSON output, read back through the schema."""
    parsed = Report.model_validate_json(render(report, "json"))
    return {(section, path, readable(fig), fig.quote) for section, path, fig in figure_rows(parsed)}


def markdown_rows(text: str) -> set[Row]:
    """Figure rows of the Markdown tables, attributed to the `## section` heading above them."""
    rows: set[Row] = set()
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = TITLE_TO_SECTION.get(line[3:].strip(), "")
        elif line.startswith("| ") and not line.startswith("| field"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.add((section, cells[0], cells[1], cells[4]))
    return rows


def table_rows(text: str) -> set[Row]:
    """Figure rows of the rich table, attributed to the section title row above them; a line whose field
    cell is blank continues the row above."""
    rows: list[list[str]] = []
    sections: list[str] = []
    section = ""
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) != 4:
            continue
        if cells[0] in TITLE_TO_SECTION:
            section = TITLE_TO_SECTION[cells[0]]
        elif cells[0]:
            rows.append(cells)
            sections.append(section)
        else:  # folded: rich wraps at spaces, so rejoin without them and compare space-free
            rows[-1] = [a + b for a, b in zip(rows[-1], cells, strict=True)]
    return {(s, r[0], r[1], r[3]) for s, r in zip(sections, rows, strict=True)}


def without_spaces(rows: set[Row]) -> set[Row]:
    return {tuple(cell.replace(" ", "") for cell in row) for row in rows}  # type: ignore[misc]


@pytest.mark.parametrize("build", [long_quote_report, chenxi_report], ids=["xinglong", "chenxi-traditional"])
def test_markdown_shows_the_figures_of_the_json(build) -> None:
    report = build()
    expected = expected_rows(report)
    assert len(expected) >= 7  # guards against comparing two empty sets
    assert markdown_rows(render(report, "markdown")) == expected


@pytest.mark.parametrize("build", [long_quote_report, chenxi_report], ids=["xinglong", "chenxi-traditional"])
def test_table_shows_the_figures_of_the_json(build) -> None:
    report = build()
    assert without_spaces(table_rows(render(report, "table"))) == without_spaces(expected_rows(report))


def test_table_parsing_rejoins_a_folded_quote() -> None:
    """The long quote is split over lines in the table, so the comparison above really rejoins it."""
    report = long_quote_report()
    quote = report.sports.facility_investment_yuan.quote
    text = render(report, "table")
    assert quote not in text
    assert ("sports", "facility_investment_yuan", "102万元", quote) in table_rows(text)


def test_the_known_figures_are_in_every_format() -> None:
    """Spot checks with literal values, so the comparison above cannot pass on two empty sets."""
    report = xinglong_report()
    for fmt in ("json", "markdown", "table"):
        text = render(report, fmt)
        assert "累计发放资助金1543.98万元" in text and "招聘特岗教师85人" in text
    for fmt in ("markdown", "table"):
        text = render(report, fmt)
        assert "1543.98万元" in text and "85人" in text and "约1.4万人次" in text
    chenxi = render(chenxi_report(), "markdown")
    assert "约2070万元" in chenxi and "共发放33700余人次2070余万元" in chenxi
    assert CHENXI.name in render(chenxi_report(), "json")


def test_a_figure_to_check_says_so_with_its_note_in_every_format() -> None:
    report = xinglong_report()
    note = "the section states 2 other figure(s) this field could be"
    report.teachers.commended_teachers = report.teachers.commended_teachers.model_copy(
        update={"confidence": 0.7, "needs_review": True, "notes": [note]}
    )
    markdown = render(report, "markdown")
    assert (
        "| commended_teachers | 100人 | 100 person | ⚑ check 0.70 | 表彰了100名优秀教师 · " + note + " |"
        in markdown
    )
    assert "| special_post_teachers | 85人 | 85 person | 1.00 | 招聘特岗教师85人 |" in markdown
    assert "⚑ check 0.70" in render(report, "table")
    assert '"needs_review": true' in render(report, "json")


def test_markdown_escapes_html_from_the_report() -> None:
    """A title or quote carrying HTML must come out as text in any Markdown renderer, never live."""
    report = xinglong_report()
    report.meta.title = "<script>alert(1)</script>总结"
    report.student_aid.highlights[0].text = '<img src=x onerror="alert(2)">招聘特岗教师85人'
    markdown = render(report, "markdown")
    assert "<script>" not in markdown and "<img" not in markdown
    assert "# &lt;script&gt;alert(1)&lt;/script&gt;总结" in markdown
    assert '- &lt;img src=x onerror="alert(2)"&gt;招聘特岗教师85人' in markdown
