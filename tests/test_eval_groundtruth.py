"""The eval's ground-truth patterns, pinned to a table read by hand from the five seed reports.

Every value below was read from the seed text by a person, not copied from the patterns' output; if a
pattern drifts (finds a different value, a second value, or nothing), this fails. Fields not listed for a
report must come out "absent".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from summarizer_evals.corpus import corpus_hash, load_corpus, read_report
from summarizer_evals.groundtruth import ground_truth
from summarizer_evals.numbers import chinese_numeral, mentioned_values, parse_quantity
from summarizer_evals.patterns import FIELDS


@dataclass(frozen=True)
class Approx:
    """A hedged figure (余/多/约): its stated number, and the truth must carry approximate=True."""

    value: int


@dataclass(frozen=True)
class Ambiguous:
    """Several distinct values found: reported, not scored."""

    values: tuple[int | str, ...]


# Read from the seed texts. Quotes in the comments are the source wording (Simplified where the seed is not).
EXPECTED: dict[str, dict[str, object]] = {
    "000_3212bd501dfd8a03.txt": {  # 兴隆县 2023
        "meta.county": "兴隆县",
        "meta.bureau": "兴隆县教育和体育局",  # 发布机构
        "meta.report_year": 2023,  # 兴隆县教育和体育2023年工作总结
        "meta.published_date": "2024-01-15",  # 成文日期
        "party_building.theory_study_sessions": 12,  # 理论学习中心组学习12次
        "party_building.new_party_members": 21,  # 考察接收预备党员21名
        "party_building.commended_party_members": 80,  # 表彰奖励80名优秀共产党员
        "teachers.special_post_teachers": 85,  # 招聘特岗教师85人
        "teachers.free_normal_students": 35,  # 免费师范生35人
        "teachers.training_person_times": Approx(14000),  # 累计培训教师1.4万余人次
        "teachers.commended_teachers": 100,  # 表彰了100名优秀教师
        "infrastructure.schools_renovated": 38,  # 完成38所中小学幼儿园维修改造
        "student_aid.total_amount_yuan": 15439800,  # 累计发放资助金1543.98万元
        "student_aid.beneficiaries_person_times": 23652,  # 惠及贫困学生23652人次
        "student_aid.student_loan_recipients": 1116,  # 为1116名贫困大学生申请助学贷款
        "student_aid.student_loan_amount_yuan": 12793300,  # 助学贷款1279.33万元
        "sports.events_held": Approx(30),  # 全民健身活动30多(次)项
        "sports.participants_person_times": Approx(30000),  # 30000余人次参加比赛
        "sports.facility_investment_yuan": 1020000,  # 投资102万元,改建老二中全民健身中心
    },
    "001_572525cebf333663.txt": {  # 靖远县 2020, plus 2021 plans
        "meta.county": "靖远县",
        "meta.bureau": "靖远县教育局",
        "meta.report_year": 2020,  # 一、2020年工作完成情况
        "meta.plan_year": 2021,  # 三、2021年工作要点
        "meta.published_date": "2021-01-28",  # 生成日期 / 发布时间
        "party_building.disciplinary_actions": 34,  # 查处公职人员违纪违法34人次
        "teachers.recruited_total": 108,  # 全年共补充教师108人
        "teachers.special_post_teachers": 30,  # 选招特岗教师30名
        "teachers.training_person_times": 15860,  # 校长教师培训15860人次
        "teachers.exchanged_teachers": 129,  # 县域内校长教师交流129人
        "infrastructure.schools_renovated": 24,  # 24所学校实施校园校舍维修改造
        "student_aid.student_loan_recipients": 14330,  # 办理助学贷款14330人
        "student_aid.student_loan_amount_yuan": 90493971,  # 发放资金9049.3971万 (no 元)
    },
    "002_095e9da9a0d42760.txt": {  # 张店区 2019
        "meta.county": "张店区",
        "meta.bureau": "张店区教育和体育局",
        "meta.report_year": 2019,
        "meta.published_date": "2020-12-15",  # 发文日期 / 发布日期
        "party_building.new_party_members": 60,  # 2019年新发展党员60名
        "party_building.commended_party_members": 18,  # 18名党员分别被表彰为市、区优秀党员
        "teachers.recruited_total": 421,  # 完成了共计421名教师的招聘工作
        "teachers.exchanged_teachers": 500,  # 500名教师…参与了交流轮岗工作
        "teachers.commended_teachers": 9,  # 获国家、省、市表彰9人
        # 提供1.73万个优质学位 (9 schools) · 新增1890个优质学位 (7 kindergartens);
        # not 建成后将新增学位50个, a plan
        "infrastructure.new_school_places": Ambiguous((17300, 1890)),
        "student_aid.student_loan_recipients": 462,  # 为462名家庭困难大学生发放生源地信用助学贷款
        "student_aid.student_loan_amount_yuan": 3801190,  # 助学贷款380.119万元
        "sports.events_held": Ambiguous((17, 24)),  # 省级比赛17项次,市级比赛24项次
    },
    "003_09e0f9ef3a112f46.txt": {  # 辰溪縣 2022, Traditional script
        "meta.county": "辰溪县",  # 信息來源:辰溪縣教育局
        "meta.bureau": "辰溪县教育局",
        "meta.report_year": 2022,  # 2022年度教育工作總結
        "meta.published_date": "2023-01-19",  # 發布時間
        "party_building.disciplinary_actions": 20,  # 共組織處理20人 (批評教育14人,政務處分6人)
        "teachers.free_normal_students": 223,  # 培養免費師范生223人
        "teachers.training_person_times": Approx(9800),  # 教師在崗培訓9800余人次
        "infrastructure.new_school_places": Ambiguous((3500, 1675)),  # 義務教育學位3500個 · 公辦園學位1675個
        "student_aid.total_amount_yuan": Approx(20700000),  # 共發放33700余人次2070余萬元
        "student_aid.beneficiaries_person_times": Approx(33700),
    },
    "004_04d5a50fa9346fb7.txt": {  # 裕安区 2024, plus 2025 plans
        "meta.county": "裕安区",
        "meta.bureau": Ambiguous(("裕安区教体局", "裕安区教育体育局")),  # title vs 信息来源
        "meta.report_year": 2024,  # 2024年工作总结和2025年工作打算
        "meta.plan_year": 2025,  # 二、2025年工作打算
        "meta.published_date": "2025-01-02",
        "party_building.theory_study_sessions": 13,  # 召开理论学习中心组学习会议13次
        "party_building.disciplinary_actions": 22,  # 给予党纪政纪处分22人
        "teachers.exchanged_teachers": 73,  # 顺向交流教师73名
        "teachers.commended_teachers": Ambiguous((31, 100)),  # 31人获市级表彰,100人获区级表彰
        "infrastructure.new_school_places": 900,  # 改扩建公办幼儿园11所…新增学位900个
        "student_aid.total_amount_yuan": 26427424,  # 发放各类资助29640人次2642.7424万元
        "student_aid.beneficiaries_person_times": 29640,
        "student_aid.student_loan_amount_yuan": 26114450,  # 助学贷款1748笔,贷款金额2611.445万元
        "sports.participants_person_times": Approx(55000),  # 参加体育赛事活动的人数达5.5万余人次
    },
}


def _as_value(v: object) -> object:
    return Decimal(v) if isinstance(v, int) else v


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return {p.name: read_report(p) for p in load_corpus(only="corpus")}


def test_bundled_corpus_lists_the_five_seeds(corpus: dict[str, str]) -> None:
    assert sorted(corpus) == sorted(EXPECTED)


def test_bundled_corpus_is_the_reviewed_text() -> None:
    """The hand-read table above and the eval's labels are only true of these exact bytes."""
    seeds = load_corpus(only="corpus")
    assert corpus_hash(seeds) == "ce823f9bc41dfbf5c75535f0142944a0529d16f2bf88102ddc884ef56c6816d4"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ground_truth_matches_the_hand_verified_table(corpus: dict[str, str], name: str) -> None:
    truth = ground_truth(corpus[name])
    assert set(truth) == set(FIELDS)
    expected = EXPECTED[name]
    for field_name, gt in truth.items():
        want = expected.get(field_name)
        if want is None:
            assert gt.status == "absent", f"{field_name}: expected absent, found {gt.values}"
        elif isinstance(want, Ambiguous):
            assert gt.status == "ambiguous", field_name
            assert gt.values == tuple(_as_value(v) for v in want.values), field_name
        elif isinstance(want, Approx):
            assert (gt.status, gt.value, gt.approximate) == ("truth", Decimal(want.value), True), field_name
        else:
            assert (gt.status, gt.value) == ("truth", _as_value(want)), field_name
            assert gt.approximate is False, field_name


def test_spans_point_into_the_original_text(corpus: dict[str, str]) -> None:
    text = corpus["000_3212bd501dfd8a03.txt"]
    gt = ground_truth(text)
    (span,) = gt["teachers.special_post_teachers"].spans
    assert text[span[0] : span[1]] == "85"
    assert [text[a:b] for a, b in gt["student_aid.total_amount_yuan"].spans] == ["1543.98万"]
    # Traditional source: the span covers the original characters, not the converted ones.
    trad = corpus["003_09e0f9ef3a112f46.txt"]
    (span,) = ground_truth(trad)["student_aid.total_amount_yuan"].spans
    assert trad[span[0] : span[1]] == "2070余萬"


def test_repeated_mentions_of_one_value_stay_truth(corpus: dict[str, str]) -> None:
    gt = ground_truth(corpus["002_095e9da9a0d42760.txt"])["meta.report_year"]
    assert gt.status == "truth" and len(gt.matches) == 2


@pytest.mark.parametrize(
    ("written", "value", "approximate"),
    [
        ("85", "85", False),
        ("1543.98万", "15439800", False),
        ("1.4万余", "14000", True),
        ("2070余万", "20700000", True),
        ("约1900万", "19000000", True),
        ("9049.3971万", "90493971", False),
        ("5.1亿", "510000000", False),
        ("30多", "30", True),
    ],
)
def test_parse_quantity(written: str, value: str, approximate: bool) -> None:
    q = parse_quantity(written)
    assert (q.value, q.approximate) == (Decimal(value), approximate)


def test_parse_quantity_rejects_non_quantities() -> None:
    with pytest.raises(ValueError):
        parse_quantity("十三五")


def test_chinese_numerals_and_mentions() -> None:
    assert chinese_numeral("二〇二三") == 2023
    assert chinese_numeral("三") == 3
    assert chinese_numeral("十万零一千") == 101000
    values = mentioned_values("发放资助金1543.98万元,近万人,三所")
    assert {Decimal("15439800"), Decimal("1543.98"), Decimal(10000), Decimal(3)} <= values


@pytest.mark.parametrize(
    ("text", "field", "value", "approximate"),
    [
        ("全年完成1,038所中小学维修改造。", "infrastructure.schools_renovated", 1038, False),
        ("组织学生30,000余人次参加比赛。", "sports.participants_person_times", 30000, True),
    ],
)
def test_a_thousands_separator_is_part_of_the_number(text, field, value, approximate) -> None:
    """ "1,038所" once read as 38, and "30,000余人次" as 0: a pattern began inside the number."""
    truth = ground_truth(text)[field]
    assert (truth.status, truth.value, truth.approximate) == ("truth", value, approximate)
