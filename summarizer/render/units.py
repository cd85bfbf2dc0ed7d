"""Readable values: 15439800 yuan reads as 1543.98万元, as the reports themselves write it."""

from __future__ import annotations

from decimal import Decimal

from ..models import UNIT_WORDS, Figure, Item, Meta

UNIT_SUFFIX = {unit: words[0] for unit, words in UNIT_WORDS.items()}


def _trim(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.0001")).normalize(), "f")
    return text


def readable(figure: Figure | Item) -> str:
    """Scale large amounts to 万/亿 and mark approximate figures with 约."""
    value = Decimal(str(figure.value))
    suffix = UNIT_SUFFIX.get(figure.unit, "")
    if figure.unit in {"yuan", "m2", "person_time", "person"} and abs(value) >= 10_000:
        scale, word = (Decimal(100_000_000), "亿") if abs(value) >= 100_000_000 else (Decimal(10_000), "万")
        text = f"{_trim(value / scale)}{word}{suffix}"
    else:
        text = f"{_trim(value)}{suffix}"
    return f"约{text}" if figure.approximate else text


def cited_quote(figure: Figure) -> str:
    """The quote with where it is in the original document first: "p. 3 · 累计发放资助金1543.98万元"."""
    return f"{figure.location} · {figure.quote}" if figure.location else figure.quote


def trust(figure: Figure) -> str:
    """How sure the figure is, as a cell: "0.95", or "⚑ check 0.70" when a person should look."""
    return f"⚑ check {figure.confidence:.2f}" if figure.needs_review else f"{figure.confidence:.2f}"


def report_year_text(meta: Meta) -> str | None:
    """The report year, marked when the text does not state it (今年 read with the publication date)."""
    if meta.report_year is None:
        return None
    return f"{meta.report_year} (inferred)" if "report_year" in meta.inferred else str(meta.report_year)
