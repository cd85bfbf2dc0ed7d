"""Clauses and sentences around a span of normalised text: what a figure's quote and context are.

Normalised text has ASCII punctuation (NFKC turns ，。；！？ into ,。;!?), so one set of marks serves
every caller: grounding quotes a clause, judging reads a clause and its sentence, extraction cuts
over-long parts at sentence ends.
"""

from __future__ import annotations

import re

from . import text_patterns

CLAUSE_END = text_patterns.CLAUSE_END + "\n"
CLAUSE_MAX = 40
SENTENCE_END = text_patterns.SENTENCE_END + "\n"
SENTENCE_MAX = 160
_CLAUSE_MARK = re.compile(f"[{re.escape(CLAUSE_END)}]")
_SENTENCE_MARK = re.compile(f"[{re.escape(SENTENCE_END)}]")
STATEMENT_MAX = 300  # characters back a whole sentence is read, across its semicolons
_FULL_STOP = re.compile(r"[。!?\n]")
_DIGIT = re.compile(r"\d")


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding `text[start:end]`: the shortest quote that states a quantity.

    、 joins the nouns of one clause (表彰优秀教师、优秀班主任共计96名), so the clause runs on over
    items that state no number; between items that each state one (A类136人、B类223人) it ends there,
    as each item is a part of its own."""
    lo = max(0, start - CLAUSE_MAX)
    left = _last_mark(_CLAUSE_MARK, text, lo, start) + 1
    while left - 1 > lo and text[left - 1] == "、":
        before = _last_mark(_CLAUSE_MARK, text, lo, left - 1) + 1
        if _DIGIT.search(text, before, left - 1):
            break
        left = before
    hi = min(len(text), end + CLAUSE_MAX)
    mark = _CLAUSE_MARK.search(text, end, hi)
    right = mark.start() if mark else hi
    while right < hi and text[right] == "、":
        mark = _CLAUSE_MARK.search(text, right + 1, hi)
        after = mark.start() if mark else hi
        if _DIGIT.search(text, right + 1, after):
            break
        right = after
    left = max(left, start - CLAUSE_MAX)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to its sentence (at most SENTENCE_MAX characters each way)."""
    left = _last_mark(_SENTENCE_MARK, text, max(0, start - SENTENCE_MAX), start) + 1
    mark = _SENTENCE_MARK.search(text, end, end + SENTENCE_MAX)
    right = mark.start() + 1 if mark else min(len(text), end + SENTENCE_MAX)
    if right > left and text[right - 1] == "\n":
        right -= 1
    return left, right


def statement_start(text: str, at: int) -> int:
    """Where the whole sentence holding `at` starts, across its semicolons (a frame set at its start
    governs the items after them: 近年来累计…新建学校11所;改扩建学校72所), at most STATEMENT_MAX back."""
    lo = max(0, at - STATEMENT_MAX)
    mark = _last_mark(_FULL_STOP, text, lo, at)
    return mark + 1 if mark >= 0 else lo


def statement_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to its whole sentence, across its semicolons (at most STATEMENT_MAX each way): a
    list of items (投入…;投入…;投入…) is one statement."""
    mark = _FULL_STOP.search(text, end, end + STATEMENT_MAX)
    return statement_start(text, start), mark.start() + 1 if mark else min(len(text), end + STATEMENT_MAX)


def _last_mark(marks: re.Pattern[str], text: str, lo: int, hi: int) -> int:
    """Where the last of `marks` in text[lo:hi] is, or -1. Judging asks this for every figure of every
    field, so it scans once instead of once per mark."""
    last = -1
    for match in marks.finditer(text, lo, hi):
        last = match.start()
    return last


def neighbourhood(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding `text[start:end]` with the clauses either side of it, within its sentence:
    what a figure's clause is about is often named next door (投资102万元,改建…健身中心)."""
    s_start, s_end = sentence_around(text, start, end)
    c_start, c_end = clause_around(text, start, end)
    left = clause_around(text, c_start - 2, c_start - 1)[0] if c_start - 1 > s_start else c_start
    right = clause_around(text, c_end + 1, c_end + 2)[1] if c_end + 1 < s_end else c_end
    return max(left, s_start), min(right, s_end)
