"""The unit tables agree: the schema's units, the words the parser reads and the words renderers write.

Each unit's words are declared once (models.UNIT_WORDS); the schema's `Unit` names the same keys, and the
parser reads many words for each unit (quantities.UNITS). These tests keep the three together.
"""

from __future__ import annotations

from typing import get_args

from summarizer.models import UNIT_WORDS, Unit
from summarizer.quantities import UNITS
from summarizer.render.units import UNIT_SUFFIX


def test_every_schema_unit_is_rendered_and_parsed() -> None:
    assert list(UNIT_WORDS) == list(get_args(Unit))
    assert set(UNIT_SUFFIX) == set(get_args(Unit))
    assert set(UNITS.values()) == set(get_args(Unit))


def test_every_rendered_unit_word_parses_back_to_its_unit() -> None:
    for unit, word in UNIT_SUFFIX.items():
        parsed = UNITS.get(word)
        assert parsed == unit, f"{unit} renders as {word!r}, which reads back as {parsed}"
