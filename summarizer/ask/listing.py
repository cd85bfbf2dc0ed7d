"""The listing: the quantities of a chunk's evidence, each with a short id, as the model reads them.

The model's answer is a choice among these ids, never a copied quote or number: the value, quote and
span of a figure come from the quantity its id names, by code. Every quantity of the evidence in a unit
some field of the section accepts is listed, not only those the rules already let fill a field: which
one the text means is the model's call, whether it may fill the field is then judging's (ground/). Each
line is one evidence sentence with its ids inline after their numbers
(为1116名[c5]贫困大学生申请助学贷款1279.33万元[c6]), so the model reads each number where the report
states it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..clauses import clause_around
from ..find import Candidates
from ..quantities import Quantity
from ..section_text import SectionText

ID_PREFIX = "c"


@dataclass(frozen=True)
class Listed:
    """One listed quantity: its id, and where the section text states it (its clause is the quote)."""

    id: str
    quantity: Quantity  # spans in the section text
    clause: tuple[int, int]


@dataclass(frozen=True)
class Listing:
    """The ids a chunk's answer may name, and the lines that show them to the model."""

    entries: tuple[Listed, ...]
    text: str  # one sentence a line, ids inline; "" when nothing is listed

    def get(self, id_: str) -> Listed | None:
        return next((e for e in self.entries if e.id == id_), None)

    def ids_in(self, units: tuple[str, ...]) -> tuple[str, ...]:
        """The ids of quantities in one of `units`: what a field of those units may name."""
        return tuple(e.id for e in self.entries if e.quantity.unit in units)


def list_quantities(candidates: Candidates, units: frozenset[str]) -> Listing:
    """Every quantity in one of `units` in the find stage's evidence (the sentences that state a figure
    some field can take), numbered in reading order, each id right after its number.

    Only the evidence is listed: a quantity elsewhere is of no field's kind, so judging would drop it
    whichever field named it, and listing every sentence with a number of a fitting unit tripled the
    text the model reads (14,521 characters against 4,766 on the five corpus reports)."""
    source = candidates.source
    spans = candidates.evidence()
    inside = [
        q for q in candidates.quantities
        if q.unit in units and any(s <= q.start and q.end <= e for s, e in spans)
    ]  # fmt: skip
    entries = tuple(
        Listed(f"{ID_PREFIX}{n}", q, clause_around(source.text, q.start, q.end))
        for n, q in enumerate(inside, start=1)
    )
    return Listing(entries, _lines(source, spans, entries))


def _lines(source: SectionText, spans: list[tuple[int, int]], entries: tuple[Listed, ...]) -> str:
    """Each evidence span on its line, with each entry's id right after its number."""
    lines = []
    for start, end in spans:
        pieces, at = [], start
        for e in (e for e in entries if start <= e.quantity.start and e.quantity.end <= end):
            pieces += [source.text[at : e.quantity.end], f"[{e.id}]"]
            at = e.quantity.end
        pieces.append(source.text[at:end])
        lines.append("".join(pieces).replace("\n", " ").strip())
    return "\n".join(lines)
