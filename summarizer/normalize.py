"""Normalise report text while remembering where every character came from.

NFKC turns full-width digits and punctuation into ASCII, OpenCC turns Traditional into Simplified,
and web-page boilerplate (索引号, 浏览次数, 字号, table bars) is dropped. Every kept character
records its offset in the original, so a quote found in the normalised text maps back to an exact
span of the file the user gave us.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

KEEP_AS_IS = {"㎡"}  # NFKC would turn it into "m2", which reads as a different unit
DEBRIS = {"|", "•"}
HEADER_LINES = 16
METADATA_LABELS = (
    "索引号", "主题分类", "发布机构", "成文日期", "文件编号", "有效性", "生成日期", "发布时间", "发布日期",
    "发文日期", "浏览次数", "阅读次数", "点击数", "字号", "打印", "关闭", "信息来源", "所属机构", "文号",
    "关键字", "标题:", "标签:", "来源:", "作者:", "分享到",
)  # fmt: skip
_TRADITIONAL_SHARE = 0.01
_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _nfkc(ch: str) -> str:
    return ch if ch in KEEP_AS_IS else unicodedata.normalize("NFKC", ch)


def to_simplified(text: str) -> str:
    """OpenCC t2s, falling back to one character at a time where a phrase would change the length."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)


def normalize_fragment(s: str) -> str:
    """NFKC + Traditional→Simplified only: what a quote's span in the original normalises to."""
    return to_simplified("".join(_nfkc(ch) for ch in s if ch not in DEBRIS))


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str
    offsets: tuple[int, ...]  # offsets[i]: where text[i] came from; one extra entry for the end
    script: Literal["simplified", "traditional"]
    header: str = ""  # the web metadata that was removed from text, for meta extraction

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the original span that normalises to the same text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize(original: str) -> NormalizedText:
    lines = _lines(original)
    body_starts = _body_start(lines)
    chars: list[str] = []
    offsets: list[int] = []
    header: list[str] = []
    for index, (start, line) in enumerate(lines):
        if _is_boilerplate(line, in_header=index < body_starts):
            header.append(normalize_fragment(line).strip())
            continue
        _append_line(line, start, chars, offsets)
    offsets.append(len(original))
    text = "".join(chars)
    return NormalizedText(
        original, text, tuple(offsets), _script(original, text), "\n".join(h for h in header if h)
    )


def _lines(original: str) -> list[tuple[int, str]]:
    result, pos = [], 0
    for line in original.splitlines(keepends=True):
        result.append((pos, line))
        pos += len(line)
    return result


def _body_start(lines: list[tuple[int, str]]) -> int:
    """Index of the first line that reads as report prose: boilerplate is only looked for above it."""
    for index, (_, line) in enumerate(lines[:HEADER_LINES]):
        if len(_CJK.findall(line)) >= 40 and not _has_label(line):
            return index
    return min(len(lines), HEADER_LINES)


def _has_label(line: str) -> bool:
    squeezed = re.sub(r"\s+", "", normalize_fragment(line))
    return any(label in squeezed for label in METADATA_LABELS)


def _is_boilerplate(line: str, in_header: bool) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if all(ch in DEBRIS or ch.isspace() for ch in stripped):
        return True
    squeezed = re.sub(r"\s+", "", normalize_fragment(stripped))
    if squeezed in {"标签:", "打印", "关闭", "【打印】", "【关闭】"}:
        return True
    return in_header and (_has_label(stripped) or "|" in stripped)


def _append_line(line: str, start: int, chars: list[str], offsets: list[int]) -> None:
    pieces: list[str] = []
    sources: list[int] = []
    for i, ch in enumerate(line):
        if ch in DEBRIS:
            continue
        for out in _nfkc(ch):
            pieces.append(out)
            sources.append(start + i)
    chars.extend(to_simplified("".join(pieces)))
    offsets.extend(sources)


def _script(original: str, text: str) -> Literal["simplified", "traditional"]:
    cjk = _CJK.findall(original)
    if not cjk:
        return "simplified"
    changed = sum(1 for ch in set(cjk) if _converter().convert(ch) != ch)
    return "traditional" if changed / len(set(cjk)) >= _TRADITIONAL_SHARE * 5 else "simplified"
