"""Drafts: what the LLM fills for a chunk of a section — for each field, the id of one listed quantity.

The model never copies a quote or a number: it names the id (listing.py) of the quantity it means, and
code reads the value, quote and span from that quantity. Each field may name only the ids of quantities
in its own units that its rules let it take, so an answer naming another field's kind of number, or an
id not listed, is set aside (and a grammar-bound model cannot write it at all). A field with no such id
is not asked. The draft models built here are what the model sees (as a grammar or a provider's
structured-output schema); `models.py` is what users get.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator
from pydantic.json_schema import SkipJsonSchema

from ..find import Candidates
from ..models import FIELDS, FieldSpec, section_model
from .listing import Listing

MAX_HIGHLIGHTS = 3
MAX_PROJECTS = 4
MONEY = ("yuan",)

PROJECT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("investment_yuan", MONEY),
    FieldSpec("floor_area_m2", ("m2",)),
    FieldSpec("new_places", ("place",)),
)
PROJECT_STATUS = ("completed", "under_construction", "planned", "unknown")


class _Draft(BaseModel):
    """Base of the drafts: shapes only. Grounding judges each pick afterwards (ground/).

    An id a field may not name (not listed, or not one its rules admit) is set aside into `unknown`
    before validation instead of failing it: a re-ask for it never gained a figure, since a
    grammar-bound model cannot write one, and a provider that ignores the schema loses only that
    pick. An answer of another shape still fails validation, and is re-asked.
    """

    model_config = ConfigDict(extra="ignore")
    unknown: SkipJsonSchema[dict[str, str]] = Field(default_factory=dict)  # field → the id it named

    @model_validator(mode="before")
    @classmethod
    def _set_aside_unknown_ids(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        kept, unknown = dict(data), {}
        for name, field in cls.model_fields.items():
            allowed = _ids_of(field.annotation)
            if allowed and isinstance(kept.get(name), str) and kept[name] not in allowed:
                unknown[name] = str(kept.pop(name))
                kept[name] = None
        if isinstance(kept.get("projects"), list) and "projects" in cls.model_fields:
            allowed = _project_ids(cls.model_fields["projects"].annotation)
            for i, project in enumerate(list(kept["projects"])):
                if _set_aside(project, allowed):
                    unknown[f"projects[{i}]"] = str(project.get("id"))
            kept["projects"] = [p for p in kept["projects"] if not _set_aside(p, allowed)]
        return {**kept, "unknown": unknown}


def _set_aside(project: Any, allowed: tuple[str, ...]) -> bool:
    return isinstance(project, dict) and isinstance(project.get("id"), str) and project["id"] not in allowed


def _ids_of(annotation: Any) -> tuple[str, ...]:
    """The ids a `Literal[...] | None` field accepts; () for any other field."""
    for arm in get_args(annotation):
        if get_args(arm) and all(isinstance(a, str) for a in get_args(arm)):
            return get_args(arm)
    return ()


def _project_ids(annotation: Any) -> tuple[str, ...]:
    (project,) = get_args(annotation)
    return get_args(project.model_fields["id"].annotation)


@dataclass(frozen=True)
class Choices:
    """The ids each field of a chunk's answer may name (fields with none are not asked), and a
    project's."""

    section: str
    fields: tuple[tuple[str, tuple[str, ...]], ...]  # (field name, its ids), in the registry's order
    projects: tuple[str, ...] = ()

    @property
    def asked(self) -> bool:
        return bool(self.fields or self.projects)

    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.fields)

    def allowed(self, name: str) -> tuple[str, ...]:
        return dict(self.fields).get(name, ())


def choices(section: str, listing: Listing, candidates: Candidates) -> Choices:
    """What each field of `section` may name in `listing`: the ids of quantities in its units that its
    rules let it take. Any other id could never become its figure, so the answer cannot name it: a
    small model that fills the fields in turn with the ids in turn (new members c1, disciplinary
    actions c2, commended c3) then has only the right ones to choose from, or none, and leaves the
    field out. Every id stays in the listing, so the model still reads every number."""
    fields = tuple(
        (spec.name, ids) for spec in FIELDS[section] if (ids := _admitted(listing, candidates, spec))
    )
    projects = listing.ids_in(project_units()) if lists_projects(section) else ()
    return Choices(section, fields, projects)


def _admitted(listing: Listing, candidates: Candidates, spec: FieldSpec) -> tuple[str, ...]:
    """The ids of `listing` that judging lets fill `spec`: its wholes (for a field that is no total,
    every figure of its kind), which is exactly where `Candidates.why_not` finds no reason."""
    admitted = {c.quantity for c in candidates.wholes(spec)}
    return tuple(e.id for e in listing.entries if e.quantity in admitted)


def project_units() -> tuple[str, ...]:
    return tuple(unit for spec in PROJECT_FIELDS for unit in spec.units)


@lru_cache(maxsize=256)
def draft_model(asked: Choices) -> type[BaseModel]:
    """The flat model the LLM fills for one chunk.

    Every asked field is required but nullable, so a small model must decide on each field in turn
    instead of stopping early with `{}`. Highlights are not asked for: they are the source sentences
    of the grounded figures.
    """
    fields: dict[str, Any] = {name: (Literal[ids] | None, ...) for name, ids in asked.fields}
    if asked.projects:
        project = create_model(
            "ProjectDraft",
            __base__=_Draft,
            id=(
                Literal[asked.projects],
                Field(description="The id of the project's investment, area or places."),
            ),
            status=(Literal[PROJECT_STATUS], "unknown"),
        )
        fields["projects"] = (list[project], Field(default_factory=list, max_length=MAX_PROJECTS))
    return create_model(f"{_camel(asked.section)}SectionDraft", __base__=_Draft, **fields)


def lists_projects(section: str) -> bool:
    """Whether the section's model lists projects (each with its own figures) beside its fields."""
    return "projects" in section_model(section).model_fields


def _camel(name: str) -> str:
    return "".join(word.title() for word in name.split("_"))


def empty_draft(asked: Choices) -> dict[str, Any]:
    """A draft naming nothing: what a chunk falls back to when its answer is unusable."""
    empty: dict[str, Any] = dict.fromkeys(asked.names())
    return {**empty, "projects": []} if asked.projects else empty


def answer_budget(asked: Choices) -> int:
    """Completion tokens a full answer needs: a cap, since a grammar-bound model can loop on whitespace."""
    projects = MAX_PROJECTS if asked.projects else 0
    return 40 + 20 * len(asked.fields) + 24 * projects
