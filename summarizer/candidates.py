"""Candidates: the figures a section's own text lets each field take, found by code alone.

Every quantity of the section in a unit the field accepts is judged clause by clause (judging.py). For
a field that counts a whole (a total field), the section as a whole then decides which of those are the
whole and which are its parts:
  * a figure the text marks as a total (共, 累计, 全年, 各类 …) is the whole, unless a stated part of it
    is larger: a total is never smaller than one of its parts (项目共216人 beside 29503人次 is one
    programme, 总投资316万元 beside 1247万元 is one project);
  * with no such mark, the only figure of its kind is the whole (完成38所学校维修改造);
  * a figure that also fills a narrower field of the section is a part (招聘特岗教师85人 is one channel);
  * everything else of its kind is a part: kept as an item for the reader, never summed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from .clauses import clause_around
from .judging import judge, same_kind
from .models import FieldSpec
from .normalize import NormalizedText
from .quantities import Quantity, find_quantities
from .section_text import SectionText


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

    @cached_property
    def _quantities(self) -> list[Quantity]:
        return find_quantities(self.source.text)

    def of_kind(self, spec: FieldSpec) -> list[Candidate]:
        """Figures that state what the field counts, as results of the report year: wholes or parts."""
        return self._judged(replace(spec, total=False))

    def wholes(self, spec: FieldSpec) -> list[Candidate]:
        """Figures that can fill the field: for a total field, only what the section states as the whole."""
        if not spec.total:
            return self.of_kind(spec)
        kind = [c for c in self.of_kind(spec) if not self._narrower(spec, c)]
        marked = self._judged(spec)
        if not marked:
            return kind if len({c.value for c in kind}) == 1 and len(kind) == len(self.of_kind(spec)) else []
        parts = [c for c in self.of_kind(spec) if c not in marked]
        return [m for m in marked if m in kind and not any(_larger(p, m) for p in parts)]

    def marked(self, spec: FieldSpec) -> list[Candidate]:
        """Figures of a total field's kind that the text marks as a total (共, 累计, 全年 …)."""
        return self._judged(spec)

    def parts(self, spec: FieldSpec) -> list[Candidate]:
        """The stated parts of a total field: figures of its kind that are not the whole."""
        if not spec.total:
            return []
        wholes = self.wholes(spec)
        return [c for c in self.of_kind(spec) if c not in wholes]

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
                Candidate(q, self.clause_of(q)) for q in self._quantities if self._fits(spec, q)
            ]
        return self._cache[spec]

    def _fits(self, spec: FieldSpec, q: Quantity) -> bool:
        if q.unit not in spec.units:
            return False
        at = self.source.to_normalized(q.start, q.end)
        return at is not None and judge(spec, self.normalized.text, *at, self.report_year) is None


def _larger(part: Candidate, whole: Candidate) -> bool:
    """A part in the same kind of unit that exceeds the would-be whole."""
    return same_kind(part.quantity.unit, whole.quantity.unit) and part.value > whole.value
