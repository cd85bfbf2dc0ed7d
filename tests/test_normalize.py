"""Normalisation: boilerplate out, Traditional → Simplified, and every span maps back exactly."""

from __future__ import annotations

import random

import pytest

from summarizer.normalize import DEBRIS, normalize, normalize_fragment
from tests.corpus import read_seed

SEED_KEYS = ("000", "001", "002", "003", "004")


def test_nfkc_makes_digits_and_punctuation_ascii_but_keeps_square_metres():
    nt = normalize("（一）投资８３７５万元，建筑面积２５３９３㎡，占比９４．７％：完成。")
    assert nt.text == "(一)投资8375万元,建筑面积25393㎡,占比94.7%:完成。"
    assert normalize_fragment("２５３９３㎡") == "25393㎡"


def test_expanding_characters_keep_the_offset_map_exact():
    nt = normalize("甲…乙")
    assert nt.text == "甲...乙"
    assert nt.offsets == (0, 1, 1, 1, 2, 3)
    assert nt.to_original(1, 4) == (1, 2)
    assert nt.to_original(4, 5) == (2, 3)


def test_whitespace_and_line_breaks_are_kept():
    nt = normalize("一、概况\r\n\n  正文 内容。")
    assert nt.text == "一、概况\r\n\n  正文 内容。"
    assert len(nt.offsets) == len(nt.text) + 1


def test_traditional_seed_is_detected_and_converted():
    original = read_seed("003")
    nt = normalize(original)
    assert nt.script == "traditional"
    assert "2070余萬元" in original and "2070余万元" in nt.text
    assert "辰溪县教育局" in nt.header and "发布时间:2023-01-19 10:50" in nt.header
    assert "發布時間" not in nt.text and "发布时间" not in nt.text
    start = nt.text.index("2070余万元")
    a, b = nt.to_original(start, start + len("2070余万元"))
    assert original[a:b] == "2070余萬元"


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_simplified_seeds_are_simplified(key):
    assert normalize(read_seed(key)).script == "simplified"


def test_seed_000_metadata_goes_to_the_header_and_the_title_stays():
    nt = normalize(read_seed("000"))
    assert nt.text.startswith("兴隆县教育和体育2023年工作总结\n")
    for label in ("索引号", "浏览次数", "主题分类", "成文日期", "有  效  性"):
        assert label not in nt.text
    assert "发布机构: 兴隆县教育和体育局" in nt.header
    assert "成文日期: 2024-01-15" in nt.header
    assert "2024-01-1509时57分 浏览次数:" in nt.header


def test_seed_001_table_debris_is_gone_and_the_flattened_body_is_intact():
    original = read_seed("001")
    nt = normalize(original)
    assert "|" not in nt.text and "信息来源" not in nt.text and "索 引 号" not in nt.text
    assert nt.text.startswith("2020年,全县教育工作以全力提升教育教学质量为核心")
    assert nt.text.count("\n") == 1  # the whole report is one paragraph
    body = next(line for line in original.splitlines() if line.startswith("2020年,全县教育工作"))
    assert nt.text.rstrip("\n ") == normalize_fragment(body).rstrip(" ")
    assert "发布机构:" in nt.header and "靖远县教育局" in nt.header and "2021-01-28" in nt.header


def test_seed_002_and_004_page_furniture_is_removed():
    nt002 = normalize(read_seed("002"))
    assert nt002.text.startswith("张店区教育和体育局\n\n张店区教育和体育局2019年工作总结")
    assert "字号" not in nt002.text and "打印" not in nt002.text and "•" not in nt002.text
    assert "发文日期: 2020-12-15" in nt002.header
    nt004 = normalize(read_seed("004"))
    assert nt004.text.startswith("【全面工作总结和工作计划】六安市裕安区教体局2024年工作总结和2025年工作打算")
    assert "阅读次数" not in nt004.text and "标签" not in nt004.text
    assert "发布时间:2025-01-02 10:39" in nt004.header and "标签:" in nt004.header


def test_metadata_labels_inside_the_body_are_left_alone():
    prose = "一年来,全县教育系统认真落实各项工作部署,教育教学质量稳步提升,群众满意度不断提高。\n"
    closing = "发布时间方面,我们严格落实信息公开制度,及时发布各类教育信息共计120条。\n"
    text = "兴隆县教育工作总结\n" + prose + closing + prose + closing
    nt = normalize(text)
    assert (nt.text, nt.header) == (text, "")


def _crosses_removed_text(nt, a: int, b: int) -> bool:
    """True when original[a:b] includes characters of a removed boilerplate line."""
    kept = set(nt.offsets[:-1])
    return any(p not in kept and nt.original[p] not in DEBRIS for p in range(a, b))


@pytest.mark.parametrize("key", SEED_KEYS)
def test_every_span_maps_back_to_original_text_that_normalises_to_it(key):
    nt = normalize(read_seed(key))
    assert len(nt.offsets) == len(nt.text) + 1 and nt.offsets[-1] == len(nt.original)
    rng = random.Random(key)
    checked = 0
    for _ in range(800):
        start = rng.randrange(len(nt.text))
        end = min(len(nt.text), start + rng.randrange(1, 80))
        a, b = nt.to_original(start, end)
        if _crosses_removed_text(nt, a, b):
            continue
        assert normalize_fragment(nt.original[a:b]) == nt.text[start:end], (start, end)
        checked += 1
    assert checked > 700
