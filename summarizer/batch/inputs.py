"""Which files a batch runs over: a folder's entries or a list file's lines, in a stable order.

Each input is identified by the SHA-256 of its bytes, which keys the resume manifest (a moved or
renamed folder is not redone) and the shard a report belongs to (the same on every machine,
whatever the mount point).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SummarizerError

HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class InputItem:
    """One report to run; `sha256` is None when the path cannot be read as a file."""

    path: Path
    sha256: str | None


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count` (1-based, as users count machines)."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, item: InputItem) -> bool:
        key = item.sha256 or hashlib.sha256(str(item.path).encode("utf-8")).hexdigest()
        return int(key[:16], 16) % self.count == self.index - 1


def parse_shard(text: str) -> Shard:
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError as err:
        raise SummarizerError(f"--shard {text!r}: write it as i/n, e.g. 2/4") from err
    if not 1 <= index <= count:
        raise SummarizerError(f"--shard {text!r}: i must be between 1 and n")
    return Shard(index, count)


def list_inputs(source: Path, exclude: Path | None = None) -> list[Path]:
    """A folder's visible entries (subfolders too: they are reported, not silently skipped),
    sorted by name; or the paths a list file names, one a line, in its order, without repeats."""
    if source.is_dir():
        skip = _resolved(exclude) if exclude else None
        return sorted(
            (p for p in source.iterdir() if not p.name.startswith(".") and _resolved(p) != skip),
            key=lambda p: p.name,
        )
    if source.is_file():
        return _read_list(source)
    raise SummarizerError(f"{source}: no such file or folder")


def _resolved(path: Path) -> Path:
    """The real path, or the path itself when it cannot be resolved (a symlink loop): such an entry is
    one failure line later, not the end of the batch."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _read_list(path: Path) -> list[Path]:
    """Paths, relative ones taken from the list file's folder; # starts a comment line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as err:
        raise SummarizerError(f"{path}: a list file must be UTF-8 text, one path a line") from err
    paths = [
        path.parent / line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")
    ]
    if paths and not any(_exists(p) for p in paths):
        raise SummarizerError(
            f"{path}: none of its lines names an existing file; give a folder of reports "
            "or a file listing report paths, one a line (to summarise one report: summarize REPORT)"
        )
    return list(dict.fromkeys(paths))


def _exists(path: Path) -> bool:
    """Path.exists that says False, not OSError, for a line that is no path at all (too long…)."""
    try:
        return path.exists()
    except OSError:
        return False


def file_sha256(path: Path) -> str | None:
    """The content hash, or None for what cannot be read as a file (the pipeline says why)."""
    try:
        if not path.is_file():
            return None
    except OSError:
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while block := f.read(HASH_BLOCK):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def collect(source: Path, shard: Shard | None = None, exclude: Path | None = None) -> list[InputItem]:
    items = [InputItem(p, file_sha256(p)) for p in list_inputs(source, exclude)]
    return [item for item in items if shard is None or shard.holds(item)]
