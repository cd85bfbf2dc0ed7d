"""Reading, normalisation, outline and routing on the five real seed reports."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.normalize import normalize, normalize_fragment
from summarizer.outline import Kind, split_outline
from summarizer.reading import read_report
from summarizer.routing import route

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = {p.name[:3]: p for p in SEEDS.glob("0*.txt")}


def load(key: str):
    nt = normalize(read_report(SEED[key]).text)
    parts = split_outline(nt.text)
    return nt, parts, route(parts, nt.text)


def part_at(nt, parts, needle: str):
    at = nt.text.index(needle)
    return next(p for p in parts if p.start <= at < p.end)


def routed_to(routes, part) -> set[str]:
    return {section for section, ps in routes.items() if part in ps}


# --- reading -----------------------------------------------------------------------------------


def test_gb18030_copy_decodes_to_the_same_text(tmp_path):
    original = SEED["000"].read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(original.encode("gb18030"))
    source = read_report(path)
    assert (source.text, source.encoding) == (original, "gb18030")


def test_utf8_bom_is_removed(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "兴隆县教育和体育2023年工作总结".encode())
    source = read_report(path)
    assert (source.text, source.encoding) == ("兴隆县教育和体育2023年工作总结", "utf-8-sig")


def test_gb18030_reading_of_non_chinese_bytes_is_refused(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Größe über alles, Ärger".encode("latin-1") * 20)
    with pytest.raises(
        InputError, match=r"latin1.txt: cannot decode as UTF-8 or GB18030 \(first bad byte at offset 2\)"
    ):
        read_report(path)


# --- normalisation -------------------------------------------------------------------------------


def test_boilerplate_is_stripped_and_kept_for_meta():
    nt = normalize(SEED["000"].read_text(encoding="utf-8"))
    assert "浏览次数" not in nt.text and "索引号" not in nt.text
    assert nt.text.startswith("兴隆县教育和体育2023年工作总结")
    assert "发布机构: 兴隆县教育和体育局" in nt.header
    flattened = normalize(SEED["001"].read_text(encoding="utf-8"))
    assert "|" not in flattened.text and "信息来源" not in flattened.text
    assert flattened.text.startswith("2020年,全县教育工作以全力提升教育教学质量为核心")


def test_traditional_report_is_converted_with_exact_offsets():
    original = SEED["003"].read_text(encoding="utf-8")
    nt = normalize(original)
    assert nt.script == "traditional"
    assert normalize(SEED["000"].read_text(encoding="utf-8")).script == "simplified"
    at = nt.text.index("2070余万元")
    start, end = nt.to_original(at, at + len("2070余万元"))
    assert original[start:end] == "2070余萬元"
    assert "發布時間" not in nt.text and "2023-01-19" in nt.header


@pytest.mark.parametrize("key", sorted(SEED))
def test_every_span_maps_back_to_text_that_normalises_to_it(key):
    original = SEED[key].read_text(encoding="utf-8")
    nt = normalize(original)
    rng = random.Random(key)
    checked = 0
    for _ in range(1500):
        start = rng.randrange(len(nt.text))
        end = min(len(nt.text), start + rng.randrange(1, 40))
        a, b = nt.to_original(start, end)
        if "\n" in original[a:b] and original[a:b].count("\n") != nt.text[start:end].count("\n"):
            continue  # the span crosses removed boilerplate lines
        assert normalize_fragment(original[a:b]) == nt.text[start:end]
        checked += 1
    assert checked > 1000


# --- outline ------------------------------------------------------------------------------------


def test_seed_000_clean_outline():
    nt, parts, _ = load("000")
    level1 = [p.heading for p in parts if p.level == 1 and p.heading]
    assert level1 == [
        "一、以提升办学质量为目标,大力推进教育改革",
        "二、以强化全民健身为引领,开展特色体育活动",
        "三、以党风廉政建设为保障,不断提升服务水平",
    ]
    teachers = part_at(nt, parts, "招聘特岗教师85人")
    assert teachers.path == (level1[0], "(二)狠抓队伍建设,职业素养显著提升。", "二是优化教师编制配置。")
    assert teachers.level == 5 and teachers.kind is Kind.RESULTS
    assert parts[0].kind is Kind.PREAMBLE


def test_seed_001_flattened_paragraph_is_split_with_problems_and_plans():
    nt, parts, _ = load("001")
    assert nt.text.count("\n") <= 1  # one paragraph
    headings = [p.heading for p in parts if p.level == 2 and p.kind is Kind.RESULTS]
    assert len(headings) == 12
    assert headings[6] == "(七)师资队伍进一步强化。"
    assert part_at(nt, parts, "一是城乡教育一体化发展水平有待提升").kind is Kind.PROBLEMS
    plans = part_at(nt, parts, "(一)探索实施县管校聘改革")
    assert plans.kind is Kind.PLANS and plans.path[0].startswith("三、2021年工作要点")


def test_numbers_never_become_headings():
    for key in SEED:
        nt, parts, _ = load(key)
        for part in parts:
            assert not part.heading[:4].replace(".", "").isdigit() or part.level == 3, part.heading
    nt, parts, _ = load("000")
    heading_starts = {p.start for p in parts if p.heading}
    assert nt.text.index("1.4万余人次") not in heading_starts


def test_seed_003_traditional_outline_is_one_to_eight_shi():
    _, parts, _ = load("003")
    headings = [p.heading for p in parts if p.level == 5]
    assert len(headings) == 8
    assert headings[0] == "一是全力推进教育优质均衡发展。"
    assert headings[7] == "八是全面落实各类教育资助政策。"


def test_seed_004_numbered_items_inside_parenthesised_sections():
    nt, parts, _ = load("004")
    item = part_at(nt, parts, "4.不断加强教师队伍建设")
    assert item.level == 3
    assert item.path[1].startswith("(二)聚焦立德树人的根本任务")
    plans = [p for p in parts if p.kind is Kind.PLANS]
    assert plans[0].heading == "二、2025年工作打算" and len(plans) == 9


# --- routing ------------------------------------------------------------------------------------


def test_seed_000_paragraphs_go_to_their_sections():
    nt, parts, routes = load("000")
    assert "teachers" in routed_to(routes, part_at(nt, parts, "招聘特岗教师85人"))
    assert routed_to(routes, part_at(nt, parts, "累计发放资助金1543.98万元")) == {"student_aid"}
    assert "sports" in routed_to(routes, part_at(nt, parts, "(二)大力开展品牌赛事活动"))
    assert "party_building" in routed_to(routes, part_at(nt, parts, "(一)加强党员教育管理"))


def test_plans_go_only_to_plans_and_problems_nowhere():
    nt, parts, routes = load("001")
    assert routed_to(routes, part_at(nt, parts, "(一)探索实施县管校聘改革")) == {"plans"}
    assert routed_to(routes, part_at(nt, parts, "二是项目建设规划机制亟待完善")) == set()


def test_unrelated_topics_go_nowhere():
    nt, parts, routes = load("000")
    assert routed_to(routes, part_at(nt, parts, "一是发展学前普惠教育")) == set()


def test_traditional_seed_routes_aid_and_buildings():
    nt, parts, routes = load("003")
    assert routed_to(routes, part_at(nt, parts, "八是全面落实各类教育资助政策")) == {"student_aid"}
    assert "infrastructure" in routed_to(routes, part_at(nt, parts, "二是进一步改善办学条件"))
