"""Grounding: a figure is kept only if its quote is in the text and its number is in its quote.

The model's draft gives, per field, a quote and the number as written. Here the quote is located in
the section's own text (exactly, or ignoring whitespace and punctuation width), the number is found
among the quantities of the quote, its unit is checked against the field, and the value is
converted to base units deterministically. Whether it may fill its field and what code fills when the
model gives nothing were decided by the find stage (its candidates); how sure each figure is, in
rating.py. A figure that fails is moved
to its one fitting mention in the section when there is one, and otherwise dropped to null and listed as
a warning.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pydantic import BaseModel

from ..ask.drafts import MAX_HIGHLIGHTS, PROJECT_FIELDS, FigureDraft, ProjectDraft, lists_projects
from ..clauses import sentence_around
from ..find import Candidate, Candidates
from ..models import FIELDS, UNIT_WORDS, FieldSpec, Figure, Highlight, Item, Project, Warning_
from ..normalize import NormalizedText, normalize_fragment
from ..quantities import Quantity, find_quantities, to_plain_number
from ..section_text import SectionText
from .rating import as_filled, rated

log = logging.getLogger(__name__)
_SKIP = re.compile(r"[\s,，、;；:：。.!！?？\"“”'‘’()（）《》<>【】\[\]|]")

UNIT_NAMES = {unit: words[1] for unit, words in UNIT_WORDS.items()}


class GroundingError(ValueError):
    """A figure that failed grounding or judging: it is set to null and listed in the warnings.

    `code` is for machines (the JSON's warning carries it), `reader` is the one line a reader sees;
    the exception's own text is the full account, with the model's quote, for the debug log."""

    def __init__(self, detail: str, code: str, reader: str) -> None:
        super().__init__(detail)
        self.code = code
        self.reader = reader


@dataclass
class Grounder:
    """Grounds one section's draft against its text, judges each figure, and lists what it drops."""

    section: str
    candidates: Candidates  # what the find stage let each field take
    warnings: list[Warning_] = field(default_factory=list)
    found: list[tuple[int, int]] = field(default_factory=list)  # normalised spans of grounded figures

    @property
    def source(self) -> SectionText:
        return self.candidates.source

    @property
    def normalized(self) -> NormalizedText:
        return self.candidates.normalized

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Find `quote` in the section text; return its span in the normalised text."""
        span = self._find(quote)
        return self.source.to_normalized(*span) if span else None

    def _find(self, quote: str) -> tuple[int, int] | None:
        """The span of `quote` in the section text, found exactly or ignoring punctuation."""
        quote = normalize_fragment(quote).strip()
        if not quote:
            return None
        start = self.source.text.find(quote)
        return (start, start + len(quote)) if start >= 0 else _loose_find(self.source.text, quote)

    def figure(self, draft: FigureDraft | None, spec: FieldSpec) -> Figure | None:
        """The draft's figure, grounded, judged and given its confidence; None (and a warning) when
        it fails."""
        if draft is None:
            return self._filled(spec)
        try:
            figure = self._figure(draft, spec)
        except GroundingError as err:
            self._fail(spec, err, draft.quote)
            return self._filled(spec)
        return rated(figure, self.candidates, spec)

    def _filled(self, spec: FieldSpec) -> Figure | None:
        """The figure code fills the field with when the model gives none (`Candidates.to_fill`), or None."""
        candidate = self.candidates.to_fill(spec)
        span = self.source.to_normalized(*candidate.clause) if candidate else None
        if candidate is None or span is None:
            return None
        return as_filled(self._grounded(candidate.quantity, span))

    def _figure(self, draft: FigureDraft, spec: FieldSpec) -> Figure:
        path, units = spec.name, spec.units
        found = self._find(draft.quote)
        span = self.source.to_normalized(*found) if found else None
        try:
            if found is None or span is None:
                raise GroundingError(
                    f"{path}: the quote {draft.quote!r} is not in the text",
                    "quote_not_in_text",
                    "the model's quote is not in the text",
                )
            quote = self.normalized.text[span[0] : span[1]]
            quantity = _pick_quantity(find_quantities(quote), draft.number, path, quote, units)
            at = (span[0] + quantity.start, span[0] + quantity.end)
            reason = self.candidates.why_not(spec, at)
            if reason is not None:
                judged = f"{_show(quantity.written)}: {reason}"
                raise GroundingError(f"{path}: {judged}", reason.code, judged)
        except GroundingError as err:
            return self._repair(draft, spec, err, found)
        return self._grounded(quantity, span)

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

    def _repair(
        self, draft: FigureDraft, spec: FieldSpec, err: GroundingError, quoted: tuple[int, int] | None
    ) -> Figure:
        """Ground the figure on the one clause the evidence points at, or re-raise.

        A 1.5B model often reads the right number but quotes a heading, its field description or a
        neighbouring clause; or quotes the right clause and gives its other number (人次 for 元). When
        the model's number is stated exactly once in the section in a clause that judging lets fill
        this field, or else its quote states exactly one such figure, that clause is the evidence: it
        is used as the quote and a note says so. Otherwise the figure is dropped (a re-ask, tried,
        picked the wrong clause more often than the right one).
        """
        wanted = _decimal(draft.number)
        mentions = self._fitting_clauses(spec, lambda q: wanted in (q.written, q.value))
        if len(mentions) > 1:
            shown = " / ".join(repr(self.source.text[s:e]) for _, (s, e) in mentions)
            reader = (
                f"{_show(wanted)} is stated in {len(mentions)} clauses; which one is meant cannot be told"
            )
            raise GroundingError(
                f"{err}. {_show(wanted)} is stated in: {shown}", "ambiguous", reader
            ) from err
        if len(mentions) == 1:
            note = "quote repaired: the model quoted other words"
            log.debug(
                "%s: %s: the model's quote %r does not state %s", self.section, spec.name, draft.quote, wanted
            )
            return self._moved(*mentions[0], note, err)
        in_quote = (
            self._fitting_clauses(spec, lambda q: quoted[0] <= q.start and q.end <= quoted[1])
            if quoted
            else []
        )
        if len(in_quote) == 1:
            note = f"number read from the quote: the model gave {_show(wanted)}"
            return self._moved(*in_quote[0], note, err)
        raise err

    def _moved(self, quantity: Quantity, clause: tuple[int, int], note: str, err: GroundingError) -> Figure:
        """The figure for `quantity`, quoted by its clause (a span of the section text), with `note`;
        `err` stands when the clause straddles two routed parts and cannot be quoted."""
        span = self.source.to_normalized(*clause)
        if span is None:
            raise err
        return self._grounded(quantity, span).model_copy(update={"notes": [note]})

    def _fitting_clauses(
        self, spec: FieldSpec, keep: Callable[[Quantity], bool]
    ) -> list[tuple[Quantity, tuple[int, int]]]:
        """The section's figures that can fill `spec` (its wholes) and `keep` accepts, each with its
        clause (a figure repeated in one clause counts once)."""
        found: dict[tuple[int, int], tuple[Quantity, tuple[int, int]]] = {}
        for c in self.candidates.wholes(spec):
            if keep(c.quantity):
                found.setdefault(c.clause, (c.quantity, c.clause))
        return list(found.values())

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

    def project(self, draft: ProjectDraft, index: int) -> Project | None:
        """A project grounded by its quote; its money, area and places are the quote's own quantities."""
        span = self.locate(draft.quote)
        if span is None:
            self.warnings.append(
                Warning_(
                    section=self.section,
                    field=f"projects[{index}]",
                    code="quote_not_in_text",
                    message="dropped: the model's quote of this project is not in the text",
                    quote=draft.quote,
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
        return Project(name=draft.name, status=draft.status, quote=quote, span=original_span, **figures)

    def _fail(self, spec: FieldSpec, err: GroundingError, quote: str | None) -> None:
        """List the dropped figure in a reader's words; the full account goes to the debug log."""
        log.debug("%s: dropped: %s", self.section, err)
        self.warnings.append(
            Warning_(
                section=self.section,
                field=spec.name,
                code=err.code,
                message=f"dropped: {err.reader}",
                quote=quote,
            )
        )


def ground_section(grounder: Grounder, draft: BaseModel) -> dict:
    """Turn a validated-shape draft into the output section's fields (figures grounded)."""
    out: dict = {
        spec.name: grounder.figure(getattr(draft, spec.name), spec) for spec in FIELDS[grounder.section]
    }
    if lists_projects(grounder.section):
        projects = [grounder.project(p, i) for i, p in enumerate(getattr(draft, "projects", []))]
        out["projects"] = [p for p in projects if p is not None]
    out["items"] = grounder.items()
    out["highlights"] = grounder.highlights()
    return out


def _pick_quantity(
    quantities: list[Quantity], number: float, path: str, quote: str, units: tuple[str, ...]
) -> Quantity:
    """The quantity in the quote that the model's number refers to, in a unit the field accepts."""
    if not quantities:
        raise GroundingError(
            f"{path}: the quote {quote!r} states no figure",
            "no_figure_in_quote",
            "the model's quote states no figure",
        )
    wanted = _decimal(number)
    matching = [q for q in quantities if wanted in (q.written, q.value)]
    if not matching:
        stated = ", ".join(q.text for q in quantities)
        raise GroundingError(
            f"{path}: {_show(wanted)} does not appear in the quote {quote!r}, which states {stated}",
            "number_not_in_quote",
            f"the model's number {_show(wanted)} is not in its quote",
        )
    fitting = [q for q in matching if q.unit in units]
    if not fitting:
        q = matching[0]
        needed = " or ".join(UNIT_NAMES[u] for u in units)
        stated = f"{q.text} is {UNIT_NAMES.get(q.unit, q.unit)}, but this field needs {needed}"
        raise GroundingError(f"{path}: {stated}", "wrong_unit", stated)
    return fitting[0]


def _first_in_units(
    quantities: list[Quantity], units: tuple[str, ...], quote: str, span: tuple[int, int]
) -> Figure | None:
    for q in quantities:
        if q.unit in units:
            return Figure(
                value=to_plain_number(q.value), unit=q.unit, approximate=q.approximate, quote=quote, span=span
            )
    return None


def _decimal(number: float) -> Decimal:
    try:
        return Decimal(repr(number)).normalize()
    except InvalidOperation:
        return Decimal(0)


def _show(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _loose_find(text: str, quote: str) -> tuple[int, int] | None:
    """Find quote ignoring whitespace and punctuation, which small models often alter."""
    skeleton, keep = _skeleton(text)
    needle = _SKIP.sub("", quote)
    if len(needle) < 2:
        return None
    at = skeleton.find(needle)
    if at < 0:
        return None
    return keep[at], keep[at + len(needle) - 1] + 1


@lru_cache(maxsize=4)
def _skeleton(text: str) -> tuple[str, list[int]]:
    """The text without whitespace and punctuation, and where each kept character stands in it: built
    once per section text, as several quotes of a section may need it."""
    keep = [i for i, ch in enumerate(text) if not _SKIP.match(ch)]
    return "".join(text[i] for i in keep), keep
