"""Grounding: a figure is kept only if its quote is in the text and its number is in its quote.

The model's draft gives, per field, a quote and the number as written. Here the quote is located in
the section's own text (exactly, or ignoring whitespace and punctuation width), the number is found
among the quantities of the quote, its unit is checked against the field, and the value is
converted to base units deterministically. A failure that points at sentences of the text becomes
a multiple-choice re-ask among their quantities (see extraction.py); figures that still fail are
dropped to null and listed as warnings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from pydantic import BaseModel

from .models import Figure, Highlight, Project, Warning_
from .normalize import NormalizedText, normalize_fragment
from .outline import Part
from .quantities import Quantity, find_quantities, to_plain_number
from .sections import (
    FIELDS,
    MAX_HIGHLIGHTS,
    PROJECT_FIELDS,
    FigureDraft,
    ProjectDraft,
    choice_letters,
    field_units,
)

_SKIP = re.compile(r"[\s,，、;；:：。.!！?？\"“”'‘’()（）《》<>【】\[\]|]")

UNIT_NAMES = {
    "yuan": "money (元)",
    "m2": "floor area (平方米)",
    "mu": "land area (亩)",
    "person": "people (人/名)",
    "person_time": "person-times (人次)",
    "place": "school places (学位)",
    "school": "schools (所)",
    "count": "a count (个/次/项)",
    "percent": "a percentage",
    "percentage_point": "percentage points",
    "km": "a distance",
}


@dataclass(frozen=True)
class SectionText:
    """The routed parts of one section joined by newlines, with a map back to the normalised text."""

    text: str
    segments: tuple[tuple[int, int, int], ...]  # (start in self.text, start in normalised text, length)

    @classmethod
    def from_parts(cls, normalized: str, parts: Sequence[Part]) -> SectionText:
        pieces: list[str] = []
        segments: list[tuple[int, int, int]] = []
        pos = 0
        for part in parts:
            chunk = normalized[part.start : part.end]
            segments.append((pos, part.start, len(chunk)))
            pieces.append(chunk)
            pos += len(chunk) + 1
        return cls("\n".join(pieces), tuple(segments))

    def to_normalized(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a span of self.text to the normalised text, or None if it straddles two parts."""
        for seg_start, norm_start, length in self.segments:
            if seg_start <= start and end <= seg_start + length:
                return norm_start + start - seg_start, norm_start + end - seg_start
        return None


class GroundingError(ValueError):
    """A figure that failed grounding; `teachable` when a re-ask has something to go on.

    It is when the error can point at where the number is stated, or when the quote is right but the
    number was misread: `evidence` then holds those spans of the section text, and the re-ask shows
    the model only their sentences. When the model quoted a heading or its own field description and
    the number is nowhere in the text, a re-ask only repeats the guess: the field is set to null and
    listed in the warnings instead.
    """

    def __init__(self, message: str, teachable: bool, evidence: tuple[tuple[int, int], ...] = ()) -> None:
        super().__init__(message)
        self.teachable = teachable
        self.evidence = evidence


@dataclass(frozen=True)
class Choice:
    """One quantity a re-asked figure could be: the clause that states it, and its number as written."""

    clause: str
    number: Decimal

    def draft(self) -> FigureDraft:
        return FigureDraft(quote=self.clause, number=float(self.number))


@dataclass(frozen=True)
class Correction:
    """A figure worth re-asking for, as a multiple choice: the sentences its error points at (spans
    of the section text) and the quantities of those sentences in the field's units."""

    sentences: tuple[tuple[int, int], ...]
    choices: tuple[Choice, ...]

    def pick(self, letter: str) -> FigureDraft:
        """The figure a letter picks: its clause as the quote, its number as written."""
        return self.choices[choice_letters(len(self.choices)).index(letter)].draft()

    def labels(self) -> list[str]:
        """How each choice is shown: its clause, with the number when a clause states two."""
        clauses = [c.clause for c in self.choices]
        return [
            c.clause if clauses.count(c.clause) == 1 else f"{c.clause}（{_show(c.number)}）"
            for c in self.choices
        ]


@dataclass
class Grounder:
    """Grounds one section's draft against its text: lenient, it lists what it drops as warnings;
    strict, it collects the figures worth re-asking for."""

    section: str
    source: SectionText
    normalized: NormalizedText
    lenient: bool = False
    warnings: list[Warning_] = field(default_factory=list)
    to_correct: dict[str, Correction] = field(default_factory=dict)  # by field: errors a re-ask can fix
    found: list[tuple[int, int]] = field(default_factory=list)  # normalised spans of grounded figures

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

    def figure(self, draft: FigureDraft | None, path: str, units: tuple[str, ...]) -> Figure | None:
        if draft is None:
            return None
        try:
            return self._figure(draft, path, units)
        except GroundingError as err:
            self._fail(path, err, draft.quote, units)
            return None

    def _figure(self, draft: FigureDraft, path: str, units: tuple[str, ...]) -> Figure:
        found = self._find(draft.quote)
        span = self.source.to_normalized(*found) if found else None
        try:
            if found is None or span is None:
                raise GroundingError(
                    f"{path}: the quote {draft.quote!r} is not in the text; copy the sentence exactly, "
                    "or set this field to null",
                    teachable=False,
                )
            quote = self.normalized.text[span[0] : span[1]]
            quantity = _pick_quantity(find_quantities(quote), draft.number, path, quote, units)
        except GroundingError as err:
            if found is not None and span is not None:
                err.evidence = (found,)
            return self._repair(draft, path, units, err)
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

    def _repair(self, draft: FigureDraft, path: str, units: tuple[str, ...], err: GroundingError) -> Figure:
        """Ground the model's number on its one mention in the section, or re-raise with a hint.

        A 1.5B model often reads the right number but quotes a heading, its field description or a
        neighbouring clause, and a re-ask mostly repeats that answer. When the number is stated
        exactly once in the section, in a unit the field accepts, that clause is the evidence: it is
        used as the quote and the repair is listed in the warnings. With two mentions the model must
        choose, so the re-ask names both; with none, the error stands.
        """
        mentions = self._mentions(draft.number, units)
        if len(mentions) == 1:
            quantity, (start, end) = mentions[0]
            span = self.source.to_normalized(start, end)
            if span is not None:
                figure = self._grounded(quantity, span)
                self.warnings.append(
                    Warning_(
                        section=self.section,
                        field=path,
                        message=f"quote repaired: the model's quote {draft.quote!r} does not state "
                        f"{_show(quantity.written)} in a unit this field accepts; its one mention in the "
                        "section is quoted instead",
                        quote=draft.quote,
                    )
                )
                return figure
        if 1 <= len(mentions) <= 2:
            spans = tuple(span for _, span in mentions)
            shown = " / ".join(repr(self.source.text[s:e]) for s, e in spans)
            message = f"{err}. {_show(_decimal(draft.number))} is stated in: {shown}"
            raise GroundingError(message, True, spans + err.evidence)
        raise err

    @cached_property
    def _section_quantities(self) -> list[Quantity]:
        return find_quantities(self.source.text)

    def _mentions(self, number: float, units: tuple[str, ...]) -> list[tuple[Quantity, tuple[int, int]]]:
        """The quantities of the section equal to `number` in a fitting unit, each with its clause."""
        wanted = _decimal(number)
        found: dict[str, tuple[Quantity, tuple[int, int]]] = {}  # by clause text: a repeat is one mention
        for q in self._section_quantities:
            if q.unit in units and wanted in (q.written, q.value):
                clause, span = self._clause_of(q)
                found.setdefault(clause, (q, span))
        return list(found.values())

    def _clause_of(self, q: Quantity) -> tuple[str, tuple[int, int]]:
        """The clause of the section text that states `q`, and its span."""
        start, end = _clause_around(self.source.text, q.start, q.end)
        return self.source.text[start:end], (start, end)

    def highlights(self) -> list[Highlight]:
        """The sentences that state the section's grounded figures, in order: facts, not paraphrase."""
        found: list[Highlight] = []
        for start, end in self.found:
            s, e = _sentence_around(self.normalized.text, start, end)
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
                    message="project quote not found in text; dropped",
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

    def _fail(self, path: str, err: GroundingError, quote: str | None, units: tuple[str, ...]) -> None:
        if self.lenient:
            self.warnings.append(
                Warning_(section=self.section, field=path, message=f"dropped: {err}", quote=quote)
            )
            return
        if err.teachable:
            sentences = tuple(sorted({_sentence_around(self.source.text, *span) for span in err.evidence}))
            choices = self._choices_in(sentences, units)
            if choices:
                self.to_correct[path] = Correction(sentences, choices)

    def _choices_in(self, sentences: Sequence[tuple[int, int]], units: tuple[str, ...]) -> tuple[Choice, ...]:
        """The quantities of `sentences` in one of `units`, each with its clause, in reading order."""
        choices: dict[Choice, None] = {}
        for q in self._section_quantities:
            if q.unit in units and any(s <= q.start < e for s, e in sentences):
                choices[Choice(self._clause_of(q)[0], q.written)] = None
        return tuple(choices)[:MAX_CHOICES]

    def evidence_text(self, paths: Sequence[str]) -> str:
        """The sentences the errors of `paths` point at, in reading order, once each."""
        spans = sorted({span for p in paths for span in self.to_correct[p].sentences})
        return "\n".join(self.source.text[s:e] for s, e in spans)


def ground_section(grounder: Grounder, draft: BaseModel) -> dict:
    """Turn a validated-shape draft into the output section's fields (figures grounded)."""
    out: dict = {
        spec.name: grounder.figure(
            getattr(draft, spec.name), spec.name, field_units(grounder.section, spec.name)
        )
        for spec in FIELDS[grounder.section]
    }
    if grounder.section == "infrastructure":
        projects = [grounder.project(p, i) for i, p in enumerate(getattr(draft, "projects", []))]
        out["projects"] = [p for p in projects if p is not None]
    out["highlights"] = grounder.highlights()
    return out


def _pick_quantity(
    quantities: list[Quantity], number: float, path: str, quote: str, units: tuple[str, ...]
) -> Quantity:
    """The quantity in the quote that the model's number refers to, in a unit the field accepts."""
    if not quantities:
        raise GroundingError(f"{path}: the quote {quote!r} states no figure; set this field to null", False)
    wanted = _decimal(number)
    matching = [q for q in quantities if wanted in (q.written, q.value)]
    if not matching:
        stated = ", ".join(q.text for q in quantities)
        raise GroundingError(
            f"{path}: {_show(wanted)} does not appear in the quote {quote!r}, which states {stated}; "
            "give the number exactly as written in the quote, or set this field to null",
            teachable=True,
        )
    fitting = [q for q in matching if q.unit in units]
    if not fitting:
        q = matching[0]
        needed = " or ".join(UNIT_NAMES[u] for u in units)
        raise GroundingError(
            f"{path}: {q.text} is {UNIT_NAMES.get(q.unit, q.unit)}, but this field needs {needed}; "
            "set this field to null",
            teachable=False,
        )
    return fitting[0]


MAX_CHOICES = 26  # lettered A to Z

CLAUSE_END = ",、。;:!?\n"
CLAUSE_MAX = 40


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding a quantity: the shortest quote that states it."""
    left = max(text.rfind(ch, max(0, start - CLAUSE_MAX), start) for ch in CLAUSE_END) + 1
    ends = [i for ch in CLAUSE_END if (i := text.find(ch, end, end + CLAUSE_MAX)) >= 0]
    right = min(ends) if ends else min(len(text), end + CLAUSE_MAX)
    left = max(left, start - CLAUSE_MAX)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


SENTENCE_END = "。;!?\n"
SENTENCE_MAX = 160


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to its sentence (at most SENTENCE_MAX characters each way)."""
    left = max(text.rfind(ch, max(0, start - SENTENCE_MAX), start) for ch in SENTENCE_END) + 1
    ends = [i for ch in SENTENCE_END if (i := text.find(ch, end, end + SENTENCE_MAX)) >= 0]
    right = min(ends) + 1 if ends else min(len(text), end + SENTENCE_MAX)
    if right > left and text[right - 1] == "\n":
        right -= 1
    return left, right


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
    keep = [i for i, ch in enumerate(text) if not _SKIP.match(ch)]
    skeleton = "".join(text[i] for i in keep)
    needle = _SKIP.sub("", quote)
    if len(needle) < 2:
        return None
    at = skeleton.find(needle)
    if at < 0:
        return None
    return keep[at], keep[at + len(needle) - 1] + 1
