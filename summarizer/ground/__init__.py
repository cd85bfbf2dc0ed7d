"""Ground and keep, the last stage of a section: the model's draft checked against the text and the
find stage's candidates; figures filled, rated and placed.

A quote must be in the text and its number in the quote; the number must be one the candidates let the
field take. What fails is repaired onto its one fitting clause or dropped with a warning; a field the
model left empty is filled by code when the section states exactly one value for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from ..find import Candidates
from ..models import Warning_
from .figures import Grounder, ground_section

__all__ = ["Grounded", "ground"]


@dataclass
class Grounded:
    """A section's output fields (figures, projects, items, highlights) and what was dropped."""

    fields: dict
    warnings: list[Warning_] = field(default_factory=list)


def ground(section: str, draft: BaseModel, candidates: Candidates) -> Grounded:
    """The section's fields from `draft`, each figure grounded on the text and judged by `candidates`."""
    grounder = Grounder(section, candidates)
    fields = ground_section(grounder, draft)
    return Grounded(fields, grounder.warnings)
