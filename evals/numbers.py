"""The eval's own number reading: 1543.98万元 → Decimal('15439800'), with the approximate flag.

Independent of the extractor's quantity parser on purpose, and exact: Decimal arithmetic for 万/亿 so a
ground-truth value is never off by float rounding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MULTIPLIERS: dict[str, Decimal] = {"千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
APPROX_BEFORE = ("超过", "大约", "将近", "约", "近", "逾")
APPROX_AFTER = ("余", "多")

# An Arabic number with its hedges and multiplier, as reports write it:
# 85 · 1.4万余 · 2070余万 · 约1900万 · 30多
QUANTITY = re.compile(
    r"(?P<pre>超过|大约|将近|约|近|逾)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
    r"(?P<a1>[余多])?(?P<mult>[千万亿])?(?P<a2>[余多])?"
)
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True)
class Quantity:
    """A number as stated: its value in base units and whether the text hedged it."""

    value: Decimal
    approximate: bool
    raw: Decimal  # the digits as written, before 万/亿


def parse_quantity(text: str) -> Quantity:
    """Read one quantity string cut out by a pattern; raise ValueError when it is not one."""
    m = QUANTITY.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"not a quantity: {text!r}")
    return _quantity_from_match(m)


def _quantity_from_match(m: re.Match[str]) -> Quantity:
    try:
        raw = Decimal(m["num"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex only admits digits
        raise ValueError(m[0]) from exc
    mult = MULTIPLIERS.get(m["mult"] or "", Decimal(1))
    approximate = bool(m["pre"] or m["a1"] or m["a2"])
    return Quantity(value=_tidy(raw * mult), approximate=approximate, raw=raw)


def _tidy(value: Decimal) -> Decimal:
    """Drop a zero fraction so 15439800.00 and 15439800 print and hash alike."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def chinese_numeral(run: str) -> Decimal | None:
    """Value of a Chinese numeral run: 三 → 3, 二〇二三 → 2023, 一千二百 → 1200, 万 → 10000.

    Lenient on malformed runs (十三五 reads as 15): it only feeds the set of numbers a report mentions.
    """
    if not run:
        return None
    if not any(ch in _CN_SMALL_UNITS or ch in _CN_BIG_UNITS for ch in run):
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in run))
    total = section = digit = 0
    for ch in run:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (digit or 1) * _CN_SMALL_UNITS[ch]
            digit = 0
        else:
            section += digit
            total += (section or 1) * _CN_BIG_UNITS[ch]
            section = digit = 0
    return Decimal(total + section + digit)


@dataclass(frozen=True)
class Mention:
    """A number written in the text, with every value a reader could take it to mean."""

    start: int
    end: int
    text: str
    values: frozenset[Decimal]


def iter_mentions(text: str) -> Iterator[Mention]:
    """Every Arabic and Chinese-numeral number in `text`, each with and without its 万/亿 multiplier."""
    for m in QUANTITY.finditer(text):
        q = _quantity_from_match(m)
        yield Mention(m.start(), m.end(), m[0], frozenset({q.value, _tidy(q.raw)}))
    for m in _PLAIN.finditer(text):  # "6,700" may also be a list of 6 and 700
        yield Mention(m.start(), m.end(), m[0], frozenset({_tidy(Decimal(m[0]))}))
    for m in _CN_RUN.finditer(text):
        value = chinese_numeral(m[0])
        if value is not None:
            yield Mention(m.start(), m.end(), m[0], frozenset({value}))


def mentioned_values(text: str) -> frozenset[Decimal]:
    """The set of all numbers a text states, in every written form (raw and multiplied out)."""
    return frozenset(v for mention in iter_mentions(text) for v in mention.values)


def to_decimal(value: object) -> Decimal | None:
    """An extractor's float/int/str value as Decimal, via str() so 15439800.0 stays exact."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def same_value(a: Decimal, b: Decimal) -> bool:
    """Equal up to float noise (1543.98*10000 = 15439800.000000002), not up to real differences."""
    return abs(a - b) <= Decimal("1e-9") * max(Decimal(1), abs(a), abs(b))


def value_in(value: Decimal, candidates: frozenset[Decimal]) -> bool:
    """Whether `value` is one of the numbers in `candidates` (exact set hit first, then tolerant)."""
    return value in candidates or any(same_value(value, c) for c in candidates)
