"""Normalise a report the eval's own way: NFKC, then Traditional → Simplified.

The eval must not borrow the extractor's normaliser (a shared bug would then be invisible), so this is a
second, deliberately plain implementation. It strips nothing: the ground-truth patterns are written to
cope with web boilerplate, and keeping every character lets spans map back to the original file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _converter() -> Any:
    """OpenCC loads its dictionaries on construction; do it once, and only when text is first normalised."""
    import opencc

    return opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    """Traditional → Simplified; leaves Simplified text unchanged."""
    return _converter().convert(text) if text else text


@dataclass(frozen=True)
class NormText:
    """Normalised text plus, for every normalised character, the index of the original character.

    NFKC can lengthen a character (㎡ → m2) and OpenCC is not guaranteed to keep length, so spans found
    in the normalised text need this map to point back into the file as read.
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span to the smallest original span covering it."""
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else len(self.original)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


def normalise_with_map(original: str) -> NormText:
    """Normalise character by character for NFKC, whole-text for OpenCC when it keeps the length."""
    pieces = [unicodedata.normalize("NFKC", ch) for ch in original]
    origin: list[int] = [i for i, piece in enumerate(pieces) for _ in piece]
    nfkc = "".join(pieces)
    simplified = t2s(nfkc)
    if len(simplified) != len(nfkc):
        # Phrase-level conversion changed the length: convert per piece so the map stays exact.
        pieces = [t2s(piece) for piece in pieces]
        origin = [i for i, piece in enumerate(pieces) for _ in piece]
        simplified = "".join(pieces)
    return NormText(original=original, text=simplified, origin=tuple(origin))


def normalise(text: str) -> str:
    """The normalised form quotes and report texts are compared in."""
    return normalise_with_map(text).text


def squeeze(text: str) -> str:
    """Drop all whitespace: extractors may collapse or strip it inside a quote, which is not an error."""
    return _WS.sub("", text)
