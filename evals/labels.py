"""Hand labels: for every corpus report and every numeric section field, what the report states.

Labels are reviewed data in `evals/labels/<report stem>.json`, made by reading the text (the rules are in
`evals/labels/README.md`). They are complete: a field the report does not state is labelled null, so a
figure emitted there is counted as false, and a stated field left empty is counted as missed.
A malformed file is refused with one line naming the file and the field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from summarizer.models import FIGURE_SECTIONS, Report, figure_fields

from .corpus import read_report
from .errors import EvalInputError
from .numbers import mentioned_values, same_value, to_decimal, value_in
from .textnorm import normalise, squeeze

DEFAULT_LABEL_DIR = Path(__file__).parent / "labels"
META_FIELDS = ("county", "report_year", "plan_year")  # what a label file's optional "meta" states
UNITS = frozenset({"person", "person_time", "count", "yuan", "place", "school"})
LABELLED_FIELDS: tuple[str, ...] = tuple(
    f"{section}.{name}"
    for section in FIGURE_SECTIONS
    for name in figure_fields(Report.model_fields[section].annotation)
)


class LabelError(EvalInputError):
    """A label file is missing or malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Answer:
    """A figure as a careful reader takes it from the text."""

    value: Decimal
    unit: str
    approximate: bool
    quote: str
    reason: str = ""  # why an alternative is also acceptable, or what a part counts

    def matches(self, value: Decimal) -> bool:
        return same_value(value, self.value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": _plain(self.value),
            "unit": self.unit,
            "approximate": self.approximate,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Label:
    """One field of one report: the stated answer (None when the report does not state it)."""

    field: str
    answer: Answer | None
    alternatives: tuple[Answer, ...] = ()
    parts: tuple[Answer, ...] = ()
    note: str = ""  # the reason for a null, or a remark on a value

    @property
    def stated(self) -> bool:
        return self.answer is not None

    def accepted(self, value: Decimal) -> Answer | None:
        """The answer (the value or an alternative) that `value` equals, if any."""
        candidates = (self.answer, *self.alternatives) if self.answer else ()
        return next((a for a in candidates if a.matches(value)), None)

    def summary(self) -> str:
        """How the label reads in a diff: "85 person «招聘特岗教师85名»" or "null (reason)"."""
        if self.answer is None:
            return f"null ({self.note})" if self.note else "null"
        return f"{_plain(self.answer.value)} {self.answer.unit} «{self.answer.quote}»"


@dataclass(frozen=True)
class ReportLabels:
    """Every labelled field of one report, and the file it came from."""

    report: str
    path: Path
    labels: dict[str, Label]
    sha256: str  # of the file's bytes as read: what a baseline records
    # "meta.county" → the value a reader finds (None: the text states none). Empty when the file has no
    # "meta": the eval's patterns then decide meta.
    meta: dict[str, str | int | None] = field(default_factory=dict)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _answer(raw: Any, where: str, *, needs_reason: bool = False) -> Answer:
    if not isinstance(raw, Mapping):
        raise LabelError(f"{where}: expected an object with value, unit, approximate and quote")
    value = to_decimal(raw.get("value"))
    if value is None or isinstance(raw.get("value"), str):
        raise LabelError(f"{where}: value {raw.get('value')!r} is not a number")
    unit = raw.get("unit")
    if unit not in UNITS:
        raise LabelError(f"{where}: unit {unit!r} is not one of {', '.join(sorted(UNITS))}")
    quote = raw.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        raise LabelError(f"{where}: quote is missing")
    approximate = raw.get("approximate", False)
    if not isinstance(approximate, bool):
        raise LabelError(f"{where}: approximate must be true or false")
    reason = raw.get("reason") or raw.get("what") or ""
    if needs_reason and not reason:
        raise LabelError(f"{where}: an alternative needs a reason")
    return Answer(value, unit, approximate, quote, str(reason))


def _label(name: str, raw: Any, where: str) -> Label:
    if not isinstance(raw, Mapping):
        raise LabelError(f"{where}: expected an object")
    alternatives = tuple(
        _answer(a, f"{where} alternative {i + 1}", needs_reason=True)
        for i, a in enumerate(raw.get("alternatives") or [])
    )
    parts = tuple(_answer(p, f"{where} part {i + 1}") for i, p in enumerate(raw.get("parts") or []))
    if raw.get("value") is None:
        if not raw.get("reason"):
            raise LabelError(f"{where}: a null value needs a reason")
        if alternatives:
            raise LabelError(f"{where}: a null value cannot have alternatives")
        return Label(name, None, (), parts, str(raw["reason"]))
    return Label(name, _answer(raw, where), alternatives, parts, str(raw.get("note") or ""))


def read_labels(path: Path) -> ReportLabels:
    """One label file, checked for shape: every field present, no unknown field, values well formed."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise LabelError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:  # UnicodeDecodeError included
        raise LabelError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("fields"), Mapping):
        raise LabelError(f"{path}: expected an object with report and fields")
    fields = data["fields"]
    unknown = sorted(set(fields) - set(LABELLED_FIELDS))
    if unknown:
        raise LabelError(f"{path}: unknown field {unknown[0]}")
    absent = [name for name in LABELLED_FIELDS if name not in fields]
    if absent:
        raise LabelError(f"{path}: field {absent[0]} is not labelled (give a value, or null with a reason)")
    labels = {name: _label(name, fields[name], f"{path}: {name}") for name in LABELLED_FIELDS}
    report = str(data.get("report") or f"{path.stem}.txt")
    return ReportLabels(report, path, labels, hashlib.sha256(raw).hexdigest(), _meta(data.get("meta"), path))


def _meta(raw: Any, path: Path) -> dict[str, str | int | None]:
    """The labelled meta values: a county name, years as integers, null where the text states none."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or set(raw) != set(META_FIELDS):
        raise LabelError(f"{path}: meta must give exactly {', '.join(META_FIELDS)} (null where not stated)")
    for name in ("report_year", "plan_year"):
        year = raw[name]
        if year is not None and (type(year) is not int or not 1949 < year < 2100):
            raise LabelError(f"{path}: meta.{name} {year!r} is not a year")
    county = raw["county"]
    if county is not None and (not isinstance(county, str) or not county.strip()):
        raise LabelError(f"{path}: meta.county must be a name or null")
    return {f"meta.{name}": raw[name] for name in META_FIELDS}


def label_path(report: Path, directory: Path | None = None) -> Path:
    return (directory or DEFAULT_LABEL_DIR) / f"{report.stem}.json"


def load_labels(reports: list[Path], directory: Path | None = None) -> dict[str, ReportLabels]:
    """Labels for every report that has a label file, keyed by report file name, each checked against
    its report's text. A report without one is scored on meta only (a user's own corpus need not be
    labelled)."""
    found: dict[str, ReportLabels] = {}
    for report in reports:
        path = label_path(report, directory)
        if path.is_file():
            labels = read_labels(path)
            check_quotes(labels, read_report(report))
            found[report.name] = labels
    return found


def check_quotes(labels: ReportLabels, text: str) -> None:
    """Every quote (of a value, an alternative or a part) is in the report and states its value:
    a label that cites text the report does not have would score the extractor against nothing."""
    report = squeeze(normalise(text))
    for name, label in labels.labels.items():
        answers = ([label.answer] if label.answer else []) + [*label.alternatives, *label.parts]
        for answer in answers:
            quote = normalise(answer.quote)
            if squeeze(quote) not in report:
                raise LabelError(f"{labels.path}: {name}: the quote {answer.quote!r} is not in the report")
            if not value_in(answer.value, mentioned_values(quote)):
                raise LabelError(
                    f"{labels.path}: {name}: the quote {answer.quote!r} does not state {_plain(answer.value)}"
                )


def labels_hash(labels: Mapping[str, ReportLabels]) -> str:
    """sha256 over the label files' hashes in report order: a baseline records it, so an edited label
    shows in the diff."""
    digest = hashlib.sha256()
    for name in sorted(labels):
        digest.update(f"{name}\0{labels[name].sha256}\0".encode())
    return digest.hexdigest()
