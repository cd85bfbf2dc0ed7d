"""The five corpus reports the tests read: the copies bundled in `evals/corpus/`, inside the repository.

Tests never read anything outside the repository, so a plain clone runs them with nothing beside it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "evals" / "corpus"
SEED_NAMES = sorted(p.name for p in CORPUS.glob("0*.txt"))
SEED_000 = CORPUS / "000_3212bd501dfd8a03.txt"


def seed_path(prefix: str) -> Path:
    """The corpus report whose name starts with `prefix` ("000" … "004")."""
    [path] = CORPUS.glob(f"{prefix}_*.txt")
    return path


@cache
def read_seed(prefix: str) -> str:
    """A corpus report's text, read once per test session."""
    return seed_path(prefix).read_text(encoding="utf-8")


def question(section: str, text: str):
    """The real question `section` asks about `text` taken as one chunk: its listing, its messages and
    its answer model (summarizer.ask.request)."""
    from summarizer.ask import request
    from summarizer.find import find
    from summarizer.normalize import normalize
    from summarizer.section_text import SectionText

    normalized = normalize(text)
    chunk = SectionText(normalized.text, ((0, 0, len(normalized.text)),))
    return request(section, find(section, chunk, normalized, None))
