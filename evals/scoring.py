"""Score one extractor output against the eval's ground truth, and sum scores up.

Scored fields are only those with ground truth (status "truth"); ambiguous and absent fields are listed
but never count as misses, because the patterns' recall, not the extractor, decides them. Grounding and
hallucination checks, by contrast, cover every figure the extractor returned: an invented number is an
error whether or not the eval knows the right one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from summarizer.models import Report

from .groundtruth import GroundTruth, ground_truth
from .numbers import mentioned_values, same_value, to_decimal, value_in
from .patterns import SPECS_BY_FIELD
from .textnorm import normalise, squeeze

SCORED = ("correct", "wrong", "missing")
_INDEX = re.compile(r"\[\d+\]")
_SKIP_KEYS = frozenset({"source", "run", "warnings"})


@dataclass
class FieldOutcome:
    """One field of one report: the verdict and both sides of it."""

    field: str
    status: str  # correct | wrong | missing (scored) · ambiguous | absent (not scored)
    truth: list[str]  # the true value, or the candidates when ambiguous; empty when absent
    got: str | None  # what the extractor returned, None when null
    quote: str | None = None  # the extractor's quote for that figure

    @property
    def section(self) -> str:
        return self.field.split(".", 1)[0]


@dataclass
class FigureCheck:
    """One figure the extractor returned, checked against the source text."""

    path: str  # "teachers.special_post_teachers", "infrastructure.projects[0].investment_yuan"
    value: str
    unit: str | None
    approximate: bool
    quote: str
    quote_found: bool  # the (normalised) quote occurs in the normalised report
    value_in_quote: bool  # the value is one of the numbers the quote states
    in_text: bool  # the value is one of the numbers the whole report states

    @property
    def grounded(self) -> bool:
        return self.quote_found and self.value_in_quote

    @property
    def hallucinated(self) -> bool:
        return not self.in_text

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def field(self) -> str:
        """The path without list indices, so projects' figures group together."""
        return _INDEX.sub("", self.path)


@dataclass
class Tally:
    """Counts that every score is a ratio of; summing tallies is how scores aggregate."""

    correct: int = 0
    wrong: int = 0
    missing: int = 0
    ambiguous: int = 0
    absent: int = 0
    figures: int = 0
    grounded: int = 0
    hallucinated: int = 0

    def add_outcome(self, outcome: FieldOutcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)

    def add_figure(self, check: FigureCheck) -> None:
        self.figures += 1
        self.grounded += check.grounded
        self.hallucinated += check.hallucinated

    def __add__(self, other: Tally) -> Tally:
        return Tally(**{k: getattr(self, k) + getattr(other, k) for k in self.__dataclass_fields__})

    @property
    def scored(self) -> int:
        return self.correct + self.wrong + self.missing

    @property
    def accuracy(self) -> float | None:
        """Correct ÷ scored; None when nothing was scored (not 0: there was nothing to get wrong)."""
        return self.correct / self.scored if self.scored else None

    @property
    def coverage(self) -> float | None:
        """Scored fields where the extractor returned a value ÷ scored."""
        return (self.correct + self.wrong) / self.scored if self.scored else None

    @property
    def grounding_rate(self) -> float | None:
        return self.grounded / self.figures if self.figures else None

    def scores(self) -> dict[str, float | int | None]:
        return {
            "accuracy": self.accuracy,
            "coverage": self.coverage,
            "grounding_rate": self.grounding_rate,
            "hallucinations": self.hallucinated,
            "scored": self.scored,
            "correct": self.correct,
            "wrong": self.wrong,
            "missing": self.missing,
            "ambiguous": self.ambiguous,
            "absent": self.absent,
            "figures": self.figures,
            "grounded": self.grounded,
        }


@dataclass
class Cost:
    """What producing one report cost, taken from Report.run plus the eval's own wall clock."""

    llm_calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reasks: int = 0
    model_seconds: float = 0.0
    wall_seconds: float = 0.0

    def __add__(self, other: Cost) -> Cost:
        return Cost(**{k: getattr(self, k) + getattr(other, k) for k in self.__dataclass_fields__})


@dataclass
class ReportScore:
    """Everything the eval learned about one report."""

    report: str  # corpus entry name (file name), the key runs are compared by
    fields: list[FieldOutcome]
    figures: list[FigureCheck]
    cost: Cost = field(default_factory=Cost)
    provider: str | None = None
    model: str | None = None
    error: str | None = None  # the extractor raised; every true field then counts as missing

    def tally(self, section: str | None = None) -> Tally:
        t = Tally()
        for outcome in self.fields:
            if section is None or outcome.section == section:
                t.add_outcome(outcome)
        for check in self.figures:
            if section is None or check.section == section:
                t.add_figure(check)
        return t

    @property
    def hallucinations(self) -> list[FigureCheck]:
        return [check for check in self.figures if check.hallucinated]


# -- reading the extractor's output ------------------------------------------------------------------


def as_dict(output: Report | Mapping[str, Any] | None) -> dict[str, Any]:
    """Accept a Report or its JSON dict; a dict is not validated, so a malformed one still scores."""
    if output is None:
        return {}
    if isinstance(output, Report):
        return output.model_dump(mode="json")
    return dict(output)


def lookup(data: Mapping[str, Any], dotted: str) -> Any:
    """data["teachers"]["special_post_teachers"], or None anywhere along the way."""
    node: Any = data
    for key in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _is_figure(node: Any) -> bool:
    return isinstance(node, Mapping) and "value" in node and "quote" in node


def iter_figures(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every Figure anywhere in the output (sections, projects, anything added later), with its path."""
    for key, node in data.items():
        if not prefix and key in _SKIP_KEYS:
            continue
        path = f"{prefix}.{key}" if prefix else key
        if _is_figure(node):
            yield path, node
        elif isinstance(node, Mapping):
            yield from iter_figures(node, path)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if _is_figure(item):
                    yield f"{path}[{i}]", item
                elif isinstance(item, Mapping):
                    yield from iter_figures(item, f"{path}[{i}]")


# -- field verdicts ----------------------------------------------------------------------------------


def _extracted(data: Mapping[str, Any], name: str) -> tuple[Any, str | None]:
    """The raw value of a field (a Figure's value, or a meta scalar) and its quote."""
    node = lookup(data, name)
    if _is_figure(node):
        return node.get("value"), node.get("quote")
    return node, None


def matches_truth(kind: str, got: Any, truth: Decimal | str) -> bool:
    """Equality after normalisation: numbers exactly (up to float noise), text after NFKC + t2s."""
    if kind in ("number", "year"):
        got_dec = to_decimal(got)
        return got_dec is not None and isinstance(truth, Decimal) and same_value(got_dec, truth)
    return squeeze(normalise(str(got))) == squeeze(str(truth))


def field_outcome(name: str, truth: GroundTruth, data: Mapping[str, Any]) -> FieldOutcome:
    """Classify one field: correct / wrong / missing when it has truth, else ambiguous / absent."""
    got, quote = _extracted(data, name)
    got_text = None if got is None else str(got)
    truth_texts = [str(v) for v in truth.values]
    if truth.status != "truth":
        return FieldOutcome(name, truth.status, truth_texts, got_text, quote)
    if got is None or got == "":
        return FieldOutcome(name, "missing", truth_texts, None, quote)
    kind = SPECS_BY_FIELD[name].kind
    status = "correct" if matches_truth(kind, got, truth.values[0]) else "wrong"
    return FieldOutcome(name, status, truth_texts, got_text, quote)


# -- figure checks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceIndex:
    """The report text prepared once for all figure checks."""

    text: str
    squeezed: str
    numbers: frozenset[Decimal]

    @classmethod
    def of(cls, original: str) -> SourceIndex:
        text = normalise(original)
        return cls(text=text, squeezed=squeeze(text), numbers=mentioned_values(text))

    def has_quote(self, quote: str) -> bool:
        """Exact substring first; whitespace-insensitive second (an extractor may collapse spaces)."""
        norm = normalise(quote).strip()
        if not norm:
            return False
        return norm in self.text or squeeze(norm) in self.squeezed


def check_figure(path: str, figure: Mapping[str, Any], source: SourceIndex) -> FigureCheck:
    """Ground one figure: is its quote in the report, its value in its quote, its number in the report?"""
    quote = str(figure.get("quote") or "")
    value = to_decimal(figure.get("value"))
    in_quote = value is not None and value_in(value, mentioned_values(normalise(quote)))
    in_text = value is not None and value_in(value, source.numbers)
    return FigureCheck(
        path=path,
        value=str(figure.get("value")),
        unit=figure.get("unit"),
        approximate=bool(figure.get("approximate")),
        quote=quote,
        quote_found=source.has_quote(quote),
        value_in_quote=in_quote,
        in_text=in_text,
    )


# -- one report --------------------------------------------------------------------------------------


def cost_of(data: Mapping[str, Any], wall_seconds: float = 0.0) -> Cost:
    """Cost from Report.run (absent for a failed or cost-less run) plus the eval's wall clock."""
    run = data.get("run") or {}
    return Cost(
        llm_calls=int(run.get("llm_calls", 0)),
        cache_hits=int(run.get("cache_hits", 0)),
        prompt_tokens=int(run.get("prompt_tokens", 0)),
        completion_tokens=int(run.get("completion_tokens", 0)),
        reasks=int(run.get("reasks", 0)),
        model_seconds=float(run.get("seconds", 0.0)),
        wall_seconds=wall_seconds,
    )


def score_report(
    output: Report | Mapping[str, Any] | None,
    text: str,
    *,
    name: str = "",
    truth: Mapping[str, GroundTruth] | None = None,
    wall_seconds: float = 0.0,
    error: str | None = None,
) -> ReportScore:
    """Score one extractor output (None when extraction failed) against the report's original text."""
    data = as_dict(output)
    truth = ground_truth(text) if truth is None else truth
    source = SourceIndex.of(text)
    run = data.get("run") or {}
    return ReportScore(
        report=name,
        fields=[field_outcome(f, gt, data) for f, gt in truth.items()],
        figures=[check_figure(path, fig, source) for path, fig in iter_figures(data)],
        cost=cost_of(data, wall_seconds),
        provider=run.get("provider"),
        model=run.get("model"),
        error=error,
    )


# -- aggregation -------------------------------------------------------------------------------------


def total(scores: Iterable[ReportScore], section: str | None = None) -> Tally:
    """Overall (or one section's) tally across reports."""
    t = Tally()
    for score in scores:
        t = t + score.tally(section)
    return t


def by_section(scores: Iterable[ReportScore]) -> dict[str, Tally]:
    """Per-section tallies, sections in first-seen order (meta first, as the patterns list them)."""
    out: dict[str, Tally] = {}
    for score in scores:
        for outcome in score.fields:
            out.setdefault(outcome.section, Tally()).add_outcome(outcome)
        for check in score.figures:
            out.setdefault(check.section, Tally()).add_figure(check)
    return out


def by_field(scores: Iterable[ReportScore]) -> dict[str, Tally]:
    """Per-field tallies across reports; figures group by path without list indices."""
    out: dict[str, Tally] = {}
    for score in scores:
        for outcome in score.fields:
            out.setdefault(outcome.field, Tally()).add_outcome(outcome)
        for check in score.figures:
            out.setdefault(check.field, Tally()).add_figure(check)
    return out
