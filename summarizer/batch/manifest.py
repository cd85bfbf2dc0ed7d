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
from pathlib import Path

from .. import __version__
from ..atomic import write_text_atomic
from ..models import SCHEMA_VERSION

MANIFEST_DIR = ".manifest"


@dataclass(frozen=True)
class Entry:
    input: str
    sha256: str
    output: str
    fingerprint: str


def config_fingerprint(options, identity: str) -> str:
    """A hash of everything besides the input that changes a result: a change redoes the report."""
    from .. import prompting

    provider = options.provider
    payload = {
        "provider": provider.name,
        "model": identity,
        "prompts": prompting.template_hashes(),
        "schema": SCHEMA_VERSION,
        "code": __version__,
        "sampling": [provider.temperature, provider.max_tokens, provider.seed],
        "max_retries": options.max_retries,
        "chunk_chars": options.chunk_chars,
        "force": options.force,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()[:16]


class Manifest:
    """Finished reports of one output folder."""

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.dir = out / MANIFEST_DIR
        self.out = out
        self.fingerprint = fingerprint

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
