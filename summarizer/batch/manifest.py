"""Resume: which reports are finished, for this configuration, across crashes and reruns.

One small JSON file per finished report under `OUT/.manifest/`, written atomically (fsync, rename,
fsync of the folder) only after the report's own JSON is in place. A `kill -9` at any instant
therefore leaves either a complete entry pointing at a complete output, or no entry (the report is
redone, its finished sections answered by the LLM cache). Separate files, not one appended log,
so that several shard processes can share one output folder without a lock.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from ..atomic import write_text_atomic
from ..models import SCHEMA_VERSION

MANIFEST_DIR = ".manifest"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
NOT_CODE = frozenset({"__pycache__", "samples"})  # bytecode and the bundled sample decide no result


@dataclass(frozen=True)
class Entry:
    input: str
    sha256: str
    output: str
    fingerprint: str


def config_fingerprint(options, identity: str) -> str:
    """A hash of everything besides the input that changes a result: a change redoes the report."""
    from ..ask import prompts

    provider = options.provider
    payload = {
        "provider": provider.name,
        "model": identity,
        "prompts": prompts.template_hashes(),
        "schema": SCHEMA_VERSION,
        "code": code_digest(),
        "sampling": [provider.temperature, provider.max_tokens, provider.seed],
        "max_retries": options.max_retries,
        "chunk_chars": options.chunk_chars,
        "force": options.force,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()[:16]


@cache
def code_digest(root: Path = PACKAGE_ROOT) -> str:
    """A hash of the package's code and data files (rules, word lists, the county list): a version
    string nobody bumps would keep every old result after a change to judging, silently."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not NOT_CODE & set(p.parts)):
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


class Manifest:
    """Finished reports of one output folder."""

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.dir = out / MANIFEST_DIR
        self.out = out
        self.fingerprint = fingerprint
        self._recorded: dict[tuple[str, str], set[str]] | None = None

    def stale(self, sha256: str, output: str) -> bool:
        """This content was finished under another configuration or version of the code only."""
        if self._recorded is None:
            self._recorded = {}
            for file in self.dir.glob("*.json") if self.dir.is_dir() else ():
                try:
                    entry = json.loads(file.read_text(encoding="utf-8"))
                    key, fingerprint = (entry["sha256"], entry["output"]), entry["fingerprint"]
                except (OSError, ValueError, KeyError, TypeError):
                    continue  # a damaged entry is no finished report
                self._recorded.setdefault(key, set()).add(fingerprint)
        recorded = self._recorded.get((sha256, output), set())
        return bool(recorded) and self.fingerprint not in recorded

    def _file(self, sha256: str, output: str) -> Path:
        key = hashlib.sha256(f"{sha256}|{self.fingerprint}|{output}".encode()).hexdigest()[:24]
        return self.dir / f"{key}.json"

    def finished(self, sha256: str, output: str) -> bool:
        """True when this content, under this configuration, has a recorded and present output."""
        entry = self._file(sha256, output)
        return entry.is_file() and (self.out / output).is_file()

    def record(self, entry: Entry) -> None:
        write_text_atomic(
            self._file(entry.sha256, entry.output), json.dumps(asdict(entry), ensure_ascii=False)
        )
        fsync_dir(self.dir)

    def count(self) -> int:
        return sum(1 for _ in self.dir.glob("*.json")) if self.dir.is_dir() else 0


def fsync_dir(directory: Path) -> None:
    """Make the rename itself durable, so a reboot cannot lose an entry the batch reported done."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
