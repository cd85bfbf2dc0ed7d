"""Ask, the middle stage of a section: the model reads the find stage's evidence, each number with an
id, and names for each field the id of the number it means.

One entry point: the evidence is listed with ids (listing.py), the prompt rendered from the section's
template (prompts.py), and the model fills the chunk's draft (drafts.py), whose fields may name only
the ids their rules admit. An unusable answer falls back here: the last re-asked answer, parsed as
it stands, or an empty draft when the answer was cut off. Grounding reads each id's quantity after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from ..errors import ExtractionError
from ..find import Candidates
from ..llm.bounds import ProviderFailed, ReasksExhausted, TruncatedAnswer
from ..llm.client import LLM
from ..models import FIELDS, Warning_
from . import prompts
from .drafts import Choices, answer_budget, choices, draft_model, empty_draft, lists_projects, project_units
from .listing import Listing, list_quantities

__all__ = ["Asked", "Request", "ask", "request"]

TRUNCATED = "the answer hit its token limit before the JSON closed; section left empty"


@dataclass
class Asked:
    """The model's draft of a chunk, the listing its ids name, what went wrong, and how many calls."""

    draft: BaseModel
    listing: Listing
    warnings: list[Warning_] = field(default_factory=list)
    calls: int = 0
    asked: bool = True  # False when no field had an id to name: no call was made


@dataclass(frozen=True)
class Request:
    """One chunk's question: its listing, what each field may name, and the messages and answer model."""

    listing: Listing
    choices: Choices
    messages: list[dict[str, str]]
    model: type[BaseModel]
    budget: int  # completion tokens a full answer needs


def request(section: str, candidates: Candidates) -> Request:
    """The question of `section` about a chunk: its evidence listed with an id after each number in a
    unit some field (or a project) takes, and the fields with an id their rules admit."""
    units = {unit for spec in FIELDS[section] for unit in spec.units}
    if lists_projects(section):
        units.update(project_units())
    listing = list_quantities(candidates, frozenset(units))
    asked = choices(section, listing, candidates)
    messages = prompts.messages(section, listing.text, asked.names(), bool(asked.projects))
    return Request(listing, asked, messages, draft_model(asked), answer_budget(asked))


def ask(llm: LLM, section: str, candidates: Candidates, max_retries: int) -> Asked:
    """The model's draft of `section` from the chunk's listed evidence; no call when no field has an id
    to name."""
    question = request(section, candidates)
    model, listing = question.model, question.listing
    if not question.choices.asked:
        return Asked(model.model_validate(empty_draft(question.choices)), listing, asked=False)
    before = llm.usage.llm_calls + llm.usage.cache_hits
    warnings: list[Warning_] = []
    try:
        draft = llm.extract(question.messages, model, max_retries, question.budget)
    except ReasksExhausted as err:
        draft = _last_draft(model, err, section)
    except TruncatedAnswer:
        draft = model.model_validate(empty_draft(question.choices))
        warnings.append(Warning_(section=section, message=TRUNCATED))
    except ProviderFailed as err:
        raise ExtractionError(f"{section}: provider error after retries: {err}") from err
    calls = llm.usage.llm_calls + llm.usage.cache_hits - before
    llm.usage.reasks += max(0, calls - 1)
    return Asked(draft, listing, warnings, calls)


def _last_draft(model: type[BaseModel], err: ReasksExhausted, section: str) -> BaseModel:
    """The last answer, parsed without grounding, so its good picks survive and bad ones are listed."""
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
    return " ".join(str(err).split())[:300]
