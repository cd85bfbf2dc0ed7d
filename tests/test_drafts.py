"""The question a section asks and the answer it accepts: numbers listed with ids, a choice of ids per
field, and no free text the model could fill with a question (issue 29)."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.models import FIGURE_SECTIONS
from tests.corpus import question, read_seed

SEEDS = "\n".join(read_seed(p) for p in ("000", "001", "002", "003", "004"))


def test_each_number_of_a_fitting_unit_is_listed_with_its_id_after_it():
    asked = question("student_aid", read_seed("000"))
    line = next(line for line in asked.listing.text.splitlines() if "助学贷款" in line)
    assert "为1116名[c3]贫困大学生申请助学贷款1279.33万元[c4]" in line
    assert asked.listing.get("c4").quantity.text == "1279.33万元"
    assert asked.listing.get("c99") is None


def test_a_field_may_name_only_the_ids_its_rules_admit_and_one_with_none_is_not_asked():
    """000's teachers: 85 may be the special-post teachers, 1.4万余人次 the training, 100 the commended
    teachers; 85 is no stated total of all recruits, so recruited_total is not asked at all."""
    asked = question("teachers", read_seed("000"))
    choices = dict(asked.choices.fields)
    named = {name: [asked.listing.get(i).quantity.text for i in ids] for name, ids in choices.items()}
    assert named == {
        "special_post_teachers": ["85人"],
        "free_normal_students": ["35人"],
        "training_person_times": ["1.4万余人次"],
        "commended_teachers": ["100名"],
    }
    assert "recruited_total" not in asked.model.model_json_schema()["properties"]
    assert "recruited_total" not in asked.messages[1]["content"]


def free_text(schema: dict[str, Any], defs: dict[str, Any], path: str = "") -> list[str]:
    """Paths of the schema where a string could be anything: no enum, no const."""
    if "$ref" in schema:
        return free_text(defs[schema["$ref"].split("/")[-1]], defs, path)
    found = []
    if schema.get("type") == "string" and "enum" not in schema and "const" not in schema:
        found.append(path or "answer")
    for key in ("anyOf", "oneOf", "allOf"):
        for arm in schema.get(key, []):
            found += free_text(arm, defs, path)
    for name, sub in schema.get("properties", {}).items():
        found += free_text(sub, defs, f"{path}.{name}".lstrip("."))
    if "items" in schema:
        found += free_text(schema["items"], defs, f"{path}[]")
    return found


@pytest.mark.parametrize("section", FIGURE_SECTIONS)
def test_the_answer_schema_has_no_free_text_a_model_could_fill_with_a_question(section):
    schema = question(section, SEEDS).model.model_json_schema()
    assert schema["properties"], section  # the five seeds give every section something to ask
    assert free_text(schema, schema.get("$defs", {})) == []
    assert "unknown" not in schema["properties"]  # where set-aside ids go: never the model's to write


def test_an_id_a_field_may_not_name_is_set_aside_before_validation_never_a_figure():
    asked = question("infrastructure", read_seed("000"))
    [(field, ids)] = asked.choices.fields  # schools_renovated: 38所
    money = asked.choices.projects[0]  # a project names its money, area or places, never a school count
    answer = {field: money, "projects": [{"id": "c999"}, {"id": ids[0]}, {"id": money}]}
    draft = asked.model.model_validate(answer)
    assert getattr(draft, field) is None
    assert draft.unknown == {field: money, "projects[0]": "c999", "projects[1]": ids[0]}
    assert [p.id for p in draft.projects] == [money]


def test_an_answer_of_another_shape_still_fails_validation_and_is_re_asked():
    from pydantic import ValidationError

    asked = question("teachers", read_seed("000"))
    with pytest.raises(ValidationError):
        asked.model.model_validate({"special_post_teachers": {"quote": "招聘特岗教师85人", "number": 85}})
