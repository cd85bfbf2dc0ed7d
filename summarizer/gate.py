"""Whether a text is summarised: refuse only what is clearly not about a county's education work.

The rule. A text is refused when it is clearly something else: written in another language, program
code, a spreadsheet or table dump, fiction, or prose that hardly mentions schools, teachers, pupils or
student aid (a news story on another subject, a recipe, another bureau's report). Anything that talks
about a county's or district's schools, teachers or student aid is summarised, whatever its shape
(an excerpt, a short year-in-review page, an aid centre's summary, a speech, a notice); so is the
sports work of a bureau of education and sports, which the report's sports section is about. A text that
is about schools but does not read as a county's account of its education work (a school's own news,
a government report with one paragraph on schools) is summarised with a warning, never refused; so is
sports written up as a county's work without naming the bureau (a sports chapter cut out of a report).

A health bureau's report is refused when it says nothing of schools: its subject is health. One with
a school-health item (screening pupils' eyesight) does talk about the county's schools, so it is
summarised with a warning. Refusing a real report loses it quietly in a batch, so every threshold
here leans towards summarising; `--force` still gets the meta of a refused text. Texts under
SHORT_HAN characters say each thing once, so they need fewer words to pass each bar.

The measures are read from what the words mean, not from any one report: the share of Han
characters among letters, code and table line shapes, the density of school vocabulary, the
vocabulary of public administration, and narrative (dialogue, "他说").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from .clauses import SENTENCE_END
from .meta import county_names
from .skim import skim
from .text_patterns import HAN_CHAR, STATEMENT_MARKS

NOT_A_REPORT = "does not look like an education bureau work report (pass --force to emit its meta anyway)"
FORCED_WARNING = "not an education work report: meta only"


MIN_HAN = 10  # fewer Han characters than this is not a text we can read anything from
_CLAUSE = re.compile(f"[{STATEMENT_MARKS}]")  # a short text without one is a title or a label
MIN_HAN_SHARE = 0.7  # of letters; English runs near 0, a Chinese report with a few acronyms near 1
# Kana and Hangul never occur in Chinese prose: Japanese or Korean, whatever share of Han it has.
_OTHER_CJK_SCRIPT = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
FOREIGN_SCRIPT_SHARE = 0.05

# Code: a line that only a program would contain. Only ASCII syntax counts: a Chinese line ending
# in ";" (NFKC's form of "；") or ")" is prose.
_CODE_LINE = re.compile(
    r"^\s*(?:(?:def|class|import|from|return|elif|else|try|except|while|for|if|var|let|const|function"
    r"|public|private|static|create|insert|select|update|delete|drop|alter)\b[ (:]?[A-Za-z_(:'\"]"
    r"|[A-Za-z_][\w.]*\s*(?:[-+*/]?=|\()|[{}()\[\];,]+\s*$)",
    re.IGNORECASE | re.ASCII,
)
CODE_SHARE = 0.3
# Tables: three or more rows of the same number of short cells, with no sentence in them. Prose
# lines are rows too once NFKC turns "，" into ",", but their cell counts vary.
_CELL_SPLIT = re.compile(r"\t|,|\||\s{2,}")
_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_END)}]")
CELL_MAX = 16
TABLE_SHARE = 0.6  # of the Han characters, in rows of the most common width: a report may hold a table
MIN_ROWS = 3

# Schools, teachers, pupils and their aid: the subject the summary is about. "教育" alone is not
# in here: 健康教育, 宣传教育 and 主题教育 use it for any kind of "educate".
SCHOOL_WORDS = (
    "学校", "学生", "教师", "老师", "校长", "师生", "中小学", "小学", "初中", "中学", "高中",
    "幼儿园", "学前", "义务教育", "职业教育", "教育系统", "教育事业", "教育工作",
    "教学", "课堂", "课程", "在校生", "招生", "入学", "学位", "校舍", "校园", "办学", "师资",
    "资助", "助学", "班主任", "教职工", "学期", "学段", "寄宿",
)  # fmt: skip
# The education bureau by any of its names (教育局, 教体局, 教育和体育局, 教育科技局, 教委) counts as
# a school word; where it is an education-and-sports bureau, its sports work is its subject too.
_EDUCATION_BUREAU = re.compile(r"教育(?:和|与)?(?:体育|科技|科学技术|文化)?局|教体局|教文体局|教科体局|教委")
_SPORTS_BUREAU = re.compile(r"教育(?:和|与)?体育局|教体局|教文体局|教科体局")
SPORTS_WORDS = ("体育", "运动会", "健身", "赛事", "比赛", "足球", "篮球", "运动员", "体质")
# Public administration at county level: how a bureau writes about a year of its work.
ADMIN_WORDS = (
    "全县", "全区", "全旗", "全市", "我县", "我区", "我旗", "本县", "县委", "区委", "县政府", "区政府",
    "人民政府", "工作", "开展", "推进", "落实", "完成", "加强", "实施", "提升", "全面", "持续", "扎实",
    "累计", "全年", "一年来", "今年以来", "总结", "计划", "部署", "投入", "新建", "发放", "惠及",
)  # fmt: skip
# The county as the one who acts: its name, 全县/我区, its party committee and government, its
# education bureau or student-aid centre.
_COUNTY_ACTOR = re.compile(
    r"(?:全|我|本)[县区旗]|[县区旗](?:委|人民政府|政府)|教育(?:和|与)?(?:体育|科技|科学技术|文化)?局|教体局"
    r"|教委|资助(?:管理)?中心"
)
# The subjects of a county's other bureaus: health, the economy, farming, roads, housing, policing.
# Where these outnumber the school words, schools are one subject among several.
OTHER_SUBJECT_WORDS = (
    "医院", "医疗", "卫生院", "疫苗", "接种", "患者", "诊疗", "医保", "门诊", "住院", "疾病",
    "生产总值", "工业", "招商", "财政收入", "税收", "粮食", "农田", "亩产", "种植", "养殖", "小麦",
    "公路", "通车", "车辆", "房地产", "小区", "公安", "案件", "治安", "气温", "降水",
)  # fmt: skip
# Narrative: a person who says, asks or looks; dialogue in quotation marks after a colon.
_NARRATIVE = re.compile(r"[他她你我]们?(?:说|道|问|笑|想|看|喊|答)|[::]\s*[\"“「]")

SCHOOL_DENSITY = 1.0  # school words per 100 Han characters in a text that is clearly about schools
SCHOOL_DISTINCT = 3  # different school words in such a text
ADMIN_DISTINCT = 4  # different administration words in a county's account of its work
ADMIN_DISTINCT_ALONE = 6  # …and in a slice that does not name the county as the one who acts
MIN_SCHOOL_HITS = 3  # fewer school words than this, or only one of them repeated, and the text is
MIN_SCHOOL_DISTINCT = 2  # about something else
SHORT_HAN = 100  # a page this short (one or two sentences) says each thing once: every bar is lower
SHORT_RELIEF = 1  # school words fewer, distinct school words fewer…
SHORT_ADMIN_RELIEF = 2  # …and administration words fewer
NARRATIVE_DENSITY = 0.5  # per 100 Han characters: dialogue and "她说" in fiction


class Decision(StrEnum):
    SUMMARISE = "summarise"
    WARN = "warn"  # summarised, with a warning that it may not be a work report
    REFUSE = "refuse"


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    reason: str  # why, in a few words; "" for a plain summarise

    @property
    def refused(self) -> bool:
        return self.decision is Decision.REFUSE

    @property
    def warning(self) -> str | None:
        """The meta warning a summarised borderline text carries."""
        if self.decision is not Decision.WARN:
            return None
        return f"may not be an education work report ({self.reason}): summarised anyway"


@dataclass(frozen=True)
class Measures:
    han: int
    prose: bool  # has a clause: a comma or a sentence end
    han_share: float  # Han characters among all letters
    foreign_share: float  # kana and Hangul among all letters
    code_share: float  # of non-empty lines
    table_share: float  # of Han characters
    table_rows: int
    school_hits: int
    school_distinct: int
    sports_hits: int  # sports words, counted whoever writes
    sports_distinct: int
    admin_distinct: int
    county_actor: bool
    other_hits: int
    narrative: int

    @property
    def short(self) -> bool:
        return self.han < SHORT_HAN

    @property
    def school_density(self) -> float:
        return 100 * self.school_hits / max(self.han, 1)

    @property
    def narrative_density(self) -> float:
        return 100 * self.narrative / max(self.han, 1)


def assess(text: str) -> Verdict:
    """The gate's decision on a normalised text; the reason names what the text looks like."""
    m = measure(text)
    refusal = _refusal(m)
    if refusal:
        return Verdict(Decision.REFUSE, refusal)
    if _sports_work(m) and m.school_hits < MIN_SCHOOL_HITS:
        return Verdict(Decision.WARN, "about a county's sports work, not its schools")
    if m.other_hits >= m.school_hits:
        return Verdict(Decision.WARN, "schools are only part of what it is about")
    if m.school_density < SCHOOL_DENSITY or m.school_distinct < SCHOOL_DISTINCT - SHORT_RELIEF * m.short:
        return Verdict(Decision.WARN, "says little about schools")
    enough = ADMIN_DISTINCT if m.county_actor else ADMIN_DISTINCT_ALONE
    if m.admin_distinct < enough - SHORT_ADMIN_RELIEF * m.short:
        return Verdict(Decision.WARN, "about schools, but not a county's account of its education work")
    return Verdict(Decision.SUMMARISE, "")


def _refusal(m: Measures) -> str | None:
    """Why the text is clearly not about a county's education work, or None."""
    if m.code_share >= CODE_SHARE:
        return "program code"
    if m.table_rows >= MIN_ROWS and m.table_share >= TABLE_SHARE:
        return "a table, not prose"
    if m.han_share < MIN_HAN_SHARE or m.foreign_share >= FOREIGN_SCRIPT_SHARE:
        return "not Chinese text"
    if m.han < MIN_HAN or (m.short and not m.prose):
        return "too short to tell"
    relief = SHORT_RELIEF * m.short
    off_topic = m.school_hits < MIN_SCHOOL_HITS - relief or m.school_distinct < MIN_SCHOOL_DISTINCT - relief
    if off_topic and not _sports_work(m):
        return "not about schools, teachers or students"
    if m.narrative_density >= NARRATIVE_DENSITY and m.admin_distinct < ADMIN_DISTINCT:
        return "fiction"
    if not m.county_actor and m.admin_distinct == 0:
        return "not about a county's work"
    return None


def _sports_work(m: Measures) -> bool:
    """Sports written up as an account of work (开展, 推进, 完成 …): a sports chapter of an education and
    sports bureau's report, cut out without the bureau's name. A game report has the sports words but
    not the work."""
    words = m.sports_hits >= MIN_SCHOOL_HITS and m.sports_distinct >= MIN_SCHOOL_DISTINCT
    return words and m.admin_distinct >= ADMIN_DISTINCT


def measure(text: str) -> Measures:
    """The gate's measures of a text, read without pinyin glosses, links and line numbers."""
    plain = skim(text)
    lines = [line for line in plain.splitlines() if line.strip()]
    han = _count(HAN_CHAR, plain)
    letters = sum(ch.isalpha() for ch in plain)
    rows = _table_rows(lines)
    school = _topic_counts(plain)
    sports = [plain.count(word) for word in SPORTS_WORDS]
    return Measures(
        han=han,
        prose=_CLAUSE.search(plain) is not None,
        han_share=han / max(letters, 1),
        foreign_share=_count(_OTHER_CJK_SCRIPT, plain) / max(letters, 1),
        code_share=sum(bool(_CODE_LINE.search(line)) for line in lines) / max(len(lines), 1),
        table_share=sum(_count(HAN_CHAR, row) for row in rows) / max(han, 1),
        table_rows=len(rows),
        school_hits=sum(school),
        school_distinct=sum(1 for n in school if n),
        sports_hits=sum(sports),
        sports_distinct=sum(1 for n in sports if n),
        admin_distinct=sum(1 for word in ADMIN_WORDS if word in plain),
        county_actor=_COUNTY_ACTOR.search(plain) is not None or bool(county_names(plain)),
        other_hits=sum(plain.count(word) for word in OTHER_SUBJECT_WORDS),
        narrative=_count(_NARRATIVE, plain),
    )


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Matches of `pattern` in `text`, without a list of them: findall on a 2 MB report would hold
    one string object per Han character, about 40 times the file's size."""
    return sum(1 for _ in pattern.finditer(text))


def _topic_counts(plain: str) -> list[int]:
    """How often each school word occurs; sports words too in an education-and-sports bureau's text."""
    words = SCHOOL_WORDS + (SPORTS_WORDS if _SPORTS_BUREAU.search(plain) else ())
    return [plain.count(word) for word in words] + [_count(_EDUCATION_BUREAU, plain)]


def _table_rows(lines: list[str]) -> list[str]:
    """The lines that are rows of the text's widest-spread table width (most rows of one width)."""
    widths = {line: width for line in lines if (width := _row_width(line))}
    if not widths:
        return []
    common = Counter(widths.values()).most_common(1)[0][0]
    return [line for line, width in widths.items() if width == common]


def _row_width(line: str) -> int:
    """The number of cells when the line reads as a table row, else 0."""
    cells = [cell.strip() for cell in _CELL_SPLIT.split(line.strip())]
    if len(cells) < 3 or _SENTENCE_END.search(line) or max(map(len, cells)) > CELL_MAX:
        return 0
    return len(cells)
