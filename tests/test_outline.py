"""Outline: headings found at every level on the seeds, numbers never taken for headings, kinds right."""

from __future__ import annotations

import itertools
import re
from functools import cache

import pytest

from summarizer.normalize import normalize
from summarizer.outline import Kind, Part, chinese_number, split_outline, split_sentences
from tests.corpus import read_seed

SEED_KEYS = ("000", "001", "002", "003", "004")


@cache
def load(key: str) -> tuple[str, list[Part]]:
    text = normalize(read_seed(key)).text
    return text, split_outline(text)


def part_at(key: str, needle: str) -> Part:
    text, parts = load(key)
    at = text.index(needle)
    return next(p for p in parts if p.start <= at < p.end)


def headings(key: str, level: int) -> list[str]:
    return [p.heading for p in load(key)[1] if p.level == level and p.heading]


@pytest.mark.parametrize("key", SEED_KEYS)
def test_parts_cover_the_text_in_order_without_overlap(key):
    text, parts = load(key)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    assert all(p.text(text).strip() for p in parts)
    for part in parts:
        if part.heading:
            assert part.text(text).lstrip().startswith(part.heading) and part.path[-1] == part.heading


@pytest.mark.parametrize("key", SEED_KEYS)
def test_decimal_numbers_are_never_headings(key):
    text, parts = load(key)
    starts = {p.start for p in parts if p.heading}
    decimals = [m.start() for m in re.finditer(r"\d+\.\d", text)]
    assert decimals and not starts.intersection(decimals)
    assert all(not re.match(r"\d+\.\d", p.heading) for p in parts)


def test_seed_000_clean_outline():
    assert headings("000", 1) == [
        "一、以提升办学质量为目标,大力推进教育改革",
        "二、以强化全民健身为引领,开展特色体育活动",
        "三、以党风廉政建设为保障,不断提升服务水平",
    ]
    assert headings("000", 2)[:2] == [
        "(一)狠抓教育改革,教育活力有效激发。",
        "(二)狠抓队伍建设,职业素养显著提升。",
    ]
    teachers = part_at("000", "招聘特岗教师85人")
    assert teachers.level == 5 and teachers.kind is Kind.RESULTS
    assert teachers.path == (
        "一、以提升办学质量为目标,大力推进教育改革",
        "(二)狠抓队伍建设,职业素养显著提升。",
        "二是优化教师编制配置。",
    )
    assert (
        part_at("000", "一是推进干部制度改革").heading == "一是推进干部制度改革,"
    )  # inline item: first clause
    assert part_at("000", "累计培训教师1.4万余人次").heading == "三是强化业务培训。"
    _, parts = load("000")
    assert [p.kind for p in parts[:2]] == [Kind.PREAMBLE, Kind.PREAMBLE]
    assert parts[0].text(load("000")[0]).startswith("兴隆县教育和体育2023年工作总结")
    assert {p.kind for p in parts[2:]} == {Kind.RESULTS}


def test_seed_001_flattened_paragraph_is_split_with_problems_and_plans():
    assert headings("001", 1) == ["一、2020年工作完成情况", "二、存在的困难和问题", "三、2021年工作要点"]
    results = [p.heading for p in load("001")[1] if p.level == 2 and p.kind is Kind.RESULTS]
    assert len(results) == 12
    assert results[0] == "(一)持续落实立德树人根本任务。" and results[6] == "(七)师资队伍进一步强化。"
    assert results[11] == "(十二)党风廉政建设进一步夯实。"
    problem = part_at("001", "一是城乡教育一体化发展水平有待提升")
    assert problem.kind is Kind.PROBLEMS and problem.path[0] == "二、存在的困难和问题"
    plans = part_at("001", "(一)探索实施县管校聘改革")
    assert plans.kind is Kind.PLANS and plans.path == ("三、2021年工作要点", "(一)探索实施县管校聘改革。")
    assert len([p for p in load("001")[1] if p.kind is Kind.PLANS and p.level == 2]) == 9
    assert part_at("001", "2020年,全县教育工作以全力提升").kind is Kind.PREAMBLE


def test_seed_002_colon_labels_and_seven_chapters():
    assert len(headings("002", 1)) == 7
    assert headings("002", 1)[-1] == "七、坚持固本强基,各项工作取得新成效"
    assert part_at("002", "科学认定57所普惠性幼儿园").heading == "(一)学前教育:"
    assert {p.kind for p in load("002")[1] if p.level} == {Kind.RESULTS}


def test_seed_003_traditional_outline_is_one_to_eight_shi():
    level5 = headings("003", 5)
    assert len(level5) == 8 and not headings("003", 1) and not headings("003", 2)
    assert level5[0] == "一是全力推进教育优质均衡发展。"
    assert level5[5] == "六是扎实加强教师队伍建设。"
    assert level5[7] == "八是全面落实各类教育资助政策。"
    assert part_at("003", "过去一年").kind is Kind.PREAMBLE
    assert part_at("003", "2070余万元").path == ("八是全面落实各类教育资助政策。",)


def test_seed_004_numbered_items_inside_parenthesised_sections():
    assert headings("004", 1) == ["一、2024年工作开展情况", "二、2025年工作打算"]
    first = [p for p in load("004")[1] if p.level == 3 and p.path[1].startswith("(一)")]
    assert [p.heading for p in first][1:] == [
        "2.聚焦师德铸魂,师德师风建设持续强化。",
        "3.聚焦重点领域,党风廉政建设全面推进。",
    ]
    assert first[0].heading.startswith("1.聚焦党建赋能")
    item = part_at("004", "4.不断加强教师队伍建设")
    assert item.level == 3 and item.path[1].startswith("(二)聚焦立德树人的根本任务")
    plans = [p for p in load("004")[1] if p.kind is Kind.PLANS]
    assert plans[0].heading == "二、2025年工作打算" and len(plans) == 9
    assert plans[-1].text(load("004")[0]).startswith("着力推动群众体育工作再上新台阶")


def test_enumerations_inside_sentences_are_not_headings():
    text = "坚持统一、规范管理,统一是基础。\n一、二年级学生全部参加。本年度共有1、2两批。\n"
    parts = split_outline(text)
    assert [(p.heading, p.kind) for p in parts] == [("", Kind.PREAMBLE), ("", Kind.PREAMBLE)]


def test_numbering_must_continue_its_sequence():
    text = "一、总体情况\n(一)教育改革。正文。\n(三)跳号不算。\n(二)队伍建设。正文。\n"
    assert [p.heading for p in split_outline(text) if p.heading] == [
        "一、总体情况",
        "(一)教育改革。",
        "(二)队伍建设。",
    ]


def test_inline_first_second_items_split_a_paragraph():
    text = "(一)改善条件。主要做了两件事,第一,新建校舍。第二,购置设备。"
    parts = split_outline(text)
    assert [(p.level, p.heading) for p in parts] == [
        (2, "(一)改善条件。"),
        (5, "第一,新建校舍。"),
        (5, "第二,购置设备。"),
    ]


def test_unnumbered_chapter_lines_and_nested_problem_and_plan_headings():
    text = (
        "一、工作成效\n(一)教师队伍。招聘教师85人。\n"
        "四、存在问题和下一步打算\n(一)存在的问题。学位不足。\n(二)下一步工作打算。新建学校。\n"
        "下一步工作打算\n加强党建。\n"
    )
    kinds = {p.text(text).strip(): p.kind for p in split_outline(text)}
    assert kinds["(一)教师队伍。招聘教师85人。"] is Kind.RESULTS
    assert kinds["(一)存在的问题。学位不足。"] is Kind.PROBLEMS
    assert kinds["(二)下一步工作打算。新建学校。"] is Kind.PLANS
    assert kinds["加强党建。"] is Kind.PLANS


def test_bare_next_year_chapter_is_plans():
    text = "2020年工作总结\n一、2020年工作情况\n(一)做法。正文。\n二、2021年工作\n(一)目标。正文。\n"
    kinds = [(p.heading, p.kind) for p in split_outline(text) if p.heading]
    assert kinds[-2:] == [("二、2021年工作", Kind.PLANS), ("(一)目标。", Kind.PLANS)]
    assert kinds[0] == ("一、2020年工作情况", Kind.RESULTS)


def test_a_chapter_about_the_next_year_is_plans_whatever_it_calls_them():
    """A PDF speech's closing chapter names neither 打算 nor 要点, only the coming year."""
    text = (
        "2020年教育工作总结\n一、2020年主要成绩\n(一)招聘教师85人。\n"
        "二、2021年重点抓好的几项工作\n(一)新建学校2所。\n三、2020年工作开展情况回顾\n(一)正文。\n"
    )
    kinds = {p.heading: p.kind for p in split_outline(text) if p.heading}
    assert kinds["二、2021年重点抓好的几项工作"] is Kind.PLANS
    assert kinds["(一)新建学校2所。"] is Kind.PLANS
    assert kinds["一、2020年主要成绩"] is Kind.RESULTS
    assert kinds["三、2020年工作开展情况回顾"] is Kind.RESULTS


def test_a_news_page_s_unnumbered_year_and_span_chapters():
    """A news page that reprints a government report's sections heads them with bare lines: the year's
    review holds results, the 十三五 review the span's figures, and the next year's key work its plans."""
    text = (
        "今年的政府工作报告有哪些教育元素?\n01\n\n2020年工作回顾\n\n新增义务教育公办学位12570个。\n"
        "02\n\n“十三五”主要工作回顾\n\n增加公办义务教育学位4.8万余个。\n"
        "04\n\n2021年重点工作\n\n建设8所学校,新增学位5760个。\n"
    )
    kinds = {p.text(text).strip(): p.kind for p in split_outline(text)}
    assert kinds["新增义务教育公办学位12570个。"] is Kind.RESULTS
    assert kinds["增加公办义务教育学位4.8万余个。"] is Kind.PERIOD
    assert kinds["建设8所学校,新增学位5760个。"] is Kind.PLANS


def test_a_year_alone_on_its_line_heads_a_chapter_and_a_shortfall_made_good_is_no_problem():
    """w94 heads its year "2024年" and the next "2025年"; 补充学位短板 (making up the shortfall of
    places) is the year's work, not a chapter of problems."""
    text = (
        "2024年\n加快项目建设、补充学位短板\n二是二中等5所学校建成投用。\n"
        "2025年\n强力扩充公办学位\n年底完成风雨操场建设。\n"
    )
    kinds = {p.text(text).strip(): p.kind for p in split_outline(text)}
    assert kinds["二是二中等5所学校建成投用。"] is Kind.RESULTS
    assert kinds["年底完成风雨操场建设。"] is Kind.PLANS


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("二、“十三五”期间工作开展情况", Kind.PERIOD),
        ("二、五年来工作成效", Kind.PERIOD),
        ("二、一年来工作成效", Kind.RESULTS),  # 一年来 is the report year itself
        ("二、编制“十四五”教育发展规划", Kind.RESULTS),  # drafting the plan is this year's work
        ("二、“十三五”收官之年工作成效", Kind.RESULTS),  # the span's last year is the report year
    ],
)
def test_a_chapter_on_a_span_of_years_is_not_the_year_s_results(heading, kind):
    text = f"一、2020年工作情况\n(一)招聘教师85人。\n{heading}\n(一)新建学校12所。\n"
    assert next(p.kind for p in split_outline(text) if p.heading == "(一)新建学校12所。") is kind


@pytest.mark.parametrize(
    ("numeral", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("百", 0)]
)
def test_chinese_numbers(numeral, value):
    assert chinese_number(numeral) == value


def test_sentences_cover_the_text_and_a_pdf_line_break_does_not_end_one():
    text = "凤溪县教育局2022年工作情况\n全年新建小学1所。招聘教师68名,培训教师2100\n人次;发放资金580万元。"
    pieces = [text[p.start : p.end] for p in split_sentences(text, 0, len(text))]
    assert pieces == [
        "凤溪县教育局2022年工作情况\n",
        "全年新建小学1所。",
        "招聘教师68名,培训教师2100\n人次;",
        "发放资金580万元。",
    ]


def test_headings_after_pdf_line_numbers_are_found():
    text = (
        "1  在全县教育工作会议上的讲话\n2  一、2020年工作取得新成效\n3  全年新建校舍2.6万平方米。\n"
        "4  二、存在的问题\n5  农村学校教师不足。\n6  三、2021年工作打算\n7  年内建成县第三小学。\n"
    )
    kinds = [(p.heading, p.kind) for p in split_outline(text) if p.heading]
    assert kinds == [
        ("一、2020年工作取得新成效", Kind.RESULTS),
        ("二、存在的问题", Kind.PROBLEMS),
        ("三、2021年工作打算", Kind.PLANS),
    ]


def test_an_excerpt_may_start_at_any_chapter_number():
    text = "三、2021年工作要点\n(一)新建学校2所。\n(二)招聘教师100名。\n"
    parts = split_outline(text)
    assert [p.heading for p in parts] == ["三、2021年工作要点", "(一)新建学校2所。", "(二)招聘教师100名。"]
    assert {p.kind for p in parts} == {Kind.PLANS}


def test_only_the_first_heading_may_skip_numbers():
    text = "一、主要工作\n全年新建学校2所。三、这不是标题\n二、存在的问题\n"
    assert [p.heading for p in split_outline(text) if p.heading] == ["一、主要工作", "二、存在的问题"]
