"""Score one extractor output against the hand labels (section figures) and the regex truth (meta).

Every numeric section field of a labelled report is scored, so every emitted figure is seen: it is
right, a wrong value, a right value with the wrong unit or approximate flag, or false (the report
states no such figure). A stated field left empty is missed. Meta is deterministic code, scored apart:
against the label's meta where the label file gives one (a county or year emitted where the text states
none is false), else against the eval's own patterns wherever they find exactly one value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from summarizer.models import Report, Usage

from .groundtruth import GroundTruth, ground_truth
from .labels import Label, ReportLabels
from .numbers import mentioned_values, same_value, to_decimal, value_in
from .patterns import SPECS_BY_FIELD
from .textnorm import normalise, squeeze

# Verdicts. Emitted: right, wrong, wrong_unit, false. Not emitted: missed, blank.
# Meta and unlabelled slots the patterns cannot decide: unscored.
EMITTED = ("right", "wrong", "wrong_unit", "false")
STATED = ("right", "wrong", "wrong_unit", "missed")
STATUSES = (*EMITTED, "missed", "blank", "unscored")
_INDEX = re.compile(r"\[\d+\]")
_SKIP_KEYS = frozenset({"source", "run", "warnings"})


@dataclass
class FieldOutcome:
    """One field of one report: the verdict, what the extractor emitted, and what it was held against."""

    field: str
    status: str  # one of STATUSES
    truth: list[str]  # the label or the regex truth as text; empty when nothing is known
    got: str | None  # the emitted value, None when null
    quote: str | None = None  # the extractor's quote for that figure
    unit: str | None = None
    approximate: bool | None = None
    needs_review: bool | None = None  # what the extractor said of its own figure
    confidence: float | None = None  # likewise

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

    @property
    def grounded(self) -> bool:
        return self.quote_found and self.value_in_quote


@dataclass
class Tally:
    """Counts that every score is a ratio of; summing tallies is how scores aggregate."""

    right: int = 0
    wrong: int = 0
    wrong_unit: int = 0
    false: int = 0
    missed: int = 0
    blank: int = 0
    unscored: int = 0

    def add(self, outcome: FieldOutcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)

    def __add__(self, other: Tally) -> Tally:
        return Tally(**{k: getattr(self, k) + getattr(other, k) for k in self.__dataclass_fields__})

    @property
    def emitted(self) -> int:
        return sum(getattr(self, k) for k in EMITTED)

    @property
    def stated(self) -> int:
        return sum(getattr(self, k) for k in STATED)

    @property
    def precision(self) -> float | None:
        """Right ÷ emitted; None when nothing was emitted (there was nothing to get wrong)."""
        return self.right / self.emitted if self.emitted else None

    @property
    def recall(self) -> float | None:
        """Right ÷ stated; None when the reports state nothing here."""
        return self.right / self.stated if self.stated else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def scores(self) -> dict[str, float | int | None]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "emitted": self.emitted,
            "stated": self.stated,
            **{k: getattr(self, k) for k in self.__dataclass_fields__},
        }


class Cost(Usage):
    """What producing one report cost: Report.run's counters, plus the eval's own wall clock."""

    model_seconds: float = 0.0  # Report.run.seconds
    wall_seconds: float = 0.0

    def __add__(self, other: Usage) -> Cost:
        """Counters and seconds summed (a plain Usage adds no seconds)."""
        return Cost(
            **(self.counters() + other.counters()).model_dump(),
            model_seconds=self.model_seconds + getattr(other, "model_seconds", 0.0),
            wall_seconds=self.wall_seconds + getattr(other, "wall_seconds", 0.0),
        )


@dataclass
class ReportScore:
    """Everything the eval learned about one report."""

    report: str  # corpus entry name (file name), the key runs are compared by
    fields: list[FieldOutcome]
    figures: list[FigureCheck]
    cost: Cost = field(default_factory=Cost)
    provider: str | None = None
    model: str | None = None
    error: str | None = None  # the extractor raised; every stated field then counts as missed
    set: str = "corpus"  # the corpus set the report was listed in ("corpus", "wider/tune", …)

    def tally(self, meta: bool = False) -> Tally:
        """The section figures' tally (meta=False) or meta's."""
        t = Tally()
        for outcome in self.fields:
            if (outcome.section == "meta") == meta:
                t.add(outcome)
        return t


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


def _extracted(data: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    """A field as emitted: a Figure's dict, a meta scalar wrapped as {"value": …}, or None when null."""
    node = lookup(data, name)
    if node is None or node == "":
        return None
    return node if _is_figure(node) else {"value": node}


def classify(label: Label, got: Decimal | None, unit: str | None, approximate: bool | None) -> str:
    """The verdict of one emitted value (None: nothing emitted) against a complete label."""
    if got is None:
        return "missed" if label.stated else "blank"
    if not label.stated:
        return "false"
    answer = label.accepted(got)
    if answer is None:
        return "wrong"
    return "right" if (answer.unit, answer.approximate) == (unit, bool(approximate)) else "wrong_unit"


def labelled_outcome(label: Label, data: Mapping[str, Any]) -> FieldOutcome:
    figure = _extracted(data, label.field)
    if figure is None:
        return FieldOutcome(label.field, classify(label, None, None, None), [label.summary()], None)
    got, unit, approximate = figure.get("value"), figure.get("unit"), figure.get("approximate")
    status = classify(label, to_decimal(got), unit, approximate)
    quote, review, confidence = figure.get("quote"), figure.get("needs_review"), figure.get("confidence")
    return FieldOutcome(
        label.field, status, [label.summary()], str(got), quote, unit, approximate, review, confidence
    )


def rescored(outcome: FieldOutcome, label: Label) -> FieldOutcome:
    """A recorded outcome held against `label` again: a baseline scored with today's labels."""
    got = None if outcome.got is None else to_decimal(outcome.got)
    status = classify(label, got, outcome.unit, outcome.approximate)
    return replace(outcome, status=status, truth=[label.summary()])


def matches_truth(kind: str, got: Any, truth: Decimal | str) -> bool:
    """Equality after normalisation: numbers exactly (up to float noise), text after NFKC + t2s."""
    if kind in ("number", "year"):
        got_dec = to_decimal(got)
        return got_dec is not None and isinstance(truth, Decimal) and same_value(got_dec, truth)
    return squeeze(normalise(str(got))) == squeeze(str(truth))


def meta_outcome(name: str, truth: GroundTruth, data: Mapping[str, Any]) -> FieldOutcome:
    """A meta field against the regex truth: right / wrong / missed, or unscored when the patterns find
    no single value (their recall, not the extractor, decides that)."""
    emitted = _extracted(data, name)
    got = None if emitted is None else emitted["value"]
    got_text = None if got is None else str(got)
    truth_texts = [str(v) for v in truth.values]
    if truth.status != "truth":
        return FieldOutcome(name, "unscored", truth_texts, got_text)
    if got is None:
        return FieldOutcome(name, "missed", truth_texts, None)
    right = matches_truth(SPECS_BY_FIELD[name].kind, got, truth.values[0])
    return FieldOutcome(name, "right" if right else "wrong", truth_texts, got_text)


def labelled_meta_outcome(name: str, truth: str | int | None, data: Mapping[str, Any]) -> FieldOutcome:
    """A meta field against its hand label: right / wrong / missed where the text states a value,
    false / blank where it states none."""
    emitted = _extracted(data, name)
    got = None if emitted is None else str(emitted["value"])
    if truth is None:
        return FieldOutcome(name, "blank" if got is None else "false", ["null (not stated)"], got)
    if got is None:
        return FieldOutcome(name, "missed", [str(truth)], None)
    expected = Decimal(truth) if isinstance(truth, int) else truth
    right = matches_truth(SPECS_BY_FIELD[name].kind, got, expected)
    return FieldOutcome(name, "right" if right else "wrong", [str(truth)], got)


def meta_outcomes(text: str, data: Mapping[str, Any], labels: ReportLabels | None) -> list[FieldOutcome]:
    """Every meta field the eval can score: the labelled ones from the label, the rest from the patterns."""
    labelled = labels.meta if labels else {}
    truth = ground_truth(text)
    return [
        labelled_meta_outcome(f, labelled[f], data) if f in labelled else meta_outcome(f, gt, data)
        for f, gt in truth.items()
        if f.startswith("meta.")
    ]


# -- figure checks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceIndex:
    """The report text prepared once for all figure checks."""

    text: str
    squeezed: str

    @classmethod
    def of(cls, original: str) -> SourceIndex:
        text = normalise(original)
        return cls(text=text, squeezed=squeeze(text))

    def has_quote(self, quote: str) -> bool:
        """Exact substring first; whitespace-insensitive second (an extractor may collapse spaces)."""
        norm = normalise(quote).strip()
        if not norm:
            return False
        return norm in self.text or squeeze(norm) in self.squeezed


def check_figure(path: str, figure: Mapping[str, Any], source: SourceIndex) -> FigureCheck:
    """Ground one figure: is its quote in the report, and its value in its quote?"""
    quote = str(figure.get("quote") or "")
    value = to_decimal(figure.get("value"))
    in_quote = value is not None and value_in(value, mentioned_values(normalise(quote)))
    return FigureCheck(
        path=path,
        value=str(figure.get("value")),
        unit=figure.get("unit"),
        approximate=bool(figure.get("approximate")),
        quote=quote,
        quote_found=source.has_quote(quote),
        value_in_quote=in_quote,
    )


# -- one report --------------------------------------------------------------------------------------


def cost_of(data: Mapping[str, Any], wall_seconds: float = 0.0) -> Cost:
    """Cost from Report.run (absent for a failed or cost-less run) plus the eval's wall clock."""
    run = data.get("run") or {}
    return Cost(
        **{k: int(run.get(k, 0)) for k in Usage.model_fields},
        model_seconds=float(run.get("seconds", 0.0)),
        wall_seconds=wall_seconds,
    )


def score_report(
    output: Report | Mapping[str, Any] | None,
    text: str,
    *,
    name: str = "",
    labels: ReportLabels | None = None,
    wall_seconds: float = 0.0,
    error: str | None = None,
    corpus_set: str = "corpus",
) -> ReportScore:
    """Score one extractor output (None when extraction failed) against the report's labels and text."""
    data = as_dict(output)
    source = SourceIndex.of(text)
    run = data.get("run") or {}
    meta = meta_outcomes(text, data, labels)
    return ReportScore(
        report=name,
        # A report without labels (a user's own corpus) is scored on meta alone.
        fields=meta + [labelled_outcome(label, data) for label in (labels.labels.values() if labels else ())],
        figures=[check_figure(path, fig, source) for path, fig in iter_figures(data)],
        cost=cost_of(data, wall_seconds),
        provider=run.get("provider"),
        model=run.get("model"),
        error=error,
        set=corpus_set,
    )


# -- aggregation -------------------------------------------------------------------------------------


def total(scores: Iterable[ReportScore], meta: bool = False) -> Tally:
    """The section figures' (or meta's) tally across reports."""
    t = Tally()
    for score in scores:
        t = t + score.tally(meta)
    return t


def grouped(scores: Iterable[ReportScore], key: str) -> dict[str, Tally]:
    """Tallies per `key` ("section" or "field") across reports, in first-seen order."""
    out: dict[str, Tally] = {}
    for score in scores:
        for outcome in score.fields:
            out.setdefault(getattr(outcome, key), Tally()).add(outcome)
    return out
