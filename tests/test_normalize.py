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
    assert nt.offsets.tolist() == [0, 1, 1, 1, 2, 3]
    assert nt.to_original(1, 4) == (1, 2)
    assert nt.to_original(4, 5) == (2, 3)


def test_whitespace_and_line_breaks_are_kept():
    nt = normalize("一、概况\r\n\n  正文 内容。")
    assert nt.text == "一、概况\r\n\n  正文 内容。"
    assert len(nt.offsets) == len(nt.text) + 1
    nt = normalize("（一）概况\r\n面积•５㎡。\r\n")  # lines NFKC changes take the character-by-character path
    assert nt.text == "(一)概况\r\n面积5㎡。\r\n"
    assert nt.offsets.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15]


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


def test_an_article_on_one_line_that_ends_with_its_source_label_is_prose():
    """A news page writes the whole article on one line and ends it with 来源: (seen on a reprint of a
    county's aid figures): the finished sentences make it the body, and the banner above it the header."""
    banner = "修文縣實施精準扶貧資助貧困學生 |\n公益中國 時間: 2016-02-23 責任編輯: 李艷娜 |\n|\n"
    article = (
        "昨日,記者從修文縣獲悉,2015年,該縣實施精準扶貧資助計劃,全縣各類學生資助項目共資助學生11758人次,"
        "資助金額1727.8655萬元,確保沒有一個學生因家庭困難而失學。 來源:貴陽網 |\n"
    )
    nt = normalize(banner + article)
    assert nt.text.startswith("昨日,记者从修文县获悉,2015年,该县实施精准扶贫资助计划")
    assert "责任编辑: 李艳娜" in nt.header and "11758" not in nt.header


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


# --- text as it really arrives: every repair keeps the offset map --------------------------------


def _span_of(nt, needle: str) -> str:
    """The original text behind the first occurrence of `needle` in the normalised text."""
    start = nt.text.index(needle)
    a, b = nt.to_original(start, start + len(needle))
    return nt.original[a:b]


@pytest.mark.parametrize(
    ("original", "text", "quote", "source"),
    [
        ("全年投入1286\n万元用于校舍改造。", "全年投入1286万元用于校舍改造。", "1286万元", "1286\n万元"),
        ("全年投入12\n86万元用于校舍改造。", "全年投入1286万元用于校舍改造。", "1286万元", "12\n86万元"),
        ("培训教师2100 \r\n  人次。", "培训教师2100人次。", "2100人次", "2100 \r\n  人次"),
        (
            "新建学校3所,共计12\n86.5平方米。",
            "新建学校3所,共计1286.5平方米。",
            "1286.5平方米",
            "12\n86.5平方米",
        ),
    ],
)
def test_a_pdf_break_inside_a_number_is_joined_and_the_quote_spans_it(original, text, quote, source):
    nt = normalize(original)
    assert nt.text == text
    assert _span_of(nt, quote) == source


def test_a_break_before_a_number_that_is_not_followed_by_a_unit_is_kept():
    assert normalize("一、2021年\n2022年工作\n").text == "一、2021年\n2022年工作\n"


def test_pinyin_glosses_are_removed_and_quotes_map_past_them():
    nt = normalize("重點(diǎn)工作:學(xué)校（xiào）新建3所,資助zī2萬人。")
    assert nt.text == "重点工作:学校新建3所,资助zī2万人。"
    assert _span_of(nt, "学校新建3所") == "學(xué)校（xiào）新建3所"
    assert _span_of(nt, "重点") == "重點"


def test_tone_number_glosses_and_neutral_tones_in_a_glossed_text():
    nt = normalize("学(xue2)生(sheng1)们(men)和老(lǎo)师(shī)的(de)工作。")
    assert nt.text == "学生们和老师的工作。"


@pytest.mark.parametrize(
    "text",
    [
        "推广政府和社会资本合作(PPP)模式,开展科学教育(STEM)与基础教育(K12)课程。",
        "邀请专家(John Smith)讲座,详见网站(www.jyj.gov.cn)。",
        "县一中(ab)班,二中(de)班。",  # no tone mark anywhere: not a glossed text
        "新建学校(3所)。",
    ],
)
def test_parenthesised_latin_that_is_not_a_gloss_stays(text):
    assert normalize(text).text == text


@pytest.mark.parametrize(
    ("original", "text"),
    [
        ("全县\ufffd\ufffd新建学校3所。", "全县新建学校3所。"),
        ("全县□□■■新建学校3所。", "全县新建学校3所。"),
        ("全县\ue001\ue002新建\x07学校\u200b3所。", "全县新建学校3所。"),
        ("目录\n一、主要工作………………3\n", "目录\n一、主要工作3\n"),
        (
            "一、主要工作\n--------------\n==========\n全年新建学校3所。",
            "一、主要工作\n\n\n全年新建学校3所。",
        ),
        ("第一页内容。\n\x0c第二页内容。", "第一页内容。\n第二页内容。"),
    ],
)
def test_runs_of_junk_are_dropped(original, text):
    nt = normalize(original)
    assert nt.text == text
    assert len(nt.offsets) == len(nt.text) + 1 and nt.offsets[-1] == len(original)


# A document-sharing site's page (w53): each line was a <p>, and a wrong decoding merged the "<" of
# "</p>" with the character before it into "?"; a PDF converter had put each number on its own line.
SHARED_PAGE = (
    "一是教育民生改善取得新成效。打卡发放贫困寄宿生生活补助?/p>\n"
    "225\n万元,受助学生\n3600\n人次。发放中职、普高助学金及中职免学费\n1286\n万元,受益学生\n14529\n"
    "人次。为\n1464\n名大学生办理了生源地\n助学贷款?/p>\n贷款总额\n982.3\n万元?/p>\n"
)


def test_a_lost_paragraph_tag_is_dropped_and_its_lines_run_on():
    nt = normalize(SHARED_PAGE)
    assert nt.text.splitlines() == [
        "一是教育民生改善取得新成效。打卡发放贫困寄宿生生活补助?",
        "225万元,受助学生3600人次。发放中职、普高助学金及中职免学费1286万元,受益学生14529人次。"
        "为1464名大学生办理了生源地助学贷款?",
        "贷款总额982.3万元?",
    ]
    assert _span_of(nt, "1464名大学生办理了生源地助学贷款") == "1464\n名大学生办理了生源地\n助学贷款"


def test_ordinary_ellipses_and_dashes_stay():
    text = "开展读书、征文、演讲等活动……全面提升——学生素养。"
    assert normalize(text).text == "开展读书、征文、演讲等活动......全面提升——学生素养。"


def test_a_quote_across_dropped_junk_maps_to_the_original_span():
    nt = normalize("共发放资助资金□□580万元。")
    assert _span_of(nt, "资金580万元") == "资金□□580万元"


WRAPPED = (
    "2022年,全县教育系统坚持以人民为中心的发展思想,认真落实各项决策部署,\n"
    "教育教学质量稳步提升,全年新建改扩建学校5所,新增学位3200个,招聘\n"
    "教师168名,各项工作取得明显成效。\n"
    "一、主要工作\n"
    "(一)学前教育普及普惠水平持续提高,全年新建公办幼儿园3所,新增学位\n"
    "960个,公办园在园幼儿占比达到58.6%。\n"
)


def test_a_pdf_break_inside_a_sentence_is_joined_but_headings_keep_their_lines():
    nt = normalize(WRAPPED)
    assert nt.text.splitlines() == [
        "2022年,全县教育系统坚持以人民为中心的发展思想,认真落实各项决策部署,教育教学质量稳步提升,"
        "全年新建改扩建学校5所,新增学位3200个,招聘教师168名,各项工作取得明显成效。",
        "一、主要工作",
        "(一)学前教育普及普惠水平持续提高,全年新建公办幼儿园3所,新增学位960个,公办园在园幼儿占比达到58.6%。",
    ]
    assert _span_of(nt, "招聘教师168名") == "招聘\n教师168名"
    assert _span_of(nt, "新增学位960个") == "新增学位\n960个"


def test_a_headline_with_a_colon_keeps_its_line_above_wrapped_prose():
    """w91 opens with 玉屏:持续推进教育高质量发展, a headline, over prose: a colon alone is no clause."""
    text = (
        "玉屏:持续推进教育高质量发展\n2022年,玉屏自治县认真贯彻落实党的二十大精神,进一步推进教育高质量发展。\n"
        "一是加强教育人才队伍建设。事业单位招考引进教师10人。\n"
    )
    assert normalize(text).text == text


def test_the_outline_of_wrapped_text_is_still_found():
    from summarizer.outline import Kind, split_outline

    text = WRAPPED + "二、存在的问题\n农村学校教师结构性缺编问题仍然比较突出,音体美\n专业教师不足。\n"
    parts = split_outline(normalize(text).text)
    assert [(p.heading, p.kind) for p in parts if p.heading] == [
        ("一、主要工作", Kind.RESULTS),
        (
            "(一)学前教育普及普惠水平持续提高,全年新建公办幼儿园3所,新增学位960个,公办园在园幼儿占比达到58.6%。",
            Kind.RESULTS,
        ),
        ("二、存在的问题", Kind.PROBLEMS),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "兴隆县教育和体育局\n2023年工作总结\n",  # title lines: no clause punctuation
        "一年来全县教育系统认真落实各项工作部署,\n一、主要工作\n",  # a heading follows
        "学校名称,学段,班级数,在校学生数,专任教师数\n县第一中学,高中,48,2316,178\n",  # a table
        "1  过去一年,全县教育系统克服疫情影响,全力以赴\n2  各项工作取得了明显进展。\n3  完成。\n",  # numbered
    ],
)
def test_line_breaks_that_are_not_pdf_wraps_stay(text):
    assert normalize(text).text == text


def test_repairs_keep_every_span_mapping_back():
    original = (
        "重點(diǎn)工作□□:全年投入12\n86萬元,新建學校3所,招聘教師一百名,"
        "資助家庭經濟困難學生二千人次,培訓\n教師2100人次。\n"
    )
    nt = normalize(original)
    assert nt.text == (
        "重点工作:全年投入1286万元,新建学校3所,招聘教师一百名,资助家庭经济困难学生二千人次,培训教师2100人次。\n"
    )
    kept = set(nt.offsets[:-1])
    for start in range(len(nt.text)):
        for end in range(start + 1, len(nt.text) + 1):
            a, b = nt.to_original(start, end)
            source = "".join(nt.original[p] for p in range(a, b) if p in kept)
            assert normalize_fragment(source) == nt.text[start:end], (start, end)
            assert (a, b) == (nt.offsets[start], nt.offsets[end - 1] + 1)
