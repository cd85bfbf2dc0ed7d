"""The eval corpus: a list file of report paths, and a hash that says whether two runs saw the same texts.

The default list and the five seed reports ship inside the package, so `summarize eval` works for a user
who installed the wheel and has nothing but it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import EvalInputError

DEFAULT_CORPUS_FILE = Path(__file__).parent / "corpus.txt"


class CorpusError(EvalInputError):
    """The corpus list or one of its reports cannot be read; the message names the file."""


def load_corpus(list_file: Path | str | None = None) -> list[Path]:
    """Report paths from a list file; relative entries resolve against the list file's directory."""
    list_path = Path(list_file) if list_file is not None else DEFAULT_CORPUS_FILE
    try:
        lines = list_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"cannot read corpus list {list_path}: {exc.strerror or exc}") from exc
    paths: list[Path] = []
    for number, line in enumerate(lines, start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        path = Path(entry).expanduser()
        path = path if path.is_absolute() else list_path.parent / path
        if not path.is_file():
            raise CorpusError(f"{list_path}:{number}: report not found: {path}")
        paths.append(path)
    if not paths:
        raise CorpusError(f"corpus list {list_path} names no reports")
    return paths


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
