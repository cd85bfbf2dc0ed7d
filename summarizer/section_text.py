"""A section's own text: its routed parts joined, with a map back to the normalised report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .outline import Part


@dataclass(frozen=True)
class SectionText:
    """The routed parts of one section joined by newlines, with a map back to the normalised text."""

    text: str
    segments: tuple[tuple[int, int, int], ...]  # (start in self.text, start in normalised text, length)

    @classmethod
    def from_parts(cls, normalized: str, parts: Sequence[Part]) -> SectionText:
        pieces: list[str] = []
        segments: list[tuple[int, int, int]] = []
        pos = 0
        for part in parts:
            chunk = normalized[part.start : part.end]
            segments.append((pos, part.start, len(chunk)))
            pieces.append(chunk)
            pos += len(chunk) + 1
        return cls("\n".join(pieces), tuple(segments))

    def to_normalized(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a span of self.text to the normalised text, or None if it straddles two parts."""
        for seg_start, norm_start, length in self.segments:
            if seg_start <= start and end <= seg_start + length:
                return norm_start + start - seg_start, norm_start + end - seg_start
        return None
