"""Next year's plans, read straight from the outline: the headings are the items.

Plans sections are lists of headed intentions (（一）… 1. … 一是…), so the outline already holds
the answer; no LLM call is spent on them and no wording is paraphrased.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import PlanItem, Plans
from .normalize import NormalizedText
from .outline import Part

_NUMBERING = re.compile(
    r"^\s*(?:[(（]?[一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、])\s*"
)
_CLAUSE_END = re.compile(r"[。;；:：!！]")
TITLE_MAX = 40


def extract_plans(parts: Sequence[Part], nt: NormalizedText, year: int | None) -> Plans:
    """One item per plans part (paragraph or sub-heading); the chapter's own heading part is skipped."""
    items = [_item(part, nt) for part in parts[1:]] if len(parts) > 1 else [_item(p, nt) for p in parts]
    return Plans(year=year, items=[item for item in items if item is not None])


def _item(part: Part, nt: NormalizedText) -> PlanItem | None:
    """Title from the heading, or from the paragraph's lead sentence when it has no numbering."""
    body = nt.text[part.start : part.end]
    lead = part.heading or _first_sentence(body)
    offset = body.find(lead)
    title = _title(lead)
    if offset < 0 or not title:
        return None
    start = part.start + offset
    detail = body[offset + len(lead) :].strip()
    return PlanItem(title=title, detail=detail, quote=lead, span=nt.to_original(start, start + len(lead)))


def _first_sentence(body: str) -> str:
    stripped = body.strip()
    match = _CLAUSE_END.search(stripped)
    return stripped[: match.end()] if match else stripped[:TITLE_MAX]


def _title(heading: str) -> str:
    title = _NUMBERING.sub("", heading.strip())
    clause = _CLAUSE_END.split(title, maxsplit=1)[0].strip()
    return clause[:TITLE_MAX]
