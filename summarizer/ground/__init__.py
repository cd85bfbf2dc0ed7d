"""Ground and keep, the last stage of a section: each id of the model's draft read as its quantity and
judged by the find stage's candidates; figures filled, rated and placed.

The quantity must be one the candidates let the field take; what is not is dropped with a warning. A
field the model left empty is filled by code when the section states exactly one value for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ask import Asked
from ..find import Candidates
from ..models import Warning_
from .figures import Grounder, ground_section

__all__ = ["Grounded", "ground"]


@dataclass
class Grounded:
    """A section's output fields (figures, projects, items, highlights) and what was dropped."""

    fields: dict
    warnings: list[Warning_] = field(default_factory=list)


def ground(section: str, asked: Asked, candidates: Candidates) -> Grounded:
    """The section's fields from the model's draft, each picked id read as its quantity and judged by
    `candidates`."""
    grounder = Grounder(section, candidates, asked.listing)
    fields = ground_section(grounder, asked.draft)
    return Grounded(fields, grounder.warnings)
