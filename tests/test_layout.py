"""Positioned lines to running text: what is a running header, and where a line runs on."""

from __future__ import annotations

from summarizer.readers.building import TextBuilder
from summarizer.readers.layout import Line, Page, running_text

LEFT, RIGHT, HEIGHT = 70.0, 527.0, 842.0


def body(text: str, row: int, left: float = LEFT, right: float = RIGHT) -> Line:
    top = HEIGHT - 100 - 20 * row
    return Line(text, left, right, top - 12, top)


def header(text: str) -> Line:
    return Line(text, 250, 350, HEIGHT - 50, HEIGHT - 41)


def footer(text: str) -> Line:
    return Line(text, 280, 320, 40, 49)


def read(*pages: list[Line]) -> tuple[str, list[tuple[int, str]]]:
    builder = TextBuilder()
    running_text([Page(n, HEIGHT, lines) for n, lines in enumerate(pages, start=1)], builder)
    return "".join(builder.pieces), [(o.start, o.label) for o in builder.origins]


def test_running_header_and_page_numbers_go_and_a_sentence_runs_on_across_the_page():
    text, origins = read(
        [header("兴隆县教育局"), body("兴隆县教育局", 0, left=250, right=350),
         body("招聘特岗教师85人,累计发放资助金", 1),
         footer("- 1 -")],
        [header("兴隆县教育局"), body("1543.98万元。", 0, right=150), footer("- 2 -")],
    )  # fmt: skip
    assert text == "兴隆县教育局\n招聘特岗教师85人,累计发放资助金1543.98万元。\n"
    assert origins == [(0, "p. 1"), (text.index("1543"), "p. 2")]


def test_a_number_cut_short_of_the_margin_is_joined_and_a_finished_line_is_not():
    text, _ = read([body("申请助学贷款1286", 0, right=300), body("万元。", 1, right=120),
                    body("二、下一步工作", 2, right=200), body("一是抓好师资。", 3, right=180)])  # fmt: skip
    assert text == "申请助学贷款1286万元。\n二、下一步工作\n一是抓好师资。\n"


def test_an_indented_line_starts_a_paragraph_even_after_a_full_one():
    text, _ = read([body("全年培训教师1.4万人次,", 0), body("(二)学生资助。", 1, left=LEFT + 24)])
    assert text == "全年培训教师1.4万人次,\n(二)学生资助。\n"


def test_on_one_page_only_a_page_number_is_dropped_from_the_margins():
    text, _ = read([header("内部资料"), body("全县共有学校52所。", 0, right=200), footer("第 1 页 共 1 页")])
    assert text == "内部资料\n全县共有学校52所。\n"


def test_a_text_layer_that_is_mostly_not_chinese_counts_as_a_scan():
    """A scanner's own bad OCR layer (Latin junk) or unmapped fonts: the page is read again by OCR."""
    from summarizer.readers.pdf import is_scanned

    junk = Page(1, HEIGHT, [body("Il lE ]i 2O23 ≈ ~ l1 I| ,. '' ' ` ~ " * 5, row) for row in range(30)])
    prose = Page(
        1, HEIGHT, [body("全县招聘特岗教师85人,免费师范生35人,充实了教师队伍。", row) for row in range(30)]
    )
    assert is_scanned([junk]) and is_scanned([Page(1, HEIGHT, [])])
    assert not is_scanned([prose])
