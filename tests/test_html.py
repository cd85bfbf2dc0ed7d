"""The HTML review page and the cross-county index, on hand-built Reports grounded in the seed reports.

No LLM: each Report is built by hand, its figures' spans found in the real seed text, so the page is
tested against the offsets a grounded run would produce. Browser tests run Debian's /usr/bin/chromium
through Playwright (never a downloaded browser) and save screenshots under $TEST_ARTIFACTS.
"""

from __future__ import annotations

import hashlib
import os
from html.parser import HTMLParser
from pathlib import Path

import opencc
import pytest

from summarizer.models import (
    Figure,
    Highlight,
    Meta,
    PlanItem,
    Project,
    Report,
    SourceInfo,
    Warning_,
    figure_rows,
)
from summarizer.render import render
from summarizer.render.html import to_html
from summarizer.render.index_page import to_index_html
from summarizer.render.units import readable
from tests.conftest import missing

CORPUS = Path(__file__).resolve().parents[1] / "evals" / "corpus"
XINGLONG = CORPUS / "000_3212bd501dfd8a03.txt"
JINGYUAN = CORPUS / "001_572525cebf333663.txt"
CHENXI = CORPUS / "003_09e0f9ef3a112f46.txt"
YUAN = CORPUS / "004_04d5a50fa9346fb7.txt"
INJECTION = "<script>alert(1)</script>"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
T2S = opencc.OpenCC("t2s")

# ---------------------------------------------------------------- hand-built, grounded Reports


class Grounder:
    """Builds figures whose span is where the quote really is in the seed text, as grounding would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.traditional = False

    def span(self, quote: str) -> tuple[int, int]:
        start = self.text.index(quote)
        return start, start + len(quote)

    def shown(self, quote: str) -> str:
        """The quote as normalisation leaves it: Traditional seeds are converted to Simplified."""
        return T2S.convert(quote) if self.traditional else quote

    def fig(self, quote: str, value: float, unit: str, approximate: bool = False) -> Figure:
        return Figure(
            value=value, unit=unit, approximate=approximate, quote=self.shown(quote), span=self.span(quote)
        )

    def highlight(self, text: str, quote: str) -> Highlight:
        return Highlight(text=text, quote=self.shown(quote), span=self.span(quote))

    def source(self) -> SourceInfo:
        data = self.path.read_bytes()
        return SourceInfo(
            path=str(self.path),
            sha256=hashlib.sha256(data).hexdigest(),
            encoding="utf-8",
            chars=len(self.text),
        )


def xinglong_report() -> Report:
    """Seed 000 (兴隆县 2023): nested and partially overlapping quotes, hedged figures, a dropped figure."""
    g = Grounder(XINGLONG)
    report = Report(
        source=g.source(),
        meta=Meta(
            county="兴隆县",
            bureau="兴隆县教育和体育局",
            title="兴隆县教育和体育2023年工作总结",
            report_year=2023,
            published_date="2024-01-15",
        ),
    )
    pb = report.party_building
    pb.theory_study_sessions = g.fig("理论学习中心组学习12次", 12, "count")
    pb.new_party_members = g.fig("考察接收预备党员21名", 21, "person")
    pb.commended_party_members = g.fig("表彰奖励80名优秀共产党员", 80, "person")
    t = report.teachers
    t.special_post_teachers = g.fig("招聘特岗教师85人", 85, "person")
    t.free_normal_students = g.fig("免费师范生35人", 35, "person")
    t.training_person_times = g.fig("累计培训教师1.4万余人次", 14000, "person_time", approximate=True)
    t.commended_teachers = g.fig("表彰了100名优秀教师", 100, "person")
    infra = report.infrastructure
    infra.schools_renovated = g.fig("完成38所中小学幼儿园维修改造", 38, "school")
    project_quote = "投资526万元,完成第一小学教学综合楼扩建和北营房厕所2个续建项目"
    infra.projects = [
        Project(
            name="第一小学教学综合楼扩建和北营房厕所",
            investment_yuan=g.fig("投资526万元", 5_260_000, "yuan"),
            status="completed",
            quote=project_quote,
            span=g.span(project_quote),
        ),
        Project(
            name="职业技术教育中心二期和第二小学附属幼儿园教学楼",
            investment_yuan=g.fig("投资8375万元", 83_750_000, "yuan"),
            status="planned",
            quote="新建职业技术教育中心二期建设",
            span=g.span("新建职业技术教育中心二期建设"),
        ),
    ]
    aid = report.student_aid
    aid.total_amount_yuan = g.fig("累计发放资助金1543.98万元", 15_439_800, "yuan")
    aid.beneficiaries_person_times = g.fig("惠及贫困学生23652人次", 23652, "person_time")
    aid.student_loan_recipients = g.fig("1116名贫困大学生", 1116, "person")
    aid.student_loan_amount_yuan = g.fig("申请助学贷款1279.33万元", 12_793_300, "yuan")
    aid.highlights = [
        # Contains the total and the beneficiaries: nested quotes.
        g.highlight(
            "资助金1543.98万元惠及23652人次", "2023年,累计发放资助金1543.98万元,惠及贫困学生23652人次"
        ),
        # Ends inside the loan amount's quote: a partial overlap.
        g.highlight("为1116名大学生办理助学贷款", "为1116名贫困大学生申请助学贷款"),
    ]
    sports = report.sports
    sports.events_held = g.fig("全民健身活动30多(次)项", 30, "count", approximate=True)
    sports.participants_person_times = g.fig("30000余人次参加比赛", 30000, "person_time", approximate=True)
    sports.facility_investment_yuan = g.fig("投资102万元", 1_020_000, "yuan")
    report.warnings = [
        Warning_(
            section="teachers",
            field="exchanged_teachers",
            message="dropped by grounding: the quote is not in the source text",
            quote="交流轮岗教师50人",
        )
    ]
    return report


def chenxi_report() -> Report:
    """Seed 003 (辰溪縣 2022), Traditional script: quotes are Simplified, the original is not."""
    g = Grounder(CHENXI)
    g.traditional = True
    report = Report(
        source=g.source(),
        meta=Meta(
            county="辰溪县",
            bureau="辰溪县教育局",
            title="2022年度教育工作总结",
            report_year=2022,
            published_date="2023-01-19",
            source_script="traditional",
        ),
    )
    report.teachers.recruited_total = g.fig("招聘員額制教師136人", 136, "person")
    report.teachers.free_normal_students = g.fig("培養免費師范生223人", 223, "person")
    report.teachers.training_person_times = g.fig(
        "教師在崗培訓9800余人次", 9800, "person_time", approximate=True
    )
    report.infrastructure.new_school_places = g.fig("新增公辦義務教育學位3500個", 3500, "place")
    report.infrastructure.projects = [
        Project(
            name="县二中初中部教学楼重建",
            investment_yuan=g.fig("投資2789萬元", 27_890_000, "yuan"),
            status="under_construction",
            quote=g.shown("投資2789萬元實施了民生實事項目縣二中初中部教學樓重建"),
            span=g.span("投資2789萬元實施了民生實事項目縣二中初中部教學樓重建"),
        )
    ]
    report.student_aid.total_amount_yuan = g.fig(
        "共發放33700余人次2070余萬元", 20_700_000, "yuan", approximate=True
    )
    report.student_aid.beneficiaries_person_times = g.fig(
        "共發放33700余人次", 33700, "person_time", approximate=True
    )
    return report


def jingyuan_report() -> Report:
    """Seed 001 (靖远县 2020): no aid amount stated; infrastructure only as projects (summed on the index)."""
    g = Grounder(JINGYUAN)
    report = Report(
        source=g.source(),
        meta=Meta(county="靖远县", bureau="靖远县教育局", report_year=2020, plan_year=2021),
    )
    report.teachers.recruited_total = g.fig("全年共补充教师108人", 108, "person")
    report.teachers.special_post_teachers = g.fig("选招特岗教师30名", 30, "person")
    report.infrastructure.projects = [
        Project(
            name="东湾镇杨柳小学等6所两类学校",
            investment_yuan=g.fig("投入资金650万元", 6_500_000, "yuan"),
            quote="在东湾镇杨柳小学等6所两类学校实施建设项目",
            span=g.span("在东湾镇杨柳小学等6所两类学校实施建设项目"),
        ),
        Project(
            name="教师周转宿舍",
            investment_yuan=g.fig("投入资金1247.37万元", 12_473_700, "yuan"),
            quote="新改扩建教师周转宿舍150套",
            span=g.span("新改扩建教师周转宿舍150套"),
        ),
    ]
    return report


def yuan_report() -> Report:
    """Seed 004 (裕安区 2024): no teacher recruitment figure; plans for 2025."""
    g = Grounder(YUAN)
    report = Report(
        source=g.source(),
        meta=Meta(county="裕安区", bureau="裕安区教育体育局", report_year=2024, plan_year=2025),
    )
    report.student_aid.total_amount_yuan = g.fig("发放各类资助29640人次2642.7424万元", 26_427_424, "yuan")
    report.infrastructure.new_school_places = g.fig("新增学位900个", 900, "place")
    report.infrastructure.projects = [
        Project(
            name="改扩建公办幼儿园11所",
            investment_yuan=g.fig("投入资金2196.1万元", 21_961_000, "yuan"),
            quote="改扩建公办幼儿园11所",
            span=g.span("改扩建公办幼儿园11所"),
        )
    ]
    return report


def injection_report(original: str) -> Report:
    """Markup everywhere the report carries user text: it must all come out as text."""
    quote_at = original.index("累计发放资助金")
    report = Report(
        source=SourceInfo(path="evil.txt", sha256="0" * 64, encoding="utf-8", chars=len(original)),
        meta=Meta(county=INJECTION, bureau='"><img src=x onerror=alert(2)>', title=INJECTION),
    )
    report.student_aid.total_amount_yuan = Figure(
        value=15_439_800, unit="yuan", approximate=False, quote=INJECTION, span=(quote_at, quote_at + 20)
    )
    report.student_aid.highlights = [Highlight(text=INJECTION, quote=INJECTION, span=(0, len(INJECTION)))]
    report.plans.items = [PlanItem(title=INJECTION, detail="<b>bold?</b>", quote=INJECTION, span=(0, 8))]
    report.warnings = [Warning_(section="student_aid", message=INJECTION, quote="<iframe src=x>")]
    return report


def injected_original() -> str:
    return INJECTION + "\n<img src=x onerror=alert(3)>\n" + XINGLONG.read_text(encoding="utf-8")


# ---------------------------------------------------------------- parsing the page without a browser


class PageParser(HTMLParser):
    """Collects the text of <pre id=original>, its marks (with their refs) and the nesting depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_original = False
        self.in_mark: list[str] | None = None
        self.original: list[str] = []
        self.marks: list[tuple[list[str], str]] = []
        self.depth = 0
        self.max_depth = 0
        self.pre_start = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "pre" and values.get("id") == "original":
            self.in_original = True
            self.pre_start = True
        elif tag == "mark" and self.in_original:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self.in_mark = (values.get("data-ids") or "").split()
            self.marks.append((self.in_mark, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_original = False
        elif tag == "mark" and self.in_original:
            self.depth -= 1
            self.in_mark = None

    def handle_data(self, data: str) -> None:
        if self.pre_start:  # browsers drop the newline right after <pre>; so must we
            self.pre_start = False
            data = data.removeprefix("\n")
        if self.in_original:
            self.original.append(data)
            if self.in_mark is not None:
                ids, text = self.marks[-1]
                self.marks[-1] = (ids, text + data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def refs_by_quote(page: str) -> dict[str, str]:
    """ref → text of that ref's marks joined, i.e. what the browser highlights when it is clicked."""
    joined: dict[str, str] = {}
    for ids, text in parse(page).marks:
        for ref in ids:
            joined[ref] = joined.get(ref, "") + text
    return joined


# ---------------------------------------------------------------- tests without a browser


def test_readable_values_with_base_units_on_hover() -> None:
    page = to_html(xinglong_report(), XINGLONG.read_text(encoding="utf-8"))
    assert '<span class="value" title="15,439,800 yuan">1543.98万元</span>' in page
    assert '<span class="value" title="85 person">85人</span>' in page
    assert '<span class="value" title="14,000 person_time">约1.4万人次</span>' in page
    for _, _, figure in figure_rows(xinglong_report()):
        assert readable(figure) in page


def test_original_text_survives_the_marks_exactly() -> None:
    """Stripping the marks gives back the original character for character: spans stay meaningful."""
    text = "\n" + XINGLONG.read_text(encoding="utf-8")  # a leading newline is the <pre> trap
    report = xinglong_report()
    shifted = report.model_copy(deep=True)
    for _, _, figure in figure_rows(shifted):
        figure.span = (figure.span[0] + 1, figure.span[1] + 1)
    parsed = parse(to_html(shifted, text))
    assert "".join(parsed.original) == text
    assert parsed.max_depth == 1  # overlaps are split into flat pieces, never nested marks


def test_every_quote_is_highlighted_and_overlaps_are_split() -> None:
    text = XINGLONG.read_text(encoding="utf-8")
    report = xinglong_report()
    joined = refs_by_quote(to_html(report, text))
    expected = [text[f.span[0] : f.span[1]] for _, _, f in figure_rows(report)]
    expected += [text[h.span[0] : h.span[1]] for h in report.student_aid.highlights]
    expected += [text[p.span[0] : p.span[1]] for p in report.infrastructure.projects]
    assert sorted(joined.values()) == sorted(expected)
    loan = "申请助学贷款1279.33万元"
    pieces = [t for ids, t in parse(to_html(report, text)).marks if any(joined[r] == loan for r in ids)]
    assert pieces == ["申请助学贷款", "1279.33万元"]


def test_traditional_original_is_marked_where_the_simplified_quote_came_from() -> None:
    text = CHENXI.read_text(encoding="utf-8")
    report = chenxi_report()
    page = to_html(report, text)
    assert "约2070万元" in page
    assert "共发放33700余人次2070余万元" in page  # the normalised quote, on the card
    assert "共發放33700余人次2070余萬元" in refs_by_quote(page).values()  # the original, marked
    assert '<pre id="original" lang="zh-Hant">' in page


def test_warnings_are_visible() -> None:
    page = to_html(xinglong_report(), XINGLONG.read_text(encoding="utf-8"))
    assert "dropped by grounding: the quote is not in the source text" in page
    assert "交流轮岗教师50人" in page
    assert "3 approximate value(s)" in page
    assert "teachers.training_person_times" in page


def test_a_figure_to_check_comes_first_in_its_card_with_its_notes_on_it() -> None:
    report = xinglong_report()
    note = "the section states 2 other figure(s) this field could be"
    report.teachers.commended_teachers = report.teachers.commended_teachers.model_copy(
        update={"confidence": 0.7, "needs_review": True, "notes": [note]}
    )
    page = to_html(report, XINGLONG.read_text(encoding="utf-8"))
    card = page[page.index('id="card-teachers"') :]
    card = card[: card.index("</section>")]
    first = card[card.index("<li>") : card.index("</li>")]
    assert 'class="item flagged"' in first and "表彰了100名优秀教师" in first
    assert "⚑ 请核对 check" in first and "confidence 0.70" in first
    assert f'<span class="note">{note}</span>' in first
    assert card.index("表彰了100名优秀教师") < card.index(
        "招聘特岗教师85人"
    )  # schema order would put it last
    warnings = page[page.index('id="warnings"') : page.index("</section>", page.index('id="warnings"'))]
    assert note not in warnings


def test_a_quote_that_cannot_be_found_is_reported_not_fatal() -> None:
    text = XINGLONG.read_text(encoding="utf-8")
    report = xinglong_report()
    report.teachers.special_post_teachers = Figure(
        value=85, unit="person", approximate=False, quote="不存在的句子", span=(99999, 100010)
    )
    report.teachers.free_normal_students = Figure(
        value=35, unit="person", approximate=False, quote="免费师范生35人", span=(-5, 2)
    )
    page = to_html(report, text)
    assert "quote not found in the original text" in page and "不存在的句子" in page
    assert 'class="item unlocated"' in page
    assert "免费师范生35人" in refs_by_quote(page).values()  # bad span, but the quote is there verbatim


def test_markup_in_the_report_is_escaped() -> None:
    page = to_html(injection_report(injected_original()), injected_original())
    assert page.count("<script>") == 1  # ours, at the end
    assert "<img" not in page and "<iframe" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "script-src 'sha256-" in page and "default-src 'none'" in page


def test_page_is_self_contained() -> None:
    page = to_html(xinglong_report(), XINGLONG.read_text(encoding="utf-8"))
    for needle in ("http://", "https://", "<link", "src="):
        assert needle not in page
    assert "@media (max-width: 820px)" in page and '"Noto Sans CJK SC"' in page


def test_original_is_read_from_the_source_path_when_not_given() -> None:
    page = render(xinglong_report(), "html")
    assert "累计发放资助金1543.98万元" in refs_by_quote(page).values()
    moved = xinglong_report()
    moved.source.path = "/nonexistent/report.txt"
    page = to_html(moved)
    assert "original text could not be read from /nonexistent/report.txt" in page
    assert "1543.98万元" in page and 'id="original"' not in page


def test_index_table_links_and_charts() -> None:
    rows = [
        (xinglong_report(), "000.html"),
        (jingyuan_report(), "001 报告.html"),
        (yuan_report(), "javascript:alert(1)"),
    ]
    page = to_index_html(rows)
    assert '<a href="000.html">兴隆县</a>' in page
    assert '<a href="001 报告.html">靖远县</a>' in page
    assert 'href="./javascript:alert(1)"' in page
    for county in ("兴隆县", "靖远县", "裕安区"):
        assert page.count(county) >= 4  # table row plus one bar label in each of the three charts
    assert "1897.37万元 (Σ 2 projects)" in page  # 靖远县: the projects summed, and labelled so
    assert "108人 (总数 total)" in page and "85人 (特岗)" in page
    assert "— not stated" in page
    assert page.count("<svg") == 3


def test_index_escapes_county_names() -> None:
    report = injection_report(injected_original())
    page = to_index_html([(report, "evil.html")])
    assert page.count("<script>") == 1 and "<img" not in page


# ---------------------------------------------------------------- browser tests


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        missing("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TEST_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(browser, tmp_path: Path, name: str, html: str, width: int = 1400, height: int = 900):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    page.goto(path.as_uri())
    return page


def figure_button(page, value: str):
    """The card item whose readable value is exactly `value`."""
    return page.locator(".item").filter(has=page.locator(".value", has_text=value))


def active_marks(page) -> list[str]:
    return page.locator("#original mark.active").all_text_contents()


def in_view(page, selector: str) -> bool:
    """Is the first match inside the visible part of the scrolling original-text pane?"""
    return page.evaluate(
        """sel => { const el = document.querySelector(sel), box = document.getElementById('original');
            const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
            return r.top >= b.top && r.bottom <= b.bottom && r.top >= 0 && r.bottom <= innerHeight; }""",
        selector,
    )


@pytest.mark.browser
def test_clicking_a_figure_highlights_its_quote(browser, tmp_path: Path, artifacts: Path) -> None:
    report = xinglong_report()
    page = open_page(
        browser, tmp_path, "xinglong.html", to_html(report, XINGLONG.read_text(encoding="utf-8"))
    )
    aid = figure_button(page, "1543.98万元")
    assert aid.locator(".value").get_attribute("title") == "15,439,800 yuan"
    teachers = page.locator(".card.s-teachers .item").filter(has_text="招聘特岗教师85人")
    assert teachers.locator(".value").inner_text() == "85人"

    assert page.locator("#original").text_content() == XINGLONG.read_text(encoding="utf-8")
    aid.click()
    assert active_marks(page) == ["累计发放资助金1543.98万元"]
    ref = aid.get_attribute("data-ref")
    assert in_view(page, f"mark[data-ids~='{ref}']")
    assert "active" in (aid.get_attribute("class") or "")
    page.screenshot(path=str(artifacts / "report_000_xinglong.png"))

    # A quote cut by an overlapping highlight is highlighted as all its pieces.
    page.locator(".item").filter(has_text="申请助学贷款1279.33万元").click()
    assert active_marks(page) == ["申请助学贷款", "1279.33万元"]
    assert page.locator(".item.active").count() == 1

    # And back: clicking a quote in the text marks its figure.
    page.locator("#original mark", has_text="招聘特岗教师85人").click()
    assert page.locator(".item.active .value").inner_text() == "85人"
    assert page.locator(".warnings").filter(has_text="交流轮岗教师50人").is_visible()
    assert page.errors == []
    page.close()


@pytest.mark.browser
def test_traditional_report_highlights_the_original_script(browser, tmp_path: Path, artifacts: Path) -> None:
    page = open_page(
        browser, tmp_path, "chenxi.html", to_html(chenxi_report(), CHENXI.read_text(encoding="utf-8"))
    )
    figure_button(page, "约2070万元").click()
    # The beneficiaries' quote nests inside the amount's, so the amount is highlighted in two pieces.
    assert active_marks(page) == ["共發放33700余人次", "2070余萬元"]
    page.screenshot(path=str(artifacts / "report_003_chenxi.png"))
    assert page.errors == []
    page.close()


@pytest.mark.browser
def test_injected_markup_renders_as_text(browser, tmp_path: Path, artifacts: Path) -> None:
    original = injected_original()
    html = to_html(injection_report(original), original)
    path = tmp_path / "evil.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("h1").inner_text() == INJECTION
    assert page.get_by_text(INJECTION, exact=True).first.is_visible()
    assert "<img src=x onerror=alert(3)>" in page.locator("#original").inner_text()
    assert page.locator("img, iframe").count() == 0
    assert page.evaluate("document.scripts.length") == 1
    page.screenshot(path=str(artifacts / "report_injection.png"))
    page.locator(".card.s-student_aid .item").first.click()
    assert dialogs == []
    page.close()


@pytest.mark.browser
def test_narrow_screen_stacks_the_text_below_the_cards(browser, tmp_path: Path, artifacts: Path) -> None:
    html = to_html(xinglong_report(), XINGLONG.read_text(encoding="utf-8"))
    page = open_page(browser, tmp_path, "narrow.html", html, width=390, height=844)
    cards = page.locator(".cards").bounding_box()
    source = page.locator(".source").bounding_box()
    assert source["y"] >= cards["y"] + cards["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    figure_button(page, "1543.98万元").click()
    assert active_marks(page) == ["累计发放资助金1543.98万元"]
    page.screenshot(path=str(artifacts / "report_000_narrow.png"))
    page.close()


@pytest.mark.browser
def test_index_sorts_and_charts_name_the_counties(browser, tmp_path: Path, artifacts: Path) -> None:
    rows = [
        (xinglong_report(), "000.html"),
        (jingyuan_report(), "001.html"),
        (chenxi_report(), "003.html"),
        (yuan_report(), "004.html"),
    ]
    page = open_page(browser, tmp_path, "index.html", to_index_html(rows))

    def order() -> list[str]:
        return page.locator("#reports tbody th").all_inner_texts()

    assert order() == ["兴隆县", "靖远县", "辰溪县", "裕安区"]
    header = page.locator("#reports thead button").filter(has_text="资助总额 Total aid")
    header.click()
    assert order() == ["兴隆县", "辰溪县", "裕安区", "靖远县"]  # ascending; no figure stays last
    header.click()
    assert order() == ["裕安区", "辰溪县", "兴隆县", "靖远县"]
    page.locator("#reports thead button").filter(has_text="招聘教师").click()
    assert order() == ["兴隆县", "靖远县", "辰溪县", "裕安区"]  # 85 特岗, 108, 136, none
    for key in ("aid", "teachers", "infra"):
        labels = page.locator(f"#chart-{key} svg text.label").all_text_contents()
        assert labels == ["兴隆县 2023", "靖远县 2020", "辰溪县 2022", "裕安区 2024"]
    assert page.locator("#chart-aid rect").count() == 3
    link = page.locator("#reports tbody a").filter(has_text="辰溪县")
    assert link.get_attribute("href") == "003.html"
    page.screenshot(path=str(artifacts / "index.png"), full_page=True)
    assert page.errors == []
    page.close()
