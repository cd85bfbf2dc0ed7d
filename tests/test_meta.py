"""Meta is read deterministically from title, header and headings, in whatever shape the text comes.

The expected values below were checked by hand against the seed texts:
  000 title "兴隆县教育和体育2023年工作总结" (the bureau's full name is in the header's 发布机构),
      成文日期 2024-01-15, no plans section (it closes with "接下来,我们将继续…").
  001 has no title line: the year comes from "2020年,全县教育工作…" / "一、2020年工作完成情况",
      the plans from "三、2021年工作要点"; 发布机构 靖远县教育局 is split over lines by table debris.
  002 title "张店区教育和体育局2019年工作总结", published a year late (发文日期 2020-12-15).
  003 is Traditional: 2022年度教育工作總結, 信息來源:辰溪縣教育局, 發布時間 2023-01-19.
  004 "【…】六安市裕安区教体局2024年工作总结和2025年工作打算", 信息来源 裕安区教育体育局.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from opencc import OpenCC

from summarizer.meta import Found, county_names, extract_meta, find_published_date
from summarizer.models import Meta
from summarizer.normalize import normalize
from tests.corpus import CORPUS

GATE_ACCEPT = Path(__file__).parent / "data" / "gate" / "accept"

T2S = OpenCC("t2s")

EXPECTED = {
    "000_3212bd501dfd8a03.txt": {
        "county": "兴隆县",
        "bureau": "兴隆县教育和体育局",
        "title": "兴隆县教育和体育2023年工作总结",
        "report_year": 2023,
        "plan_year": None,
        "published_date": "2024-01-15",
        "source_script": "simplified",
        "sources": {
            "county": "header",
            "bureau": "header",
            "title": "title",
            "report_year": "title",
            "published_date": "header",
        },
        "inferred": [],
    },
    "001_572525cebf333663.txt": {
        "county": "靖远县",
        "bureau": "靖远县教育局",
        "title": None,
        "report_year": 2020,
        "plan_year": 2021,
        "published_date": "2021-01-28",
        "source_script": "simplified",
        "sources": {
            "county": "header",
            "bureau": "header",
            "report_year": "body",
            "plan_year": "body",
            "published_date": "header",
        },
        "inferred": [],
    },
    "002_095e9da9a0d42760.txt": {
        "county": "张店区",
        "bureau": "张店区教育和体育局",
        "title": "张店区教育和体育局2019年工作总结",
        "report_year": 2019,
        "plan_year": None,
        "published_date": "2020-12-15",
        "source_script": "simplified",
        "sources": {
            "county": "header",
            "bureau": "header",
            "title": "title",
            "report_year": "title",
            "published_date": "header",
        },
        "inferred": [],
    },
    "003_09e0f9ef3a112f46.txt": {
        "county": "辰溪县",
        "bureau": "辰溪县教育局",
        "title": "2022年度教育工作总结",
        "report_year": 2022,
        "plan_year": None,
        "published_date": "2023-01-19",
        "source_script": "traditional",
        "sources": {
            "county": "header",
            "bureau": "header",
            "title": "title",
            "report_year": "title",
            "published_date": "header",
        },
        "inferred": [],
    },
    "004_04d5a50fa9346fb7.txt": {
        "county": "裕安区",
        "bureau": "裕安区教育体育局",
        "title": "六安市裕安区教体局2024年工作总结和2025年工作打算",
        "report_year": 2024,
        "plan_year": 2025,
        "published_date": "2025-01-02",
        "source_script": "simplified",
        "sources": {
            "county": "header",
            "bureau": "header",
            "title": "title",
            "report_year": "title",
            "plan_year": "body",
            "published_date": "header",
        },
        "inferred": [],
    },
}


def read_seed(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def simple_normalise(original: str) -> str:
    return T2S.convert(unicodedata.normalize("NFKC", original))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_meta_on_plain_normalised_text(name):
    script = EXPECTED[name]["source_script"]
    meta = extract_meta(simple_normalise(read_seed(name)), "", script)
    assert meta.model_dump() == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_meta_through_the_package_normaliser(name):
    from summarizer.normalize import normalize  # the pipeline's own path: header split off the text

    nt = normalize(read_seed(name))
    assert nt.script == EXPECTED[name]["source_script"]
    assert extract_meta(nt.text, nt.header, nt.script).model_dump() == EXPECTED[name]


def test_empty_text_gives_empty_meta():
    meta = extract_meta("")
    assert meta.model_dump(exclude={"source_script", "sources", "inferred"}) == dict.fromkeys(
        ("county", "bureau", "title", "report_year", "plan_year", "published_date")
    )
    assert (meta.sources, meta.inferred) == ({}, [])


def test_header_supplies_bureau_and_date_when_text_lacks_them():
    header = "索引号: 13564028/2024-00187 发布机构: 兴隆县教育和体育局 成文日期: 2024-01-15"
    text = "兴隆县教育和体育2023年工作总结\n一年来,在县委、县政府的坚强领导下,各项工作扎实开展。"
    meta = extract_meta(text, header)
    assert (meta.bureau, meta.county, meta.published_date) == ("兴隆县教育和体育局", "兴隆县", "2024-01-15")
    assert (meta.report_year, meta.plan_year) == (2023, None)


def test_next_year_plans_heading_without_a_year():
    text = "某县教育局2022年工作总结\n一、主要成绩\n全年新建学校3所。\n二、明年工作打算\n继续推进。"
    meta = extract_meta(text)
    assert (meta.report_year, meta.plan_year, meta.bureau, meta.county) == (2022, 2023, "某县教育局", "某县")


def test_plan_heading_year_must_follow_the_report_year():
    text = "某县教育局2022年工作总结\n一是印发《2022年清廉学校建设工作要点》。"
    assert extract_meta(text).plan_year is None


def test_closing_date_is_used_without_a_header():
    text = "某区教育局2020年工作总结\n2020年,全区教育工作稳步推进,成效明显。\n某区教育局\n2020年12月30日\n"
    assert find_published_date("", text) == Found("2020-12-30", "body")
    assert extract_meta(text).published_date == "2020-12-30"


def test_issue_date_is_preferred_over_the_page_date():
    header = "发布时间: 2024-01-20 10:00 成文日期: 2024-01-15"
    assert find_published_date(header, "") == Found("2024-01-15", "header")


def test_county_is_the_county_level_name_not_the_city():
    meta = extract_meta("六安市裕安区教育体育局2024年工作总结\n2024年,全区教育工作稳步推进。")
    assert (meta.county, meta.bureau) == ("裕安区", "六安市裕安区教育体育局")


# --- every shape a report arrives in ------------------------------------------------------------


def meta_of(raw: str) -> Meta:
    """Meta the way the pipeline reads it: normalised, the web header split off."""
    nt = normalize(raw)
    return extract_meta(nt.text, nt.header, nt.script)


@pytest.mark.parametrize("chars", [600, 700, 800])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_excerpt_of_a_corpus_report_gives_county_and_year(name, chars):
    meta = meta_of(read_seed(name)[:chars])
    assert (meta.county, meta.report_year) == (EXPECTED[name]["county"], EXPECTED[name]["report_year"])
    assert meta.plan_year is None  # the plans are further down: not present, not set


def test_title_with_results_and_plans_joined_by_ji():
    title = "武河县教育体育局2022年工作总结暨2023年工作计划\n"
    results = "2022年,全县教育体育系统稳步推进各项工作。\n一、2022年工作总结\n新建学校2所。\n"
    plans = "二、2023年工作计划\n新建幼儿园1所。\n"
    meta = meta_of(title + results + plans)
    assert (meta.county, meta.bureau, meta.report_year, meta.plan_year) == (
        "武河县",
        "武河县教育体育局",
        2022,
        2023,
    )
    assert meta.sources == {
        "county": "title",
        "bureau": "title",
        "title": "title",
        "report_year": "title",
        "plan_year": "body",
    }
    assert meta_of(title + results).plan_year is None  # the title promises plans the excerpt lacks


def test_county_only_in_the_site_banner():
    raw = (
        "梧川县人民政府门户网站\n首页 > 政务公开 > 部门动态\n2019年度教育工作总结\n"
        "一年来,县教育局坚持以办人民满意的教育为目标,各项工作稳步推进。\n"
    )
    meta = meta_of(raw)
    assert (meta.county, meta.title, meta.report_year) == ("梧川县", "2019年度教育工作总结", 2019)
    assert (meta.sources["county"], meta.sources["title"], meta.sources["report_year"]) == (
        "header",
        "title",
        "title",
    )


@pytest.mark.parametrize(
    "field",
    [
        "发文机关:东岭县教育局",
        "来源:东岭县融媒体中心",
        "信息来源:东岭县人民政府办公室",
        "所属机构:东岭县教育局",
    ],
)
def test_county_from_an_index_field(field):
    raw = f"{field}\n2021年教育工作总结\n过去一年,全县教育系统扎实推进各项工作,新建学校3所。\n"
    meta = meta_of(raw)
    assert (meta.county, meta.sources["county"], meta.report_year) == ("东岭县", "header", 2021)


def test_bureau_abbreviation_title_with_only_the_plan_year():
    raw = (
        "教体局工作总结及2021年工作安排\n一、主要工作\n全年新建学校2所。\n"
        "二、2021年工作安排\n启动两所小学改扩建。\n"
    )
    meta = meta_of(raw)
    assert (meta.report_year, meta.plan_year) == (2020, 2021)
    assert meta.sources["report_year"] == "title" and meta.inferred == ["report_year"]


def test_year_and_county_from_the_first_sentence():
    meta = meta_of("2021年,我县教育系统以双减为抓手。全县63所中小学开展课后服务。苍岩县教育局将继续努力。\n")
    assert (meta.report_year, meta.sources["report_year"]) == (2021, "body")
    assert (meta.county, meta.sources["county"]) == ("苍岩县", "body")


def test_year_from_a_results_heading():
    raw = "同志们:\n今天召开全县教育工作会议。\n一、2020年全县教育工作取得新成效\n全年新建校舍2.6万平方米。\n"
    meta = meta_of(raw)
    assert (meta.report_year, meta.sources["report_year"], meta.inferred) == (2020, "body", [])


def test_this_year_with_a_publication_date_is_inferred():
    text = "今年以来,石门坎县教育局扎实推进各项工作,全县新建学校2所。\n"
    meta = meta_of("发布时间:2023-12-18 16:40\n" + text)
    assert (meta.report_year, meta.published_date) == (2023, "2023-12-18")
    assert meta.sources["report_year"] == "date" and meta.inferred == ["report_year"]
    assert meta_of(text).report_year is None  # 今年 without a date says no year


def test_looking_back_title_and_banner_source_field():
    meta = meta_of(
        "回眸2021丨我县教育这一年\n发布时间:2022-01-05 09:12 来源:东岭县融媒体中心\n"
        "2021年,我县新建幼儿园4所。\n"
    )
    assert (meta.county, meta.report_year, meta.published_date) == ("东岭县", 2021, "2022-01-05")
    assert meta.sources == {
        "county": "header",
        "title": "title",
        "report_year": "title",
        "published_date": "header",
    }


def test_document_sharing_page_breadcrumb_is_not_the_title():
    raw = (
        "首页 > 实用文档 > 工作总结 > 教育工作总结\n柳源县教育局2020年工作总结及2021年工作思路\n"
        "上传者:wenmi 上传时间:2021-02-03 页数:5页\n2020年,我县教育系统圆满完成了年度目标任务。\n"
    )
    meta = meta_of(raw)
    assert meta.title == "柳源县教育局2020年工作总结及2021年工作思路"
    assert (meta.county, meta.sources["county"], meta.report_year, meta.plan_year) == (
        "柳源县",
        "title",
        2020,
        None,
    )


def test_pinyin_glosses_do_not_hide_the_bureau():
    raw = (
        "雲(yún)嶺(lǐng)縣(xiàn)教(jiào)育(yù)局(jú)\n"
        "上(shàng)學(xué)年(nián)全(quán)縣(xiàn)共(gòng)資(zī)助(zhù)學(xué)生(shēng)1.2萬(wàn)人(rén)次(cì)。\n"
    )
    meta = meta_of(raw)
    assert (meta.county, meta.bureau, meta.source_script) == ("云岭县", "云岭县教育局", "traditional")


def test_pdf_line_numbers_do_not_hide_the_title():
    raw = (
        "1  鹤鸣县教育局2020年工作总结\n2  过去一年,全县教育系统克服疫情影响,\n"
        "3  各项工作取得了明显进展。\n— 1 —\n"
    )
    meta = meta_of(raw)
    assert (meta.title, meta.county, meta.report_year) == ("鹤鸣县教育局2020年工作总结", "鹤鸣县", 2020)


def test_aid_centre_and_other_issuers_name_their_county_in_the_title():
    meta = meta_of("桐山县学生资助管理中心2022年工作总结\n2022年,县学生资助管理中心认真落实资助政策。\n")
    assert (meta.county, meta.bureau, meta.report_year) == ("桐山县", None, 2022)
    assert meta.sources == {"county": "title", "title": "title", "report_year": "title"}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("山西省长治市黎城县教育体育局", ["黎城县"]),
        ("六安市裕安区教体局", ["裕安区"]),
        ("江苏省沛县第一中学", ["沛县"]),
        ("呼伦贝尔市鄂伦春自治旗教育局", ["鄂伦春自治旗"]),
        ("全县和我区的城区学校、山区学校、开发区、示范区", []),
        ("县域内、区级、县城、县直各学校", []),
        ("持续推进靖远县教育优质均衡", ["靖远县"]),
        ("项目紧邻县实验小学,局部地区有大雨", []),
        # a mountain's district read whole is the district; the noun 山区 keeps the word before it
        ("二是投资14000万元,邯山区智慧城小学建成投用", ["邯山区"]),
        ("地处广东山区的偏远山区学校", []),
    ],
)
def test_county_names_stop_at_boundaries_and_skip_generic_words(text, names):
    assert county_names(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("科尔沁右翼前旗教育体育局", ["科尔沁右翼前旗"]),  # was 翼前旗: four characters and more were cut
        ("组织学生赴鄂托克前旗参加自治区中小学生运动会", ["鄂托克前旗"]),  # in running text: was 克前旗
        ("乌鲁木齐县教育局", ["乌鲁木齐县"]),
        ("郑州市管城回族区教育局", ["管城回族区"]),
        ("关于印发黎城县教育局2023年工作总结的通知", ["黎城县"]),  # not 印发黎城县: the list only extends
        ("在新城区和XY新区", []),  # a name the reading rejects is not brought back by a short listed one
        ("包头市白云鄂博矿区、上海市浦东新区", ["白云鄂博矿区", "浦东新区"]),  # listed: not a kind of zone
        ("内蒙古自治区教育厅", []),  # a province, not a county
    ],
)
def test_a_long_county_name_on_the_list_of_counties_is_read_whole(text, names):
    assert county_names(text) == names


def test_a_banner_county_in_the_title_is_the_reports_county():
    meta = meta_of("科尔沁右翼前旗教育体育局二〇二二年工作总结\n一、2022年工作开展情况\n全年招聘教师50人。")
    assert (meta.county, meta.bureau) == ("科尔沁右翼前旗", "科尔沁右翼前旗教育体育局")
    assert meta.report_year == 2022


def test_meta_from_before_sources_still_loads():
    old = {"county": "兴隆县", "bureau": None, "title": None, "report_year": 2023, "plan_year": None}
    meta = Meta.model_validate({**old, "published_date": None, "source_script": "simplified"})
    assert (meta.county, meta.sources, meta.inferred) == ("兴隆县", {}, [])


def test_an_inferred_report_year_is_marked_in_every_format():
    from summarizer.models import Report, SourceInfo
    from summarizer.render.html import header_html
    from summarizer.render.markdown import to_markdown

    meta = meta_of("发布时间:2023-12-18 16:40\n今年以来,石门坎县教育局扎实推进各项工作,全县新建学校2所。\n")
    report = Report(source=SourceInfo(path="r.txt", sha256="0" * 64, encoding="utf-8", chars=1), meta=meta)
    assert "- 年度 Report year: 2023 (inferred); plans for —" in to_markdown(report)
    assert "<dd>2023 (inferred)</dd>" in header_html(report)


def test_a_bureau_in_the_body_starts_at_its_county_and_names_one():
    meta = meta_of("一年来,持续推进靖远县教育局各项改革,全县教育局系统新建学校3所。\n")
    assert (meta.bureau, meta.county, meta.sources["bureau"]) == ("靖远县教育局", "靖远县", "body")
    assert meta_of("一年来,全县教育局系统新建学校3所,招聘教师50名。\n").bureau is None


def test_honour_titles_ending_in_county_are_not_county_names():
    assert county_names("成功创建全国义务教育优质均衡发展县和省级示范县,跻身百强县") == []


def test_a_place_the_county_goes_to_or_works_with_is_not_its_county():
    """004's middle slice names only its partner district (赴松江区跟岗, 与松江区互访, 到/参加包河区…) and
    鄂豫皖苏区, a historical region: no county is better than a wrong one."""
    middle = (GATE_ACCEPT / "corpus_004_middle.txt").read_text(encoding="utf-8")
    assert "松江区" in middle and "包河区" in middle
    assert meta_of(middle).county is None
    text = "2021年,柯桥区选派20名教师赴松江区跟岗学习,与松江区开展互访交流3次。"
    assert meta_of(text).county == "柯桥区"


@pytest.mark.parametrize(("prefix", "year"), [("000", 2023), ("001", 2020), ("004", 2024)])
def test_a_middle_slice_takes_its_year_from_the_sentences_of_results(prefix, year):
    """No title, no opening, no heading: "。2023年,累计发放资助金…" gives the year, marked inferred."""
    meta = meta_of((GATE_ACCEPT / f"corpus_{prefix}_middle.txt").read_text(encoding="utf-8"))
    assert (meta.report_year, meta.sources["report_year"], meta.inferred) == (year, "body", ["report_year"])


def test_a_slice_that_states_no_year_of_results_gets_none():
    middle = (GATE_ACCEPT / "corpus_002_middle.txt").read_text(encoding="utf-8")
    assert meta_of(middle).report_year is None


# --- the wider set's shapes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("一年来,我局大力实施人才兴区、科教兴区战略,完成了6所学校提档升级。", None),  # not 才兴区
        ("在县委县政府的正确领导下,全县新建学校3所。", None),  # not 县委县
        ("2019年,记者从修文县获悉,该县资助学生11758人次。", "修文县"),  # listed
        # renamed 孟津区 since: a place when named twice, since one mention may be a verb before 县
        ("2019年,孟津县共为17445名学生发放资助资金。", None),
        ("2018年,渝北区全年实施新建学校8所。", "渝北区"),  # added to the list by hand
        # the verb 新建 before 县第一实验小学 reads as 新建县, listed only as 新建区: named once, no county
        ("今年,新建县第一实验小学、县第二中学教学楼。", None),
        ("今年,孟津县新建学校3所。孟津县共为17445名学生发放资助资金。", "孟津县"),  # renamed, named twice
        # a long name written without its suffix, and only that: 伊金霍洛旗
        ("2021年7月,联合北师大成功举办“问道·伊金霍洛”首届大会。", "伊金霍洛旗"),
        ("2021年,乌鲁木齐市新建学校5所。", None),  # the prefecture, not 乌鲁木齐县
        # an autonomous county written without its peoples, given its listed name
        ("2022年,玉屏自治县认真贯彻落实党的二十大精神。", "玉屏侗族自治县"),
        ("一年来,靖州县始终坚持教育优先发展,补充教师71名。", "靖州苗族侗族自治县"),
        ("2020年,通州区新建学校3所。", "通州区"),  # 州 inside a listed name
        # a county-level city named in the body is on the list; a prefecture is not
        ("福安新闻网是由福安市委宣传部主办。去年,我市投入1.15亿元。", "福安市"),
        ("2021年,宁德市新建学校5所。", None),
    ],
)
def test_a_county_named_only_in_the_body_must_be_a_listed_place(text, county):
    assert meta_of(text).county == county


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("XX年是“十二五”规划的收官之年。这一年,全县教育系统新建幼儿园4所。", 2015),
        ("2020年是十三五收官之年,全县新增学位3500个。", 2020),
        ("今年是“十四五”开局之年,全县新增学位3500个。", 2021),
        ("会议指出,2021年,全县教育事业取得了长足的发展。", 2021),
        ("本报讯 2017年上半年,余庆县教育局共投入资金17936.85万元。\n2017年上半年,全县新建学校2所。", 2017),
        ("据悉,2023年,蕲春将加快推进学校建设。", None),  # a year of plans is not the report's
        # a year whose sentence states figures outweighs one whose sentence states none (a plan)
        ("《报告》称,2023年,蕲春加快推进新一中建设。会上通报,2022年,蕲春投入4434万元,改薄学校17所。", 2022),
        ("本报讯(通讯员赵仕锐)2017年上半年,余庆县教育局共投入资金17936.85万元。", 2017),
        ("会上,全面总结过去一年成绩。2022年秋季,新建常福中学等8所学校。", 2022),
        # 今年 and the year it is, in one sentence of a text flattened to a clause a line
        ("百年大计,教育为先\n今年\n我市把教育惠民工程\n列为2021年为民办的十件实事中\n", 2021),
        ("今年,全县新建学校5所,比2019年多2所。", None),  # a year compared with is not this year
        ("对四川省安岳县而言,2022年是极不平凡的一年,全县新增学位5610个。", 2022),
        ("一、强化保障。\n2017年共资助学前阶段贫困学生1430人次,发放资金120.96万元。", 2017),
        # a line item after a dash (w104), and the year's end (w107)
        ("回顾过去一年,亮点频现。\n——2018年,聘请兼职教研员90名,开展优质课评选活动3场。", 2018),
        ("单位介绍\n2012年年末全市共有普通中小学校112所,建成5所公办幼儿园。", 2012),
    ],
)
def test_the_report_year_from_the_body(text, year):
    assert meta_of(text).report_year == year


def test_a_dated_summary_without_a_year_in_its_title():
    """A 述职报告 dated in December summarises that year; a page dated in February that says 今年
    may mean the year just ended, so neither 今年 nor the date decides it then."""
    speech = "孟津县教育体育局局长述职报告\n(2019年12月12日)\n一、工作开展情况\n一是共资助17445名学生。\n"
    meta = meta_of(speech)
    assert (meta.published_date, meta.report_year, meta.inferred) == ("2019-12-12", 2019, ["report_year"])
    page = "发布时间:2023-02-03 16:36\n今年该区将建成两所学校。会上,全面总结过去一年成绩。\n"
    assert meta_of(page).report_year is None


def test_a_news_page_dated_on_its_source_line():
    page = "三原:完善保障机制促发展\n\n咸阳日报 2016-09-21 00:00 大字\n\n今年以来,三原县新建学校3所。\n"
    meta = meta_of(page)
    assert (meta.published_date, meta.report_year, meta.inferred) == ("2016-09-21", 2016, ["report_year"])


def test_a_year_of_key_work_after_the_report_year_is_its_plans():
    text = "长沙县政府工作报告\n01\n2020年工作回顾\n新改扩建学校16所。\n04\n2021年重点工作\n加快学校建设。\n"
    assert (meta_of(text).report_year, meta_of(text).plan_year) == (2020, 2021)


def test_a_new_year_address_reviews_the_year_just_ended():
    text = (
        "县教育局局长2019年元旦献词\n一年来,在县委、县政府的正确领导下,全县新扩建学校11所,消除大班额729个。\n"
    )
    assert (meta_of(text).report_year, meta_of(text).plan_year) == (2018, None)


@pytest.mark.parametrize(
    ("text", "plan_year"),
    [
        # No plans heading, but sentences of what the next year will bring.
        ("2022年,某某县投入4434万元,改薄学校17所。\n2023年,某某县将加快推进新一中建设。\n", 2023),
        ("2022年,全区新建学校6所。\n2023年,该区计划新增学位3000个。\n", 2023),
        # The report year's own plan sentence, or a later year's, is no plan year.
        ("2022年,全区新建学校6所。2022年,将继续推进学校建设。\n", None),
        ("2022年,全区新建学校6所。\n2025年,将建成教育强区。\n", None),
        # by the next year (w98)
        ("2020年秋季,全区新改扩建13所幼儿园。到2021年秋季,东西湖区还将有9所公办中小学建成。", 2021),
    ],
)
def test_sentences_of_next_year_s_plans_give_the_plan_year(text, plan_year):
    assert meta_of(text).plan_year == plan_year


def test_a_page_s_metadata_line_with_a_time_dates_it():
    raw = (
        "靖州县召开高考表彰大会\n\n来源:红网 作者:龙沛 梁超 编辑:曾小颖 2015-08-27 11:02:26\n\n"
        "一年来,靖州县始终坚持教育优先发展。今年靖州高考再获丰收,考取清华北大3人。\n"
    )
    meta = meta_of(raw)
    assert (meta.published_date, meta.report_year, meta.inferred) == ("2015-08-27", 2015, ["report_year"])


def test_chapters_headed_by_a_year_alone_give_the_report_and_plan_years():
    """A page that heads the year's work "2024年" and the next year's "2025年" (w94)."""
    text = (
        "2024年\n加快项目建设、补充学位短板\n一是投资14000万元,邯山区智慧城小学等5所学校建成投用。\n"
        "2025年\n强力扩充公办学位\n加快区三中后续建设,年底完成风雨操场和图书馆建设。\n"
    )
    meta = extract_meta(text)
    assert (meta.county, meta.report_year, meta.plan_year) == ("邯山区", 2024, 2025)


def test_a_headline_whose_first_half_names_a_review_is_the_title():
    """A government page's index field 标  题 (spaced) holds a headline "体育工作回顾:…" (w77); dated in
    February, the review is of the year before."""
    text = (
        "  • 成文时间:2023年02月20日\n  • 标  题:【发展情况】体育工作回顾:发展体育事业 增进民生福祉\n\n"
        "今年以来,山亭区体育事业发展中心围绕工作主线,各项工作取得了显著成效。\n"
    )
    meta = meta_of(text)
    assert (meta.title, meta.report_year, meta.inferred) == (
        "体育工作回顾:发展体育事业 增进民生福祉",
        2022,
        ["report_year"],
    )
