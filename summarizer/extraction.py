"""Extract one section: one LLM call per chunk of its routed text, then grounding and judging."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pydantic import BaseModel, ValidationError

from . import prompting
from .clauses import SENTENCE_END
from .drafts import answer_budget, draft_model, empty_draft
from .errors import ExtractionError
from .grounding import Grounder, ground_section
from .llm.answers import ProviderFailed, ReasksExhausted, TruncatedAnswer
from .llm.client import LLM
from .models import Warning_
from .normalize import NormalizedText
from .outline import Part
from .section_text import SectionText


@dataclass
class SectionResult:
    fields: dict
    warnings: list[Warning_] = field(default_factory=list)
    calls: int = 0
    asked: bool = True  # False when the chunk stated no figure to ask about


@dataclass(frozen=True)
class Task:
    """What one section's extraction needs besides its text."""

    section: str
    nt: NormalizedText
    report_year: int | None  # figures about other years are judged out
    max_retries: int
    max_chars: int


def extract_section(llm: LLM, task: Task, parts: Sequence[Part]) -> SectionResult:
    """Extract a section from its parts, split into chunks that fit the model's context."""
    section, nt = task.section, task.nt
    chunks = chunk_parts(parts, nt.text, task.max_chars)
    results = [_extract_chunk(llm, task, SectionText.from_parts(nt.text, c)) for c in chunks]
    merged = merge_results(results)
    asked = sum(r.asked for r in results)
    if asked > 1:
        merged.warnings.append(
            Warning_(section=section, message=f"text too long for one call: split into {asked} chunks")
        )
    return merged


def _extract_chunk(llm: LLM, task: Task, chunk: SectionText) -> SectionResult:
    """Ask the model about the chunk's evidence, then ground its answer on the whole chunk.

    The model reads only the sentences that state a figure some field of the section can take
    (`Candidates.evidence`): a figure anywhere else would be judged out, so the rest of the text only
    costs prompt tokens (three quarters of them on the corpus) and offers wrong quotes. A chunk with no
    such sentence costs no call.
    """
    section, nt, max_retries = task.section, task.nt, task.max_retries
    model = draft_model(section)
    before = llm.usage.llm_calls + llm.usage.cache_hits
    grounder = Grounder(section, chunk, nt, report_year=task.report_year)
    evidence = "\n".join(chunk.text[start:end] for start, end in grounder.candidates.evidence())
    if not evidence:  # no figure any field could keep: nothing to ask
        return SectionResult(
            ground_section(grounder, model.model_validate(empty_draft(section))), asked=False
        )
    try:
        draft = llm.extract(prompting.messages(section, evidence), model, max_retries, answer_budget(section))
    except ReasksExhausted as err:
        draft = _last_draft(model, err, section)
    except TruncatedAnswer:
        draft = model.model_validate(empty_draft(section))
        grounder.warnings.append(
            Warning_(
                section=section,
                message="the answer hit its token limit before the JSON closed; section left empty",
            )
        )
    except ProviderFailed as err:
        raise ExtractionError(f"{section}: provider error after retries: {err}") from err
    fields = ground_section(grounder, draft)
    calls = llm.usage.llm_calls + llm.usage.cache_hits - before
    llm.usage.reasks += max(0, calls - 1)
    return SectionResult(fields, grounder.warnings, calls)


def _last_draft(model: type[BaseModel], err: ReasksExhausted, section: str) -> BaseModel:
    """The last answer, parsed without grounding, so its good figures survive and bad ones are listed."""
    try:
        return model.model_validate(json.loads(err.content or ""))
    except (json.JSONDecodeError, ValidationError) as parse_err:
        raise ExtractionError(
            f"{section}: the model gave no usable answer after {err.attempts} attempts ({_brief(parse_err)})"
        ) from err


def _brief(err: Exception) -> str:
    """One line: a JSON error as is, a validation error as its count and first problem."""
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "answer"
        return f"{err.error_count()} validation error(s), first: {where}: {first['msg']}"
    return _one_line(err)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:300]


def merge_results(results: list[SectionResult]) -> SectionResult:
    """Combine chunk results: the first chunk that states a figure wins; lists are concatenated."""
    merged = SectionResult(fields={}, calls=sum(r.calls for r in results))
    for result in results:
        merged.warnings.extend(result.warnings)
        for key, value in result.fields.items():
            if isinstance(value, list):
                merged.fields.setdefault(key, []).extend(value)
            elif merged.fields.get(key) is None:
                merged.fields[key] = value
    return merged


def chunk_parts(parts: Sequence[Part], text: str, max_chars: int) -> list[list[Part]]:
    """Group parts into chunks of at most `max_chars`, splitting an over-long part at sentence ends."""
    chunks: list[list[Part]] = []
    current: list[Part] = []
    size = 0
    for part in (piece for p in parts for piece in split_part(p, text, max_chars)):
        length = part.end - part.start + 1
        if current and size + length > max_chars:
            chunks.append(current)
            current, size = [], 0
        current.append(part)
        size += length
    if current:
        chunks.append(current)
    return chunks


def split_part(part: Part, text: str, max_chars: int) -> list[Part]:
    """Cut a part longer than `max_chars` at the last sentence end before each limit; never drop text."""
    pieces = []
    start = part.start
    while part.end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind(ch) for ch in SENTENCE_END)
        end = start + (cut + 1 if cut > 0 else max_chars)
        pieces.append(replace(part, start=start, end=end))
        start = end
    pieces.append(replace(part, start=start, end=part.end))
    return pieces
