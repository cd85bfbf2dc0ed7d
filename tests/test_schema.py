"""The published JSON Schema matches the Pydantic models, and real output validates against it."""

from __future__ import annotations

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
