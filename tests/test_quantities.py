"""Quantities: every form in the seeds parses to exact base units; slogans, dates and ordinals don't."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from itertools import pairwise
from typing import get_args

import pytest
from opencc import OpenCC

from summarizer.models import Unit
from summarizer.quantities import find_quantities, parse_quantity, to_plain_number
from tests.corpus import CORPUS

T2S = OpenCC("t2s")


def normalised_seed(name: str) -> str:
    return T2S.convert(unicodedata.normalize("NFKC", (CORPUS / name).read_text(encoding="utf-8")))


# text, number_text, written, value, unit, raw_unit, approximate
FORMS = [
    ("85人", "85", "85", 85, "person", "人", False),
    ("1.4万余人次", "1.4", "1.4", 14000, "person_time", "万余人次", True),
    ("1543.98万元", "1543.98", "1543.98", 15439800, "yuan", "万元", False),
    ("5.1亿元", "5.1", "5.1", 510000000, "yuan", "亿元", False),
    ("94.7%", "94.7", "94.7", Decimal("94.7"), "percent", "%", False),
    ("4830.2平方米", "4830.2", "4830.2", Decimal("4830.2"), "m2", "平方米", False),
    ("10.6万平米", "10.6", "10.6", 106000, "m2", "万平米", False),
    ("25393㎡", "25393", "25393", 25393, "m2", "㎡", False),
    ("7985m2", "7985", "7985", 7985, "m2", "m2", False),
    ("30多次", "30", "30", 30, "count", "多次", True),
    ("30余项", "30", "30", 30, "count", "余项", True),
    ("30余位", "30", "30", 30, "person", "余位", True),
    ("30多(次)项", "30", "30", 30, "count", "多(次)项", True),
    ("三所", "三", "3", 3, "school", "所", False),
    ("两所", "两", "2", 2, "school", "所", False),
    ("十三名", "十三", "13", 13, "person", "名", False),
    ("一百二十人", "一百二十", "120", 120, "person", "人", False),
    ("一所", "一", "1", 1, "school", "所", False),
    ("2070萬元", "2070", "2070", 20700000, "yuan", "萬元", False),
    ("2642.7424万元", "2642.7424", "2642.7424", 26427424, "yuan", "万元", False),
    ("1748笔", "1748", "1748", 1748, "count", "笔", False),
    ("67935人(次)", "67935", "67935", 67935, "person_time", "人(次)", False),
    ("150套", "150", "150", 150, "count", "套", False),
    ("2.79个百分点", "2.79", "2.79", Decimal("2.79"), "percentage_point", "个百分点", False),
    ("近万人", "万", "10000", 10000, "person", "人", True),
    ("百余名", "百", "100", 100, "person", "余名", True),
    ("千余人次", "千", "1000", 1000, "person_time", "余人次", True),
    ("10公里", "10", "10", 10, "km", "公里", False),
    ("2070余万元", "2070", "2070", 20700000, "yuan", "余万元", True),
    ("８３７５万元", "８３７５", "8375", 83750000, "yuan", "万元", False),
    ("1,200人", "1,200", "1200", 1200, "person", "人", False),
    ("609.5亩", "609.5", "609.5", Decimal("609.5"), "mu", "亩", False),
    ("18个学位", "18", "18", 18, "place", "个学位", False),
    ("126场次", "126", "126", 126, "count", "场次", False),
    ("约500人", "500", "500", 500, "person", "人", True),
    ("500人左右", "500", "500", 500, "person", "人", True),
    ("超过3000人", "3000", "3000", 3000, "person", "人", True),
    ("逾千名", "千", "1000", 1000, "person", "名", True),
    ("十余万人", "十", "10", 100000, "person", "余万人", True),
    ("三万余人", "三万", "30000", 30000, "person", "余人", True),
    ("13503 个", "13503", "13503", 13503, "count", "个", False),
]


@pytest.mark.parametrize(("text", "number_text", "written", "value", "unit", "raw_unit", "approx"), FORMS)
def test_each_form_parses_to_base_units(text, number_text, written, value, unit, raw_unit, approx):
    q = parse_quantity(text)
    assert (q.start, q.end, q.text) == (0, len(text), text)
    assert q.number_text == number_text
    assert q.written == Decimal(written)
    assert q.value == Decimal(value)
    assert (q.unit, q.raw_unit, q.approximate) == (unit, raw_unit, approx)


def test_money_is_exact_decimal_not_float():
    q = parse_quantity("2642.7424万元")
    assert q.value == Decimal("26427424")
    assert str(q.value) == "26427424"
    assert str(parse_quantity("94.70%").value) == "94.7"


@pytest.mark.parametrize(
    "text",
    [
        "十三五",
        "十三五期间",
        "十四五规划",
        "一是",
        "二是",
        "统一",
        "进一步",
        "一体化",
        "两免一补",
        "一村一幼",
        "二期工程",
        "第二届",
        "第一",
        "第8次",
        "二〇二三年",
        "2023年",
        "5月10日",
        "510日",
        "2024-01-15",
        "一批优秀教师",
        "打造一个中心",
        "查处一件",
        "两三个",
        "四位一体",
        "二本上线",
        "全市前10名",
        "开展2024届高三复习",
        "新能源汽车零部件",
        "数十所",
        "每万人",
        "2789萬",
        "党的二十届三中全会",
        "所有学校",
        "县委工作期间",
        "万人空巷",
        "千人计划",
        "数百名",
        "成千上万人",
    ],
)
def test_non_quantities_are_not_found(text):
    assert find_quantities(text) == []


def test_bare_wan_counts_as_yuan_only_after_a_money_word():
    [q] = find_quantities("办理助学贷款14330人,发放资金9049.3971万;免除保教费")[1:]
    assert (q.text, q.value, q.unit, q.raw_unit) == ("9049.3971万", Decimal("90493971"), "yuan", "万")
    assert find_quantities("资助学生1.2万,") == []
    assert find_quantities("受益群众2789万,") == []


def test_sentence_with_several_quantities_left_to_right_with_spans():
    text = "2022年,共发放33700余人次2070余万元,其中义教发放17046人次602.4万元。"
    found = find_quantities(text)
    assert [q.text for q in found] == ["33700余人次", "2070余万元", "17046人次", "602.4万元"]
    assert [to_plain_number(q.value) for q in found] == [33700, 20700000, 17046, 6024000]
    assert all(text[q.start : q.end] == q.text for q in found)


def test_traditional_text_gives_the_same_values_as_simplified():
    trad = "共發放33700餘人次2070餘萬元,投資2789萬元,完成11所學校建設項目"
    simp = T2S.convert(trad)
    assert [(q.value, q.unit, q.approximate) for q in find_quantities(trad)] == [
        (q.value, q.unit, q.approximate) for q in find_quantities(simp)
    ]
    assert [q.text for q in find_quantities(trad)] == ["33700餘人次", "2070餘萬元", "2789萬元", "11所"]


def test_parse_quantity_rejects_none_and_several():
    with pytest.raises(ValueError, match="found 0: none"):
        parse_quantity("十三五期间")
    with pytest.raises(ValueError, match=r"found 2: 85人, 1\.4万余人次"):
        parse_quantity("85人,1.4万余人次")


def test_to_plain_number():
    assert to_plain_number(Decimal("15439800.00")) == 15439800
    assert isinstance(to_plain_number(Decimal("15439800.00")), int)
    assert to_plain_number(Decimal("94.7")) == 94.7
    assert isinstance(to_plain_number(Decimal("94.7")), float)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("0*.txt")))
def test_seed_quantities_are_well_formed(name):
    text = normalised_seed(name)
    found = find_quantities(text)
    assert len(found) > 30
    units = set(get_args(Unit))
    for q in found:
        assert q.unit in units
        assert text[q.start : q.end] == q.text
        assert q.value >= q.written > 0
    assert all(a.end <= b.start for a, b in pairwise(found))


def test_seed_figures_the_extractor_relies_on():
    by_text = {q.text: q for q in find_quantities(normalised_seed("000_3212bd501dfd8a03.txt"))}
    assert by_text["1543.98万元"].value == 15439800
    assert by_text["1.4万余人次"].value == 14000
    assert by_text["85人"].unit == "person"
    assert by_text["三所"].value == 3
    jingyuan = {q.text: q for q in find_quantities(normalised_seed("001_572525cebf333663.txt"))}
    assert jingyuan["5.1亿元"].value == 510000000
    assert jingyuan["10.6万平米"].value == 106000
    assert jingyuan["2.79个百分点"].unit == "percentage_point"


def test_traditional_seed_finds_the_same_quantities_raw_and_normalised():
    raw = unicodedata.normalize("NFKC", (CORPUS / "003_09e0f9ef3a112f46.txt").read_text(encoding="utf-8"))
    raw_values = [(q.value, q.unit) for q in find_quantities(raw)]
    assert raw_values == [
        (q.value, q.unit) for q in find_quantities(normalised_seed("003_09e0f9ef3a112f46.txt"))
    ]
    assert (Decimal(20700000), "yuan") in raw_values


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("30多(次)项", "项"),
        ("20余场", "场"),
        ("1.4万余人次", "人次"),
        ("126场次", "场次"),
        ("67935人(次)", "人(次)"),
    ],
)
def test_the_measure_word_is_the_unit_alone_past_hedges_and_brackets(text, measure):
    [q] = find_quantities(text)
    assert q.measure == measure
