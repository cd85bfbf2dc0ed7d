"""Ask, the middle stage of a section: the model reads the find stage's evidence, each number with an
id, and names for each field the id of the number it means.

One entry point: the evidence is listed with ids (listing.py), the prompt rendered from the section's
template (prompts.py), and the model fills the chunk's draft (drafts.py), whose fields may name only
ids of their own units. An unusable answer falls back here: the last re-asked answer with its unknown
ids set aside, an empty draft when the answer was cut off. Grounding reads each id's quantity after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from ..errors import ExtractionError
from ..llm.bounds import ProviderFailed, ReasksExhausted, TruncatedAnswer
from ..find import Found
from ..llm.client import LLM
from ..models import FIELDS, Warning_
from . import drafts, prompts
from .drafts import answer_budget, choices, draft_model, empty_draft, project_units
from .listing import Listing, list_quantities

__all__ = ["Asked", "ask", "listing_of"]

TRUNCATED = "the answer hit its token limit before the JSON closed; section left empty"


@dataclass
class Asked:
    """The model's draft of a chunk, the listing its ids name, what went wrong, and how many calls."""

    draft: BaseModel
    listing: Listing
    warnings: list[Warning_] = field(default_factory=list)
    calls: int = 0
    asked: bool = True  # False when no field had an id to name: no call was made


def listing_of(section: str, found: Found) -> Listing:
    """The chunk's evidence with an id after each number in a unit some field of `section` takes."""
    units = {unit for spec in FIELDS[section] for unit in spec.units}
    if drafts.lists_projects(section):
        units.update(project_units())
    return list_quantities(found.candidates, frozenset(units))


def ask(llm: LLM, section: str, found: Found, max_retries: int) -> Asked:
    """The model's draft of `section` from the chunk's listed evidence; no call when no field has an id
    of its units to name."""
    listing = listing_of(section, found)
    asked = choices(section, listing, found.candidates)
    model = draft_model(asked)
    if not asked.asked:
        return Asked(model.model_validate(empty_draft(asked)), listing, asked=False)
    before = llm.usage.llm_calls + llm.usage.cache_hits
    warnings: list[Warning_] = []
    messages = prompts.messages(section, listing.text, asked.names(), bool(asked.projects))
    try:
        draft = llm.extract(messages, model, max_retries, answer_budget(asked))
    except ReasksExhausted as err:
        draft = _last_draft(model, err, section)
    except TruncatedAnswer:
        draft = model.model_validate(empty_draft(asked))
        warnings.append(Warning_(section=section, message=TRUNCATED))
    except ProviderFailed as err:
        raise ExtractionError(f"{section}: provider error after retries: {err}") from err
    calls = llm.usage.llm_calls + llm.usage.cache_hits - before
    llm.usage.reasks += max(0, calls - 1)
    return Asked(draft, listing, warnings + _unknown_ids(section, draft), calls)


def _last_draft(model: type[BaseModel], err: ReasksExhausted, section: str) -> BaseModel:
    """The last answer, parsed without grounding, so its good picks survive and bad ones are listed."""
    try:
        return model.model_validate(json.loads(err.content or ""))
    except (json.JSONDecodeError, ValidationError) as parse_err:
        raise ExtractionError(
            f"{section}: the model gave no usable answer after {err.attempts} attempts ({_brief(parse_err)})"
        ) from err


def _unknown_ids(section: str, draft: BaseModel) -> list[Warning_]:
    """A warning for each id the answer named that its field may not name: never a figure."""
    return [
        Warning_(
            section=section,
            field=name,
            code="unknown_id",
            message=f"dropped: the model named {picked!r}, which is no listed number of this field's units",
        )
        for name, picked in getattr(draft, "unknown", {}).items()
    ]


def _brief(err: Exception) -> str:
    """One line: a JSON error as is, a validation error as its count and first problem."""
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "answer"
        return f"{err.error_count()} validation error(s), first: {where}: {first['msg']}"
    return " ".join(str(err).split())[:300]
