"""The published JSON Schema matches the Pydantic models, and real output validates against it."""

from __future__ import annotations

import json
from importlib import resources

from summarizer.schema_export import SCHEMA_FILE, schema_text


def test_published_schema_is_current():
    published = resources.files("summarizer.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    assert published == schema_text(), (
        "schemas/report.schema.json is stale: run python -m summarizer.schema_export"
    )


def test_schema_names_every_section_and_the_figure_shape():
    import json

    schema = json.loads(schema_text())
    assert set(schema["required"]) >= {"source", "meta"}
    for section in ("meta", "party_building", "teachers", "infrastructure", "student_aid", "sports", "plans"):
        assert section in schema["properties"]
    figure = schema["$defs"]["Figure"]
    assert figure["required"] == ["value", "unit", "approximate", "quote", "span"]


def test_each_field_is_declared_once_and_the_prompt_and_the_page_read_it_from_there():
    """The prompt's field list and the review page's labels come from the field declarations."""
    from summarizer.ask.prompts import messages
    from summarizer.render.html import FIELD_LABELS

    prompt = messages("teachers", "原文")[1]["content"]
    assert "- recruited_total：本年招聘、招录、补充新教师的总人数\n- special_post_teachers：" in prompt
    assert prompt.count("\n- ") == 6
    assert FIELD_LABELS["recruited_total"] == "招聘教师 Teachers recruited"
    schema = json.loads(schema_text())
    teachers = schema["$defs"]["Teachers"]["properties"]["recruited_total"]
    assert teachers["x-ask"] == "本年招聘、招录、补充新教师的总人数"
    assert teachers["x-not-about"] == ["学生", "幼儿", "儿童", "家长", "党员", "党务"]
    infrastructure = schema["$defs"]["Infrastructure"]["properties"]
    assert [name for name, p in infrastructure.items() if p.get("x-sole-any-stage")] == [
        "new_school_places",
        "schools_renovated",
    ]
    assert teachers["x-sole-any-stage"] is True  # the only recruitment figure, whatever stage
    special = schema["$defs"]["Teachers"]["properties"]["special_post_teachers"]
    assert special["x-sole-any-stage"] is False
