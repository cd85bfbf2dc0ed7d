"""Extract one section: the driver of its three stages (find, ask, ground) on each chunk of its text.

A section's routed text is cut into chunks that fit the model's context; each chunk goes through the
stages once, in order, and the chunks' results are merged (the first chunk stating a figure wins).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .ask import ask
from .clauses import SENTENCE_END
from .find import find
from .ground import ground
from .llm.bounds import Deferred
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
    results: list[SectionResult] = []
    deferred: Deferred | None = None
    for chunk in chunks:
        try:
            results.append(_extract_chunk(llm, task, SectionText.from_parts(nt.text, chunk)))
        except Deferred as err:  # a Batch API job answers this chunk; record the other chunks' asks too
            deferred = err
    if deferred is not None:
        raise deferred
    merged = merge_results(results)
    asked = sum(r.asked for r in results)
    if asked > 1:
        merged.warnings.append(
            Warning_(section=section, message=f"text too long for one call: split into {asked} chunks")
        )
    return merged


def _extract_chunk(llm: LLM, task: Task, chunk: SectionText) -> SectionResult:
    """The three stages on one chunk: find its candidates, ask the model to pick among the numbers of
    their evidence, ground each pick against them.

    The model reads only the sentences that state a figure some field of the section can take
    (`Candidates.evidence`), each number of a fitting unit with an id: a figure anywhere else would be judged
    out, so the rest of the text only costs prompt tokens. A chunk with no such number costs no call.
    """
    candidates = find(task.section, chunk, task.nt, task.report_year)
    asked = ask(llm, task.section, candidates, task.max_retries)
    grounded = ground(task.section, asked, candidates)
    return SectionResult(grounded.fields, asked.warnings + grounded.warnings, asked.calls, asked.asked)


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
