"""From positioned lines to running text: running headers, footers and page numbers dropped, and lines
joined where a sentence or a number was broken across lines or pages.

Both the PDF text layer and Tesseract's output arrive as lines with boxes, so both go through here.
A line that reaches the right margin was wrapped by the layout: it runs on into the next line, unless
that one is indented (a new paragraph). A line ending in a digit runs on into one starting with a digit
or a unit (4525 / 万元, 1286 万 / 元) even short of the margin. Everything else keeps its line break.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .building import TextBuilder

MARGIN_BAND = 0.12  # of the page height: where running headers and footers live
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be header or footer
REPEATED_SHARE = 0.5  # of pages an edge line recurs on (digits masked) to count as running
RAGGED_CHARS = 2.5  # a line ending this many character widths short of the margin ended its paragraph
POSITION_POINTS = 4  # a running line sits at the same height on every page, give or take this
INDENT_CHARS = 1.0  # a line starting this far right of the text's left edge starts a paragraph

_PAGE_NUMBER = re.compile(
    r"[-–—_·.\s]*(第#页(共#页)?|#/#|#|-#-|page#(of#)?|#页|共#页第#页)[-–—_·.\s]*", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_ENDS_NUMBER = re.compile(r"\d[\d.,]*\s*[万亿千百]?\s*$")
_STARTS_NUMBER_PART = re.compile(r"^\s*[\d.万亿千百元%％余多]")
_ASCII_WORD = re.compile(r"[A-Za-z]$")


@dataclass(frozen=True)
class Line:
    """One line of a page, with its box in PDF points (y grows upwards)."""

    text: str
    left: float
    right: float
    bottom: float
    top: float

    @property
    def char_width(self) -> float:
        return max(self.top - self.bottom, 1.0)  # CJK glyphs are square: the height is the width


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    height: float
    lines: list[Line]


def running_text(pages: list[Page], builder: TextBuilder) -> None:
    """Write the pages' body lines into `builder`, each page's text labelled with its page."""
    bodies = drop_running_lines(pages)
    lines = [line for body in bodies for line in body]
    if not lines:
        return
    left = _body_left(lines)
    flush = [line.right for line in lines if abs(line.left - left) <= line.char_width]
    right = max(flush or [line.right for line in lines])  # a centred title does not set the margin
    previous: Line | None = None
    for page, body in zip(pages, bodies, strict=True):
        for line in body:
            if previous is not None:
                if runs_on(previous, line, left, right):
                    builder.add(" " if _needs_space(previous, line) else "", f"p. {page.number}", page.number)
                else:
                    builder.add("\n", f"p. {page.number}", page.number)
            builder.add(line.text.strip(), f"p. {page.number}", page.number)
            previous = line
    builder.line_break()


def runs_on(line: Line, following: Line, left: float, right: float) -> bool:
    """Whether `following` continues `line`'s sentence: a wrapped line, or a number cut in two."""
    if following.left > left + INDENT_CHARS * following.char_width:
        return False
    wrapped = right - RAGGED_CHARS * line.char_width <= line.right <= right + line.char_width  # not past it
    return wrapped or bool(_ENDS_NUMBER.search(line.text) and _STARTS_NUMBER_PART.match(following.text))


def drop_running_lines(pages: list[Page]) -> list[list[Line]]:
    """Each page's lines without its running header, footer and page number."""
    edges = [_edge_lines(page) for page in pages]
    counts = Counter(key for page_edges in edges for key in {_key(line) for line in page_edges})
    needed = max(2, math.ceil(REPEATED_SHARE * len(pages)))
    running = {key for key, count in counts.items() if count >= needed}
    return [
        [
            line
            for line in page.lines
            if not (line in page_edges and (_key(line) in running or _PAGE_NUMBER.fullmatch(_text_key(line))))
        ]
        for page, page_edges in zip(pages, edges, strict=True)
    ]


def _edge_lines(page: Page) -> list[Line]:
    """The top and bottom lines of a page that sit in its margin bands."""
    band = MARGIN_BAND * page.height
    by_height = sorted(page.lines, key=lambda line: -line.top)
    top = [line for line in by_height[:EDGE_LINES] if line.bottom >= page.height - band]
    bottom = [line for line in by_height[-EDGE_LINES:] if line.top <= band]
    return top + bottom


def _key(line: Line) -> str:
    """A line as it recurs from page to page: at the same height, without spaces, every number the same.
    The height keeps a title on page 1 that a running header repeats (at another height) in the text."""
    return f"{round(line.top / POSITION_POINTS)}:{_text_key(line)}"


def _text_key(line: Line) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", line.text))


def _body_left(lines: list[Line]) -> float:
    """Where unindented lines start: the most common left edge, rounded (the leftmost of equals)."""
    lefts = Counter(round(line.left) for line in lines)
    common = max(lefts.values())
    return min(left for left, count in lefts.items() if count == common)


def _needs_space(line: Line, following: Line) -> bool:
    """Latin words cut by a line break keep a space; Chinese runs on without one."""
    return (
        bool(_ASCII_WORD.search(line.text.rstrip()))
        and following.text[:1].isascii()
        and following.text[:1].isalpha()
    )
