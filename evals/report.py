"""Show and write an eval run: rich tables on a console, a JSON report and a Markdown summary.

The tables go to whatever Console the caller passes (stderr in the CLI, so stdout stays clean for
pipes); the files are written atomically so a reader never sees half of one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .atomic import write_text_atomic
from .baseline import Diff
from .results import EvalRun
from .scoring import Tally

RECALL_NOTE = (
    "Ground truth comes from hand-written regular expressions, whose recall is limited: a field is scored "
    "only when its patterns find exactly one distinct value in the report. Fields where they find several "
    "values (ambiguous) or none (absent) are listed but not scored, so an absent field is never counted as "
    "the extractor's miss. Grounding and hallucination checks cover every figure the extractor returned."
)
JSON_NAME = "eval-report.json"
MARKDOWN_NAME = "eval-summary.md"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _num(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def _tally_cells(t: Tally) -> list[str]:
    return [
        str(t.scored),
        str(t.correct),
        str(t.wrong),
        str(t.missing),
        str(t.ambiguous),
        str(t.absent),
        pct(t.accuracy),
        pct(t.coverage),
        str(t.figures),
        pct(t.grounding_rate),
        str(t.hallucinated),
    ]


_TALLY_HEADERS = (
    "scored",
    "correct",
    "wrong",
    "missing",
    "ambig.",
    "absent",
    "accuracy",
    "coverage",
    "figures",
    "grounding",
    "halluc.",
)


# -- rich --------------------------------------------------------------------------------------------


def reports_table(run: EvalRun) -> Table:
    table = Table(title=f"Eval: {run.provider} / {run.model}", show_footer=False)
    for header in ("report", *_TALLY_HEADERS, "LLM calls", "cache hits", "tokens in/out", "wall s"):
        table.add_column(header, justify="left" if header == "report" else "right")
    for r in run.reports:
        c = r.cost
        name = r.report if r.error is None else f"{r.report} [red](error)[/red]"
        table.add_row(
            name,
            *_tally_cells(r.tally()),
            str(c.llm_calls),
            str(c.cache_hits),
            f"{c.prompt_tokens}/{c.completion_tokens}",
            f"{c.wall_seconds:.1f}",
        )
    c = run.cost()
    table.add_row(
        "[bold]overall[/bold]",
        *_tally_cells(run.tally()),
        str(c.llm_calls),
        str(c.cache_hits),
        f"{c.prompt_tokens}/{c.completion_tokens}",
        f"{run.wall_seconds:.1f}",
        style="bold",
    )
    return table


def tallies_table(title: str, first: str, tallies: dict[str, Tally]) -> Table:
    table = Table(title=title)
    table.add_column(first)
    for header in _TALLY_HEADERS:
        table.add_column(header, justify="right")
    for name, t in tallies.items():
        table.add_row(name, *_tally_cells(t))
    return table


def hallucinations_table(run: EvalRun) -> Table:
    table = Table(title="Hallucinations: figures whose number appears nowhere in the report")
    for header in ("report", "figure", "value", "unit", "quote"):
        table.add_column(header)
    for report, h in run.hallucinations():
        table.add_row(report, h.path, h.value, h.unit or "", h.quote)
    return table


def diff_table(diff: Diff) -> Table:
    verdict = "[red]REGRESSED[/red]" if diff.regressed else "[green]no regression[/green]"
    table = Table(title=f"Against baseline {diff.baseline_name!r}: {verdict}")
    for header in ("change", "report", "field / figure", "before", "after", "truth"):
        table.add_column(header)
    for c in diff.lost:
        table.add_row(
            "[red]lost[/red]",
            c.report,
            c.field,
            f"{c.before} ({c.got_before})",
            f"{c.after} ({c.got_after})",
            ", ".join(c.truth),
        )
    for c in diff.gained:
        table.add_row(
            "[green]gained[/green]",
            c.report,
            c.field,
            f"{c.before} ({c.got_before})",
            f"{c.after} ({c.got_after})",
            ", ".join(c.truth),
        )
    for h in diff.new_hallucinations:
        table.add_row("[yellow]new hallucination[/yellow]", h.report, h.path, "", h.value, "")
    for key, (before, after) in diff.score_changes.items():
        if before != after:
            table.add_row("score", "", key, _score(key, before), _score(key, after), "")
    return table


def _score(key: str, value: float | int | None) -> str:
    return pct(value) if key in ("accuracy", "coverage", "grounding_rate") else _num(value)


def render_run(console: Console, run: EvalRun) -> None:
    """Everything a user needs on the terminal after a run."""
    console.print(reports_table(run))
    console.print(tallies_table("By section", "section", run.by_section()))
    console.print(tallies_table("By field", "field", run.by_field()))
    if run.hallucinations():
        console.print(hallucinations_table(run))
    console.print(f"[dim]{RECALL_NOTE}[/dim]")


def render_diff(console: Console, diff: Diff) -> None:
    console.print(diff_table(diff))
    if diff.corpus_changed:
        console.print("[yellow]The corpus differs from the baseline's; compare with care.[/yellow]")
    if diff.prompts_changed:
        console.print(f"Prompt templates changed: {', '.join(diff.prompts_changed)}")
    if diff.runtime_change:
        console.print(f"[yellow]{runtime_note(diff.runtime_change)}[/yellow]", highlight=False)


def runtime_note(change: tuple[str | None, str | None]) -> str:
    before, after = (side or "an unrecorded runtime" for side in change)
    return (
        f"The baseline was run on {before}, this run on {after}: a different build rounds differently, "
        "so some changes may not come from the prompts."
    )


# -- files -------------------------------------------------------------------------------------------


def write_json(path: Path | str, run: EvalRun, diff: Diff | None = None) -> Path:
    data = run.to_dict()
    if diff is not None:
        data["baseline_diff"] = diff.to_dict()
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _md_table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    headers = list(headers)
    return [_md_row(headers), _md_row("---" for _ in headers), *(_md_row(r) for r in rows)]


def markdown_summary(run: EvalRun, diff: Diff | None = None) -> str:
    """A self-contained summary: overall scores, cost, per-report/section/field tables, caveats."""
    t, c = run.tally(), run.cost()
    prompts = ", ".join(f"{k} `{v[:12]}`" for k, v in sorted(run.prompt_hashes.items())) or "n/a"
    lines = [
        "# Eval summary",
        "",
        f"- Date: {run.created}",
        f"- Provider / model: {run.provider} / {run.model}",
        f"- Runtime: {run.runtime or 'n/a'}",
        f"- Corpus: {len(run.reports)} reports, sha256 `{run.corpus_hash[:16]}…`",
        f"- Prompt templates: {prompts}",
        "",
        f"**Accuracy {pct(t.accuracy)}** ({t.correct}/{t.scored} scored fields) · "
        f"**coverage {pct(t.coverage)}** · **grounding {pct(t.grounding_rate)}** "
        f"({t.grounded}/{t.figures} figures) · **hallucinations {t.hallucinated}**",
        "",
        f"Cost: {c.llm_calls} LLM calls, {c.cache_hits} cache hits, {c.prompt_tokens} prompt + "
        f"{c.completion_tokens} completion tokens, {run.wall_seconds:.1f} s wall time.",
        "",
        f"> {RECALL_NOTE}",
        "",
        "## By report",
        "",
        *_md_table(("report", *_TALLY_HEADERS), ([r.report, *_tally_cells(r.tally())] for r in run.reports)),
        "",
        "## By section",
        "",
        *_md_table(
            ("section", *_TALLY_HEADERS), ([k, *_tally_cells(v)] for k, v in run.by_section().items())
        ),
        "",
        "## By field",
        "",
        *_md_table(("field", *_TALLY_HEADERS), ([k, *_tally_cells(v)] for k, v in run.by_field().items())),
        "",
    ]
    if run.hallucinations():
        rows = ([r, h.path, h.value, h.unit or "", h.quote] for r, h in run.hallucinations())
        lines += [
            "## Hallucinations",
            "",
            *_md_table(("report", "figure", "value", "unit", "quote"), rows),
            "",
        ]
    if diff is not None:
        lines += _markdown_diff(diff)
    return "\n".join(lines) + "\n"


def _markdown_diff(diff: Diff) -> list[str]:
    lines = [
        f"## Against baseline `{diff.baseline_name}`: {'REGRESSED' if diff.regressed else 'no regression'}",
        "",
    ]
    rows = [
        ["lost", c.report, c.field, f"{c.before} ({c.got_before})", f"{c.after} ({c.got_after})"]
        for c in diff.lost
    ]
    rows += [
        ["gained", c.report, c.field, f"{c.before} ({c.got_before})", f"{c.after} ({c.got_after})"]
        for c in diff.gained
    ]
    rows += [["new hallucination", h.report, h.path, "", h.value] for h in diff.new_hallucinations]
    rows += [
        ["score", "", k, _score(k, b), _score(k, a)] for k, (b, a) in diff.score_changes.items() if b != a
    ]
    lines += _md_table(("change", "report", "field / figure", "before", "after"), rows)
    if diff.runtime_change:
        lines += ["", f"> {runtime_note(diff.runtime_change)}"]
    return [*lines, ""]


def write_markdown(path: Path | str, run: EvalRun, diff: Diff | None = None) -> Path:
    return write_text_atomic(path, markdown_summary(run, diff))
