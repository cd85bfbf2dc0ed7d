"""One eval run as data: what was run (provider, model, prompts, corpus) and every per-field outcome.

Kept as plain dataclasses with an explicit JSON round trip, so a baseline saved today still loads after
the scoring code changes, and a diff can be computed from two files without re-running anything.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .corpus import in_set
from .scoring import Cost, FieldOutcome, FigureCheck, ReportScore, Tally, grouped, total

FORMAT_VERSION = 2  # 2: section fields scored against complete hand labels


@dataclass
class EvalRun:
    """The result of scoring an extractor over a corpus."""

    created: str  # ISO 8601 UTC
    provider: str
    model: str
    corpus_hash: str
    reports: list[ReportScore]
    prompt_hashes: dict[str, str] = field(default_factory=dict)
    wall_seconds: float = 0.0
    name: str | None = None
    runtime: str | None = None  # what ran the model, e.g. the llama.cpp build; its numerics vary by build
    labels_hash: str | None = None  # the hand labels the run was scored with

    def tally(self) -> Tally:
        """The section figures over every report."""
        return total(self.reports)

    def by_review(self) -> dict[str, Tally]:
        """The emitted section figures split by the extractor's own flag: is `needs_review` informative?"""
        out = {"sure": Tally(), "needs_review": Tally()}
        for report in self.reports:
            for outcome in report.fields:
                if outcome.section != "meta" and outcome.got is not None:
                    out["needs_review" if outcome.needs_review else "sure"].add(outcome)
        return out

    def by_confidence(self) -> dict[str, Tally]:
        """The emitted section figures by the confidence the extractor gave them, highest first."""
        out: dict[str, Tally] = {}
        for report in self.reports:
            for outcome in report.fields:
                if outcome.section != "meta" and outcome.got is not None:
                    level = "n/a" if outcome.confidence is None else f"{outcome.confidence:.2f}"
                    out.setdefault(level, Tally()).add(outcome)
        return dict(sorted(out.items(), reverse=True))

    def set_names(self) -> list[str]:
        """Every set and half the reports were listed in, each set before its halves: corpus, wider,
        wider/measure, wider/tune."""
        names = {r.set for r in self.reports} | {r.set.split("/", 1)[0] for r in self.reports}
        return sorted(names)

    def whole_sets(self) -> list[str]:
        """The sets without their halves: corpus, wider."""
        return [name for name in self.set_names() if "/" not in name]

    def subset(self, name: str) -> EvalRun:
        """This run restricted to one set (or half): every score and table then reads on it alone."""
        return replace(self, reports=[r for r in self.reports if in_set(r.set, name)])

    def meta_tally(self) -> Tally:
        return total(self.reports, meta=True)

    def scores(self) -> dict[str, float | int | None]:
        """Overall scores plus summed cost: the numbers a baseline comparison reports changes of."""
        cost = self.cost()
        meta = self.meta_tally()
        return {
            **self.tally().scores(),
            "meta_right": meta.right,
            "sure_precision": self.by_review()["sure"].precision,
            "review_precision": self.by_review()["needs_review"].precision,
            "meta_scored": meta.stated,
            "ungrounded": len(self.ungrounded()),
            **cost.counters().model_dump(),
            "wall_seconds": round(self.wall_seconds, 3),
        }

    def set_scores(self) -> dict[str, Any]:
        """What the README and the gate read of one set: its figures' scores, meta's, and the review split."""
        meta, review = self.meta_tally(), self.by_review()
        return {
            **self.tally().scores(),
            "reports": len(self.reports),
            "meta": {"right": meta.right, "stated": meta.stated, "wrong": meta.wrong, "false": meta.false},
            "sure": review["sure"].scores(),
            "needs_review": review["needs_review"].scores(),
        }

    def cost(self) -> Cost:
        return sum((report.cost for report in self.reports), Cost())

    def by_section(self) -> dict[str, Tally]:
        return grouped(self.reports, "section")

    def by_field(self) -> dict[str, Tally]:
        return grouped(self.reports, "field")

    def report(self, name: str) -> ReportScore | None:
        return next((r for r in self.reports if r.report == name), None)

    def ungrounded(self) -> list[tuple[str, FigureCheck]]:
        """Figures whose quote is not in the report or does not state the value: the eval's own check
        of what the extractor guarantees by construction."""
        return [(r.report, c) for r in self.reports for c in r.figures if not c.grounded]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: raw outcomes plus the derived scores, so readers need not recompute them."""
        return {
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "created": self.created,
            "provider": self.provider,
            "model": self.model,
            "runtime": self.runtime,
            "labels_hash": self.labels_hash,
            "prompt_hashes": dict(self.prompt_hashes),
            "corpus_hash": self.corpus_hash,
            "wall_seconds": self.wall_seconds,
            "scores": self.scores(),
            "cost": self.cost().model_dump(),
            "ungrounded": [
                {"report": r, "path": c.path, "value": c.value, "unit": c.unit, "quote": c.quote}
                for r, c in self.ungrounded()
            ],
            "sets": {name: self.subset(name).set_scores() for name in self.set_names()},
            "confidence": {level: t.scores() for level, t in self.by_confidence().items()},
            "sections": {name: t.scores() for name, t in self.by_section().items()},
            "fields": {name: t.scores() for name, t in self.by_field().items()},
            "reports": [_report_to_dict(r) for r in self.reports],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvalRun:
        return cls(
            created=data["created"],
            provider=data["provider"],
            model=data["model"],
            corpus_hash=data["corpus_hash"],
            reports=[_report_from_dict(r) for r in data["reports"]],
            prompt_hashes=dict(data.get("prompt_hashes") or {}),
            wall_seconds=float(data.get("wall_seconds", 0.0)),
            name=data.get("name"),
            runtime=data.get("runtime"),
            labels_hash=data.get("labels_hash"),
        )


def _report_to_dict(score: ReportScore) -> dict[str, Any]:
    return {
        "report": score.report,
        "provider": score.provider,
        "model": score.model,
        "error": score.error,
        "set": score.set,
        "scores": score.tally().scores(),
        "meta_scores": score.tally(meta=True).scores(),
        "cost": score.cost.model_dump(),
        "fields": [asdict(f) for f in score.fields],
        "figures": [{**asdict(c), "grounded": c.grounded} for c in score.figures],
    }


def _report_from_dict(data: dict[str, Any]) -> ReportScore:
    figure_keys = FigureCheck.__dataclass_fields__.keys()
    return ReportScore(
        report=data["report"],
        fields=[FieldOutcome(**f) for f in data["fields"]],
        figures=[FigureCheck(**{k: v for k, v in c.items() if k in figure_keys}) for c in data["figures"]],
        cost=Cost.model_validate(data.get("cost", {})),
        provider=data.get("provider"),
        model=data.get("model"),
        error=data.get("error"),
        set=data.get("set", "corpus"),
    )
