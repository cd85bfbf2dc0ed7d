"""Normalise report text while remembering where every character came from.

NFKC turns full-width digits and punctuation into ASCII, OpenCC turns Traditional into Simplified,
and web-page boilerplate (索引号, 浏览次数, 字号, table bars) is dropped. Every kept character
records its offset in the original, so a quote found in the normalised text maps back to an exact
span of the file the user gave us. Whitespace and line breaks are kept as they are, which keeps the
offset map one entry per character and lets the outline see the original line structure.

Text as it really arrives is then repaired, again keeping the map: runs of junk (�, □, ■,
private-use glyphs, control characters, leader dots and ruled lines) and pinyin glosses after a
Han character (點(diǎn)) are dropped, and a PDF's hard line breaks inside a number ("1286\n万元")
or inside a sentence are joined. A dropped character has no entry in the map, so a quote that
spans one maps back to an original span that still contains it.

Memory stays near the text's own size (issue 15, point 10): the text is built from whole-line
pieces and the offsets live in an `array` of machine integers. A list of one-character strings and
one of Python ints cost about 100 bytes a character, 72 times the UTF-8 file.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from .quantities import UNITS
from .skim import numbered_lines
from .text_patterns import CLAUSE_END, HAN, HAN_CHAR, PINYIN_GLOSS, PINYIN_TONED

KEEP_AS_IS = frozenset("㎡")  # NFKC would turn it into "m2", which reads as a different unit
DEBRIS = frozenset("|•")  # table bars and list bullets left over from the web page
HEADER_LINES = 16  # metadata is only looked for this far down, above the first line of prose
PROSE_CJK = 40  # a line with this many CJK characters and no metadata label is report prose
METADATA_LABELS = (
    "索引号", "主题分类", "发布机构", "成文日期", "文件编号", "有效性", "生成日期", "发布时间", "发布日期",
    "发文日期", "浏览次数", "阅读次数", "点击数", "访问量", "字号", "打印", "关闭", "信息来源", "所属机构",
    "文号", "关键字", "关键词", "标题:", "标签:", "来源:", "作者:", "分享到", "责任编辑", "编辑:",
)  # fmt: skip
STANDALONE_BOILERPLATE = frozenset(
    {"标签:", "打印", "关闭", "【打印】", "【关闭】", "[打印]", "[关闭]", "打印本页", "关闭窗口", "分享到:"}
)
TRADITIONAL_SHARE = 0.01  # of CJK characters that t2s changes, for the report to count as Traditional
_SPACE = re.compile(r"\s+")
_DROP_DEBRIS = str.maketrans("", "", "".join(DEBRIS))
_KEEP_OR_DROP = re.compile("[" + re.escape("".join(DEBRIS | KEEP_AS_IS)) + "]")


@cache
def _converter():
    """The OpenCC t2s converter, built on first use: nothing heavy happens at import time."""
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _nfkc(ch: str) -> str:
    """One character's NFKC form, memoised: a report has a few hundred distinct characters."""
    return ch if ch in KEEP_AS_IS else unicodedata.normalize("NFKC", ch)


def to_simplified(text: str) -> str:
    """OpenCC t2s, falling back to one character at a time where a phrase would change the length."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)


def normalize_fragment(s: str) -> str:
    """NFKC + Traditional→Simplified: what a span of the original normalises to.

    Table debris is dropped here too because `normalize` drops it inside kept lines, so a quote
    that spans a stray bar still matches. No other boilerplate handling happens here.
    """
    return to_simplified("".join(map(_nfkc, s.translate(_DROP_DEBRIS))))


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus the map back to the original, the script, and the stripped metadata."""

    original: str
    text: str
    # offsets[i]: where text[i] came from; one extra entry for the end. Not hashed: an array is not.
    offsets: array[int] = field(hash=False)
    script: Literal["simplified", "traditional"]
    header: str = ""  # the metadata lines removed from text (normalised), for meta extraction

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the original span that normalises to the same text.

        Each normalised character comes from exactly one original character, so the exclusive end
        is one past the source of the last character. (A span that cuts through the expansion of
        one original character, e.g. half of NFKC's "..." for "…", cannot round-trip.)
        """
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize(original: str) -> NormalizedText:
    """Normalise a whole report; boilerplate lines go to `header` instead of `text`."""
    text, offsets, header = _kept_lines(original)
    text, offsets = repair(text, offsets)
    offsets.append(len(original))
    return NormalizedText(original, text, offsets, detect_script(original), header)


def _offset_array(size: int) -> array[int]:
    """An empty offset map for an original of `size` characters: 4 bytes an entry where they suffice."""
    return array("I" if size < 2**32 else "q")


def _kept_lines(original: str) -> tuple[str, array[int], str]:
    """(normalised text of the kept lines, their offset map, the removed metadata lines).

    The line list and the pieces die on return, before `repair` makes its copies."""
    lines = _lines(original)
    body_start = _body_start(lines)
    footer_start = _footer_start(lines)
    pieces: list[str] = []
    offsets = _offset_array(len(original))
    header: list[str] = []
    for index, (start, line) in enumerate(lines):
        in_margin = index < body_start or index >= footer_start
        if _is_boilerplate(line, in_margin):
            header.append(normalize_fragment(line).strip())
            continue
        _append_line(line, start, pieces, offsets)
    return "".join(pieces), offsets, "\n".join(filter(None, header))


def _lines(original: str) -> list[tuple[int, str]]:
    """Lines with their line ends, each with its start offset in the original."""
    result, pos = [], 0
    for line in original.splitlines(keepends=True):
        result.append((pos, line))
        pos += len(line)
    return result


def _cjk_count(text: str) -> int:
    """CJK characters in `text`, without findall's list of one string object per character."""
    return sum(1 for _ in HAN_CHAR.finditer(text))


def _is_prose(line: str) -> bool:
    """A long line of CJK that is not a row of metadata labels. A page that writes its whole article on
    one line often ends it with a label (…确保无一名学生因贫失学。 来源:贵阳网): a finished sentence
    makes it prose all the same, since a line of metadata labels never ends one."""
    return _cjk_count(line) >= PROSE_CJK and (not _has_label(line) or "。" in line)


def _body_start(lines: list[tuple[int, str]]) -> int:
    """Index of the first line of report prose: metadata is only looked for above it."""
    for index, (_, line) in enumerate(lines[:HEADER_LINES]):
        if _is_prose(line):
            return index
    return min(len(lines), HEADER_LINES)


def _footer_start(lines: list[tuple[int, str]]) -> int:
    """Index just past the last line of prose: page furniture (打印, 关闭, 来源) sits below it."""
    for index in range(len(lines) - 1, -1, -1):
        if _is_prose(lines[index][1]):
            return index + 1
    return len(lines)


def _squeeze(line: str) -> str:
    return _SPACE.sub("", normalize_fragment(line))


def _has_label(line: str) -> bool:
    squeezed = _squeeze(line)
    return any(label in squeezed for label in METADATA_LABELS)


def _is_boilerplate(line: str, in_margin: bool) -> bool:
    """Debris-only lines anywhere; labelled metadata lines only above or below the prose."""
    stripped = line.strip()
    if not stripped:
        return False
    if all(ch in DEBRIS or ch.isspace() for ch in stripped):
        return True
    if _squeeze(stripped) in STANDALONE_BOILERPLATE:
        return True
    # Metadata lines never end a sentence; a short closing paragraph that names a label does.
    return in_margin and ("|" in stripped or (_has_label(stripped) and not stripped.endswith("。")))


def _append_line(line: str, start: int, pieces: list[str], offsets: array[int]) -> None:
    """Normalise one kept line, recording the original offset of every output character."""
    if unicodedata.is_normalized("NFKC", line) and not _KEEP_OR_DROP.search(line):
        pieces.append(to_simplified(line))  # the common line: one output character per input one
        offsets.extend(range(start, start + len(line)))
        return
    out = io.StringIO()
    for i, ch in enumerate(line):
        if ch in DEBRIS:
            continue
        form = _nfkc(ch)
        out.write(form)
        offsets.extend(itertools.repeat(start + i, len(form)))
    pieces.append(to_simplified(out.getvalue()))


def detect_script(original: str) -> Literal["simplified", "traditional"]:
    """Traditional when t2s changes at least 1% of the CJK characters (Simplified text: ~0%)."""
    counts = {ch: n for ch, n in Counter(original).items() if HAN_CHAR.match(ch)}  # by distinct character
    total = sum(counts.values())
    if not total:
        return "simplified"
    # One conversion for all: a newline between the characters keeps each one out of any phrase.
    converted = _converter().convert("\n".join(counts)).split("\n")
    if len(converted) != len(counts):
        converted = [_converter().convert(ch) for ch in counts]
    changed = sum(n for (ch, n), new in zip(counts.items(), converted, strict=True) if new != ch)
    return "traditional" if changed / total >= TRADITIONAL_SHARE else "simplified"


# --- repairs: text as it really arrives ---------------------------------------------------------

_JUNK = re.compile(
    r"[\ufffd\u25a1\u25a0\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]+"
    r"|\.{7,}|·{4,}|-{4,}|={4,}|_{4,}|~{4,}|\*{4,}|—{3,}|[─━═]{2,}"
    r"|(?<=\?)/p>"
)  # after NFKC: "………" is nine dots, while "……" (six) is an ordinary ellipsis and stays
# "?/p>": a page's "</p>" whose "<" a wrong decoding merged with the character before it into "?"
# (贷款总额982.3万元?/p>, 工作回?/p>), as document-sharing sites serve converted reports line by line.
# The tag goes; the "?" stays as the sentence end the lost character most often was, and the line
# runs on like a PDF's where it was not.
GLOSSED_TEXT = 3  # tone-marked glosses before an unmarked "(de)" counts as a neutral-tone gloss
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUMBER_BREAK = re.compile(rf"(?<=\d)[ \t]*\r?\n[ \t]*(?=\d*(?:\.\d+)?(?:余|多)?(?:万|亿)?(?:{_UNIT}))")
# A PDF converter that puts each number on a line of its own breaks the clause before it too:
# "各级财政拨付公用经费\n8059.35\n万元" reads "公用经费8059.35万元".
_BREAK_BEFORE_NUMBER = re.compile(rf"(?<=[{HAN}])[ \t]*\r?\n[ \t]*(?=\d+(?:\.\d+)?[ \t]*\r?\n)")
_HEADING_START = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?![\d%])"
    r"|\(\d{1,2}\)|第[一二三四五六七八九十]{1,2}[,、:]|[一二三四五六七八九十]{1,2}是)"
)
_CLAUSE = re.compile(f"[{CLAUSE_END}]")
_RUNS_ON = re.compile(f"[{HAN},、“《(]")  # a line ending in one of these runs on
WRAPPED_CJK = 12  # a wrapped line of prose has at least this many CJK characters (a table row fewer)
CLAUSE_CJK = 5  # and this many per clause on average (a CSV row's cells are shorter)
FULL_LINE = 0.8  # of the typical wrapped line's length, for a line to have been wrapped by a PDF


def repair(text: str, offsets: array[int]) -> tuple[str, array[int]]:
    """Drop junk and pinyin glosses, then join PDF breaks, each step on the previous one's result."""
    for find in (_junk_spans, _gloss_spans, _number_break_spans, _wrap_spans):
        text, offsets = _drop(text, offsets, find(text))
    return text, offsets


def _drop(text: str, offsets: array[int], spans: list[tuple[int, int]]) -> tuple[str, array[int]]:
    """`text` and `offsets` without the characters inside `spans` (which may overlap), copied in
    slices between them: no per-character objects."""
    if not spans:
        return text, offsets
    pieces: list[str] = []
    kept = array(offsets.typecode)
    pos = 0
    for a, b in sorted(spans):
        if a > pos:
            pieces.append(text[pos:a])
            kept.extend(offsets[pos:a])
        pos = max(pos, b)
    pieces.append(text[pos:])
    kept.extend(offsets[pos:])
    return "".join(pieces), kept


def _junk_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _JUNK.finditer(text)]


def _gloss_spans(text: str) -> list[tuple[int, int]]:
    """Glosses with a tone mark or number; unmarked ones too once the text is clearly glossed."""
    matches = list(PINYIN_GLOSS.finditer(text))
    toned = [m for m in matches if m.group(2) or any(ch in PINYIN_TONED for ch in m.group(1))]
    return [m.span() for m in (matches if len(toned) >= GLOSSED_TEXT else toned)]


def _number_break_spans(text: str) -> list[tuple[int, int]]:
    """Line breaks a PDF put inside a number or before one on a line of its own ("1286\n万元")."""
    patterns = (_NUMBER_BREAK, _BREAK_BEFORE_NUMBER)
    return sorted({m.span() for pattern in patterns for m in pattern.finditer(text)})


def _wrap_spans(text: str) -> list[tuple[int, int]]:
    """Line breaks a PDF put inside a sentence (not in text with PDF line numbers). Read after the
    breaks around numbers are joined, so that a line is as long as the layout made it."""
    if numbered_lines(text):
        return []
    lines = list(re.finditer(r"[^\n]*\n?", text))
    wrapped = [len(m.group().strip()) for m in lines if _runs_on(m.group())]
    if not wrapped:
        return []
    full = FULL_LINE * sorted(wrapped)[len(wrapped) // 2]
    spans = []
    for line, following in itertools.pairwise(lines):
        body, after = line.group().rstrip(), following.group().strip()
        joinable = _runs_on(line.group()) and len(body.strip()) >= full
        if joinable and after and _CLAUSE.search(after) and not _HEADING_START.match(following.group()):
            spans.append((line.start() + len(body), following.start() + following.group().index(after[0])))
    return spans


def _runs_on(line: str) -> bool:
    """A line of prose (clause punctuation, many CJK characters: no title, no table row) that stops
    mid-sentence."""
    body = line.strip()
    if not body or not line.endswith("\n") or not _RUNS_ON.fullmatch(body[-1]):
        return False
    marks = _CLAUSE.findall(body)
    clauses = len(marks)
    cjk = _cjk_count(body)
    # A colon alone marks a headline or a label ("玉屏:持续推进教育高质量发展"), not a line of prose.
    prose = any(mark != ":" for mark in marks)
    return prose and cjk >= WRAPPED_CJK and cjk >= CLAUSE_CJK * (clauses + 1)
