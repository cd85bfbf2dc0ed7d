"""Drafts: what the LLM fills for each section (its figure fields, projects and token budget).

The model never does arithmetic: for every figure it copies a short quote from the text and the
number exactly as written there (1543.98 for "1543.98万元"). Grounding then finds that number in
the quote and converts it to base units deterministically. The draft models built here are what
the model sees (as a grammar or a provider's structured-output schema); `models.py` is what users get.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..models import FIELDS, FieldSpec, section_model

MAX_HIGHLIGHTS = 3
MAX_PROJECTS = 4
MONEY = ("yuan",)

PROJECT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("investment_yuan", MONEY),
    FieldSpec("floor_area_m2", ("m2",)),
    FieldSpec("new_places", ("place",)),
)


class _Draft(BaseModel):
    """Base of the drafts: shapes only. Grounding checks a whole answer afterwards (extraction.py)."""

    model_config = ConfigDict(extra="ignore")


class FigureDraft(_Draft):
    """A figure as the model reports it: the quote first, so the number is read from it."""

    quote: str = Field(description="Shortest exact text from the report that states the number.")
    number: float = Field(description="The number exactly as written in the quote, without 万/亿.")


class ProjectDraft(_Draft):
    """A project as the model reports it: its figures are read from the quote by code, not the model."""

    name: str
    quote: str = Field(description="The exact sentence of the report that describes the project.")
    status: Literal["completed", "under_construction", "planned", "unknown"] = "unknown"


@cache
def draft_model(section: str) -> type[BaseModel]:
    """The flat model the LLM fills for `section`.

    Every figure key is required but nullable, so a small model must decide on each field in turn
    instead of stopping early with `{}`. Highlights are not asked for: they are the source sentences
    of the grounded figures (a 1.5B model returned none, and paraphrase could not be grounded).
    """
    fields: dict[str, Any] = {spec.name: (FigureDraft | None, ...) for spec in FIELDS[section]}
    if lists_projects(section):
        fields["projects"] = (list[ProjectDraft], Field(default_factory=list, max_length=MAX_PROJECTS))
    return create_model(f"{_camel(section)}SectionDraft", __base__=_Draft, **fields)


def lists_projects(section: str) -> bool:
    """Whether the section's model lists projects (each with its own figures) beside its fields."""
    return "projects" in section_model(section).model_fields


def _camel(name: str) -> str:
    return "".join(word.title() for word in name.split("_"))


def empty_draft(section: str) -> dict[str, Any]:
    """A draft stating nothing: what a section falls back to when its answer is unusable."""
    empty: dict[str, Any] = {spec.name: None for spec in FIELDS[section]}
    return {**empty, "projects": []} if lists_projects(section) else empty


def answer_budget(section: str) -> int:
    """Completion tokens a full answer needs: a cap, since a grammar-bound model can loop on whitespace."""
    projects = MAX_PROJECTS if lists_projects(section) else 0
    return 40 + 50 * len(FIELDS[section]) + 70 * projects
