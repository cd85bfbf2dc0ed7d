"""How sure each kept figure is, and the mark of a figure code filled.

Confidence is the share of such figures found right on the hand-labelled corpus (README, "How sure
each figure is").
"""

from __future__ import annotations

from decimal import Decimal

from ..find import Candidates
from ..models import FieldSpec, Figure

SOLE_CONFIDENCE = 0.95  # the only value the rules let the field take in its section
CHOSEN_CONFIDENCE = 0.7  # the model's pick among several such values
FILLED_CONFIDENCE = 0.7  # the model gave none; the section states one such value, found by code
FILLED_NOTE = "filled by code: the model gave none, and the section states this one alone"


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
    note = f"the model chose it among {len(others) + 1} values the section states"
    update = {"confidence": CHOSEN_CONFIDENCE, "needs_review": True, "notes": [*figure.notes, note]}
    return figure.model_copy(update=update)
