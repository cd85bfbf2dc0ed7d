"""Ask, the middle stage of a section: the model reads the find stage's evidence and drafts an answer.

One entry point: the prompt is rendered from the section's template (prompts.py), the model fills the
section's draft (drafts.py) under the client's re-asks, and an unusable answer falls back here: the last
re-asked answer when it parses, an empty draft when the answer was cut off. Grounding comes after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from ..errors import ExtractionError
from ..llm.bounds import ProviderFailed, ReasksExhausted, TruncatedAnswer
from ..llm.client import LLM
from ..models import Warning_
from . import prompts
from .drafts import answer_budget, draft_model, empty_draft

__all__ = ["Asked", "ask", "nothing_to_ask"]

TRUNCATED = "the answer hit its token limit before the JSON closed; section left empty"


@dataclass
class Asked:
    """The model's draft of a section, what went wrong on the way, and how many calls it took."""

    draft: BaseModel
    warnings: list[Warning_] = field(default_factory=list)
    calls: int = 0


def nothing_to_ask(section: str) -> Asked:
    """The draft of a section whose text states no figure any field could keep: no call is made."""
    return Asked(draft_model(section).model_validate(empty_draft(section)))


def ask(llm: LLM, section: str, evidence: str, max_retries: int) -> Asked:
    """The model's draft of `section` from `evidence`, the sentences the find stage kept."""
    model = draft_model(section)
    before = llm.usage.llm_calls + llm.usage.cache_hits
    warnings: list[Warning_] = []
    try:
        draft = llm.extract(prompts.messages(section, evidence), model, max_retries, answer_budget(section))
    except ReasksExhausted as err:
        draft = _last_draft(model, err, section)
    except TruncatedAnswer:
        draft = model.model_validate(empty_draft(section))
        warnings.append(Warning_(section=section, message=TRUNCATED))
    except ProviderFailed as err:
        raise ExtractionError(f"{section}: provider error after retries: {err}") from err
    calls = llm.usage.llm_calls + llm.usage.cache_hits - before
    llm.usage.reasks += max(0, calls - 1)
    return Asked(draft, warnings, calls)


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
    return " ".join(str(err).split())[:300]
