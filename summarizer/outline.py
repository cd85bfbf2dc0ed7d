"""Split a report along its official-document outline (GB/T 9704): 一、 (一) 1. (1) 一是….

Headings are found where they can start — a line start, or after a sentence end in a report that
was flattened into one paragraph — and only when their numbering continues the sequence of their
level, so "1.4万" or a stray "二、" inside a sentence is never a heading. Each leaf part knows its
ancestors' headings and whether it reports results, plans or problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import cn2an

NUMERAL = "一二三四五六七八九十"
_MARKERS = (
    (1, re.compile(rf"([{NUMERAL}]{{1,3}})、")),
    (2, re.compile(rf"\(([{NUMERAL}]{{1,3}})\)")),
    (3, re.compile(r"(\d{1,2})[.、](?![\d%])")),
    (4, re.compile(r"\((\d{1,2})\)")),
    (5, re.compile(rf"(?:([{NUMERAL}]{{1,2}})是|第([{NUMERAL}]{{1,2}})[,、:])")),
)
# Where a heading may begin: text start, a line start, or after a sentence end (flattened text).
_BOUNDARY = re.compile(r"(?:^|(?<=\n)|(?<=[。;!?:])|(?<=[。;!?:] )|(?<=[。;!?:]  ))[ \t\u3000]*")
# In flattened text a heading may follow a space after a run-on heading: "工作完成情况 (一)持续…".
_SPACED_BOUNDARY = re.compile(r"(?<=[\u4e00-\u9fff] )")
_INLINE_BOUNDARY = re.compile(r"(?<=[,])")  # 一是 may also follow a comma: "主要做了三项工作,一是…"
HEADING_MAX = 60
PLAN_WORDS = re.compile(r"打算|要点|工作计划|思路|下一步|展望|明年|努力方向")
PROBLEM_WORDS = re.compile(r"问题|困难|不足|短板|差距")
_YEAR = re.compile(r"(20\d\d)年")


class Kind(StrEnum):
    PREAMBLE = "preamble"
    RESULTS = "results"
    PLANS = "plans"
    PROBLEMS = "problems"


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    level: int
    heading: str
    path: tuple[str, ...]
    kind: Kind

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class _Marker:
    start: int
    level: int
    number: int


def split_outline(text: str) -> list[Part]:
    """Leaf parts in document order, covering the whole text; paragraphs are parts of their own."""
    markers = _accepted_markers(text)
    report_year = _first_year(text)
    parts: list[Part] = []
    stack: dict[int, str] = {}
    bounds = [m.start for m in markers] + [len(text)]
    if not markers or markers[0].start > 0:
        parts += _paragraphs(text, 0, bounds[0], 0, "", (), Kind.PREAMBLE)
    for marker, end in zip(markers, bounds[1:], strict=True):
        heading = _heading_text(text, marker.start, end)
        stack = {lvl: h for lvl, h in stack.items() if lvl < marker.level}
        stack[marker.level] = heading
        path = tuple(stack[lvl] for lvl in sorted(stack))
        kind = _kind(path, report_year)
        parts += _paragraphs(text, marker.start, end, marker.level, heading, path, kind)
    return [p for p in parts if text[p.start : p.end].strip()]


def _accepted_markers(text: str) -> list[_Marker]:
    """Candidate headings that continue their level's numbering; lower levels restart under a new parent."""
    accepted: list[_Marker] = []
    last: dict[int, int] = {}
    for candidate in _candidates(text):
        expected = last.get(candidate.level, 0) + 1
        if candidate.number not in (1, expected):
            continue
        accepted.append(candidate)
        last = {lvl: n for lvl, n in last.items() if lvl < candidate.level}
        last[candidate.level] = candidate.number
    return accepted


def _candidates(text: str) -> list[_Marker]:
    found: dict[int, _Marker] = {}
    starts = {m.end() for m in _BOUNDARY.finditer(text)}
    spaced = {m.end() for m in _SPACED_BOUNDARY.finditer(text)}
    inline = {m.end() for m in _INLINE_BOUNDARY.finditer(text)}
    for level, pattern in _MARKERS:
        for match in pattern.finditer(text):
            at = match.start()
            allowed = at in starts or (level == 5 and at in inline) or (level < 5 and at in spaced)
            if at in found or not allowed:
                continue
            numeral = next(g for g in match.groups() if g)
            number = int(numeral) if numeral.isdigit() else _chinese(numeral)
            if number:
                found[at] = _Marker(at, level, number)
    return sorted(found.values(), key=lambda m: m.start)


def _chinese(numeral: str) -> int:
    try:
        return int(cn2an.cn2an(numeral, "strict"))
    except (ValueError, KeyError):
        return 0


def _heading_text(text: str, start: int, end: int) -> str:
    """The heading: up to the first sentence end, line end, or the next marker, at most HEADING_MAX."""
    line = text[start : min(end, start + HEADING_MAX)].split("\n", 1)[0]
    cut = re.search(r"[。!?;]", line)
    return (line[: cut.end()] if cut else line).strip()


def _paragraphs(
    text: str, start: int, end: int, level: int, heading: str, path: tuple[str, ...], kind: Kind
) -> list[Part]:
    """One part per paragraph of a section; only the first keeps the heading."""
    parts = []
    for line in re.finditer(r"[^\n]*\n?", text[start:end]):
        if line.group():
            line_start = start + line.start()
            first = line_start == start
            parts.append(Part(line_start, start + line.end(), level, heading if first else "", path, kind))
    return _merge_blank(parts, text)


def _merge_blank(parts: list[Part], text: str) -> list[Part]:
    """Fold whitespace-only pieces into their predecessor so parts still cover the text."""
    merged: list[Part] = []
    for part in parts:
        if merged and not text[part.start : part.end].strip():
            last = merged[-1]
            merged[-1] = Part(last.start, part.end, last.level, last.heading, last.path, last.kind)
        else:
            merged.append(part)
    return merged


def _first_year(text: str) -> int | None:
    match = _YEAR.search(text[:400])
    return int(match.group(1)) if match else None


def _kind(path: tuple[str, ...], report_year: int | None) -> Kind:
    top = path[0][:20] if path else ""  # a flattened heading runs on into its body
    if PROBLEM_WORDS.search(top):
        return Kind.PROBLEMS
    if PLAN_WORDS.search(top):
        return Kind.PLANS
    year = _YEAR.search(top)
    if year and report_year and int(year.group(1)) > report_year and "工作" in top:
        return Kind.PLANS
    return Kind.RESULTS
