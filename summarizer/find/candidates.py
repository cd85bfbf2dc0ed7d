"""Candidates: the figures a section's own text lets each field take, found by code alone.

Every quantity of the section in a unit the field accepts is judged clause by clause (judging.py). For
a field that counts a whole (a total field), the section as a whole then decides which of those are the
whole and which are its parts:
  * a figure the text marks as a total (共, 累计, 全年, 各类 …) is the whole, unless a stated part of it
    is larger: a total is never smaller than one of its parts (项目共216人 beside 29503人次 is one
    programme, 总投资316万元 beside 1247万元 is one project). When every marked count is so exceeded,
    the marks were on parts, and the whole is read as if nothing were marked (not for money);
  * with no such mark, the whole is the one figure of its kind that covers every level, that no
    other figure of its kind exceeds, and that comes first, as a report states the whole before its
    parts (表彰了100名优秀教师 before 24名教师获得市级奖励; 7所农村小规模学校 then 11所学校薄改 are two
    programmes, no whole and its part), unless another
    figure of its kind fills a narrower field, which shows the figures are parts. A figure whose
    clause names one stage of schooling or one level of government counts that level alone: it is a
    part (改扩建公办幼儿园11所, 新增公办义务教育学位3500个), not the whole, unless it is the section's
    only count of schools, places or recruits (新建幼儿园4所): what was added that year, as readers
    take it;
  * a figure that also fills a narrower field of the section is a part (招聘特岗教师85人 is one channel);
  * everything else of its kind is a part: kept as an item for the reader, never summed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from ..clauses import clause_around, sentence_around, statement_around
from ..models import FieldSpec
from ..normalize import NormalizedText
from ..quantities import Quantity, find_quantities
from ..section_text import SectionText
from .judging import Mention, Reason, is_list_item, judge, judge_mention, same_kind

# The stages of schooling a whole counts over. 中学 alone names no stage (初中 or 高中).
SCHOOL_STAGES = (
    ("幼儿园", "幼儿", "学前", "公办园", "民办园", "普惠园", "幼教"),
    ("义务教育", "义教", "小学", "初中", "初级中学", "九年一贯"),
    ("高中", "普高", "高级中学"),
    ("中职", "职业", "职高", "中专", "技工"),
    ("高校", "大学", "高等"),
)
PART = Reason(
    "it is a part, not the whole: a stated part is larger, it counts one level, or it fills a narrower field",
    "part",
)
# One level of government or of the system: 市级奖励 is the city's share of the commendations.
LEVEL = re.compile(r"(?:国家|省|市|县|区|乡|镇|校)级")


# A named example before 等 and a count (马颈坳小学等8所农村学校): the example's own name, which says
# nothing of what the count covers.
_NAMED_EXAMPLE = re.compile(r"^.*等(?=\d|[一二两三四五六七八九十])")


def names_one_stage(clause: str) -> bool:
    """The clause counts one stage of schooling (学前, 义务教育, 高中 …), not all of them. A school named
    as an example (平堡镇中心小学等24所学校) names no stage of the count."""
    clause = _NAMED_EXAMPLE.sub("", clause)
    return sum(any(word in clause for word in stage) for stage in SCHOOL_STAGES) == 1


def names_one_level(clause: str) -> bool:
    """The clause counts one stage of schooling or one level of government, not all of them."""
    return names_one_stage(clause) or len(set(LEVEL.findall(clause))) == 1


@dataclass(frozen=True)
class Candidate:
    """A quantity of the section text that can fill a field, with the clause that states it."""

    quantity: Quantity
    clause: tuple[int, int]  # span in the section text

    @property
    def value(self) -> Decimal:
        return self.quantity.value


@dataclass
class Candidates:
    """The candidates of each field of one section, judged once per field."""

    fields: tuple[FieldSpec, ...]
    source: SectionText
    normalized: NormalizedText
    report_year: int | None = None
    _cache: dict[FieldSpec, list[Candidate]] = field(default_factory=dict, init=False, repr=False)
    _mentions: dict[Quantity, Mention | None] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def quantities(self) -> list[Quantity]:
        """Every quantity of the section text, read once (the listing numbers the same ones)."""
        return find_quantities(self.source.text)

    @cached_property
    def _claimed(self) -> frozenset[Quantity]:
        """The quantities some field of the section takes, wholes or parts."""
        return frozenset(c.quantity for spec in self.fields for c in self.of_kind(spec))

    def of_kind(self, spec: FieldSpec) -> list[Candidate]:
        """Figures that state what the field counts, as results of the report year: wholes or parts."""
        return self._judged(replace(spec, kind_only=True))

    def wholes(self, spec: FieldSpec) -> list[Candidate]:
        """Figures that can fill the field: for a total field, only what the section states as the whole."""
        if not spec.total:
            return self.of_kind(spec)
        kind = [c for c in self.of_kind(spec) if not self._narrower(spec, c)]
        marked = self._judged(spec)
        if not marked:
            return self._unmarked_whole(spec, kind)
        # A figure of a narrower field need not be inside the total: student loans are lent, not granted,
        # and often exceed the aid a report totals (资助资金1387.4万元 beside 助学贷款1390余万元).
        parts = [c for c in self.of_kind(spec) if c not in marked and not self._narrower(spec, c)]
        if self._marks_on_parts(spec, marked, parts):
            return self._unmarked_whole(spec, kind, parts_marked=marked)
        return [
            m for m in marked
            if m in kind and not any(_larger(p, m) for p in parts)
            and (self._only_built(spec) or not self._one_stage(spec, m))
        ]  # fmt: skip

    @staticmethod
    def _marks_on_parts(spec: FieldSpec, marked: list[Candidate], parts: list[Candidate]) -> bool:
        """Every marked count is exceeded by an unmarked one of its kind: the marks were on parts
        (组织召开全区老教师趣味运动会,有227名老教师参加 beside 带动健身人群达到10万余人; 全年审批了18所幼儿园,
        新增学位超过8000个 beside 新增公办学位1.1万个). Not for money: programmes' sums stand unmarked
        side by side, each one programme's (w33's 558.45万元, w97's 132万元)."""
        return "yuan" not in spec.units and all(any(_larger(p, m) for p in parts) for m in marked)

    def _only_built(self, spec: FieldSpec) -> bool:
        """The field's only value in the section is its whole whatever stage it names (新建幼儿园4所):
        declared with the field (`sole_any_stage`)."""
        return spec.sole_any_stage and self._one_value(spec)

    def _one_value(self, spec: FieldSpec) -> bool:
        """The section states one value of the field's kind, however often."""
        return len({c.value for c in self.of_kind(spec)}) == 1

    def _one_stage(self, spec: FieldSpec, candidate: Candidate) -> bool:
        """A marked total whose clause names one stage of schooling sums that stage alone
        (2017年共资助学前阶段贫困学生1430人次): a part of all stages' total, as an unmarked one is."""
        return names_one_stage(self._scope(spec, candidate))

    def _scope(self, spec: FieldSpec, candidate: Candidate) -> str:
        """What a figure counts over: its clause, and, when the section states other values of its
        kind, the run of clauses its sentence opens with, if the figure is in it. Figures each in their
        own unit describe one thing (改扩建公办幼儿园11所,建设面积7985㎡,投入资金2196.1万元; 共资助学前
        阶段贫困学生1430人次,发放资金120.96万元): the kindergartens' money is one of the section's sums.
        A unit said twice makes the run a list of like items (补助132万元,助学金130万元…), whose figures
        each count their own clause. The only value of its kind counts what its own clause names: a
        report's only places figure is its places (改扩建公办幼儿园11所…新增学位900个)."""
        text = self.source.text
        start, end = candidate.clause
        if self._one_value(spec):
            return text[start:end]
        sentence_start = sentence_around(text, start, end)[0]
        units = {candidate.quantity.unit}
        scope_start = start
        for q in reversed([q for q in self.quantities if sentence_start <= q.start < start]):
            if q.unit in units:
                return text[start:end]
            units.add(q.unit)
            scope_start = min(scope_start, clause_around(text, q.start, q.end)[0])
        return text[scope_start:end]

    def _unmarked_whole(
        self, spec: FieldSpec, kind: list[Candidate], parts_marked: Sequence[Candidate] = ()
    ) -> list[Candidate]:
        """With no marked total (or only `parts_marked`, left aside): the one value of its kind that
        covers every level (or the only count of schools or places, whatever it covers), when no figure
        of its kind exceeds it (each mention of that value, as the model may quote any). Not when a part
        fills a narrower field (免除学费685万元 beside 助学贷款380万元): the rest is then another part."""
        if len(kind) < len(self.of_kind(spec)):
            return []
        kind = [c for c in kind if c not in parts_marked]
        broad = [c for c in kind if self._only_built(spec) or not names_one_level(self._scope(spec, c))]
        if len({c.value for c in broad}) != 1:
            return []
        if broad[0] != kind[0]:  # a report states the whole before its parts (总—分)
            return []
        if self._in_a_list(broad[0]) or self._listed_with_like(broad[0]):
            return []
        if any(_larger(c, broad[0]) for c in self.of_kind(spec)):
            return []
        return broad

    def _listed_with_like(self, candidate: Candidate) -> bool:
        """The figure is joined by 、 to one of its kind of unit (培训教育干部达189人、骨干教师达526人): one
        item of an enumeration, not the whole of it."""
        return is_list_item(self.source.text, *candidate.clause, candidate.quantity.unit)

    def _in_a_list(self, candidate: Candidate) -> bool:
        """Another figure of its unit in its sentence, read across semicolons in the whole text (routing
        may have sent the rest elsewhere), is led by the same words (投入3430万元完成…;投入250万元为…):
        items of one list, where the first is no more the whole than the others."""
        at = self.source.to_normalized(candidate.quantity.start, candidate.quantity.end)
        if at is None:
            return False
        text = self.normalized.text
        lead = _lead(text, *at)
        start, end = statement_around(text, *at)
        return bool(lead) and any(
            q.unit == candidate.quantity.unit and start + q.start != at[0]
            and _lead(text, start + q.start, start + q.end) == lead
            for q in find_quantities(text[start:end])
        )  # fmt: skip

    def sole(self, spec: FieldSpec) -> Candidate | None:
        """The field's only figure of its kind in the section, stated once, when it is the whole."""
        kind = self.of_kind(spec)
        return kind[0] if len(kind) == 1 and kind == self.wholes(spec) else None

    def marked(self, spec: FieldSpec) -> list[Candidate]:
        """Figures of a total field's kind that the text marks as a total (共, 累计, 全年 …)."""
        return self._judged(spec)

    def parts(self, spec: FieldSpec) -> list[Candidate]:
        """The stated parts of a total field: figures of its kind that are not the whole."""
        if not spec.total:
            return []
        wholes = self.wholes(spec)
        return [c for c in self.of_kind(spec) if c not in wholes]

    def why_not(self, spec: FieldSpec, at: tuple[int, int]) -> Reason | None:
        """Why the quantity at `at` (normalised text) cannot fill `spec`, or None. A total field takes only
        what the section states as the whole."""
        text, year = self.normalized.text, self.report_year
        reason = judge(spec, text, *at, year)
        if not spec.total or (reason is None) == self._is_whole(spec, at):
            return reason
        if reason is None:
            return PART
        return judge(replace(spec, kind_only=True), text, *at, year)  # unmarked, yet the whole

    def _is_whole(self, spec: FieldSpec, at: tuple[int, int]) -> bool:
        """The quantity at `at` (normalised text) is one the section states as the field's whole."""
        to_normalized = self.source.to_normalized
        return any(to_normalized(c.quantity.start, c.quantity.end) == at for c in self.wholes(spec))

    def to_fill(self, spec: FieldSpec) -> Candidate | None:
        """The figure code fills a field with when the model gives none: the one the section states for
        it, if it states exactly one. For a non-total field its only fitting value; for a total field its
        only marked total (共计421名), or its only figure of the kind, stated once (完成38所中小学幼儿园维修
        改造)."""
        wholes = self.wholes(spec)
        if spec.total:
            sole = self.sole(spec)
            wholes = [sole] if sole else [c for c in wholes if c in self.marked(spec)]
        return wholes[0] if len({c.value for c in wholes}) == 1 else None

    def evidence(self) -> list[tuple[int, int]]:
        """The sentences of the section text that state a figure some field can take, in reading order
        and merged where they overlap: all the model needs to read, since no other figure is kept."""
        spans = sorted(
            {sentence_around(self.source.text, c.quantity.start, c.quantity.end)
             for spec in self.fields for c in self.of_kind(spec)}
        )  # fmt: skip
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def rivals_beside(self, spec: FieldSpec, quantity: Quantity) -> list[Quantity]:
        """Figures of the same kind of unit in `quantity`'s sentence that the field could count instead:
        one no field of the section takes, a reading the rules cannot place (劳务派遣幼儿教师15人
        beside 特岗教师85人), and for a total field another value of its own kind, a peer rather than
        a part (全年实施新建学校8所,投用学校3所,改扩建学校7所). Not a stated part (其中全国优秀
        教师1人), which is no rival to its whole, nor a figure of a narrower field (助学贷款
        1279.33万元 beside 发放资助金1543.98万元)."""
        text = self.source.text
        start, end = sentence_around(text, quantity.start, quantity.end)
        peers = {
            c.quantity for c in self.of_kind(spec)
            if spec.total and c.value != quantity.value and not self._narrower(spec, c)
        }  # fmt: skip
        return [
            q for q in self.quantities
            if start <= q.start < end and q != quantity and (q not in self._claimed or q in peers)
            and same_kind(q.unit, quantity.unit) and not _one_the_others_part(text, q, quantity)
        ]  # fmt: skip

    def clause_of(self, quantity: Quantity) -> tuple[int, int]:
        """The clause of the section text that states `quantity`."""
        return clause_around(self.source.text, quantity.start, quantity.end)

    def _narrower(self, spec: FieldSpec, candidate: Candidate) -> bool:
        """The figure also fills another, narrower field of the section: 招聘特岗教师85人 is 特岗, one
        channel of all recruitment."""
        others = (s for s in self.fields if s.name != spec.name and not s.total)
        return any(candidate in self._judged(s) for s in others)

    def _judged(self, spec: FieldSpec) -> list[Candidate]:
        if spec not in self._cache:
            self._cache[spec] = [
                Candidate(q, self.clause_of(q)) for q in self.quantities if self._fits(spec, q)
            ]
        return self._cache[spec]

    def _fits(self, spec: FieldSpec, q: Quantity) -> bool:
        if q.unit not in spec.units:
            return False
        mention = self._mention(q)
        return mention is not None and judge_mention(spec, mention, self.report_year) is None

    def _mention(self, q: Quantity) -> Mention | None:
        """The quantity as judging reads it in the normalised text, once for all fields; None when it
        straddles two parts of the section."""
        if q not in self._mentions:
            at = self.source.to_normalized(q.start, q.end)
            self._mentions[q] = None if at is None else Mention(self.normalized.text, *at)
        return self._mentions[q]


def _lead(text: str, start: int, end: int) -> str:
    """The words the number at text[start:end] follows in its clause: 投入 of 投入3430万元完成…"""
    return text[clause_around(text, start, end)[0] : start].strip()


def _one_the_others_part(text: str, one: Quantity, other: Quantity) -> bool:
    """其中 stands between the two figures: the later one is a stated part of the earlier."""
    return "其中" in text[min(one.end, other.end) : max(one.start, other.start)]


def _larger(part: Candidate, whole: Candidate) -> bool:
    """A part in the same kind of unit that exceeds the would-be whole."""
    return same_kind(part.quantity.unit, whole.quantity.unit) and part.value > whole.value
