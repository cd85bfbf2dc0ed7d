"""Judging a grounded figure: does its clause state this field, as a result of the report year?

A grounded figure is not yet a right one: a real quote can state a plan, another year, a part taken for
the total, or a number about something else. These rules read the clause that holds the number and the
sentence up to it, and say why a figure cannot be this field, or None when it can. They use only what a
field means (its declared cue words and whether it is a total), never one report's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..clauses import clause_around, neighbourhood, sentence_around, statement_start
from ..models import FieldSpec
from ..quantities import Quantity, find_quantities
from ..text_patterns import SPAN, YEAR

# A clause about what will be done, not what was: 计划投资, 拟新建, 将实施, 力争, 目标.
# A bare 将 is usually 把 (将85名教师纳入…), so only its future forms count. 计划 and 争取 are read
# apart (PLAN_VERBS): each is also a noun or a result.
PLAN_WORDS = (
    "规划",
    "拟",
    "预计",
    "力争",
    "目标",
    "将于",
    "将要",
    "将新增",
    "将建",
)
# 计划 and 争取 as verbs of a plan (计划投资, 计划于, 争取实现), not as a programme's name (特岗教师计划、
# 引才计划等共计补充教师385名, 营养改善计划资金) or money obtained (争取上级资金6789万元).
# 将 is the future when a verb of doing follows it (将新建两所中小学, 将完成, 将陆续); the 把 sense takes a
# noun or a number (将85名教师纳入…, 将资金用于…).
PLAN_VERBS = re.compile(
    r"计划(?![、,;:。)等的及以和与中内项资经]|$)|争取(?![^,;。]{0,40}?(?:资金|经费|专项))"
    r"|将(?:新建|改建|扩建|改扩建|新改扩建|完成|实施|开工|启动|建成|投用|投入使用|陆续|继续|加快|进一步)"
)
# What is about to be done governs its whole sentence, as the subject it qualifies does: 正在实施和即将实施的
# …建设项目有190个,总投资1.88亿元 (w101) is a pipeline's budget, not the year's spending.
ABOUT_TO = re.compile(r"即将")
# What projects will give once finished governs the rest of its sentence: 全部建成投用后,新增学位26600个.
ONCE_DONE = re.compile(r"(?:建成|完工|竣工|投用|投入使用)[^,。;]{0,4}后")
# Markers that a figure is stated as a whole: 共, 累计, 合计, 总, 全年, 全县, 各类 …
# 共 as in 共计 or 共发放, not 公共, 共产党, 共同, 共建, 共享. 总/各类/各项 qualify the noun after them
# (总投资, 各类资助), so they mark a total only in the number's own clause; the others govern the
# sentence from where they stand (2023年,累计发放…万元,惠及…人次).
_GONG = r"(?<!公)共(?![产同建享青商识治育])"
# 总 as in 总投资, 总数, 总计, not 总量, 总体, 总结, 总书记, 总要求, 总目标, 总支, 总校, 总务, 总工会.
_ZONG = r"总(?![量体结书要目支校务工则])"
CLAUSE_TOTAL = re.compile(rf"{_GONG}|累计|合计|{_ZONG}|全年|全县|全区|全市|全旗|各类|各项")
SENTENCE_TOTAL = re.compile(rf"{_GONG}|累计|合计|全年|全县|全区|全市|全旗")
YEAR_OF = re.compile(rf"({YEAR})年")
PARTS_FOLLOW = re.compile(r"[,;:]\s*其中")  # 招录新教师36名,其中特岗教师20名: the parts of 36 follow
REQUESTED = re.compile(r"申请|推荐|报名|申报")
BARE_LEAD = 2  # characters of a clause before its number that name no subject: 批准796人
# A number a rate word governs is a rate, not an amount: 每生每年1000元, 生均500元, 人均资助1500元.
RATE = re.compile(r"每(?:生|人|名|位|户|所|校|班|天|日|月|周|学期|学年)|[生人校]均")
RATE_REACH = 6  # characters before the number a rate word governs: 按每生每年1000元, 人均资助1500元
# A number its clause compares with another year is a change, not the year's figure: 比上年增加20人,
# 同比增长300万元, 较2022年多5所.
COMPARED = re.compile(rf"[比较](?:上|去|前)一?年(?:同期)?|同比|环比|[比较]{YEAR}年")
DIGIT = re.compile(r"\d")
# A total its clause sums over a list: 公费定向师范生计划、特岗教师计划以及引才计划等共计补充教师385名.
LIST_STRETCH = re.compile(r"[,;:。]")  # a 、-list runs within these marks
# The clause counts over a list of ways it names (双选、公招、特岗、代课转正等多种方式公开招聘了…130名)
# or sums one (A、B以及C等共计N).
LIST_TOTAL = re.compile(
    r"等[^,;。]{0,4}?(?:共计|合计|总计|共)|等多种|等多个|等[^,;。]{0,2}?(?:方式|渠道|途径|形式)"
)
# A number that qualifies a project noun is that project's budget or size, whatever 总 says before it:
# in "N元的…项目" the 的 makes the number an attribute of the noun after it (总投资4.5亿元的阳光燕山学校
# 二期项目, w66). 工程 is the word reports use beside 项目 for building works (000's 附属工程,
# w74's 重点工程).
ONE_PROJECT = re.compile(r"的[^,;。]{0,24}?(?:项目|工程)")


class Reason(str):
    """Why a number cannot fill a field: a sentence a reader can act on, with a code for machines (the
    JSON's warnings carry it). A str, so it reads and compares as its sentence."""

    code: str

    def __new__(cls, text: str, code: str) -> Reason:
        reason = super().__new__(cls, text)
        reason.code = code
        return reason


@dataclass
class Mention:
    """A number as judging reads it: its clause, the sentence up to it and its own quantity, found once
    and reused for every field the number is judged against."""

    text: str
    start: int
    end: int

    @cached_property
    def clause_span(self) -> tuple[int, int]:
        return clause_around(self.text, self.start, self.end)

    @cached_property
    def clause(self) -> str:
        return self.text[slice(*self.clause_span)]

    @cached_property
    def clause_lead(self) -> str:
        """The number's clause up to the number."""
        return self.text[self.clause_span[0] : self.start]

    @cached_property
    def lead(self) -> str:
        """The number's sentence up to the number."""
        return self.text[sentence_around(self.text, self.start, self.end)[0] : self.start]

    @cached_property
    def statement(self) -> str:
        """The number's whole sentence up to it, across semicolons: a frame set at its start governs the
        items after them (近年来累计…新建学校11所;改扩建学校72所)."""
        return self.text[statement_start(self.text, self.start) : self.start]

    @cached_property
    def purpose(self) -> str:
        """For money, the clause after its own when that clause says what the money was for and states
        no money of its own: 投入资金732.57万元,资助贫困学生25291人次."""
        end = self.clause_span[1]
        quantity = self.quantity
        if quantity is None or quantity.unit != "yuan" or self.text[end : end + 1] not in (",", "、"):
            return ""
        following = self.text[slice(*clause_around(self.text, end + 1, end + 2))]
        return "" if any(q.unit == "yuan" for q in find_quantities(following)) else following

    @cached_property
    def clause_before(self) -> str:
        """The clause before the number's own, when a comma joins them in one sentence."""
        start = self.clause_span[0]
        if self.text[start - 1 : start] != ",":
            return ""
        return self.text[slice(*clause_around(self.text, start - 2, start - 1))]

    @cached_property
    def described_by(self) -> str:
        """The clause before, when a comma joins it and it ends with a figure in another unit: the two
        describe one thing (全区营养改善计划实施学校83所,受益学生4.8万余名: the nutrition plan's pupils)."""
        quantity = self.quantity
        figures = find_quantities(self.clause_before)
        if quantity is None or not figures or same_kind(figures[-1].unit, quantity.unit):
            return ""
        return self.clause_before

    @cached_property
    def paid_for(self) -> str:
        """For a count, the clause before its own when that clause states the money paid for it and the
        count's own clause states none: 共办理生源地信用助学贷款456.72万元,受助学生575人次 counts the loans'
        students, as `purpose` reads the clause after money."""
        quantity = self.quantity
        if quantity is None or quantity.unit == "yuan" or _states_money(self.clause):
            return ""
        return self.clause_before if _states_money(self.clause_before) else ""

    @cached_property
    def carried(self) -> str:
        """For a number whose clause is little more than a verb (批准796人), the clause before it when that
        one counts the same kind: the subject carries over (申请助学贷款的…1062人,批准796人)."""
        quantity = self.quantity
        if quantity is None or len(self.clause_lead) > BARE_LEAD:
            return ""
        before = self.clause_before
        return before if any(same_kind(q.unit, quantity.unit) for q in find_quantities(before)) else ""

    @cached_property
    def quantity(self) -> Quantity | None:
        return next(iter(find_quantities(self.text[self.start : self.end])), None)

    @cached_property
    def context(self) -> str:
        """Where the number's subject may be named, read only when a cue group after the first needs it."""
        return _about(self.text, self.start, self.end)


def judge(spec: FieldSpec, text: str, start: int, end: int, report_year: int | None) -> Reason | None:
    """Why the quantity at `text[start:end]` cannot fill `spec`, or None when it can."""
    return judge_mention(spec, Mention(text, start, end), report_year)


def judge_mention(spec: FieldSpec, mention: Mention, report_year: int | None) -> Reason | None:
    """`judge` for a number already read: what it found is reused across fields."""
    if (
        _is_plan(mention.clause_lead)
        or _plan_lists_it(mention.lead)
        or ONCE_DONE.search(mention.lead)
        or ABOUT_TO.search(mention.lead)
    ):
        return Reason("its clause is about a plan or target, not a result", "plan")
    if _requests_before_grants(mention):
        return Reason("it counts requests; its sentence then states how many were granted", "requested")
    if COMPARED.search(mention.clause_lead):
        return Reason("it is a change against another year, not the year's own figure", "change")
    if RATE.search(mention.clause_lead[-RATE_REACH:]):
        return Reason("it is a rate per person, school or period, not an amount", "rate")
    lead = mention.lead
    if _other_year(lead, report_year) or SPAN.search(mention.statement):
        return Reason(
            "its sentence is about another year or several years, not the report year", "other_year"
        )
    quantity = mention.quantity
    if quantity is not None and not spec.counts(quantity.unit, quantity.measure):
        return Reason(
            f"its measure word {quantity.measure} does not count what this field counts", "measure_word"
        )
    for i, group in enumerate(spec.cues):
        where = (
            mention.context if i else mention.clause + mention.purpose + mention.paid_for + mention.carried
        )
        if not any(word in where for word in group):
            return Reason(f"its clause does not say what this field counts ({'、'.join(group)})", "off_topic")
        if (
            i
            and not spec.total
            and quantity is not None
            and quantity.unit == "yuan"
            and _one_item_only(where, group)
        ):
            return Reason("its money is for a list of works, of which this field's is one item", "list_item")
    if not spec.total and _one_item_of_its_list(spec, mention.clause_lead):
        return Reason("it is the total of a list that names this field as one item", "list_total")
    if _counts_others(spec, mention.clause):
        others = "、".join(w for w in spec.not_about if w in mention.clause)
        return Reason(f"its clause counts {others}, not what this field counts", "counts_others")
    programmes = _programmes(spec, mention)
    if programmes:
        return Reason(f"it counts {'、'.join(programmes)}, which this field does not count", "not_for")
    if spec.total and not spec.kind_only:
        if is_list_item(mention.text, *mention.clause_span):
            return Reason("it is one item of a list, not a stated total", "list_item")
        if ONE_PROJECT.match(mention.text, mention.end, mention.clause_span[1]):
            return Reason("it is one project's, not the year's total (…元的…项目)", "one_project")
        marked = _marked_total(lead, mention.clause_lead, quantity.unit if quantity else "")
        if not marked and not _before_its_parts(mention):
            return Reason("it is not stated as a total (共, 累计, 合计, 全年, 各类 …)", "not_a_total")
    return None


def _states_money(text: str) -> bool:
    return any(q.unit == "yuan" for q in find_quantities(text))


def _requests_before_grants(mention: Mention) -> bool:
    """The number counts requests (申请, 推荐, 报名, 申报 before it in its clause), and its sentence goes on
    to a count of the same kind whose clause asks nothing: how many were granted (申请…1062人,批准796人;
    推荐…新生109名,实际放贷100人). A request stated alone (为1116名贫困大学生申请助学贷款) stands."""
    quantity = mention.quantity
    if quantity is None or not REQUESTED.search(mention.clause_lead):
        return False
    end = sentence_around(mention.text, mention.start, mention.end)[1]
    for later in find_quantities(mention.text[mention.end : end]):
        at = mention.end + later.start
        clause = mention.text[slice(*clause_around(mention.text, at, mention.end + later.end))]
        if same_kind(later.unit, quantity.unit) and not REQUESTED.search(clause):
            return True
    return False


def _one_item_only(where: str, words: tuple[str, ...]) -> bool:
    """Every mention of the field's subject is one item of a 、-list whose other items are not about it:
    money for 校舍、道路、运动场等 is building money, of which the sports ground is a part. Asked of money
    in a field that is no total: a total (all aid, all building money) covers such lists by design."""
    stretches = [s for s in LIST_STRETCH.split(where) if any(w in s for w in words)]
    return bool(stretches) and all(_mixed_list(s, words) for s in stretches)


def _mixed_list(stretch: str, words: tuple[str, ...]) -> bool:
    items = stretch.split("、")
    return len(items) > 1 and any(not any(w in item for w in words) for item in items)


def _programmes(spec: FieldSpec, mention: Mention) -> list[str]:
    """The programmes of `not_for` that the number is about. Not those listed before 等, which a total
    sums among others (全年共发放助学金、营养餐补助、免学费等各类资助资金2070万元)."""
    listed_up_to = mention.clause_lead.rfind("等") + 1
    about = mention.clause[listed_up_to:] + mention.described_by
    return [w for w in spec.not_for if w in about]


def _counts_others(spec: FieldSpec, clause: str) -> bool:
    """The clause names someone the field does not count (学生 for teachers) and none it does."""
    own = spec.cues[1] if len(spec.cues) > 1 else ()
    return any(w in clause for w in spec.not_about) and not any(w in clause for w in own)


def _about(text: str, start: int, end: int) -> str:
    """Where a figure's subject may be named: its clause's neighbours and the sentence before (资助 …。
    2022年,共发放33700余人次2070余万元)."""
    n_start, n_end = neighbourhood(text, start, end)
    s_start = sentence_around(text, start, end)[0]
    before = sentence_around(text, s_start - 2, s_start - 1)[0] if s_start > 1 else s_start
    return text[min(before, n_start) : n_end]


def _marked_total(lead: str, clause_lead: str, unit: str) -> bool:
    """A total word governs the number. 各类/各项 qualify the noun after them, so they count only in the
    number's own clause (发放社会各类捐助资金…,资助学生747人次 is one programme). 共, 累计, 全年 … govern
    the sentence on, past figures in other units (累计发放资助金1543.98万元,惠及学生23652人次), but not past
    another figure in the same unit, which they belong to."""
    if CLAUSE_TOTAL.search(clause_lead):
        return True
    marks = list(SENTENCE_TOTAL.finditer(lead))
    at = marks[-1].start() if marks else -1
    return at >= 0 and not any(same_kind(q.unit, unit) for q in find_quantities(lead[at:]))


def _before_its_parts(mention: Mention) -> bool:
    """The next clause opens with 其中: the number is the whole its parts are then taken from
    (招录新教师36名,其中特岗教师20名)."""
    return PARTS_FOLLOW.match(mention.text, mention.clause_span[1]) is not None


def same_kind(unit: str, other: str) -> bool:
    """人 and 人次 count the same things: one is not a different figure from the other."""
    return {unit, other} <= {"person", "person_time"} or unit == other


def _is_plan(before_number: str) -> bool:
    return any(word in before_number for word in PLAN_WORDS) or PLAN_VERBS.search(before_number) is not None


def _one_item_of_its_list(spec: FieldSpec, clause_lead: str) -> bool:
    """The clause sums a list (A、B以及C等共计N) or counts over one (A、B、特岗等多种方式招聘…N) whose
    items, not its total, name what the field counts: 385 recruited over three channels is no number of
    特岗 teachers."""
    summed = LIST_TOTAL.search(clause_lead)
    if summed is None:
        return False
    items, after = clause_lead[: summed.start()], clause_lead[summed.end() :]
    words = spec.cues[0] if spec.cues else ()
    return any(w in items for w in words) and not any(w in after for w in words)


def _plan_lists_it(lead: str) -> bool:
    """A plan introduces a list the number is in: 计划总投资9.35亿元,实施2项工程:一是…3所学校改建."""
    colon = lead.rfind(":")
    return colon >= 0 and _is_plan(lead[:colon])


def _other_year(lead: str, report_year: int | None) -> bool:
    """The sentence names a year, and none of its years is the report year."""
    years = {int(y) for y in YEAR_OF.findall(lead)}
    return bool(years) and report_year is not None and report_year not in years


def is_list_item(text: str, c_start: int, c_end: int, unit: str | None = None) -> bool:
    """The clause is joined by 、 to a neighbour that states a number (in `unit`'s kind, if given): an
    enumeration of parts, whose first item may even follow a 共 (共招聘A类136人、B类223人…)."""
    after = text[c_end : c_end + 20] if text[c_end : c_end + 1] == "、" else ""
    before = text[max(0, c_start - 20) : c_start] if text[c_start - 1 : c_start] == "、" else ""
    if unit is None:
        return bool(DIGIT.search(after) or DIGIT.search(before))
    return any(same_kind(q.unit, unit) for q in find_quantities(f"{before}\n{after}"))
