"""Hand-written ground-truth patterns, one list per schema field, keyed by the wording reports use.

Each pattern runs on the eval's normalised text (NFKC + Simplified) and captures the figure in a group
named `v`. `{N}` stands for a quantity as written (85 · 1.4万余 · 2070余万 · 约1900万), read later by
`numbers.parse_quantity`. The patterns are deliberately narrow: a field they miss is merely *absent*
(not scored), while a field they match wrongly would score the extractor against a false truth. The
test `tests/test_eval_groundtruth.py` pins what they find in the five seed reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "year", "text", "date"]

# A number may carry thousands separators (1,038 · 30,000余), and never starts inside one (038).
_N = (
    r"(?<![\d.])(?<!\d,)(?P<v>(?:超过|大约|将近|约|近|逾)?"
    r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?)[余多]?[千万亿]?[余多]?)"
)
_YEAR = r"(?P<v>(?:19|20)\d{2})"
_CL = r"[^,。;!?\n]"  # a character inside the same clause
_CJK = r"[\u4e00-\u9fff]"
# Where a bureau or county name can start: line start, after a header label's colon, a table bar or 】.
_HEAD = r"(?:^|(?<=[:|】\s]))(?:" + _CJK + r"{2}市)?"


@dataclass(frozen=True)
class FieldSpec:
    """A schema field's ground-truth patterns and how to read what they capture."""

    field: str  # dotted path into the Report: "teachers.special_post_teachers"
    kind: Kind
    unit: str | None  # the schema Unit a correct figure carries; None for meta fields
    patterns: tuple[re.Pattern[str], ...]

    @property
    def section(self) -> str:
        return self.field.split(".", 1)[0]


def _spec(field: str, kind: Kind, unit: str | None, *templates: str) -> FieldSpec:
    compiled = tuple(re.compile(t.replace("{N}", _N), re.MULTILINE) for t in templates)
    return FieldSpec(field=field, kind=kind, unit=unit, patterns=compiled)


FIELD_SPECS: tuple[FieldSpec, ...] = (
    # -- meta --------------------------------------------------------------------------------------
    _spec("meta.county", "text", None, _HEAD + r"(?P<v>" + _CJK + r"{2,3}?[县区])(?:教育|教体)"),
    _spec(
        "meta.bureau", "text", None, _HEAD + r"(?P<v>" + _CJK + r"{2,3}?[县区]教[育体]" + _CJK + r"{0,4}?局)"
    ),
    _spec(
        "meta.report_year",
        "year",
        None,
        _YEAR + r"年度?(?:教育)?(?:体育)?工作总结",  # title: 2023年工作总结 / 2022年度教育工作总结
        _YEAR + r"年工作(?:完成|开展)情况",  # outline heading: 一、2020年工作完成情况
    ),
    _spec("meta.plan_year", "year", None, _YEAR + r"年度?工作(?:要点|打算|计划|思路)"),
    _spec(
        "meta.published_date",
        "date",
        None,
        r"(?:发布时间|发布日期|成文日期|发文日期|生成日期)\s*:?\s*\|?\s*(?P<v>\d{4}-\d{2}-\d{2})",
    ),
    # -- party_building ----------------------------------------------------------------------------
    _spec(
        "party_building.theory_study_sessions", "number", "count", r"理论学习中心组(?:学习)?(?:会议)?共?{N}次"
    ),
    _spec(
        "party_building.new_party_members",
        "number",
        "person",
        r"(?:新发展党员|接收预备党员|发展新党员|发展党员)共?{N}名",
    ),
    _spec(
        "party_building.disciplinary_actions",
        "number",
        "person",
        r"给予(?:党纪政纪|党政纪|党纪|政纪)处分{N}人",
        r"共组织处理{N}人",
        r"查处" + _CL + r"{0,10}?违纪违法{N}人次?",
    ),
    _spec(
        "party_building.commended_party_members",
        "number",
        "person",
        r"表彰(?:奖励)?了?{N}名优秀(?:共产)?党员",
        r"{N}名党员" + _CL + r"{0,4}被表彰为[^,。;]{0,8}优秀(?:共产)?党员",
    ),
    # -- teachers ----------------------------------------------------------------------------------
    _spec("teachers.recruited_total", "number", "person", r"共补充教师{N}[人名]", r"共计{N}名教师的招聘"),
    _spec("teachers.special_post_teachers", "number", "person", r"特岗教师{N}[人名]"),
    _spec("teachers.free_normal_students", "number", "person", r"(?:免费|公费)师范(?:毕业)?生{N}[人名]"),
    _spec(
        "teachers.training_person_times",
        "number",
        "person_time",
        r"(?:培训教师|教师(?:在岗)?培训)(?:共|累计|达)?{N}人次",
    ),
    _spec(
        "teachers.exchanged_teachers",
        "number",
        "person",
        r"(?:校长)?教师交流{N}[人名]",
        r"交流教师{N}[人名]",
        r"{N}名教师[^。;]{0,24}?交流轮岗",
    ),
    _spec(
        "teachers.commended_teachers",
        "number",
        "person",
        r"表彰了?{N}名优秀教师",
        r"获" + _CL + r"{0,8}表彰{N}人",
        r"{N}人获" + _CL + r"{0,4}表彰",
    ),
    # -- infrastructure ----------------------------------------------------------------------------
    _spec(
        "infrastructure.total_investment_yuan",
        "number",
        "yuan",
        r"(?:累计|共计|合计|总计|共)投(?:入|资)(?:资金)?达?{N}元",
    ),
    _spec(
        "infrastructure.new_school_places",
        "number",
        "place",
        r"新增(?:公办)?(?:义务教育|园)?学位{N}个",
        r"(?:新增|提供){N}个(?:优质)?学位",
    ),
    _spec(
        "infrastructure.schools_renovated",
        "number",
        "school",
        r"{N}所(?:中小学幼儿园|中小学|学校|幼儿园)?(?:实施)?(?:校园)?(?:校舍)?维修改造",
    ),
    # -- student_aid -------------------------------------------------------------------------------
    _spec(
        "student_aid.total_amount_yuan",
        "number",
        "yuan",
        r"(?:发放(?:各类)?资助(?:金|资金)?|共发放)(?:\d+(?:\.\d+)?[余多]?万?人次)?{N}元",
    ),
    _spec(
        "student_aid.beneficiaries_person_times",
        "number",
        "person_time",
        r"惠及" + _CL + r"{0,6}?学生{N}人次",
        r"(?:发放(?:各类)?资助|共发放){N}人次",
    ),
    _spec(
        "student_aid.student_loan_recipients",
        "number",
        "person",
        r"为{N}名" + _CL + r"{0,10}?(?:申请|发放)" + _CL + r"{0,8}?助学贷款",
        r"办理助学贷款{N}人",
    ),
    _spec(
        "student_aid.student_loan_amount_yuan",
        "number",
        "yuan",
        r"助学贷款{N}元",
        r"助学贷款\d+[人名笔],(?:贷款金额|发放资金){N}元?",
    ),
    # -- sports ------------------------------------------------------------------------------------
    _spec("sports.events_held", "number", "count", r"全民健身活动{N}(?:\(次\))?项", r"比赛{N}项次"),
    _spec(
        "sports.participants_person_times",
        "number",
        "person_time",
        r"{N}人次参加比赛",
        r"参加体育赛事活动的人数达{N}人次",
    ),
    _spec(
        "sports.facility_investment_yuan",
        "number",
        "yuan",
        r"投资{N}元,(?:改建|新建|建设|改造)" + _CL + r"{0,12}?(?:健身|体育|运动)",
    ),
)

FIELDS: tuple[str, ...] = tuple(spec.field for spec in FIELD_SPECS)
SPECS_BY_FIELD: dict[str, FieldSpec] = {spec.field: spec for spec in FIELD_SPECS}
