"""A skimming copy of normalised text, for deciding what a text is and for its meta.

Pinyin glosses (點(diǎn)), links, PDF line numbers and page footers ("— 1 —") are not words of
the report; they break "学(xué)校(xiào)" apart and hide a title behind "1  ". Offsets are not
kept, so nothing read from this view may be quoted as evidence.
"""

from __future__ import annotations

import re

from .text_patterns import PINYIN_GLOSS

_URL = re.compile(r"(?:https?://|www\.)\S+")
LINE_NUMBER = re.compile(r"^[ \t]*\d{1,4}[ \t]+(?=\S)", re.MULTILINE)
_PAGE_FOOTER = re.compile(r"^[ \t]*[-—–]+[ \t]*\d{1,4}[ \t]*[-—–]+[ \t]*$", re.MULTILINE)


def skim(text: str) -> str:
    """The text without pinyin glosses, links, line numbers or page footers."""
    text = PINYIN_GLOSS.sub("", text)
    text = _URL.sub(" ", text)
    if numbered_lines(text):
        text = LINE_NUMBER.sub("", text)
    return _PAGE_FOOTER.sub("", text)


def numbered_lines(text: str) -> bool:
    """Most lines start with a number and a space: a PDF's line numbers, not "2021 年" at one line."""
    lines = [line for line in text.splitlines() if line.strip()]
    numbered = sum(1 for line in lines if LINE_NUMBER.match(line))
    return len(lines) >= 3 and numbered >= 0.6 * len(lines)
