"""Build a document's text piece by piece, remembering where each piece came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..reading import Origin, SourceText


@dataclass
class TextBuilder:
    """Accumulates text and the origin of each stretch, so spans into the text map to a page or cell."""

    pieces: list[str] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, label: str | None = None, page: int | None = None) -> None:
        """Append `text`; a label starts a new stretch (an unlabelled piece continues the last one)."""
        if label is not None and (not self.origins or self.origins[-1].label != label):
            self.origins.append(Origin(self.length, label, page))
        self.pieces.append(text)
        self.length += len(text)

    def line_break(self) -> None:
        """End the current line, unless nothing has been written or it has just ended."""
        if self.pieces and not self.pieces[-1].endswith("\n"):
            self.add("\n")

    def build(self, path: Path, raw: bytes, fmt: str, encoding: str, **extra) -> SourceText:
        return SourceText(
            path=path,
            text="".join(self.pieces),
            encoding=encoding,
            sha256=hashlib.sha256(raw).hexdigest(),
            format=fmt,
            origins=tuple(self.origins),
            **extra,
        )
