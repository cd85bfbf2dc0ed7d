"""The unit tables agree: the schema's units, the words the parser reads and the words renderers write.

They are declared in three places (models.Unit, quantities.UNITS, render.units.UNIT_SUFFIX) until one
field declaration holds them (issue 16); this keeps the three from drifting apart meanwhile.
"""

from __future__ import annotations

from typing import get_args

from summarizer.models import Unit
from summarizer.quantities import UNITS
from summarizer.render.units import UNIT_SUFFIX


def test_every_schema_unit_is_rendered_and_parsed() -> None:
    assert set(UNIT_SUFFIX) == set(get_args(Unit))
    assert set(UNITS.values()) == set(get_args(Unit))


def test_every_rendered_unit_word_parses_back_to_its_unit() -> None:
    for unit, word in UNIT_SUFFIX.items():
        parsed = UNITS.get(word)
        assert parsed == unit, f"{unit} renders as {word!r}, which reads back as {parsed}"
