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

_NUMBERING = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、])\s*")
_CLAUSE_END = re.compile(r"[。;；:：!！]")
TITLE_MAX = 40


def extract_plans(parts: Sequence[Part], nt: NormalizedText, year: int | None) -> Plans:
    """One item per plans part that has a heading of its own; the chapter heading itself is skipped."""
    items = [_item(part, nt) for part in parts if part.heading and not _is_chapter_heading(part, parts)]
    return Plans(year=year, items=[item for item in items if item is not None])


def _is_chapter_heading(part: Part, parts: Sequence[Part]) -> bool:
    body = part.end - part.start - len(part.heading)
    return body <= 2 and len(parts) > 1


def _item(part: Part, nt: NormalizedText) -> PlanItem | None:
    heading_at = nt.text.find(part.heading, part.start, part.end)
    if heading_at < 0:
        return None
    title = _title(part.heading)
    if not title:
        return None
    detail = nt.text[heading_at + len(part.heading) : part.end].strip()
    span = nt.to_original(heading_at, heading_at + len(part.heading))
    return PlanItem(title=title, detail=detail, quote=part.heading, span=span)


def _title(heading: str) -> str:
    title = _NUMBERING.sub("", heading.strip())
    clause = _CLAUSE_END.split(title, maxsplit=1)[0].strip()
    return clause[:TITLE_MAX]
