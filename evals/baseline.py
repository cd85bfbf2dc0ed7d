"""Baselines: save a run under a name, and diff a new run against it field by field.

The gate is deliberately strict on the one thing a prompt change must not do: turn a field that was
right into one that is wrong (or missing). Overall accuracy dropping also fails it; new hallucinations
and every score's change are reported alongside, for the reviewer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_text_atomic
from .results import EvalRun

DEFAULT_BASELINE_DIR = Path(__file__).parent / "baselines"
SCORE_KEYS = (
    "accuracy",
    "coverage",
    "grounding_rate",
    "hallucinations",
    "correct",
    "scored",
    "figures",
    "llm_calls",
    "cache_hits",
    "prompt_tokens",
    "completion_tokens",
    "wall_seconds",
)


class BaselineError(Exception):
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
    try:
        return EvalRun.from_dict(data)
    except (KeyError, TypeError) as exc:
        raise BaselineError(f"baseline {path} is not an eval run: {exc}") from exc


@dataclass(frozen=True)
class FieldChange:
    """A field whose verdict changed between the baseline and this run."""

    report: str
    field: str
    before: str
    after: str
    truth: tuple[str, ...]
    got_before: str | None
    got_after: str | None


@dataclass(frozen=True)
class NewHallucination:
    report: str
    path: str
    value: str
    quote: str


@dataclass
class Diff:
    """This run versus a baseline."""

    baseline_name: str | None
    lost: list[FieldChange] = field(default_factory=list)  # correct before, wrong or missing now
    gained: list[FieldChange] = field(default_factory=list)  # not correct before, correct now
    new_hallucinations: list[NewHallucination] = field(default_factory=list)
    score_changes: dict[str, tuple[float | int | None, float | int | None]] = field(default_factory=dict)
    report_accuracy: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    reports_added: list[str] = field(default_factory=list)
    reports_removed: list[str] = field(default_factory=list)
    corpus_changed: bool = False
    prompts_changed: list[str] = field(default_factory=list)
    runtime_change: tuple[str | None, str | None] | None = None  # (baseline's, this run's) when they differ

    @property
    def accuracy_dropped(self) -> bool:
        before, after = self.score_changes.get("accuracy", (None, None))
        return before is not None and (after is None or after < before - 1e-12)

    @property
    def regressed(self) -> bool:
        """The gate: any previously-correct field now wrong or missing, or overall accuracy lower."""
        return bool(self.lost) or self.accuracy_dropped

    def to_dict(self) -> dict[str, object]:
        return {
            "baseline": self.baseline_name,
            "regressed": self.regressed,
            "accuracy_dropped": self.accuracy_dropped,
            "lost": [vars(c) for c in self.lost],
            "gained": [vars(c) for c in self.gained],
            "new_hallucinations": [vars(h) for h in self.new_hallucinations],
            "score_changes": {k: list(v) for k, v in self.score_changes.items()},
            "report_accuracy": {k: list(v) for k, v in self.report_accuracy.items()},
            "reports_added": self.reports_added,
            "reports_removed": self.reports_removed,
            "corpus_changed": self.corpus_changed,
            "prompts_changed": self.prompts_changed,
            "runtime_change": list(self.runtime_change) if self.runtime_change else None,
        }


def _field_changes(current: EvalRun, baseline: EvalRun, diff: Diff) -> None:
    for now in current.reports:
        before = baseline.report(now.report)
        if before is None:
            continue
        old = {f.field: f for f in before.fields}
        for outcome in now.fields:
            prev = old.get(outcome.field)
            if prev is None or prev.status == outcome.status:
                continue
            change = FieldChange(
                now.report,
                outcome.field,
                prev.status,
                outcome.status,
                tuple(outcome.truth),
                prev.got,
                outcome.got,
            )
            if prev.status == "correct" and outcome.status in ("wrong", "missing"):
                diff.lost.append(change)
            elif outcome.status == "correct":
                diff.gained.append(change)


def _new_hallucinations(current: EvalRun, baseline: EvalRun) -> list[NewHallucination]:
    known = {(r, h.path, h.value) for r, h in baseline.hallucinations()}
    return [
        NewHallucination(r, h.path, h.value, h.quote)
        for r, h in current.hallucinations()
        if (r, h.path, h.value) not in known
    ]


def compare(current: EvalRun, baseline: EvalRun) -> Diff:
    """Field-by-field comparison over the reports both runs scored."""
    diff = Diff(baseline_name=baseline.name)
    _field_changes(current, baseline, diff)
    diff.new_hallucinations = _new_hallucinations(current, baseline)
    now_scores, old_scores = current.scores(), baseline.scores()
    diff.score_changes = {k: (old_scores.get(k), now_scores.get(k)) for k in SCORE_KEYS}
    for now in current.reports:
        before = baseline.report(now.report)
        if before is not None:
            diff.report_accuracy[now.report] = (before.tally().accuracy, now.tally().accuracy)
    names_now = {r.report for r in current.reports}
    names_before = {r.report for r in baseline.reports}
    diff.reports_added = sorted(names_now - names_before)
    diff.reports_removed = sorted(names_before - names_now)
    diff.corpus_changed = current.corpus_hash != baseline.corpus_hash
    keys = set(current.prompt_hashes) | set(baseline.prompt_hashes)
    diff.prompts_changed = sorted(
        k for k in keys if current.prompt_hashes.get(k) != baseline.prompt_hashes.get(k)
    )
    if current.runtime != baseline.runtime:
        diff.runtime_change = (baseline.runtime, current.runtime)
    return diff
