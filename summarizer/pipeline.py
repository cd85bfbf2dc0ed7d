"""The library entry point: one report file in, one grounded `Report` out.

read (any published shape) → normalise → outline → route → extract each section (one cached LLM call
per chunk) → ground → assemble → trace each figure to its page. The CLI, batch and eval all call
`summarize_file`; nothing here prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .extraction import Task, extract_section
from .gate import FORCED_WARNING, NOT_A_REPORT, assess
from .llm.bounds import Deferred
from .llm.client import LLM
from .llm.presets import Provider
from .meta import extract_meta
from .models import FIGURE_SECTIONS, Report, RunStats, SourceInfo, Usage, Warning_
from .normalize import NormalizedText, normalize
from .outline import split_outline
from .plans import extract_plans
from .reading import SourceText, read_report
from .routing import PLANS, route
from .tracing import trace_figures

# Characters of section text per call. The embedded model's 8k context holds ~6,000 characters of
# Chinese (≈0.64 tokens each) plus prompt and answer; hosted models take far more.
EMBEDDED_CHUNK_CHARS = 6000
REMOTE_CHUNK_CHARS = 24000


@dataclass(frozen=True)
class Options:
    provider: Provider
    cache_dir: Path | str | None  # a folder, or a redis:// URL
    max_retries: int = 1
    force: bool = False

    @property
    def chunk_chars(self) -> int:
        return EMBEDDED_CHUNK_CHARS if self.provider.embedded else REMOTE_CHUNK_CHARS


SectionEvent = Callable[[str, int, int], None]  # (section, index, total)


def summarize_file(
    path: str | Path, options: Options, llm: LLM | None = None, on_section: SectionEvent | None = None
) -> Report:
    """Summarise one report file; raises InputError for bad input, before any LLM call."""
    source = read_report(path)
    return summarize_source(source, options, llm or LLM(options.provider, options.cache_dir), on_section)


def summarize_source(
    source: SourceText, options: Options, llm: LLM, on_section: SectionEvent | None = None
) -> Report:
    started = time.perf_counter()
    before = llm.usage.counters()  # a copy: the handle may serve several reports
    nt = normalize(source.text)
    meta = extract_meta(nt.text, nt.header, nt.script)
    report = Report(source=_source_info(source), meta=meta)
    verdict = assess(nt.text)
    if verdict.refused:
        if not options.force:
            raise InputError(source.path, NOT_A_REPORT)
        report.warnings.append(Warning_(section="meta", message=FORCED_WARNING))
    else:
        if verdict.warning:
            report.warnings.append(Warning_(section="meta", message=verdict.warning))
        _fill_sections(report, nt, options, llm, on_section)
        trace_figures(report, source)
    report.run = _run_stats(options.provider, llm, before, time.perf_counter() - started)
    return report


def _fill_sections(
    report: Report, nt: NormalizedText, options: Options, llm: LLM, on_section: SectionEvent | None
) -> None:
    parts = split_outline(nt.text)
    routed = route(parts, nt.text)
    todo = [s for s in FIGURE_SECTIONS if routed.get(s)]
    if todo:
        llm.ensure_ready()
    deferred: Deferred | None = None
    for index, section in enumerate(todo):
        if on_section:
            on_section(section, index, len(todo))
        task = Task(section, nt, report.meta.report_year, options.max_retries, options.chunk_chars)
        try:
            result = extract_section(llm, task, routed[section])
        except Deferred as err:  # a Batch API answers this section later; record the others' requests now
            deferred = err
            continue
        setattr(report, section, type(getattr(report, section)).model_validate(result.fields))
        report.warnings.extend(result.warnings)
    if deferred is not None:
        raise deferred
    report.plans = extract_plans(routed.get(PLANS, []), nt, report.meta.plan_year)


def _source_info(source: SourceText) -> SourceInfo:
    return SourceInfo(
        path=str(source.path),
        sha256=source.sha256,
        encoding=source.encoding,
        chars=len(source.text),
        format=source.format,
        pages=source.pages,
    )


def _run_stats(provider: Provider, llm: LLM, before: Usage, seconds: float) -> RunStats:
    used = llm.usage.since(before)
    return RunStats(provider=provider.name, model=llm.label, **used.model_dump(), seconds=round(seconds, 3))
