"""The eval corpus: a list file of report paths in named sets, and a hash that says whether two runs saw
the same texts.

A line `[wider/tune]` starts a set; entries before any such line are in the set "corpus". A set's name
before its slash is the set it belongs to in the eval's tables ("wider"), the part after it a half of it
("tune": rules may be tuned on it; "measure": only measured; "fresh", "fresh2": each gathered after the
rules of its day were written, and first measured before any rule was read from it). The default list,
the five seed reports and the wider set ship inside the package, so `summarize eval` works for a user
who installed the wheel and has nothing but it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import EvalInputError

DEFAULT_CORPUS_FILE = Path(__file__).parent / "corpus.txt"
DEFAULT_SET = "corpus"
_SET_LINE = re.compile(r"\[([a-z0-9_-]+(?:/[a-z0-9_-]+)?)\]")


class CorpusError(EvalInputError):
    """The corpus list or one of its reports cannot be read; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """One report of the corpus and the set it was listed in."""

    path: Path
    set: str = DEFAULT_SET

    def belongs_to(self, name: str) -> bool:
        """In set `name` itself or in one of its halves ("wider" holds "wider/tune")."""
        return in_set(self.set, name)


def in_set(entry_set: str, name: str) -> bool:
    return entry_set == name or entry_set.startswith(f"{name}/")


def read_corpus(list_file: Path | str | None = None) -> list[Entry]:
    """Report entries from a list file; relative paths resolve against the list file's directory."""
    list_path = Path(list_file) if list_file is not None else DEFAULT_CORPUS_FILE
    try:
        lines = list_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"cannot read corpus list {list_path}: {exc.strerror or exc}") from exc
    entries: list[Entry] = []
    current = DEFAULT_SET
    for number, line in enumerate(lines, start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("["):
            if not (header := _SET_LINE.fullmatch(entry)):
                raise CorpusError(f"{list_path}:{number}: a set line is [name] or [name/half]: {entry}")
            current = header.group(1)
            continue
        path = Path(entry).expanduser()
        path = path if path.is_absolute() else list_path.parent / path
        if not path.is_file():
            raise CorpusError(f"{list_path}:{number}: report not found: {path}")
        entries.append(Entry(path, current))
    if not entries:
        raise CorpusError(f"corpus list {list_path} names no reports")
    return entries


def load_corpus(list_file: Path | str | None = None, only: str | None = None) -> list[Path]:
    """The report paths of a list file, or of its set `only` ("corpus", "wider", "wider/tune")."""
    return [e.path for e in read_corpus(list_file) if only is None or e.belongs_to(only)]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_hash(paths: list[Path]) -> str:
    """sha256 over the sorted per-file hashes: independent of order and location, sensitive to content."""
    digests = sorted(file_sha256(p) for p in paths)
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


def read_report(path: Path) -> str:
    """The report's text as the eval reads it (UTF-8, BOM tolerated; GB18030 for legacy downloads)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")
