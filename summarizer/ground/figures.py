"""Grounding: each figure is the quantity its id names, read by code; judging decides if it may stay.

The model's draft names, per field, the id of a listed quantity (ask/listing.py). Here the id becomes
that quantity: its value converted to base units, its clause as the quote, its span in the original
text. Whether it may fill its field, and what code fills when the model names nothing, were decided by
the find stage (its candidates); how sure each figure is, in rating.py. A pick judging refuses is
dropped to null and listed as a warning, and the field is then filled by code when the section states
exactly one value for it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pydantic import BaseModel

from ..ask.drafts import MAX_HIGHLIGHTS, PROJECT_FIELDS, lists_projects
from ..ask.listing import Listed, Listing
from ..clauses import sentence_around
from ..find import Candidate, Candidates
from ..models import FIELDS, UNIT_WORDS, FieldSpec, Figure, Highlight, Item, Project, Warning_
from ..normalize import NormalizedText
from ..quantities import Quantity, find_quantities, to_plain_number
from ..section_text import SectionText
from .rating import as_filled, rated

log = logging.getLogger(__name__)
UNIT_NAMES = {unit: words[1] for unit, words in UNIT_WORDS.items()}


@dataclass
class Grounder:
    """Grounds one chunk's draft: each picked id becomes its quantity, judged; what it drops is listed."""

    section: str
    candidates: Candidates  # what the find stage let each field take
    listing: Listing  # what the draft's ids name
    warnings: list[Warning_] = field(default_factory=list)
    found: list[tuple[int, int]] = field(default_factory=list)  # normalised spans of grounded figures

    @property
    def source(self) -> SectionText:
        return self.candidates.source

    @property
    def normalized(self) -> NormalizedText:
        return self.candidates.normalized

    def figure(self, picked: str | None, spec: FieldSpec) -> Figure | None:
        """The figure the id `picked` names, judged and given its confidence; when there is none or
        judging refuses it (a warning says why), the figure code fills, if any."""
        entry = self.listing.get(picked) if picked else None
        if entry is None:
            if picked:
                reader = f"the model named {picked!r}, which is no listed number"
                self._drop(spec, picked, "unknown_id", reader, None)
            return self._filled(spec)
        if entry.quantity.unit not in spec.units:
            needed = " or ".join(UNIT_NAMES[u] for u in spec.units)
            stated = f"{_show(entry)} is {UNIT_NAMES.get(entry.quantity.unit, entry.quantity.unit)}"
            self._drop(
                spec, picked, "wrong_unit", f"{stated}, but this field needs {needed}", self._clause(entry)
            )
            return self._filled(spec)
        at = self.source.to_normalized(entry.quantity.start, entry.quantity.end)
        span = self.source.to_normalized(*entry.clause)
        reason = self.candidates.why_not(spec, at) if at else None
        if at is None or span is None or reason is not None:
            judged = f"{_show(entry)}: {reason or 'it straddles two parts of the text'}"
            self._drop(spec, picked, reason.code if reason else "straddles", judged, self._clause(entry))
            return self._filled(spec)
        return rated(self._grounded(entry.quantity, span), self.candidates, spec, entry.quantity)

    def _clause(self, entry: Listed) -> str:
        return self.source.text[slice(*entry.clause)]

    def _filled(self, spec: FieldSpec) -> Figure | None:
        """The figure code fills the field with when the model gives none (`Candidates.to_fill`), or None."""
        candidate = self.candidates.to_fill(spec)
        span = self.source.to_normalized(*candidate.clause) if candidate else None
        if candidate is None or span is None:
            return None
        return as_filled(self._grounded(candidate.quantity, span))

    def _grounded(self, quantity: Quantity, span: tuple[int, int]) -> Figure:
        """A figure for `quantity`, quoted by the normalised text at `span`."""
        self.found.append(span)
        return Figure(
            value=to_plain_number(quantity.value),
            unit=quantity.unit,
            approximate=quantity.approximate,
            quote=self.normalized.text[span[0] : span[1]],
            span=self.normalized.to_original(*span),
        )

    def items(self) -> list[Item]:
        """The stated parts of the section's total fields, in reading order, each clause once."""
        return [item for spec in FIELDS[self.section] for c in self.candidates.parts(spec)
                if (item := self._item(spec, c)) is not None]  # fmt: skip

    def _item(self, spec: FieldSpec, part: Candidate) -> Item | None:
        span = self.source.to_normalized(*part.clause)
        if span is None:
            return None
        q = part.quantity
        return Item(
            part_of=spec.name,
            value=to_plain_number(q.value),
            unit=q.unit,
            approximate=q.approximate,
            quote=self.normalized.text[span[0] : span[1]],
            span=self.normalized.to_original(*span),
        )

    def highlights(self) -> list[Highlight]:
        """The sentences that state the section's grounded figures, in order: facts, not paraphrase."""
        found: list[Highlight] = []
        for start, end in self.found:
            s, e = sentence_around(self.normalized.text, start, end)
            sentence = self.normalized.text[s:e]
            if all(h.quote != sentence for h in found):
                found.append(Highlight(text=sentence, quote=sentence, span=self.normalized.to_original(s, e)))
        return found[:MAX_HIGHLIGHTS]

    def unknown_project(self, key: str, picked: str) -> None:
        """List a project whose id is no listed number of a project's units."""
        self.warnings.append(
            Warning_(
                section=self.section,
                field=key,
                code="unknown_id",
                message=f"dropped: the model named {picked!r} for a project: no listed money, area or places",
            )
        )

    def project(self, picked: BaseModel, index: int) -> Project | None:
        """The project whose money, area or places the id names: the number's sentence is the quote, its
        clause the name (the model writes no words), and the sentence's own quantities its figures."""
        entry = self.listing.get(getattr(picked, "id", None) or "")
        sentence = (
            sentence_around(self.source.text, entry.quantity.start, entry.quantity.end) if entry else None
        )
        span = self.source.to_normalized(*sentence) if sentence else None
        if entry is None or span is None:
            self.warnings.append(
                Warning_(
                    section=self.section,
                    field=f"projects[{index}]",
                    code="unknown_id",
                    message="dropped: the model named no listed number for this project",
                )
            )
            return None
        quote = self.normalized.text[span[0] : span[1]]
        original_span = self.normalized.to_original(*span)
        quantities = find_quantities(quote)
        figures = {
            spec.name: _first_in_units(quantities, spec.units, quote, original_span)
            for spec in PROJECT_FIELDS
        }
        name = self.source.text[slice(*entry.clause)]
        return Project(name=name, status=picked.status, quote=quote, span=original_span, **figures)

    def _drop(self, spec: FieldSpec, picked: str, code: str, reader: str, quote: str | None) -> None:
        """List a dropped pick in a reader's words; the debug log adds the id the model named."""
        log.debug("%s: %s: the model named %s, dropped: %s", self.section, spec.name, picked, reader)
        self.warnings.append(
            Warning_(
                section=self.section, field=spec.name, code=code, message=f"dropped: {reader}", quote=quote
            )
        )


def ground_section(grounder: Grounder, draft: BaseModel) -> dict:
    """Turn a draft of ids into the output section's fields (figures grounded and judged). An id the
    draft set aside as one its field may not name is judged here too, so the reader learns why."""
    unknown: dict[str, str] = getattr(draft, "unknown", {})
    out: dict = {
        spec.name: grounder.figure(getattr(draft, spec.name, None) or unknown.get(spec.name), spec)
        for spec in FIELDS[grounder.section]
    }
    if lists_projects(grounder.section):
        projects = [grounder.project(p, i) for i, p in enumerate(getattr(draft, "projects", []))]
        out["projects"] = [p for p in projects if p is not None]
        for key, picked in unknown.items():
            if key.startswith("projects["):
                grounder.unknown_project(key, picked)
    out["items"] = grounder.items()
    out["highlights"] = grounder.highlights()
    return out


def _first_in_units(
    quantities: list[Quantity], units: tuple[str, ...], quote: str, span: tuple[int, int]
) -> Figure | None:
    for q in quantities:
        if q.unit in units:
            return Figure(
                value=to_plain_number(q.value), unit=q.unit, approximate=q.approximate, quote=quote, span=span
            )
    return None


def _show(entry: Listed) -> str:
    return entry.quantity.text
