"""Show and write an eval run: rich tables on a terminal, Markdown anywhere else, and a JSON report.

Off a terminal (a pipe, a CI log) rich would cut every table to 80 columns, so the same results are
printed as the Markdown summary instead, with nothing truncated. The files are written atomically so a
reader never sees half of one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from summarizer.atomic import write_text_atomic

from .baseline import Diff, FieldChange
from .results import EvalRun
from .scoring import Tally

JSON_NAME = "eval-report.json"
MARKDOWN_NAME = "eval-summary.md"
HOW_SCORED = (
    "Every numeric section field of every labelled report is scored against hand labels "
    "(evals/labels/): right, wrong value, wrong unit or approximate flag, false (emitted where the "
    "report states no such figure), missed, or blank (rightly left empty). Precision = right ÷ emitted, "
    "recall = right ÷ stated, per corpus set (the five seed reports; the wider set of other counties' "
    "texts, in a half rules are tuned on, a half only measured and fresh parts, each gathered after "
    "the rules of its day and first measured before any rule was read from it). Meta is deterministic "
    "code, scored "
    "apart: against the label's county and years where it gives them, else against the eval's own patterns."
)
_HEADERS = ("precision", "recall", "F1", "right", "wrong", "unit/≈", "false", "missed", "blank")
_CHANGE_HEADERS = ("change", "report", "field", "before", "after", "label")


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _num(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def _score(key: str, value: float | int | None) -> str:
    return pct(value) if key in ("precision", "recall", "f1") else _num(value)


def _cells(t: Tally) -> list[str]:
    return [
        pct(t.precision),
        pct(t.recall),
        pct(t.f1),
        str(t.right),
        str(t.wrong),
        str(t.wrong_unit),
        str(t.false),
        str(t.missed),
        str(t.blank),
    ]


def headline(run: EvalRun) -> str:
    """The whole run in one sentence per corpus set, then the cost."""
    c = run.cost()
    sets = [_set_line(name, run.subset(name)) for name in run.whole_sets()]
    return " ".join(sets) + (
        f" Cost: {c.llm_calls} LLM calls, {c.cache_hits} cache hits, {c.prompt_tokens} prompt + "
        f"{c.completion_tokens} completion tokens, {run.wall_seconds:.1f} s."
    )


def _set_line(name: str, run: EvalRun) -> str:
    t, m = run.tally(), run.meta_tally()
    return (
        f"[{name}, {len(run.reports)} reports] Precision {pct(t.precision)} ({t.right}/{t.emitted} emitted "
        f"figures right) · recall {pct(t.recall)} ({t.right}/{t.stated} stated figures found) · "
        f"F1 {pct(t.f1)} · {t.wrong} wrong, {t.wrong_unit} wrong unit/≈, {t.false} false, {t.missed} "
        f"missed, over {t.emitted + t.missed + t.blank} slots. {_review_line(run)} "
        f"Meta {m.right}/{m.stated} right, {m.false} where the text states none."
    )


def _review_line(run: EvalRun) -> str:
    split = run.by_review()
    sure, review = split["sure"], split["needs_review"]
    return (
        f"Not flagged: {sure.right}/{sure.emitted} right; flagged needs_review: "
        f"{review.right}/{review.emitted} right."
    )


def _rows(run: EvalRun) -> dict[str, list[list[str]]]:
    """Every table of a run, as rows of text: the one source for both rich and Markdown."""
    sets = run.whole_sets()
    by_field = {
        ("By field" if len(sets) == 1 else f"The {name} set by field"): _field_rows(run.subset(name))
        for name in sets
    }
    return {
        "By set": [[name, *_cells(run.subset(name).tally())] for name in run.set_names()],
        "By report": [[f"{r.report} ({r.set})", *_cells(r.tally())] for r in run.reports],
        "By section": [[k, *_cells(v)] for k, v in run.by_section().items() if k != "meta"],
        **by_field,
    }


def _field_rows(run: EvalRun) -> list[list[str]]:
    return [[k, *_cells(v)] for k, v in run.by_field().items() if not k.startswith("meta.")]


_META_HEADERS = ("set", "meta right", "stated", "wrong", "missed", "false (none stated)")
_TRUST_HEADERS = ("set", "figures", "right", "wrong or false", "precision")


def meta_rows(run: EvalRun) -> list[list[str]]:
    """Meta per set: right where the text states it, and any value emitted where it states none."""
    rows = []
    for name in run.set_names():
        m = run.subset(name).meta_tally()
        rows.append([name, str(m.right), str(m.stated), str(m.wrong), str(m.missed), str(m.false)])
    return rows


def trust_rows(run: EvalRun) -> list[list[str]]:
    """How often figures are right at each confidence and with and without needs_review, per set: a
    flag that means something makes flagged figures several times likelier to be wrong."""
    rows = []
    for name in run.set_names():
        part = run.subset(name)
        groups = {**{f"confidence {k}": v for k, v in part.by_confidence().items()}, **part.by_review()}
        for label, t in groups.items():
            rows.append([f"{name}: {label}", str(t.emitted), str(t.right), str(t.emitted - t.right),
                         pct(t.precision)])  # fmt: skip
    return rows


def _figure(got: str | None, quote: str | None) -> str:
    if got is None:
        return "—"
    return f"{got} «{quote}»" if quote else got


def not_right_rows(run: EvalRun) -> list[list[str]]:
    """Every emitted figure that is not right, and every stated figure missed: what a reviewer reads."""
    return [
        [r.report, o.field, o.status, _figure(o.got, o.quote), o.truth[0] if o.truth else ""]
        for r in run.reports
        for o in r.fields
        if o.status in ("wrong", "wrong_unit", "false", "missed")
    ]


def change_rows(diff: Diff) -> list[list[str]]:
    groups: list[tuple[str, list[FieldChange]]] = [
        ("LOST", diff.lost),
        ("NEW FALSE", diff.new_false),
        ("NEW WRONG", diff.new_wrong),
        ("gained", diff.gained),
        ("changed", diff.changed),
    ]
    rows = [
        [
            kind,
            c.report,
            c.field,
            f"{c.before}: {_figure(c.got_before, c.quote_before)}",
            f"{c.after}: {_figure(c.got_after, c.quote_after)}",
            c.truth[0] if c.truth else "",
        ]
        for kind, changes in groups
        for c in changes
    ]
    rows += [["label edited", c.report, c.field, c.before, c.after, ""] for c in diff.label_changes]
    rows += [
        ["score", "", k, _score(k, b), _score(k, a), ""] for k, (b, a) in diff.score_changes.items() if b != a
    ]
    rows += [
        ["score", name, k, pct(b), pct(a), ""]
        for name, scores in diff.set_scores.items()
        for k, (b, a) in scores.items()
        if b != a
    ]
    return rows


def verdict(diff: Diff) -> str:
    if not diff.regressed:
        return f"no regression against baseline {diff.baseline_name!r}"
    reasons = []
    if diff.lost:
        reasons.append(f"{len(diff.lost)} right figure(s) lost")
    if diff.new_false:
        reasons.append(f"{len(diff.new_false)} new false figure(s)")
    if diff.new_wrong:
        reasons.append(f"{len(diff.new_wrong)} new wrong figure(s)")
    reasons += [f"{key} below the baseline" for key in diff.dropped]
    return f"REGRESSED against baseline {diff.baseline_name!r}: {', '.join(reasons)}"


def notes(diff: Diff) -> list[str]:
    out = []
    if diff.corpus_changed:
        out.append("The corpus differs from the baseline's; compare with care.")
    if diff.labels_changed:
        out.append("The labels changed since the baseline; its figures were scored with today's labels.")
    if diff.prompts_changed:
        out.append(f"Prompt templates changed: {', '.join(diff.prompts_changed)}.")
    if diff.runtime_change:
        before, after = (side or "an unrecorded runtime" for side in diff.runtime_change)
        out.append(
            f"The baseline was run on {before}, this run on {after}: a different build rounds "
            "differently, so some changes may not come from the prompts."
        )
    return out


# -- rich --------------------------------------------------------------------------------------------


def _table(title: str, headers: Iterable[str], rows: list[list[str]]) -> Table:
    table = Table(title=title)
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def _text_table(title: str, headers: Iterable[str], rows: list[list[str]]) -> Table:
    table = Table(title=title)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def render(console: Console, run: EvalRun, diff: Diff | None = None) -> None:
    """Everything a user needs after a run: rich tables on a terminal, the Markdown summary elsewhere."""
    if not console.is_terminal:
        console.print(markdown_summary(run, diff), markup=False, highlight=False, soft_wrap=True)
        return
    for title, rows in _rows(run).items():
        first = title.split()[-1]
        console.print(_table(title, (first, *_HEADERS), rows))
    console.print(_table("Meta by set", _META_HEADERS, meta_rows(run)))
    console.print(_table("How sure, by set", _TRUST_HEADERS, trust_rows(run)))
    if not_right_rows(run):
        headers = ("report", "field", "verdict", "emitted «quote»", "label")
        console.print(_text_table("Figures not right", headers, not_right_rows(run)))
    console.print(headline(run), highlight=False)
    if diff is not None:
        console.print(
            _text_table(f"Against baseline {diff.baseline_name}", _CHANGE_HEADERS, change_rows(diff))
        )
        for note in notes(diff):
            console.print(f"[yellow]{note}[/yellow]", highlight=False)
        style = "red" if diff.regressed else "green"
        console.print(f"[{style}]{verdict(diff)}[/{style}]", highlight=False)


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
    """A self-contained summary: headline, per-report/section/field tables, every figure not right."""
    prompts = ", ".join(f"{k} `{v[:12]}`" for k, v in sorted(run.prompt_hashes.items())) or "n/a"
    lines = [
        "# Eval summary",
        "",
        f"- Date: {run.created}",
        f"- Provider / model: {run.provider} / {run.model}",
        f"- Runtime: {run.runtime or 'n/a'}",
        f"- Corpus: {len(run.reports)} reports, sha256 `{run.corpus_hash[:16]}…`; "
        f"labels `{(run.labels_hash or 'none')[:16]}`",
        f"- Prompt templates: {prompts}",
        "",
        f"**{headline(run)}**",
        "",
        f"> {HOW_SCORED}",
        "",
    ]
    for title, rows in _rows(run).items():
        lines += [f"## {title}", "", *_md_table((title.split()[-1], *_HEADERS), rows), ""]
    lines += ["## Meta by set", "", *_md_table(_META_HEADERS, meta_rows(run)), ""]
    lines += ["## How sure, by set", "", *_md_table(_TRUST_HEADERS, trust_rows(run)), ""]
    if not_right_rows(run):
        headers = ("report", "field", "verdict", "emitted «quote»", "label")
        lines += ["## Figures not right", "", *_md_table(headers, not_right_rows(run)), ""]
    if diff is not None:
        lines += [f"## {verdict(diff)}", "", *_md_table(_CHANGE_HEADERS, change_rows(diff)), ""]
        lines += [f"> {note}" for note in notes(diff)]
    return "\n".join(lines) + "\n"


def write_markdown(path: Path | str, run: EvalRun, diff: Diff | None = None) -> Path:
    return write_text_atomic(path, markdown_summary(run, diff))
