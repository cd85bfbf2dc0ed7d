"""Find, the first stage of a section: every figure of its text that may fill each field, and why any
other may not.

The numbers come from the text, read by code (quantities.py); whether one may fill a field is decided
here alone, from what the field declares in models.py: its cue words, measure words, whom it may not
count, whether only a stated total fills it (judging.py), and, across the section, which figures are the
whole and which its parts (candidates.py). The driver (extraction.py) builds this once per chunk; the
model then picks among the numbers of its evidence, and each pick is grounded against it.
"""

from __future__ import annotations

from ..models import FIELDS
from ..normalize import NormalizedText
from ..section_text import SectionText
from .candidates import Candidate, Candidates

__all__ = ["Candidate", "Candidates", "find"]


def find(section: str, text: SectionText, normalized: NormalizedText, report_year: int | None) -> Candidates:
    """The candidates of each field of `section` in `text` (figures about other years are judged out);
    their sentences (`Candidates.evidence`) are all the model needs to read, since no other figure is
    kept."""
    return Candidates(FIELDS[section], text, normalized, report_year)
