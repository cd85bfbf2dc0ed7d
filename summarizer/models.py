"""The output schema: a standard county education work report, every figure grounded in a quote.

This module imports nothing else of ours, so consumers (renderers, batch, evals) can depend on it
without pulling in text handling or LLM code. `schemas/report.schema.json` is exported from here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Unit = Literal[
    "yuan",  # money, in yuan (万元 and 亿元 multiplied out)
    "m2",  # floor area in square metres
    "mu",  # land area in 亩
    "person",  # 人 / 名 / 位
    "person_time",  # 人次
    "place",  # school places, 学位
    "school",  # 所
    "count",  # 个 / 次 / 场 / 项 / 套 / 台 / 件 / 笔 …
    "percent",
    "percentage_point",
    "km",
]

SectionName = Literal["party_building", "teachers", "infrastructure", "student_aid", "sports", "plans"]
SECTION_NAMES: tuple[str, ...] = (
    "party_building",
    "teachers",
    "infrastructure",
    "student_aid",
    "sports",
    "plans",
)


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


class Highlight(_Strict):
    """A short factual statement from the report, kept as its source sentence."""

    text: str
    quote: str
    span: tuple[int, int]


class PartyBuilding(_Strict):
    """党建: party building work of the bureau and its schools."""

    theory_study_sessions: Figure | None = None
    new_party_members: Figure | None = None
    disciplinary_actions: Figure | None = None
    commended_party_members: Figure | None = None
    highlights: list[Highlight] = Field(default_factory=list)


class Teachers(_Strict):
    """教师队伍: recruitment, training, exchange and recognition of teachers."""

    recruited_total: Figure | None = None
    special_post_teachers: Figure | None = Field(default=None, description="特岗教师 recruited this year.")
    free_normal_students: Figure | None = Field(default=None, description="免费/公费师范生 placed.")
    training_person_times: Figure | None = None
    exchanged_teachers: Figure | None = Field(default=None, description="交流轮岗 teachers.")
    commended_teachers: Figure | None = None
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


class Infrastructure(_Strict):
    """办学条件 / 校舍建设: buildings, equipment and school places."""

    projects: list[Project] = Field(default_factory=list)
    total_investment_yuan: Figure | None = None
    new_school_places: Figure | None = None
    schools_renovated: Figure | None = None
    highlights: list[Highlight] = Field(default_factory=list)


class StudentAid(_Strict):
    """学生资助: grants, loans and subsidies to students."""

    total_amount_yuan: Figure | None = None
    beneficiaries_person_times: Figure | None = None
    student_loan_recipients: Figure | None = None
    student_loan_amount_yuan: Figure | None = None
    highlights: list[Highlight] = Field(default_factory=list)


class Sports(_Strict):
    """体育: school sports events, participation and facilities."""

    events_held: Figure | None = None
    participants_person_times: Figure | None = None
    facility_investment_yuan: Figure | None = None
    highlights: list[Highlight] = Field(default_factory=list)


class PlanItem(_Strict):
    """One item of next year's plans (工作打算 / 工作要点)."""

    title: str
    detail: str
    quote: str
    span: tuple[int, int]


class Plans(_Strict):
    """工作打算: what the bureau plans for the following year."""

    year: int | None = None
    items: list[PlanItem] = Field(default_factory=list)


class Meta(_Strict):
    """Who wrote the report and which year it covers."""

    county: str | None = Field(default=None, description="County or district, Simplified: 兴隆县.")
    bureau: str | None = Field(default=None, description="The issuing bureau: 兴隆县教育和体育局.")
    title: str | None = None
    report_year: int | None = Field(default=None, description="The year the report summarises.")
    plan_year: int | None = Field(default=None, description="The year of the plans section, if any.")
    published_date: str | None = Field(default=None, description="ISO date the report was published.")
    source_script: Literal["simplified", "traditional"] = "simplified"


class Warning_(_Strict):
    """Something the reader must know: a figure dropped by grounding, a split section…"""

    section: str
    field: str | None = None
    message: str
    quote: str | None = None


class RunStats(_Strict):
    """What the run cost: LLM calls, tokens and cache hits, summed across retries."""

    provider: str
    model: str
    llm_calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasks: int = 0
    seconds: float = 0.0


class SourceInfo(_Strict):
    """The input file as read."""

    path: str
    sha256: str
    encoding: str
    chars: int


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
    """Names of a section's scalar figure fields, in schema order."""
    cls = section if isinstance(section, type) else type(section)
    return [name for name, f in cls.model_fields.items() if "Figure" in str(f.annotation)]
