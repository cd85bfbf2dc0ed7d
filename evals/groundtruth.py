"""Ground truth for one report: what the eval's own patterns say each schema field is.

A field is *truth* only when its patterns find exactly one distinct value; several distinct values make it
*ambiguous* and none make it *absent*. Neither of the last two is scored: regex recall is limited, and a
guess between candidates would score the extractor against the eval's own uncertainty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .numbers import parse_quantity
from .patterns import FIELD_SPECS, FieldSpec
from .textnorm import NormText, normalise, normalise_with_map

Status = Literal["truth", "ambiguous", "absent"]
Value = Decimal | str


@dataclass(frozen=True)
class Match:
    """One pattern hit: the value it reads and where it sits."""

    value: Value
    approximate: bool
    quote: str  # the whole pattern match, in normalised text
    span: tuple[int, int]  # the captured figure, offsets into the original file's text
    norm_span: tuple[int, int]  # the same, offsets into the normalised text


@dataclass(frozen=True)
class GroundTruth:
    """A field's verdict for one report."""

    field: str
    status: Status
    unit: str | None
    matches: tuple[Match, ...] = ()
    values: tuple[Value, ...] = field(default=())  # distinct values, in order of first appearance

    @property
    def value(self) -> Value | None:
        """The single true value; None unless status is "truth"."""
        return self.values[0] if self.status == "truth" else None

    @property
    def approximate(self) -> bool:
        """True when any hit hedged the number (1.4万余): an approximate figure matches its stated number."""
        return any(m.approximate for m in self.matches)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple(m.span for m in self.matches)


def read_value(spec: FieldSpec, captured: str) -> tuple[Value, bool]:
    """Turn a captured string into the field's value and approximate flag."""
    if spec.kind == "number":
        q = parse_quantity(captured)
        return q.value, q.approximate
    if spec.kind == "year":
        return Decimal(captured), False
    return normalise(captured).strip(), False


# Words that make a clause a plan or a target (将新增学位近14000个, 拟开办8所): a hit in such a clause
# is no result, and is left out rather than guessed about.
_PLAN_WORDS = re.compile(r"将|拟|计划|预计|力争|目标|规划")
_CLAUSE_START = re.compile(r"[,。;:!?\n]")


def in_a_plan(text: str, start: int) -> bool:
    """The clause holding text[start] says, before it, that it is about a plan."""
    opening = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
    return _PLAN_WORDS.search(text, opening, start) is not None


def find_matches(spec: FieldSpec, norm: NormText) -> list[Match]:
    """All hits of a field's patterns, one per captured span (patterns may overlap on the same words),
    except figures in a clause about plans."""
    seen: set[tuple[int, int]] = set()
    found: list[Match] = []
    for pattern in spec.patterns:
        for m in pattern.finditer(norm.text):
            norm_span = m.span("v")
            if norm_span in seen or (spec.kind == "number" and in_a_plan(norm.text, m.start())):
                continue
            seen.add(norm_span)
            value, approximate = read_value(spec, m["v"])
            found.append(Match(value, approximate, m[0], norm.to_original(*norm_span), norm_span))
    found.sort(key=lambda match: match.norm_span)
    return found


def verdict(spec: FieldSpec, matches: list[Match]) -> GroundTruth:
    """Classify a field by the number of distinct values its matches read."""
    values: list[Value] = []
    for match in matches:
        if match.value not in values:
            values.append(match.value)
    status: Status = "absent" if not values else "truth" if len(values) == 1 else "ambiguous"
    return GroundTruth(spec.field, status, spec.unit, tuple(matches), tuple(values))


def ground_truth(text: str) -> dict[str, GroundTruth]:
    """Every schema field the eval has patterns for, with its verdict on this report's original text."""
    norm = normalise_with_map(text)
    return {spec.field: verdict(spec, find_matches(spec, norm)) for spec in FIELD_SPECS}
