"""The output schema: a standard county education work report, every figure grounded in a quote.

This module imports nothing else of ours, so consumers (renderers, batch, evals) can depend on it
without pulling in text handling or LLM code. `schemas/report.schema.json` is exported from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.0"

# Each unit once: the word a renderer writes after a value (15439800 yuan → 1543.98万元), and how an
# error message names it. `Unit` is built from its keys for the schema; tests/test_unit_tables.py ties
# the words the parser reads (quantities.UNITS) to them.
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "yuan": ("元", "money (元)"),  # 万元 and 亿元 multiplied out
    "m2": ("平方米", "floor area (平方米)"),
    "mu": ("亩", "land area (亩)"),
    "person": ("人", "people (人/名)"),  # 人 / 名 / 位
    "person_time": ("人次", "person-times (人次)"),
    "place": ("个学位", "school places (学位)"),
    "school": ("所", "schools (所)"),
    "count": ("个", "a count (个/次/项)"),  # 个 / 次 / 场 / 项 / 套 / 台 / 件 / 笔 …
    "percent": ("%", "a percentage"),
    "percentage_point": ("个百分点", "percentage points"),
    "km": ("公里", "a distance"),
}
Unit = Literal[tuple(UNIT_WORDS)]  # the same keys, for the schema


@dataclass(frozen=True)
class RouteWords:
    """The words that send a part of a report to a section (routing.py): a distinctive word (特岗,
    资助) weighs more than a generic one (培训, 项目) that turns up in every chapter."""

    strong: tuple[str, ...] = ()
    medium: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Figure(_Strict):
    """A number the report states, in base units, with the exact text it came from."""

    value: float | int = Field(description="The value in base units: 1543.98万元 → 15439800.")
    unit: Unit
    approximate: bool = Field(description="True when the text hedges the number: 余, 多, 约, 近, 逾, 超过.")
    quote: str = Field(description="The source text containing the number, after normalisation.")
    span: tuple[int, int] = Field(
        description="Character offsets into the original file's text; normalising "
        "original[span[0]:span[1]] gives quote."
    )
    confidence: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="How sure the system is: the share of figures of this kind found right on the "
        "hand-labelled corpus (see README). 1.0 for figures read by code alone (projects).",
    )
    needs_review: bool = Field(
        default=False,
        description="True when the section states other figures this field could be: a person should "
        "check the quote before relying on the value.",
    )
    notes: list[str] = Field(
        default_factory=list, description="How the figure was found, e.g. a repaired quote."
    )
    page: int | None = Field(
        default=None, description="The page of the original PDF the quote starts on (1-based), if paged."
    )
    location: str | None = Field(
        default=None,
        description="Where the quote is in the original document, as a reader cites it: 'p. 3' (PDF), "
        "'¶ 12' or 'table 1, row 2, cell 3' (Word). None for plain text and web pages.",
    )


class Highlight(_Strict):
    """A short factual statement from the report, kept as its source sentence."""

    text: str
    quote: str
    span: tuple[int, int]


class Item(_Strict):
    """A stated figure that is a part of a total field: one project's money, one recruitment channel,
    one aid programme. Kept so the analyst sees the parts; never summed into the total."""

    part_of: str = Field(description="The total field this figure is a part of: total_investment_yuan.")
    value: float | int = Field(description="The value in base units.")
    unit: Unit
    approximate: bool
    quote: str = Field(description="The clause that states it, after normalisation.")
    span: tuple[int, int] = Field(description="Character offsets of the quote in the original file's text.")


# Word groups several fields share: whom or what a figure is about.
TEACHER_WORDS = ("教师", "老师", "校长", "班主任", "教育工作者", "骨干", "教职工", "人才")
MONEY_WORDS = ("投资", "投入", "资金", "经费")
AID_WORDS = ("资助", "助学", "补助", "救助", "奖助", "奖学金", "免除")
# What names the money or the pupils as aid from beside them: 教育扶贫资金 paid to pupils is aid.
AID_CONTEXT = (*AID_WORDS, "扶贫")
# Money that runs or builds schools, which an aid clause does not count: 公用经费支出7064.42万元.
NOT_AID = ("公用经费", "办公经费", "运转", "工资", "校舍", "工程")
# What every pupil of a stage has, not aid to the needy: the nutrition plan (营养改善计划: 004, w52,
# w105; its meals, 营养餐: w12, w53; its subsidy, officially 营养膳食补助: 004) and the fee exemption
# paid as running costs (公用经费: 002, 004, w53, w109). The labels of 004, w52, w53 and w105 keep their
# pupils and money out of the aid totals.
ENTITLEMENTS = ("营养改善", "营养餐", "膳食", "公用经费")
BUILD_WORDS = ("建设", "新建", "改扩建", "改造", "维修", "校舍", "工程", "项目", "设备", "装备", "教学楼")
# The act of honouring, not the adjective: 优秀/先进 alone also describe teachers sent or promoted.
HONOUR_WORDS = ("表彰", "评为", "获评", "荣获", "授予", "命名", "评选", "嘉奖", "奖励", "称号", "荣誉")
# Whom a teachers figure must not count: a clause naming them and no teacher counts them.
STUDENT_WORDS = ("学生", "幼儿", "儿童", "家长")
# Whom else a teachers clause may count: pupils, or party members (表彰优秀共产党员42名 sits in the
# party chapter, which names 教师 too and may be routed to teachers).
NOT_TEACHERS = (*STUDENT_WORDS, "党员", "党务")
# Money that runs schools rather than builds them: all education spending (教育投入, 财政性教育经费),
# running costs (公用经费), meals and aid. A clause naming one of these and no building work is not
# building investment.
RUNNING_COSTS = ("经费", "教育投入", "免费", "营养", "工资", "资助", "补助")
SPORT_WORDS = ("体育", "运动", "健身", "比赛", "赛事", "球", "田径", "游泳", "武术")


@dataclass(frozen=True)
class FigureRules:
    """What a section figure counts and how a number is judged to state it: declared once with the field
    (`figure_field`), published in the JSON Schema as its `x-` keys, and read back as this object by
    `field_specs`, so a misspelt rule fails where it is written."""

    units: tuple[str, ...]
    cues: tuple[tuple[str, ...], ...]
    total: bool
    counters: tuple[str, ...]
    not_about: tuple[str, ...]
    label: str
    ask: str
    sole_any_stage: bool
    not_for: tuple[str, ...]

    def __call__(self, schema: dict[str, Any]) -> None:
        """Pydantic calls this with the field's JSON Schema: the rules are published beside it."""
        schema.update(
            {
                "x-units": list(self.units),
                "x-cues": [list(g) for g in self.cues],
                "x-total": self.total,
                "x-counters": list(self.counters),
                "x-not-about": list(self.not_about),
                "x-label": self.label,
                "x-ask": self.ask,
                "x-sole-any-stage": self.sole_any_stage,
                "x-not-for": list(self.not_for),
            }
        )


def figure_field(
    description: str,
    units: tuple[str, ...],
    cues: tuple[tuple[str, ...], ...],
    total: bool = False,
    counters: tuple[str, ...] = (),
    not_about: tuple[str, ...] = (),
    *,
    label: str,
    ask: str,
    sole_any_stage: bool = False,
    not_for: tuple[str, ...] = (),
) -> Any:
    """Declare a section figure once: what it counts, the units it accepts (the first preferred), the
    words that show a clause states it, and whether only a stated total fills it.

    `cues` are groups of words: the clause holding the number must use a word of the first group
    (what is counted: 招聘, 表彰, 投资), and the clause or its neighbours a word of each other group
    (whom or what it is about: 教师, 体育). Everything else derives from this declaration: the model's
    draft schema, the grounding units, the judging rules and the eval's field list. The cue words follow
    from what the field means, never from one report's wording; they are published in the JSON Schema.
    `counters` narrow a count field to the measure words that count its things (sessions are 次 or 场,
    never 个): a count in another measure word counts something else. `not_about` names whom else a
    clause may count (学生 for a teachers field): a clause that names one of them and none of the field's
    own subjects (its second cue group) counts them, not what the field counts. `label` names the field
    for readers (renderers), `ask` for the model (the prompt's field list). `sole_any_stage` makes the
    section's only value of a total field its whole even where it names one stage of schooling: what
    building or recruitment added (新建幼儿园4所, 新增义务教育公办学位12570个, 招聘中小学教师130名), as
    readers take it, while money and aid are budgeted over every stage and one stage's sum stays a part
    of them. `not_for` names programmes
    whose pupils or money the field never counts, whatever else the clause says: named in the number's
    clause, or in the clause before that the number describes with it (全区营养改善计划实施学校83所,
    受益学生4.8万余名), the figure is theirs.
    """
    rules = FigureRules(units, cues, total, counters, not_about, label, ask, sole_any_stage, not_for)
    return Field(default=None, description=description, json_schema_extra=rules)


class PartyBuilding(_Strict):
    """党建: party building work of the bureau and its schools."""

    section_title: ClassVar[str] = "党建 Party building"
    route_words: ClassVar[RouteWords] = RouteWords(
        strong=("党建", "党员", "党组织", "党支部", "中心组", "主题教育", "党风廉政", "廉政", "纪检",
                "意识形态", "发展党员", "入党", "三会一课", "党课", "党组", "从严治党", "党委", "组织生活"),
        weak=("支部", "理论学习", "问责", "处分", "纪律", "作风建设"),
    )  # fmt: skip

    theory_study_sessions: Figure | None = figure_field(
        "Theory study sessions held (理论学习中心组学习, 专题学习).",
        ("count",),
        (("学习", "研讨", "党课"), ("理论", "中心组", "党课", "党员", "党组", "党委", "支部")),
        counters=("次", "场", "期", "轮", "场次", "轮次"),
        label="理论学习 Study sessions",
        ask="理论学习、中心组学习、专题学习的次数（次、场、期）",
    )
    new_party_members: Figure | None = figure_field(
        "New party members developed (发展党员, 接收预备党员).",
        ("person",),
        (("发展", "预备党员", "新党员", "入党"),),
        label="发展党员 New party members",
        ask="新发展党员人数",
    )
    disciplinary_actions: Figure | None = figure_field(
        "Disciplinary cases or people handled (处分, 问责, 立案, 组织处理).",
        ("count", "person", "person_time"),
        (("处分", "问责", "处理", "立案", "查处", "诫勉", "违纪", "审查", "追责"),),
        counters=("件", "起", "个", "例", "次"),
        label="处分 Disciplinary actions",
        ask="党纪政务处分、问责、诫勉谈话的件数或人数",
    )
    commended_party_members: Figure | None = figure_field(
        "People commended as 优秀共产党员 or 优秀党务工作者 (not organisations).",
        ("person",),
        (HONOUR_WORDS, ("党员", "党务")),
        label="表彰党员 Commended members",
        ask="受表彰的优秀党员、优秀党务工作者人数",
    )
    items: list[Item] = Field(default_factory=list, description="Stated parts of this section's totals.")
    highlights: list[Highlight] = Field(default_factory=list)


class Teachers(_Strict):
    """教师队伍: recruitment, training, exchange and recognition of teachers."""

    section_title: ClassVar[str] = "教师队伍 Teachers"
    route_words: ClassVar[RouteWords] = RouteWords(
        strong=("教师", "特岗", "师范生", "名师", "师德", "班主任", "职称", "师资", "轮岗", "队伍建设"),
        medium=("校长", "骨干", "招聘", "招录"),  # school leaders are staff too
        weak=("培训", "交流", "人才"),
    )  # fmt: skip

    recruited_total: Figure | None = figure_field(
        "All new teachers recruited this year, over every channel: a stated total.",
        ("person",),
        # 考聘 contracts 考试聘用, as 招考 does 招聘考试: 公开考聘农村中小学教师107名 (w105).
        (("招聘", "招录", "补充", "引进", "招考", "录用", "新进", "招收", "新招", "考聘"), TEACHER_WORDS),
        total=True,
        # A report's only recruitment figure is its recruitment, whatever stage it names: 公开招聘了中小学
        # 教师130名 (w101), 考聘农村中小学教师107名 (w105), as the labels of w26, w85 and w107 take theirs.
        sole_any_stage=True,
        not_about=NOT_TEACHERS,
        label="招聘教师 Teachers recruited",
        ask="本年招聘、招录、补充新教师的总人数",
    )
    special_post_teachers: Figure | None = figure_field(
        "特岗教师 recruited this year.",
        ("person",),
        (("特岗",),),
        label="特岗教师 Special-post teachers",
        ask="招聘的特岗教师人数（特岗）",
    )
    free_normal_students: Figure | None = figure_field(
        "免费/公费师范生 placed.",
        ("person",),
        (("师范生", "师范毕业生"),),
        label="公费师范生 Free normal students",
        ask="接收的免费师范生、公费师范生人数",
    )
    training_person_times: Figure | None = figure_field(
        "Teacher training this year, in person-times, over every programme: a stated total.",
        ("person_time", "person"),
        (("培训", "研修", "轮训"), TEACHER_WORDS),
        total=True,
        not_about=NOT_TEACHERS,
        label="教师培训 Training",
        ask="教师培训的人次（人次）",
    )
    exchanged_teachers: Figure | None = figure_field(
        "交流轮岗 teachers, and teachers sent to teach elsewhere (支教).",
        ("person", "person_time"),
        (("交流", "轮岗", "支教", "互派", "挂职", "走教"), TEACHER_WORDS),
        not_about=NOT_TEACHERS,
        label="交流轮岗 Exchanged teachers",
        ask="交流轮岗、支教的教师人数",
    )
    commended_teachers: Figure | None = figure_field(
        "Teachers commended or given an honour title, over every level: a stated total.",
        ("person", "person_time"),
        (HONOUR_WORDS, TEACHER_WORDS),
        total=True,
        not_about=NOT_TEACHERS,
        label="表彰教师 Commended teachers",
        ask="受表彰或获评优秀教师、骨干教师、名师等荣誉的教师人数",
    )
    items: list[Item] = Field(default_factory=list, description="Stated parts of this section's totals.")
    highlights: list[Highlight] = Field(default_factory=list)


class Project(_Strict):
    """One construction or renovation project."""

    name: str
    investment_yuan: Figure | None = None
    floor_area_m2: Figure | None = None
    new_places: Figure | None = None
    status: Literal["completed", "under_construction", "planned", "unknown"] = "unknown"
    quote: str
    span: tuple[int, int]


# A building put into use (建成投用, 交付使用) was built, whatever verb the report uses for the work.
PUT_INTO_USE = ("投用", "投入使用", "交付使用")


class Infrastructure(_Strict):
    """办学条件 / 校舍建设: buildings, equipment and school places."""

    section_title: ClassVar[str] = "办学条件 Infrastructure"
    route_words: ClassVar[RouteWords] = RouteWords(
        strong=("新建", "改扩建", "扩建", "校舍", "建设项目", "项目建设", "平方米", "㎡", "平米", "建筑面积",
                "竣工", "开工", "薄弱", "改薄", "办学条件", "学位"),
        # a building handed over or finished (交付使用, 主体完工) is built, whatever verb the report uses
        medium=("投入使用", "交付使用", "主体完成", "主体完工"),
        weak=("改造", "投资", "项目", "设备", "维修", "校园建设", "建成"),
    )  # fmt: skip

    projects: list[Project] = Field(default_factory=list)
    total_investment_yuan: Figure | None = figure_field(
        "All investment in school building and equipment this year: a stated total.",
        ("yuan",),
        (MONEY_WORDS, BUILD_WORDS),
        total=True,
        not_about=RUNNING_COSTS,
        label="总投资 Total investment",
        ask="建设、改造项目的总投资或总投入（元、万元、亿元）",
    )
    new_school_places: Figure | None = figure_field(
        "New school places (学位) added this year, over every project: a stated total.",
        ("place",),
        (("学位",),),
        total=True,
        # Places the government buys at private schools (政府购买义务教育学位13503个, 004) exist already.
        not_about=("购买",),
        sole_any_stage=True,
        label="新增学位 New school places",
        ask="新增学位数（学位）",
    )
    schools_renovated: Figure | None = figure_field(
        "Schools newly built, extended or renovated this year, over every project: a stated total.",
        ("school",),
        # A school put into use was built: 8所学校建成投入使用 (w75), 建成投用隆盛小学等5所学校 (w93),
        # 投用学校3所 (w51).
        (("改造", "维修", "改扩建", "新建", "改建", "扩建", "建设", "修缮", "改薄", *PUT_INTO_USE),),
        total=True,
        # 改薄: the national programme of improving weak schools (全面改薄), as reports name it.
        # Work only begun is no school built or renovated yet: 4所学校的…改造项目都已经全部开工建设.
        # Equipment put in or renewed at schools is no school built or renovated: 改造17所学校信息化设备
        # (w41), 4所中小学安装脱硫除尘等设备 (001).
        # Schools for the elderly (老年学校, 老年大学: 000, 004) are no schools of the education system.
        not_about=("开工", "动工", "启动", "设备", "老年"),
        sole_any_stage=True,
        label="改造学校 Schools renovated",
        ask="新建、改扩建、改造的学校所数（所）",
    )
    items: list[Item] = Field(default_factory=list, description="Stated parts of this section's totals.")
    highlights: list[Highlight] = Field(default_factory=list)


class StudentAid(_Strict):
    """学生资助: grants, loans and subsidies to students."""

    section_title: ClassVar[str] = "学生资助 Student aid"
    route_words: ClassVar[RouteWords] = RouteWords(
        strong=("资助", "助学金", "助学贷款", "营养改善", "两免一补", "奖学金", "困难学生", "贫困学生",
                "免学费", "免除", "生活费", "生活补助", "教育扶贫"),
        medium=("扶贫",),  # with 教育扶贫 above, "教育扶贫资金" alone routes a part here
        weak=("贷款", "补助", "补贴", "惠民", "受惠", "受益"),
    )  # fmt: skip

    total_amount_yuan: Figure | None = figure_field(
        "All student aid paid out this year, over every programme: a stated total.",
        ("yuan",),
        ((*AID_WORDS, "发放"), AID_CONTEXT),
        total=True,
        not_about=NOT_AID,
        label="资助总额 Total aid",
        not_for=ENTITLEMENTS,
        ask="发放的各类资助资金总额（元、万元）",
    )
    beneficiaries_person_times: Figure | None = figure_field(
        "All students aided this year, over every programme: a stated total.",
        ("person_time", "person"),
        ((*AID_WORDS, "受助", "惠及", "受惠", "受益", "发放"), AID_CONTEXT),
        total=True,
        label="受助学生 Aid beneficiaries",
        not_for=ENTITLEMENTS,
        ask="资助学生的人次或人数（人次）",
    )
    student_loan_recipients: Figure | None = figure_field(
        "Students given a student loan (人 or 人次, or 笔 or 份 loans).",
        ("person", "person_time", "count"),
        (("贷款", "放贷"),),  # 放贷: lent, as 发放贷款 (实际放贷100人)
        counters=("笔", "份"),  # a loan is one contract (份)
        label="助学贷款人数 Loan recipients",
        ask="办理生源地信用助学贷款的学生人数",
    )
    student_loan_amount_yuan: Figure | None = figure_field(
        "The money of those loans.",
        ("yuan",),
        (("贷款", "资金", "金额"), ("贷款",)),
        label="助学贷款 Loan amount",
        ask="助学贷款金额（元、万元）",
    )
    items: list[Item] = Field(default_factory=list, description="Stated parts of this section's totals.")
    highlights: list[Highlight] = Field(default_factory=list)


class Sports(_Strict):
    """体育: school sports events, participation and facilities."""

    section_title: ClassVar[str] = "体育 Sports"
    route_words: ClassVar[RouteWords] = RouteWords(
        strong=("体育", "运动会", "足球", "篮球", "排球", "田径", "体质", "健康测试", "冬奥", "冰雪",
                "运动场", "体育场", "全民健身", "健身", "锦标赛", "马拉松", "赛事", "竞技", "游泳"),
        weak=("比赛", "操场", "运动"),
    )  # fmt: skip

    events_held: Figure | None = figure_field(
        "Sports events or competitions held, over every level: a stated total.",
        ("count",),
        (("运动会", "比赛", "赛事", "联赛", "竞赛", "活动"), SPORT_WORDS),
        total=True,
        # Not 届: a year holds one edition of an event, and 举办19届 counts editions over the years.
        counters=("次", "场", "项", "场次", "项次", "轮"),
        label="赛事活动 Events held",
        ask="举办的运动会、体育比赛、赛事的次数或项数",
    )
    participants_person_times: Figure | None = figure_field(
        "People taking part in sports events or activities, over all of them: a stated total.",
        ("person_time", "person"),
        # 健儿: the press's word for athletes (运动健儿, 体育健儿), as 运动员.
        (("参加", "参与", "参赛", "运动员", "健儿", "健身"), SPORT_WORDS),
        total=True,
        label="体育参与人次 Sports participants",
        ask="参加体育活动、比赛的人次或人数",
    )
    facility_investment_yuan: Figure | None = figure_field(
        "Investment in sports grounds and facilities.",
        ("yuan",),
        ((*MONEY_WORDS, "建设"), (*SPORT_WORDS, "操场", "场地", "跑道", "场馆")),
        label="设施投资 Facility investment",
        ask="体育场地、设施建设的投资（元、万元）",
    )
    items: list[Item] = Field(default_factory=list, description="Stated parts of this section's totals.")
    highlights: list[Highlight] = Field(default_factory=list)


class PlanItem(_Strict):
    """One item of next year's plans (工作打算 / 工作要点)."""

    title: str
    detail: str
    quote: str
    span: tuple[int, int]


class Plans(_Strict):
    """工作打算: what the bureau plans for the following year."""

    section_title: ClassVar[str] = "工作打算 Plans"

    year: int | None = None
    items: list[PlanItem] = Field(default_factory=list)


MetaSource = Literal["title", "header", "body", "date"]
MetaField = Literal["county", "bureau", "title", "report_year", "plan_year", "published_date"]


class Meta(_Strict):
    """Who wrote the report and which year it covers, and where each of these was found."""

    county: str | None = Field(default=None, description="County or district, Simplified: 兴隆县.")
    bureau: str | None = Field(default=None, description="The issuing bureau: 兴隆县教育和体育局.")
    title: str | None = None
    report_year: int | None = Field(default=None, description="The year the report summarises.")
    plan_year: int | None = Field(default=None, description="The year of the plans section, if any.")
    published_date: str | None = Field(default=None, description="ISO date the report was published.")
    source_script: Literal["simplified", "traditional"] = "simplified"
    sources: dict[MetaField, MetaSource] = Field(
        default_factory=dict,
        description="Where each value was found: the title line, the page's header or index fields "
        "(发文机关, 来源, site banner), the body, or the publication date.",
    )
    inferred: list[MetaField] = Field(
        default_factory=list,
        description="Values the text does not state but implies: a report year from 今年 and the "
        "publication date, or from the plans' year.",
    )


class Warning_(_Strict):
    """Something the reader must know: a figure dropped by grounding, a split section…"""

    section: str
    field: str | None = None
    code: str | None = Field(
        default=None,
        description="Why a figure was dropped, for machines: plan, requested, change, rate, other_year, "
        "measure_word, off_topic, list_total, counts_others, not_for, list_item, one_project, not_a_total, "
        "part, ambiguous, quote_not_in_text, number_not_in_quote, no_figure_in_quote, wrong_unit. None for "
        "a warning about a whole section.",
    )
    message: str
    quote: str | None = None

    @property
    def dropped_figure(self) -> bool:
        """A figure grounding dropped (it has a reason code), not a notice about a whole section."""
        return self.code is not None

    @property
    def where(self) -> str:
        return f"{self.section}.{self.field}" if self.field else self.section

    @field_validator("message", "quote")
    @classmethod
    def _bounded(cls, text: str | None) -> str | None:
        """A warning points at the report, it does not carry it: text past 500 characters is cut.
        (A quote can be copied into a warning's message too; one 2-million-character quote once made a
        72 MB result.)"""
        return text if text is None or len(text) <= 500 else text[:499] + "…"


class Usage(_Strict):
    """LLM calls, cache hits, re-asks and tokens, declared once: the LLM cache counts them, a report's
    `run` records them, and batch and the eval sum them, all under these JSON names."""

    llm_calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasks: int = 0

    def counters(self) -> Usage:
        """A copy of just the counters, also of a subclass such as RunStats."""
        return Usage(**{k: getattr(self, k) for k in Usage.model_fields})

    def __add__(self, other: Usage) -> Usage:
        return Usage(**{k: getattr(self, k) + getattr(other, k) for k in Usage.model_fields})

    def since(self, before: Usage) -> Usage:
        """What was used after `before`, a copy taken earlier with `counters()`."""
        return Usage(**{k: getattr(self, k) - getattr(before, k) for k in Usage.model_fields})


class RunStats(Usage):
    """What the run cost: LLM calls, tokens and cache hits, summed across retries."""

    provider: str
    model: str
    seconds: float = 0.0


class SourceInfo(_Strict):
    """The input file as read."""

    path: str
    sha256: str
    encoding: str
    chars: int
    format: Literal["text", "html", "pdf", "docx", "doc", "scan"] = Field(
        default="text",
        description="The shape the report was published in; for all but text, spans point into the text "
        "read from it (`summarize FILE --format text` prints it).",
    )
    pages: int | None = Field(default=None, description="Pages of a PDF or scan.")


class Report(_Strict):
    """The structured summary of one report: the tool's output."""

    schema_version: str = SCHEMA_VERSION
    source: SourceInfo
    meta: Meta
    party_building: PartyBuilding = Field(default_factory=PartyBuilding)
    teachers: Teachers = Field(default_factory=Teachers)
    infrastructure: Infrastructure = Field(default_factory=Infrastructure)
    student_aid: StudentAid = Field(default_factory=StudentAid)
    sports: Sports = Field(default_factory=Sports)
    plans: Plans = Field(default_factory=Plans)
    warnings: list[Warning_] = Field(default_factory=list)
    run: RunStats | None = None


def figure_fields(section: BaseModel | type[BaseModel]) -> list[str]:
    """Names of a section's scalar figure fields, in schema order: those declared with `figure_field`."""
    cls = section if isinstance(section, type) else type(section)
    return [name for name, f in cls.model_fields.items() if isinstance(f.json_schema_extra, FigureRules)]


@dataclass(frozen=True)
class FieldSpec:
    """A section figure's declaration, read back from its model (see `figure_field`)."""

    name: str
    units: tuple[str, ...]
    cues: tuple[tuple[str, ...], ...] = ()
    total: bool = False
    counters: tuple[str, ...] = ()  # measure words of a count (次, 场); empty: any
    not_about: tuple[str, ...] = ()  # whom else a clause may count (学生 for a teachers field)
    label: str = ""  # for readers: "招聘教师 Teachers recruited"
    ask: str = ""  # for the model, in the prompt's field list: "本年招聘、招录、补充新教师的总人数"
    sole_any_stage: bool = False  # the section's only value of the field is its whole, whatever stage
    not_for: tuple[str, ...] = ()  # programmes whose pupils or money the field never counts
    # Judge only whether a figure is of the field's kind, a whole or a part, not whether it is stated as
    # the whole: how candidates find a total field's parts. Never declared; set by `of_kind`.
    kind_only: bool = False

    def counts(self, unit: str, measure: str) -> bool:
        """A quantity in `unit`, written with the measure word `measure` (场 of 20余场), counts what this
        field counts."""
        return unit != "count" or not self.counters or measure in self.counters


def field_specs(section: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The figure fields of a section model, in schema order, with their declared rules."""
    specs = []
    for name in figure_fields(section):
        rules = section.model_fields[name].json_schema_extra
        assert isinstance(rules, FigureRules)  # figure_fields keeps only these
        specs.append(FieldSpec(name, **{f: getattr(rules, f) for f in FigureRules.__dataclass_fields__}))
    return tuple(specs)


def section_model(section: str) -> type[BaseModel]:
    """The model of the Report's section `section` ("teachers")."""
    return Report.model_fields[section].annotation


# The sections, in output order, each declared once: its model in the Report, with its title.
SECTION_TITLES: dict[str, str] = {
    name: field.annotation.section_title
    for name, field in Report.model_fields.items()
    if hasattr(field.annotation, "section_title")
}
SECTION_NAMES: tuple[str, ...] = tuple(SECTION_TITLES)
FIGURE_SECTIONS: tuple[str, ...] = tuple(  # the sections of figures, which the LLM fills
    name for name in SECTION_NAMES if figure_fields(section_model(name))
)
# The registry every other module reads: each figure section's fields, with their declared rules.
FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    name: field_specs(section_model(name)) for name in FIGURE_SECTIONS
}


def figure_rows(report: Report) -> list[tuple[str, str, Figure]]:
    """(section, field path, figure) for every figure in the report, in schema order: what renderers
    show and tracing locates."""
    rows: list[tuple[str, str, Figure]] = []
    for section in FIGURE_SECTIONS:
        model = getattr(report, section)
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, Figure):
                rows.append((section, name, value))
        for i, project in enumerate(getattr(model, "projects", [])):
            for name in ("investment_yuan", "floor_area_m2", "new_places"):
                figure = getattr(project, name)
                if figure is not None:
                    rows.append((section, f"projects[{i}].{name}", figure))
    return rows
