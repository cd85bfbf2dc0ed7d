"""Baselines: save a run under a name, and diff a new run against it field by field.

The gate fails on what a prompt change must not do: turn a right figure wrong, false or missing, add a
wrong or false figure anywhere, or lower precision or recall, overall or in any corpus set ("corpus",
"wider" and its halves), so a gain on one set cannot hide a loss on another. The baseline's figures are
held against today's labels before comparing, so an edited label moves both sides alike (and is listed
in the diff).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from summarizer.atomic import write_text_atomic
from summarizer.models import Usage

from .errors import EvalInputError
from .labels import ReportLabels
from .numbers import same_value, to_decimal
from .results import FORMAT_VERSION, EvalRun
from .scoring import FieldOutcome, rescored

DEFAULT_BASELINE_DIR = Path(__file__).parent / "baselines"
SCORE_KEYS = (
    "precision",
    "recall",
    "f1",
    "right",
    "emitted",
    "stated",
    "wrong",
    "wrong_unit",
    "false",
    "missed",
    "meta_right",
    "ungrounded",
    *Usage.model_fields,
    "wall_seconds",
)
GATED = ("precision", "recall")


class BaselineError(EvalInputError):
    """A baseline cannot be found or read; the message names the file."""


def baseline_path(name: str, directory: Path | str | None = None) -> Path:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise BaselineError(f"invalid baseline name: {name!r}")
    return Path(directory or DEFAULT_BASELINE_DIR) / f"{name}.json"


def save_baseline(run: EvalRun, name: str, directory: Path | str | None = None) -> Path:
    """Write the run as baseline NAME (replacing any old one atomically)."""
    path = baseline_path(name, directory)
    data = run.to_dict()
    data["name"] = name
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


def load_baseline(name: str, directory: Path | str | None = None) -> EvalRun:
    path = baseline_path(name, directory)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"no baseline named {name!r} ({path}); save one with --save-baseline") from exc
    except (OSError, ValueError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise BaselineError(
            f"baseline {path} was recorded by another eval format; record it again with --save-baseline"
        )
    try:
        return EvalRun.from_dict(data)
    except (KeyError, TypeError) as exc:
        raise BaselineError(f"baseline {path} is not an eval run: {exc}") from exc


@dataclass(frozen=True)
class FieldChange:
    """A field whose verdict changed between the baseline and this run, with both figures."""

    report: str
    field: str
    before: str
    after: str
    truth: tuple[str, ...]
    got_before: str | None
    got_after: str | None
    quote_before: str | None = None
    quote_after: str | None = None


@dataclass(frozen=True)
class LabelChange:
    """A label edited since the baseline was recorded."""

    report: str
    field: str
    before: str
    after: str


@dataclass
class Diff:
    """This run versus a baseline."""

    baseline_name: str | None
    lost: list[FieldChange] = field(default_factory=list)  # right before; wrong, false or missing now
    gained: list[FieldChange] = field(default_factory=list)  # not right before, right now
    new_false: list[FieldChange] = field(default_factory=list)  # a false figure the baseline did not emit
    new_wrong: list[FieldChange] = field(default_factory=list)  # a wrong figure the baseline did not emit
    changed: list[FieldChange] = field(default_factory=list)  # other changes of verdict or figure
    score_changes: dict[str, tuple[float | int | None, float | int | None]] = field(default_factory=dict)
    # per corpus set: {"wider": {"precision": (before, after), "recall": (…)}}
    set_scores: dict[str, dict[str, tuple[float | None, float | None]]] = field(default_factory=dict)
    report_scores: dict[str, dict[str, tuple[float | None, float | None]]] = field(default_factory=dict)
    label_changes: list[LabelChange] = field(default_factory=list)
    reports_added: list[str] = field(default_factory=list)
    reports_removed: list[str] = field(default_factory=list)
    corpus_changed: bool = False
    labels_changed: bool = False
    prompts_changed: list[str] = field(default_factory=list)
    runtime_change: tuple[str | None, str | None] | None = None  # (baseline's, this run's) when they differ

    @property
    def dropped(self) -> list[str]:
        """The gated scores that fell below the baseline's: "precision", or "wider recall" for a set."""
        pairs = [(key, self.score_changes.get(key, (None, None))) for key in GATED]
        pairs += [(f"{name} {key}", scores[key]) for name, scores in self.set_scores.items() for key in GATED]
        return [name for name, (before, after) in pairs if _fell(before, after)]

    @property
    def regressed(self) -> bool:
        """The gate: a right figure lost, a new wrong or false figure, or precision or recall lower."""
        return bool(self.lost or self.new_false or self.new_wrong or self.dropped)

    def to_dict(self) -> dict[str, object]:
        return {
            "baseline": self.baseline_name,
            "regressed": self.regressed,
            "dropped": self.dropped,
            "lost": [vars(c) for c in self.lost],
            "new_false": [vars(c) for c in self.new_false],
            "new_wrong": [vars(c) for c in self.new_wrong],
            "gained": [vars(c) for c in self.gained],
            "changed": [vars(c) for c in self.changed],
            "score_changes": {k: list(v) for k, v in self.score_changes.items()},
            "set_scores": {n: {k: list(v) for k, v in s.items()} for n, s in self.set_scores.items()},
            "report_scores": {r: {k: list(v) for k, v in s.items()} for r, s in self.report_scores.items()},
            "label_changes": [vars(c) for c in self.label_changes],
            "reports_added": self.reports_added,
            "reports_removed": self.reports_removed,
            "corpus_changed": self.corpus_changed,
            "labels_changed": self.labels_changed,
            "prompts_changed": self.prompts_changed,
            "runtime_change": list(self.runtime_change) if self.runtime_change else None,
        }


def _fell(before: float | int | None, after: float | int | None) -> bool:
    return before is not None and (after is None or after < before - 1e-12)


def relabelled(baseline: EvalRun, labels: dict[str, ReportLabels]) -> tuple[EvalRun, list[LabelChange]]:
    """The baseline with its figures held against today's labels, and the labels that changed."""
    changes: list[LabelChange] = []
    reports = []
    for score in baseline.reports:
        current = labels.get(score.report)
        outcomes: list[FieldOutcome] = []
        for outcome in score.fields:
            label = current.labels.get(outcome.field) if current else None
            if label is None:
                outcomes.append(outcome)
                continue
            now = rescored(outcome, label)
            if now.truth != outcome.truth:
                changes.append(LabelChange(score.report, outcome.field, outcome.truth[0], now.truth[0]))
            outcomes.append(now)
        reports.append(replace(score, fields=outcomes))
    return replace(baseline, reports=reports), changes


def _change(report: str, before: FieldOutcome, after: FieldOutcome) -> FieldChange:
    return FieldChange(
        report,
        after.field,
        before.status,
        after.status,
        tuple(after.truth),
        before.got,
        after.got,
        before.quote,
        after.quote,
    )


def _same_got(before: str | None, after: str | None) -> bool:
    """Two recorded values are the same figure: numerically for numbers (85 and 85.0), else as text."""
    a, b = to_decimal(before), to_decimal(after)
    if a is not None and b is not None:
        return same_value(a, b)
    return before == after


def _same_wrong(before: FieldOutcome, after: FieldOutcome, same_value: bool) -> bool:
    """The baseline already emitted this very wrong figure: not a new one."""
    return before.status == after.status and same_value


def _field_changes(current: EvalRun, baseline: EvalRun, diff: Diff) -> None:
    for now in current.reports:
        before = baseline.report(now.report)
        if before is None:
            continue
        old = {f.field: f for f in before.fields}
        for outcome in now.fields:
            prev = old.get(outcome.field)
            if prev is None:
                continue
            same_value = _same_got(prev.got, outcome.got)
            if prev.status == outcome.status and same_value and prev.quote == outcome.quote:
                continue
            change = _change(now.report, prev, outcome)
            if prev.status == "right" and outcome.status != "right":
                diff.lost.append(change)
            elif outcome.status == "false" and (prev.status != "false" or not same_value):
                diff.new_false.append(change)
            elif outcome.status in ("wrong", "wrong_unit") and not _same_wrong(prev, outcome, same_value):
                diff.new_wrong.append(change)
            elif outcome.status == "right" and prev.status != "right":
                diff.gained.append(change)
            else:
                diff.changed.append(change)


def compare(current: EvalRun, baseline: EvalRun, labels: dict[str, ReportLabels] | None = None) -> Diff:
    """Field-by-field comparison over the reports both runs scored, the baseline relabelled first."""
    diff = Diff(baseline_name=baseline.name)
    if labels is not None:
        baseline, diff.label_changes = relabelled(baseline, labels)
    _field_changes(current, baseline, diff)
    now_scores, old_scores = current.scores(), baseline.scores()
    diff.score_changes = {k: (old_scores.get(k), now_scores.get(k)) for k in SCORE_KEYS}
    names = current.set_names()
    for name in names if len(names) > 1 else ():  # one set: its scores are the overall ones
        old, new = baseline.subset(name).tally(), current.subset(name).tally()
        diff.set_scores[name] = {key: (getattr(old, key), getattr(new, key)) for key in GATED}
    for now in current.reports:
        before = baseline.report(now.report)
        if before is not None:
            old, new = before.tally(), now.tally()
            diff.report_scores[now.report] = {
                "precision": (old.precision, new.precision),
                "recall": (old.recall, new.recall),
            }
    names_now = {r.report for r in current.reports}
    names_before = {r.report for r in baseline.reports}
    diff.reports_added = sorted(names_now - names_before)
    diff.reports_removed = sorted(names_before - names_now)
    diff.corpus_changed = current.corpus_hash != baseline.corpus_hash
    diff.labels_changed = current.labels_hash != baseline.labels_hash
    keys = set(current.prompt_hashes) | set(baseline.prompt_hashes)
    diff.prompts_changed = sorted(
        k for k in keys if current.prompt_hashes.get(k) != baseline.prompt_hashes.get(k)
    )
    if current.runtime != baseline.runtime:
        diff.runtime_change = (baseline.runtime, current.runtime)
    return diff
