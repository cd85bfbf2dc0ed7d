"""Quantities in report text: "1543.98万元" → 15439800 yuan, exactly, with the hedge kept.

Grounding trusts only numbers found here, so the parser is deliberately conservative: a number
counts only when a recognised unit follows it (dates, years, ordinals and slogans such as 十三五,
一是, 两免一补 have none), and all arithmetic is Decimal so money is never off by a float cent.

Chinese numerals are accepted with care, because most Chinese digits in prose are words, not counts:
  * a run that is not a well-formed numeral is rejected: ranges (两三个), slogans (十三五, 七一);
  * 一 (value 1) counts only before 所/名/人/位/人次 (一所学校, 一名教师): 一个/一批/一项/一件 are
    overwhelmingly determiners ("一批优秀…", "查处一件");
  * never before 期/届/本/册 (二期工程, 二十届, 二本上线), and never after 第/数/几 (ordinals, vague);
  * a bare 万/千/百 needs a hedge, in front (近万人) or after it (百余名, 千余人次), since 万人 alone
    is usually part of a word.
cn2an is only called on numeral runs cut out here; 万/亿 are multiplied here so that "2070余万" works.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

import cn2an

from .text_patterns import CLAUSE_END, HAN_CHAR, YEAR

# Traditional and full-width forms → Simplified/ASCII, one character to one character, so that the
# scan runs on a translated copy while spans and quoted text still come from the caller's string.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "（": "(",
        "）": ")",
        "　": " ",
        "萬": "万",
        "億": "亿",
        "餘": "余",
        "兩": "两",
        "約": "约",
        "過": "过",
        "將": "将",
        "個": "个",
        "項": "项",
        "場": "场",
        "臺": "台",
        "筆": "笔",
        "間": "间",
        "處": "处",
        "屆": "届",
        "門": "门",
        "類": "类",
        "畝": "亩",
        "學": "学",
        "張": "张",
        "節": "节",
        "冊": "册",
        "條": "条",
        "種": "种",
        "輛": "辆",
        "棟": "栋",
        "區": "区",
        "塊": "块",
        "貸": "贷",
        "資": "资",
        "經": "经",
        "費": "费",
        "補": "补",
        "撥": "拨",
        "額": "额",
        "點": "点",
        "單": "单",
    }
)

_COUNT_UNITS = (
    *("场次", "项次", "科次", "校次", "批次", "轮次", "台套", "件套", "个", "次", "场", "项", "套", "台"),
    *("件", "笔", "期", "批", "支", "篇", "本", "册", "节", "门", "类", "座", "间", "处", "家", "届"),
    *("张", "条", "份", "种", "部", "辆", "幢", "栋", "轮", "块", "枚"),
)

# Raw unit (folded) → models.Unit. Longer units are tried first.
UNITS: dict[str, str] = {
    "人次": "person_time",
    "人(次)": "person_time",  # 惠及学生67935人(次): person-times, the 次 in brackets
    "人": "person",
    "名": "person",
    "位": "person",
    "元": "yuan",
    "平方米": "m2",
    "平米": "m2",
    "㎡": "m2",
    "m2": "m2",
    "m²": "m2",
    "亩": "mu",
    "所": "school",
    "个学位": "place",
    "学位": "place",
    "个百分点": "percentage_point",
    "百分点": "percentage_point",
    "%": "percent",
    "公里": "km",
    "千米": "km",
    "km": "km",
    **{u: "count" for u in _COUNT_UNITS},
}

# Characters after a unit that turn it into part of a word: 所有, 期间, 家长, 条件, 部门 …
_NOT_AFTER_UNIT: dict[str, str] = {
    "所": "有属以在谓",
    "期": "间末中初",
    "家": "长庭乡",
    "条": "件例",
    "部": "门署分长",
    "支": "部持出付撑",
    "节": "日约能",
    "届": "时",
    "本": "科地",
    "门": "户",
    "处": "理置分",
    "km": "A-Za-z",
    "m2": "A-Za-z0-9",
}

_CN_DIGITS = "〇零一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千万亿"
_CN_PLAIN_DIGITS = "一二两三四五六七八九"  # two of these in a row is a range or slogan: 两三, 十三五
_CN_BLOCKED_UNITS = frozenset({"期", "届", "本", "册"})
_YEAR_LABELS = frozenset({"届", "期"})  # 2021届高考 is a cohort, not 2021 of anything
_ONE_UNITS = frozenset({"所", "名", "人", "位", "人次"})
_BARE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_HEDGES_BEFORE = ("将近", "接近", "大约", "超过", "约", "近", "逾")
_HEDGES_AFTER = ("左右", "上下")
_MONEY_CUE = re.compile(r"资金|投资|投入|经费|金额|拨付|筹措|奖补|补助|补贴|资助金|助学金|贷款|费|款")
_CLAUSE_BREAK = re.compile(f"[{CLAUSE_END}\n]")


def _unit_alternatives() -> str:
    parts = []
    for unit in sorted(UNITS, key=len, reverse=True):
        blocked = _NOT_AFTER_UNIT.get(unit)
        parts.append(re.escape(unit) + (f"(?![{blocked}])" if blocked else ""))
    return "|".join(parts)


_QUANTITY = re.compile(
    rf"""
    (?P<pre>{"|".join(_HEDGES_BEFORE)})?
    (?:
        (?<![0-9.A-Za-z第])(?P<arabic>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?![0-9])
      | (?<![{_CN_CHARS}第数几每])(?P<cn>[{_CN_CHARS}]+)
    )
    [ ]?
    (?P<mid1>余|多)?
    (?P<mult>万|亿)?
    (?P<mid2>余|多)?
    (?:\((?:次|项|人|个)\))?
    (?:(?P<unit>{_unit_alternatives()})(?P<post>{"|".join(_HEDGES_AFTER)})?)?
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Quantity:
    """One number with its unit, as found in the scanned string."""

    start: int
    end: int
    text: str
    number_text: str
    written: Decimal
    value: Decimal
    unit: str
    raw_unit: str  # all between the number and the end of its unit: 万余人次, 多(次)项
    approximate: bool
    measure: str = ""  # the unit word alone, past any hedge, 万 or bracket: 人次, 项 ("" for a bare 万)


def find_quantities(text: str) -> list[Quantity]:
    """All quantities with a recognised unit, left to right, non-overlapping."""
    folded = text.translate(_FOLD)
    found = []
    for match in _QUANTITY.finditer(folded):
        quantity = _build(match, text, folded)
        if quantity is not None:
            found.append(quantity)
    return found


def parse_quantity(text: str) -> Quantity:
    """The single quantity in `text`; ValueError when there is none or more than one."""
    found = find_quantities(text)
    if len(found) != 1:
        listed = ", ".join(q.text for q in found) or "none"
        raise ValueError(f"expected exactly one quantity in {text!r}, found {len(found)}: {listed}")
    return found[0]


def to_plain_number(value: Decimal) -> int | float:
    """An int when the value is whole (15439800), else the nearest float (94.7): JSON-friendly."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _build(match: re.Match[str], text: str, folded: str) -> Quantity | None:
    """Turn a regex match into a Quantity, or None when the context says it is not one."""
    numeral = match.group("arabic") or match.group("cn")
    unit = match.group("unit")
    if unit is None:
        unit = _bare_money_unit(match, folded)
        if unit is None:
            return None
    if match.group("cn") and not _chinese_allowed(match, unit):
        return None
    if _is_ordinal_or_rank(match, folded, unit) or folded.startswith("一体", match.end()):
        return None
    written = _arabic_value(numeral) if match.group("arabic") else _chinese_value(numeral)
    if written is None or (unit in _YEAR_LABELS and _looks_like_year(numeral)):
        return None
    multiplier = _MULTIPLIERS.get(match.group("mult") or "", Decimal(1))
    num_start, num_end = match.span("arabic") if match.group("arabic") else match.span("cn")
    unit_end = match.end("unit") if match.group("unit") else match.end()
    hedged = any(match.group(g) for g in ("pre", "mid1", "mid2", "post"))
    return Quantity(
        start=match.start(),
        end=match.end(),
        text=text[match.start() : match.end()],
        number_text=text[num_start:num_end],
        written=_tidy(written),
        value=_tidy(written * multiplier),
        unit=_unit_name(unit, folded, match.start()),
        raw_unit=text[num_end:unit_end].strip(),
        approximate=hedged,
        measure=text[match.start("unit") : match.end("unit")] if match.group("unit") else "",
    )


def _unit_name(unit: str, folded: str, start: int) -> str:
    """The schema unit of a raw unit; "学位900个" (or "学位 900 个") counts places, as "900个学位" does."""
    if unit == "个" and folded[:start].rstrip().endswith("学位"):
        return "place"
    return UNITS[unit]


def _bare_money_unit(match: re.Match[str], folded: str) -> str | None:
    """'发放资金9049.3971万;' states yuan without 元: accept 万/亿 alone only after a money word."""
    if not match.group("mult") or not match.group("arabic"):
        return None
    after = folded[match.end() : match.end() + 1]
    if after and HAN_CHAR.match(after):
        return None
    clause = _CLAUSE_BREAK.split(folded[max(0, match.start() - 12) : match.start()])[-1]
    return "元" if _MONEY_CUE.search(clause) else None


def _chinese_allowed(match: re.Match[str], unit: str) -> bool:
    """Apply the module's rules for Chinese numerals (see the module docstring)."""
    numeral = match.group("cn")
    if unit in _CN_BLOCKED_UNITS:
        return False
    if numeral == "一" and unit not in _ONE_UNITS:
        return False
    if numeral in _BARE and numeral != "十":
        return any(match.group(hedge) for hedge in ("pre", "mid1", "mid2"))
    return True


def _is_ordinal_or_rank(match: re.Match[str], folded: str, unit: str) -> bool:
    """第8次 is an ordinal and 前10名 a rank; neither is a count. Text from a PDF may put a space
    between 第 and the number (第 19 届)."""
    if match.group("pre"):
        return False
    before = folded[: match.start()].rstrip(" ")[-1:]
    return before == "第" or (before == "前" and unit == "名")


def _looks_like_year(numeral: str) -> bool:
    return re.fullmatch(YEAR, numeral) is not None


def _tidy(value: Decimal) -> Decimal:
    """15439800.00 → 15439800 and 94.70 → 94.7, so values print as a reader expects."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _arabic_value(numeral: str) -> Decimal:
    return Decimal(unicodedata.normalize("NFKC", numeral).replace(",", ""))


def _chinese_value(numeral: str) -> Decimal | None:
    """Value of a well-formed Chinese numeral run; None for ranges and slogans (两三, 十三五)."""
    if numeral in _BARE:
        return Decimal(_BARE[numeral])
    if numeral[0] in "零〇":
        return None  # 零部件, not a count of zero
    if "〇" in numeral:
        if any(ch not in _CN_DIGITS for ch in numeral):
            return None
    elif any(a in _CN_PLAIN_DIGITS and b in _CN_PLAIN_DIGITS for a, b in pairwise(numeral)):
        return None
    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart")))
    except (ValueError, KeyError, IndexError):
        return None
