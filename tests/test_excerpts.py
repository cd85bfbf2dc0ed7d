"""An excerpt of a corpus report gives the same figures as the whole report for the sections it holds.

Each excerpt is the stretch of the original file that one section's routed parts cover, saved as a file
of its own, as an analyst would paste it from a page. The model reads only the sentences that state a
figure some field can take, so the excerpt must send the very prompt the whole report sends for that
section; then any deterministic model answers alike and grounding keeps the same figures. The fake
model here answers from the text it is sent; one excerpt is also run on the embedded model and compared
with the figures the committed baseline recorded for the whole report.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.models import FIELDS, Report
from summarizer.normalize import normalize
from summarizer.outline import split_outline
from summarizer.pipeline import Options, summarize_file
from summarizer.reading import read_report
from summarizer.routing import route
from tests.corpus import SEED_NAMES, seed_path
from tests.fakes import TextReadingTransport

BASELINE = Path(__file__).resolve().parents[1] / "evals" / "baselines" / "embedded.json"


def excerpt_of(prefix: str, section: str) -> str:
    """The original text that `section`'s routed parts cover in corpus report `prefix`."""
    source = read_report(seed_path(prefix))
    nt = normalize(source.text)
    parts = route(split_outline(nt.text), nt.text)[section]
    spans = [nt.to_original(p.start, p.end) for p in parts]
    return source.text[min(s for s, _ in spans) : max(e for _, e in spans)]


@cache
def routed_sections(prefix: str) -> tuple[str, ...]:
    nt = normalize(read_report(seed_path(prefix)).text)
    routed = route(split_outline(nt.text), nt.text)
    return tuple(section for section in FIELDS if routed.get(section))


def summarize_with(path: Path, transport: TextReadingTransport) -> Report:
    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=0)
    return summarize_file(path, options, LLM(options.provider, None, transport=transport))


def figures(report: Report, section: str) -> dict[str, float | None]:
    part = getattr(report, section)
    return {spec.name: getattr(getattr(part, spec.name), "value", None) for spec in FIELDS[section]}


@cache
def whole_report(prefix: str) -> tuple[Report, TextReadingTransport]:
    transport = TextReadingTransport()
    return summarize_with(seed_path(prefix), transport), transport


CASES = [(name[:3], section) for name in SEED_NAMES for section in routed_sections(name[:3])]


@pytest.mark.parametrize(("prefix", "section"), CASES)
def test_an_excerpt_sends_the_same_prompt_and_keeps_the_same_figures(tmp_path, prefix, section):
    path = tmp_path / f"{prefix}_{section}.txt"
    path.write_text(excerpt_of(prefix, section), encoding="utf-8")
    transport = TextReadingTransport()
    excerpt = summarize_with(path, transport)
    whole, whole_transport = whole_report(prefix)
    assert transport.texts(section) == whole_transport.texts(section)
    assert figures(excerpt, section) == figures(whole, section)


def test_every_routed_section_of_the_corpus_is_tried():
    assert len(CASES) == 25
    # 003 has no party-building chapter: its teachers paragraph's sentence on discipline goes there
    assert ("003", "party_building") in CASES


@pytest.mark.model
def test_an_excerpt_on_the_embedded_model_gives_the_baseline_s_figures(tmp_path):
    """004's student-aid chapter alone, on the real model, cold: the figures the whole report gave."""
    path = tmp_path / "aid.txt"
    path.write_text(excerpt_of("004", "student_aid"), encoding="utf-8")
    options = Options(provider=resolve_provider("embedded"), cache_dir=tmp_path / "cache", max_retries=1)
    report = summarize_file(path, options)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    [whole] = [r for r in baseline["reports"] if r["report"].startswith("004")]
    fields = {f"student_aid.{name}" for name in figures(report, "student_aid")}
    recorded = {f["path"]: float(f["value"]) for f in whole["figures"] if f["path"] in fields}
    got = {f"student_aid.{name}": v for name, v in figures(report, "student_aid").items() if v is not None}
    assert got == recorded
    assert got["student_aid.total_amount_yuan"] == 26427424
    assert report.run.llm_calls == 1
