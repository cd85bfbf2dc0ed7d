"""Deciding what to keep: whether a grounded figure may fill its field, which figure code fills when the
model gives none, and how sure each kept figure is.

Candidates (candidates.py) know which figures a section lets each field take; grounding (grounding.py)
finds the model's figure in the text. These rules join the two. Confidence is the share of such figures
found right on the hand-labelled corpus (README, "How sure each figure is").
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .candidates import Candidate, Candidates
from .judging import judge
from .models import FieldSpec, Figure

SOLE_CONFIDENCE = 0.95  # the only value the rules let the field take in its section
CHOSEN_CONFIDENCE = 0.7  # the model's pick among several such values
FILLED_CONFIDENCE = 0.7  # the model gave none; the section states one such value, found by code
FILLED_NOTE = "filled by code: the model gave no figure, and the section states this one alone"
PART = (
    "it is a part, not the whole: a stated part is larger, it counts one level, or it fills a narrower field"
)


def why_not(candidates: Candidates, spec: FieldSpec, at: tuple[int, int]) -> str | None:
    """Why the quantity at `at` (normalised text) cannot fill `spec`, or None. A total field takes only
    what the section states as the whole."""
    text, year = candidates.normalized.text, candidates.report_year
    reason = judge(spec, text, *at, year)
    if not spec.total or (reason is None) == _is_whole(candidates, spec, at):
        return reason
    if reason is None:
        return PART
    return judge(replace(spec, kind_only=True), text, *at, year)  # unmarked, yet the whole


def _is_whole(candidates: Candidates, spec: FieldSpec, at: tuple[int, int]) -> bool:
    """The quantity at `at` (normalised text) is one the section states as the field's whole."""
    to_normalized = candidates.source.to_normalized
    return any(to_normalized(c.quantity.start, c.quantity.end) == at for c in candidates.wholes(spec))


def to_fill(candidates: Candidates, spec: FieldSpec) -> Candidate | None:
    """The figure code fills a field with when the model gives none: the one the section states for it,
    if it states exactly one. For a non-total field its only fitting value; for a total field its only
    marked total (共计421名), or its only figure of the kind, stated once (完成38所中小学幼儿园维修改造)."""
    wholes = candidates.wholes(spec)
    if spec.total:
        sole = candidates.sole(spec)
        wholes = [sole] if sole else [c for c in wholes if c in candidates.marked(spec)]
    return wholes[0] if len({c.value for c in wholes}) == 1 else None


def as_filled(figure: Figure) -> Figure:
    """A figure code filled: flagged for review, since no model chose it."""
    update = {"confidence": FILLED_CONFIDENCE, "needs_review": True, "notes": [FILLED_NOTE]}
    return figure.model_copy(update=update)


def rated(figure: Figure, candidates: Candidates, spec: FieldSpec) -> Figure:
    """Sure when the figure is the only value the section lets this field take; otherwise flagged for
    review, since the model chose among several (under earlier rules 22 of 22 right when alone and 9 of
    13 when not; today 27 of 27 and 9 of 9)."""
    others = {c.value for c in candidates.wholes(spec)} - {Decimal(str(figure.value))}
    if not others:
        return figure.model_copy(update={"confidence": SOLE_CONFIDENCE})
    note = f"the section states {len(others)} other figure(s) this field could be"
    update = {"confidence": CHOSEN_CONFIDENCE, "needs_review": True, "notes": [*figure.notes, note]}
    return figure.model_copy(update=update)
