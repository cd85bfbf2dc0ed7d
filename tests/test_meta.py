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

import pytest
from opencc import OpenCC

from summarizer.meta import extract_meta, find_published_date
from tests.corpus import CORPUS

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
    },
    "001_572525cebf333663.txt": {
        "county": "靖远县",
        "bureau": "靖远县教育局",
        "title": None,
        "report_year": 2020,
        "plan_year": 2021,
        "published_date": "2021-01-28",
        "source_script": "simplified",
    },
    "002_095e9da9a0d42760.txt": {
        "county": "张店区",
        "bureau": "张店区教育和体育局",
        "title": "张店区教育和体育局2019年工作总结",
        "report_year": 2019,
        "plan_year": None,
        "published_date": "2020-12-15",
        "source_script": "simplified",
    },
    "003_09e0f9ef3a112f46.txt": {
        "county": "辰溪县",
        "bureau": "辰溪县教育局",
        "title": "2022年度教育工作总结",
        "report_year": 2022,
        "plan_year": None,
        "published_date": "2023-01-19",
        "source_script": "traditional",
    },
    "004_04d5a50fa9346fb7.txt": {
        "county": "裕安区",
        "bureau": "裕安区教育体育局",
        "title": "六安市裕安区教体局2024年工作总结和2025年工作打算",
        "report_year": 2024,
        "plan_year": 2025,
        "published_date": "2025-01-02",
        "source_script": "simplified",
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
    assert meta.model_dump(exclude={"source_script"}) == dict.fromkeys(
        ("county", "bureau", "title", "report_year", "plan_year", "published_date")
    )


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
    assert find_published_date("", text) == "2020-12-30"
    assert extract_meta(text).published_date == "2020-12-30"


def test_issue_date_is_preferred_over_the_page_date():
    header = "发布时间: 2024-01-20 10:00 成文日期: 2024-01-15"
    assert find_published_date(header, "") == "2024-01-15"


def test_county_is_the_county_level_name_not_the_city():
    meta = extract_meta("六安市裕安区教育体育局2024年工作总结\n2024年,全区教育工作稳步推进。")
    assert (meta.county, meta.bureau) == ("裕安区", "六安市裕安区教育体育局")
