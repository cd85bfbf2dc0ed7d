"""Split a report along its official-document outline (GB/T 9704): 一、 (一) 1. (1) 一是….

Headings are found where they can start (a line start, or after a sentence end in a report that
was flattened into one paragraph) and only when their numbering continues the sequence of their
level, so "1.4万" or a stray "二、" inside a sentence is never a heading. Each leaf part knows its
ancestors' headings and whether it reports results, plans or problems, because the extraction
reads only results and the plans section is read straight from the outline.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import StrEnum

from .skim import LINE_NUMBER, numbered_lines
from .text_patterns import HAN, SENTENCE_END, SPAN, STATEMENT_MARKS

NUMERAL = "一二三四五六七八九十"
_DIGITS = {ch: i for i, ch in enumerate(NUMERAL[:9], start=1)}
UNNUMBERED = 0  # the number of a plain-line heading such as "下一步工作打算"

_MARKERS = (
    (1, re.compile(rf"([{NUMERAL}]{{1,3}})、(?![{NUMERAL}]+(?:、|年级))")),
    (2, re.compile(rf"\(([{NUMERAL}]{{1,3}})\)")),
    (3, re.compile(r"(\d{1,2})[.、](?![\d%])")),
    (4, re.compile(r"\((\d{1,2})\)")),
    (5, re.compile(rf"(?:([{NUMERAL}]{{1,2}})是|第([{NUMERAL}]{{1,2}})[,、:])")),
)
# Where a heading may begin: text start, a line start, or after a sentence end (flattened text).
_BOUNDARY = re.compile(r"(?:^|(?<=\n)|(?<=[。;!?:])|(?<=[。;!?:] )|(?<=[。;!?:]  ))[ \t\u3000]*")
# In flattened text a heading may follow a space after a run-on heading: "工作完成情况 (一)持续…".
_SPACED_BOUNDARY = re.compile(f"(?<=[{HAN}] )")
_INLINE_BOUNDARY = re.compile(r"(?<=,)")  # 一是 may also follow a comma: "主要做了三项工作,一是…"

HEADING_MAX = 60
LABEL_MAX = 12  # "(一)学前教育:" — a short label before a colon is the whole heading
KIND_CHARS = 20  # a flattened heading runs on into its body: judge its kind by its opening only
# A chapter heading (level 1–2, outermost) may say it loosely; deeper headings must say it plainly.
PLAN_WORDS = re.compile(r"打算|要点|工作计划|20\d\d年.{0,6}计划|思路|下一步|展望|明年|努力方向")
PROBLEM_WORDS = re.compile(r"问题|困难|不足|短板|差距")
STRICT_PLAN_WORDS = re.compile(r"下一步|工作打算|工作要点|工作计划|工作思路|今后工作|明年|来年")
STRICT_PROBLEM_WORDS = re.compile(
    r"存在的?(?:主要)?(?:问题|不足|困难)|困难和问题|问题和困难|问题与不足|不足与问题|问题和不足|短板"
)
# A shortfall made good is work done, not a problem: 补充学位短板, 补齐短板, 补短板 (the policy slogan).
_SHORTFALL_MADE_GOOD = re.compile(r"(?:补|弥补|破解)[^\n,。;]{0,6}短板")
_PLAIN_HEADING = re.compile(r"[^\n。,;]{2,30}")  # a whole short line without sentence punctuation
_YEAR = re.compile(r"(20\d\d)年")
_RESULT_WORDS = re.compile(r"完成|开展|情况|总结|回顾|成效")
# A chapter heading that names a span longer than the report year ("十三五"主要工作回顾, 五年来工作成效):
# its figures are the span's. Not the plan of a span (编制"十四五"规划) or its last or first year (收官之年).
_NOT_A_SPAN = re.compile(r"规划|收官|开局|之年")
# An unnumbered heading line that opens a chapter of a year or a span: "2020年工作回顾", "2021年重点工作",
# "十三五"主要工作回顾 (a news page that reprints a government report's sections), or a year alone on its
# line ("2024年" over the year's work, "2025年" over the next's). Whether it holds results, plans or the
# span's figures is then judged as for any chapter heading.
_DATED_HEADING = re.compile(
    r"[\"“]?(?:20\d\d年度?|十[一二三四五]五)[\"”]?(?:[^\n]{0,10}?(?:工作|任务)[^\n]{0,6})?"
)
_BARE_YEAR_WORK = re.compile(rf"20\d\d年(?:度)?(?:的)?(?:主要)?工作(?!.{{0,6}}(?:{_RESULT_WORDS.pattern}))")


class Kind(StrEnum):
    PREAMBLE = "preamble"
    RESULTS = "results"
    PLANS = "plans"
    PROBLEMS = "problems"
    PERIOD = "period"  # a chapter on a span longer than the report year (十三五回顾): not the year's results


@dataclass(frozen=True)
class Part:
    """One leaf of the outline: a paragraph (or inline item) with the headings above it."""

    start: int  # offsets into NormalizedText.text; [start, end) covers heading and body
    end: int
    level: int  # 0 preamble, 1 一、, 2 (一), 3 1., 4 (1), 5 一是 / 第一,
    heading: str  # own heading clause; "" for preamble and for later paragraphs of a section
    path: tuple[str, ...]  # ancestors' headings, outermost first, ending with the section's own
    kind: Kind

    def text(self, nt_text: str) -> str:
        """This part's text, given the normalised text it was split from."""
        return nt_text[self.start : self.end]


@dataclass(frozen=True)
class _Marker:
    start: int
    level: int
    number: int


def split_outline(text: str) -> list[Part]:
    """Leaf parts in document order, non-overlapping and covering the whole text.

    Each section is further cut at line breaks, so a long chapter becomes one part per paragraph;
    only the section's first paragraph carries its heading.
    """
    markers = accepted_markers(text)
    report_year = _first_year(text)
    bounds = [m.start for m in markers] + [len(text)]
    parts: list[Part] = []
    if bounds[0] > 0:
        parts += _paragraphs(text, 0, bounds[0], 0, "", (), Kind.PREAMBLE)
    stack: list[tuple[int, str]] = []
    seen_results = False
    for marker, end in zip(markers, bounds[1:], strict=True):
        heading = heading_text(text, marker.start, end)
        stack = [(lvl, h) for lvl, h in stack if lvl < marker.level] + [(marker.level, heading)]
        kind = _kind(stack, report_year, seen_results)
        seen_results = seen_results or kind is Kind.RESULTS
        path = tuple(h for _, h in stack)
        parts += _paragraphs(text, marker.start, end, marker.level, heading, path, kind)
    return _fold_blank(parts, text)


def accepted_markers(text: str) -> list[_Marker]:
    """Candidate headings that continue their level's numbering; lower levels restart under a new parent.

    The first heading of the text may have any number: an excerpt can start at "三、2021年工作要点".
    """
    accepted: list[_Marker] = []
    last: dict[int, int] = {}
    for candidate in _candidates(text):
        numbered = candidate.number != UNNUMBERED
        follows = candidate.number in (1, last.get(candidate.level, 0) + 1)
        if numbered and accepted and not follows:
            continue
        accepted.append(candidate)
        last = {lvl: n for lvl, n in last.items() if lvl < candidate.level}
        if numbered:
            last[candidate.level] = candidate.number
    return accepted


def _candidates(text: str) -> list[_Marker]:
    found: dict[int, _Marker] = {}
    starts = {m.end() for m in _BOUNDARY.finditer(text)}
    if numbered_lines(text):  # PDF text: a heading starts after the line's number ("7  一、…")
        starts |= {m.end() for m in LINE_NUMBER.finditer(text)}
    spaced = {m.end() for m in _SPACED_BOUNDARY.finditer(text)}
    inline = {m.end() for m in _INLINE_BOUNDARY.finditer(text)}
    for level, pattern in _MARKERS:
        for match in pattern.finditer(text):
            at = match.start()
            allowed = at in starts or (level == 5 and at in inline) or (level < 5 and at in spaced)
            if at in found or not allowed:
                continue
            numeral = next(g for g in match.groups() if g)
            number = int(numeral) if numeral.isdigit() else chinese_number(numeral)
            if number:
                found[at] = _Marker(at, level, number)
    for plain in _plain_headings(text):
        found.setdefault(plain.start, plain)
    return sorted(found.values(), key=lambda m: m.start)


def _plain_headings(text: str) -> list[_Marker]:
    """Unnumbered heading lines that open a plans or problems chapter ("下一步工作打算"), or a chapter of a
    year or a span ("2020年工作回顾", "十三五"主要工作回顾).

    A title line ("…2024年工作总结和2025年工作打算") is not one: it covers the whole report.
    """
    markers = []
    number = r"(?:\d{1,4}[ \t]+)?" if numbered_lines(text) else ""
    for line in re.finditer(rf"^[ \t\u3000]*{number}(.*?)[ \t\u3000\r]*$", text, flags=re.MULTILINE):
        content = line.group(1)
        numbered = any(pattern.match(content) for _, pattern in _MARKERS)
        if numbered or not _PLAIN_HEADING.fullmatch(content) or "总结" in content:
            continue
        if (
            STRICT_PLAN_WORDS.search(content)
            or _names_problems(content, STRICT_PROBLEM_WORDS)
            or _DATED_HEADING.fullmatch(content)
        ):
            markers.append(_Marker(line.start(1), 1, UNNUMBERED))
    return markers


def chinese_number(numeral: str) -> int:
    """一..九十九 as an int; 0 for anything else (so it is never a plausible heading number)."""
    if numeral in _DIGITS:
        return _DIGITS[numeral]
    tens, sep, units = numeral.partition("十")
    if not sep or (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return 0
    return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(units, 0)


def heading_text(text: str, start: int, end: int) -> str:
    """The heading clause at `start`: up to a sentence end, a line end, a gap, or the next marker.

    Inline items (一是, 第一,) end at their first comma; a short label before a colon ends there;
    in flattened text a run of spaces after the heading separates it from its body.
    """
    line = text[start : min(end, start + HEADING_MAX)].split("\n", 1)[0]
    marker = next((m for _, p in _MARKERS if (m := p.match(line))), None)
    body_from = marker.end() if marker else 0
    body_from += len(line[body_from:]) - len(line[body_from:].lstrip())
    level5 = marker is not None and marker.re is _MARKERS[4][1]
    cut = re.compile(r"[。!?;,]" if level5 else r"[。!?;]").search(line, body_from)
    cut_at = cut.end() if cut else len(line)
    label = re.compile(":").search(line, body_from, body_from + LABEL_MAX)
    if label:
        cut_at = min(cut_at, label.end())
    gap = re.compile(r"\s").search(line, body_from + 2)
    if gap:
        cut_at = min(cut_at, gap.start())
    return line[:cut_at].strip()


def _paragraphs(
    text: str, start: int, end: int, level: int, heading: str, path: tuple[str, ...], kind: Kind
) -> list[Part]:
    """One part per line of a section; only the first keeps the heading."""
    parts = []
    for line in re.finditer(r"[^\n]*\n?", text[start:end]):
        if line.group():
            line_start = start + line.start()
            own = heading if line_start == start else ""
            parts.append(Part(line_start, start + line.end(), level, own, path, kind))
    return parts


def _fold_blank(parts: list[Part], text: str) -> list[Part]:
    """Fold whitespace-only pieces into a neighbour, so every part has content and all text is covered."""
    merged: list[Part] = []
    pending_start: int | None = None  # blank text before the first part with content
    for part in parts:
        blank = not text[part.start : part.end].strip()
        if blank and merged:
            last = merged[-1]
            merged[-1] = Part(last.start, part.end, last.level, last.heading, last.path, last.kind)
        elif blank:
            pending_start = part.start if pending_start is None else pending_start
        else:
            start = part.start if pending_start is None else pending_start
            merged.append(Part(start, part.end, part.level, part.heading, part.path, part.kind))
            pending_start = None
    return merged


def _first_year(text: str) -> int | None:
    match = _YEAR.search(text[:400])
    return int(match.group(1)) if match else None


def _kind(stack: list[tuple[int, str]], report_year: int | None, seen_results: bool) -> Kind:
    """The innermost chapter-level heading that names plans, problems or a span decides; else results."""
    outermost = stack[0][0]
    for level, heading in reversed(stack):
        if level > 3:
            continue
        opening = heading[:KIND_CHARS]
        loose = level == outermost and level <= 2
        plans = (PLAN_WORDS if loose else STRICT_PLAN_WORDS).search(opening)
        problems = _names_problems(opening, PROBLEM_WORDS if loose else STRICT_PROBLEM_WORDS)
        if plans or (loose and _is_next_year(opening, report_year, seen_results)):
            return Kind.PLANS
        if problems:
            return Kind.PROBLEMS
        if loose and SPAN.search(opening) and not _NOT_A_SPAN.search(opening):
            return Kind.PERIOD
    return Kind.RESULTS


def _names_problems(heading: str, words: re.Pattern[str]) -> bool:
    """The heading names problems, not a shortfall it made good (加快项目建设、补充学位短板)."""
    return words.search(_SHORTFALL_MADE_GOOD.sub("", heading)) is not None


def _is_next_year(opening: str, report_year: int | None, seen_results: bool) -> bool:
    """A chapter about a year after the report's holds its plans, whatever it calls them
    ("2021年重点抓好的几项工作" in a report on 2020), unless it reports results (完成, 情况 …).

    Without a report year, a bare "2021年工作…" chapter that follows the results is taken as the plans.
    """
    if report_year is None:
        return seen_results and _BARE_YEAR_WORK.search(opening) is not None
    year = _YEAR.search(opening)
    return year is not None and int(year.group(1)) > report_year and not _RESULT_WORDS.search(opening)


# --- sentences, for a text with no outline -------------------------------------------------------

# A sentence end takes its closing quotes and brackets with it; a line break is handled below.
_SENTENCE_END = re.compile(f"[{SENTENCE_END}]" + r"[\"”’」』)]*")
_CLAUSE_PUNCT = re.compile(f"[{STATEMENT_MARKS}:]")


def split_sentences(text: str, start: int, end: int) -> list[Part]:
    """The sentences of text[start:end] as preamble parts, covering it without gaps.

    A sentence ends at 。!?; or at the end of a line that has no punctuation at all (a title);
    a line break inside a sentence, as PDF text has at every line, does not end it.
    """
    cuts = {m.end() for m in _SENTENCE_END.finditer(text, start, end)}
    cuts |= {start + m.end() for m in re.finditer(r"[^\n]*\n", text[start:end]) if _is_title_line(m.group())}
    bounds = [*sorted(c for c in cuts if start < c < end), end]
    pieces = [Part(a, b, 0, "", (), Kind.PREAMBLE) for a, b in itertools.pairwise([start, *bounds])]
    return _fold_blank(pieces, text)


def _is_title_line(line: str) -> bool:
    return bool(line.strip()) and _CLAUSE_PUNCT.search(line) is None
