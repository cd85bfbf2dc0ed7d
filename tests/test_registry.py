"""The sections and their fields are declared once, in models.py; every other module reads them there."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import summarizer
from summarizer import models
from summarizer.models import FIELDS, FIGURE_SECTIONS, FigureRules, Teachers, field_specs


def every_module() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(summarizer.__path__, "summarizer.")]
    return [importlib.import_module(name) for name in names if not name.endswith("__main__")]


def section_lists(module: ModuleType) -> list[str]:
    """Module-level names that hold the list of figure sections (a list, tuple or set of their names) or
    a copy of the field registry, other than the registry's own objects imported under their own names.
    A table derived per section (routing's keyword weights) is not a list of sections."""
    found = []
    for name, value in vars(module).items():
        listed = isinstance(value, (tuple, list, set, frozenset)) and set(FIGURE_SECTIONS) <= set(value)
        copied = isinstance(value, dict) and value == FIELDS
        if (listed or copied) and value is not getattr(models, name, None):
            found.append(f"{module.__name__}.{name}")
    return found


def test_the_package_has_modules_to_check():
    names = {m.__name__ for m in every_module()}
    assert {
        "summarizer.routing",
        "summarizer.pipeline",
        "summarizer.ask.prompts",
        "summarizer.ground",
    } <= names


def test_no_module_but_models_defines_a_section_list():
    defined = [found for m in every_module() if m is not models for found in section_lists(m)]
    assert defined == []


def test_an_alias_of_the_section_list_is_caught(monkeypatch):
    """The check above can fail: a module that renames the registry's list is reported."""
    from summarizer import routing

    monkeypatch.setattr(routing, "ROUTED_SECTIONS", FIGURE_SECTIONS, raising=False)
    assert section_lists(routing) == ["summarizer.routing.ROUTED_SECTIONS"]


def test_field_rules_are_typed_objects_read_back_unchanged():
    """figure_field stores a FigureRules, not x- keys read back with defaults: what is declared is read."""
    info = Teachers.model_fields["recruited_total"]
    assert isinstance(info.json_schema_extra, FigureRules) and info.json_schema_extra.total is True
    spec = next(s for s in FIELDS["teachers"] if s.name == "recruited_total")
    assert (spec.total, spec.units, spec.label) == (True, ("person",), "招聘教师 Teachers recruited")
    assert field_specs(Teachers) == FIELDS["teachers"]


@pytest.mark.parametrize("section", FIGURE_SECTIONS)
def test_the_schema_publishes_each_field_s_rules(section):
    schema = models.Report.model_json_schema()
    model = models.section_model(section)
    props = schema["$defs"][model.__name__]["properties"]
    for spec in FIELDS[section]:
        assert props[spec.name]["x-units"] == list(spec.units)
        assert props[spec.name]["x-label"] == spec.label


def test_a_copy_of_the_field_registry_is_caught(monkeypatch):
    from summarizer.ask import drafts

    monkeypatch.setattr(drafts, "FIELDS_BY_SECTION", dict(FIELDS), raising=False)
    assert section_lists(drafts) == ["summarizer.ask.drafts.FIELDS_BY_SECTION"]
