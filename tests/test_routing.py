"""Routing: paragraphs reach the sections they feed on every seed, plans only plans, little duplication."""

from __future__ import annotations

import itertools
from functools import cache

import pytest

from summarizer.normalize import normalize
from summarizer.outline import Kind, Part, split_outline
from summarizer.routing import FIGURE_SECTIONS, route
from tests.corpus import read_seed

SEED_KEYS = ("000", "001", "002", "003", "004")


@cache
def load(key: str) -> tuple[str, list[Part], dict[str, list[Part]]]:
    text = normalize(read_seed(key)).text
    parts = split_outline(text)
    return text, parts, route(parts, text)


def sections_of(key: str, needle: str) -> set[str]:
    text, parts, routes = load(key)
    at = text.index(needle)
    part = next(p for p in parts if p.start <= at < p.end)
    return {section for section, routed in routes.items() if part in routed}


@pytest.mark.parametrize("key", SEED_KEYS)
def test_keys_and_document_order(key):
    _, _, routes = load(key)
    assert tuple(routes) == (*FIGURE_SECTIONS, "plans")
    for routed in routes.values():
        assert all(a.end <= b.start for a, b in itertools.pairwise(routed))  # in order, never overlapping


@pytest.mark.parametrize("key", SEED_KEYS)
def test_duplication_is_low(key):
    _, parts, routes = load(key)
    counts = [sum(part in routed for routed in routes.values()) for part in parts]
    assert max(counts) <= 2
    assert sum(c == 2 for c in counts) <= len(parts) // 5


@pytest.mark.parametrize(
    ("key", "needle", "sections"),
    [
        ("000", "招聘特岗教师85人", {"teachers"}),
        ("000", "累计发放资助金1543.98万元", {"student_aid"}),
        ("000", "投资8375万元", {"infrastructure"}),
        ("000", "(二)大力开展品牌赛事活动", {"sports"}),
        ("000", "(一)加强党员教育管理", {"party_building"}),
        ("001", "(七)师资队伍进一步强化", {"teachers"}),
        ("001", "办理助学贷款14330人", {"student_aid", "teachers"}),
        ("001", "(十二)党风廉政建设进一步夯实", {"party_building"}),
        ("002", "(二)规范中小学党的建设", {"party_building"}),
        ("002", "(一)加快推进学校幼儿园建设步伐", {"infrastructure"}),
        ("002", "(四)学生资助精准贯彻", {"student_aid"}),
        ("002", "(一)全民健身如火如荼", {"sports"}),
        ("003", "八是全面落实各类教育资助政策", {"student_aid"}),
        ("003", "二是进一步改善办学条件", {"infrastructure"}),
        ("003", "六是扎实加强教师队伍建设", {"teachers"}),
        ("004", "1.聚焦党建赋能", {"party_building"}),
        ("004", "5.持续优化教育资源配置", {"infrastructure"}),
        ("004", "6.大力推进群众体育事业发展", {"sports"}),
        ("004", "办理高校家庭经济困难学生国家开发银行生源地信用助学贷款1748笔", {"student_aid"}),
    ],
)
def test_paragraphs_go_to_their_sections(key, needle, sections):
    assert sections_of(key, needle) == sections


def test_party_building_inside_a_teachers_paragraph_goes_to_both():
    assert sections_of("002", "(四)加大党员队伍建设力度") == {"party_building", "teachers"}


def routed_text(key: str, section: str) -> str:
    text, _, routes = load(key)
    return "".join(text[p.start : p.end] for p in routes[section])


def test_a_sentence_another_section_claims_alone_goes_there_too():
    """003's teachers paragraph ends with the year's disciplinary cases: that sentence, and only it,
    reaches party building as well."""
    assert sections_of("003", "一年来教育系统共组织处理20人") == {"teachers"}
    party = routed_text("003", "party_building")
    assert "一年来教育系统共组织处理20人,批评教育14人,政务处分6人" in party
    assert "新提拔10名年轻有为的90后教师" not in party


def test_a_one_sentence_part_routes_as_a_whole():
    """A part of one sentence says one thing: it needs the paragraph threshold, not one word."""
    text = (
        "现将2020年民生实事项目建设情况公示如下:\n1、省实事工程:扩大公办学前教育资源,增加公办幼儿园学位970个。\n"
        "2、市实事工程:建成社会足球场7个。\n"
    )  # w82, one of its items
    parts = split_outline(text)
    routed = "".join(text[p.start : p.end] for p in route(parts, text)["infrastructure"])
    assert "学位970个" not in routed


@pytest.mark.parametrize(
    ("key", "needle"),
    [
        ("000", "一是发展学前普惠教育"),  # 学前教育
        ("000", "二是推进德育建设改革"),  # 德育
        ("002", "(三)校园安全常抓不懈"),  # 安全
        ("002", "(一)德育为先落到实处"),
        ("003", "一是全力推进教育优质均衡发展"),  # 教学质量
    ],
)
def test_unrelated_topics_go_nowhere(key, needle):
    assert sections_of(key, needle) == set()


@pytest.mark.parametrize(
    ("key", "needle"),
    [
        ("001", "(一)探索实施县管校聘改革"),
        ("001", "(八)加强中小学管理队伍建设"),
        ("004", "着力加强教师队伍建设"),
    ],
)
def test_plans_go_only_to_plans(key, needle):
    assert sections_of(key, needle) == {"plans"}


def test_plans_sections_are_complete_and_problems_go_nowhere():
    _, parts, routes = load("001")
    assert routes["plans"] == [p for p in parts if p.kind is Kind.PLANS]
    assert sections_of("001", "二是项目建设规划机制亟待完善") == set()
    assert sections_of("001", "一是城乡教育一体化发展水平有待提升") == set()
    assert not load("000")[2]["plans"] and not load("003")[2]["plans"]


def test_ancestor_heading_routes_a_sub_item():
    text = "一、主要工作\n(一)加强教师队伍建设\n全年新进85人,其中音体美专业25人。\n"
    parts = split_outline(text)
    assert parts[-1].heading == "" and parts[-1].path == ("一、主要工作", "(一)加强教师队伍建设")
    assert route(parts, text)["teachers"] == [parts[-1]]  # the heading parts state no figure


def test_a_part_without_any_figure_goes_nowhere():
    text = "(一)加强党员教育管理。强化党员理论学习,严格落实三会一课制度,党组织建设不断加强。"
    assert not any(route(split_outline(text), text).values())


# --- texts with no outline: routed by their sentences --------------------------------------------


def routed_texts(text: str) -> dict[str, list[str]]:
    return {
        s: [text[p.start : p.end] for p in parts] for s, parts in route(split_outline(text), text).items()
    }


def test_a_single_paragraph_reaches_every_section_it_has_a_figure_for():
    text = (
        "凤溪县教育局2022年工作情况\n全年我县新建小学1所、幼儿园2所,新增学位990个。招聘教师68名,"
        "培训教师2100人次。发放各类资助资金580万元,惠及学生7300人次。全县教育系统发展党员14名。"
        "组织中小学生篮球联赛,参赛队伍42支。\n"
    )
    assert routed_texts(text) == {
        "party_building": ["全县教育系统发展党员14名。"],
        "teachers": ["招聘教师68名,培训教师2100人次。"],
        "infrastructure": ["全年我县新建小学1所、幼儿园2所,新增学位990个。"],
        "student_aid": ["发放各类资助资金580万元,惠及学生7300人次。"],
        "sports": ["组织中小学生篮球联赛,参赛队伍42支。\n"],
        "plans": [],
    }


def test_one_figure_in_a_short_page_is_routed():
    text = "回眸2021丨我县教育这一年\n2021年,全县发放各类学生资助资金960万元。\n"
    assert routed_texts(text)["student_aid"] == ["2021年,全县发放各类学生资助资金960万元。\n"]


@pytest.mark.parametrize(
    "sentence",
    [
        "半年来,共投入教育民生项目建设资金17936.85万元。",
        "全年全区财政投入经费239718万元,其中项目建设资金75383万元。",
    ],
)
def test_project_building_money_reaches_infrastructure(sentence):
    """项目建设 is 建设项目 in the other order: the building money of a year review."""
    assert routed_texts(sentence)["infrastructure"] == [sentence]


def test_the_weak_schools_programme_routes_a_paragraph_to_infrastructure():
    """改薄 names the national programme for weak schools (w53, w64, w23): with 新建 it clears the bar."""
    text = (
        "一、教育民生\n在市、县级考评中获得佳绩。安排学前教育资金1073万元,新建幼儿园4所;"
        "拨付全面改薄资金3912万元。\n二、存在的问题\n经费不足。\n"
    )
    assert routed_texts(text)["infrastructure"] == [
        "在市、县级考评中获得佳绩。安排学前教育资金1073万元,新建幼儿园4所;拨付全面改薄资金3912万元。\n"
    ]


def test_neighbouring_sentences_of_one_section_are_joined():
    text = "全年招聘教师85名;其中特岗教师40名。发放资助资金300万元。培训教师1200人次。"
    assert routed_texts(text)["teachers"] == ["全年招聘教师85名;其中特岗教师40名。", "培训教师1200人次。"]


def test_sentences_without_a_figure_or_with_only_generic_words_go_nowhere():
    text = "全县教育系统扎实推进资助工作。开展各类培训3次。举办活动12场。"
    assert not any(routed_texts(text).values())


@pytest.mark.parametrize("key", SEED_KEYS)
def test_a_chapter_cut_from_a_report_is_routed_as_in_the_whole_report(key):
    """An excerpt that starts at a chapter heading ("三、2021年工作要点") keeps its routing."""
    text, parts, routes = load(key)
    whole = {(p.start, p.end): {s for s, r in routes.items() if p in r} for p in parts}
    starts = [p.start for p in parts if p.level == 1 and p.heading] + [len(text)]
    for start, end in itertools.pairwise(starts):
        excerpt = text[start:end]
        excerpt_parts = split_outline(excerpt)
        excerpt_routes = route(excerpt_parts, excerpt)
        for p in excerpt_parts:
            sections = {s for s, r in excerpt_routes.items() if p in r}
            assert sections == whole[(p.start + start, p.end + start)], excerpt[p.start : p.start + 30]


@pytest.mark.parametrize("chars", [700, 1500, 3000])
@pytest.mark.parametrize("key", SEED_KEYS)
def test_the_opening_of_a_report_is_routed_as_in_the_whole_report(key, chars):
    """Every paragraph an excerpt holds whole goes where it goes in the full report."""
    text, parts, routes = load(key)
    whole = {(p.start, p.end): {s for s, r in routes.items() if p in r} for p in parts}
    excerpt = text[:chars]
    excerpt_parts = split_outline(excerpt)
    excerpt_routes = route(excerpt_parts, excerpt)
    complete = excerpt_parts[:-1]  # the last one is cut
    assert complete
    for p in complete:
        assert {s for s, r in excerpt_routes.items() if p in r} == whole[(p.start, p.end)]
